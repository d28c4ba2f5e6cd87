"""Write the small legacy-format case files in tests/data/ingest (.xls and .ods).

Run with a Python that has ``xlwt`` and ``odfpy`` (tool-only packages, not app
dependencies), e.g. ``/work/venv-peers/bin/python tools/make_ingest_fixtures.py``.
The files are committed; the tests only read them.
"""

from __future__ import annotations

from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "ingest"

TITLE = "2024年委案清单（测试）"
HEADER = ["案件编号", "姓名", "身份证号", "手机号", "欠款金额", "户籍地址", "家庭地址", "邮编"]
ROWS = [
    [
        "X001",
        "张三",
        "11010519491231002X",
        13812345678.0,
        1234.5,
        "北京市朝阳区建国路1号",
        "北京市海淀区中关村大街1号",
        "100080",
    ],
    ["X002", "李四", "", "13912345678", "2,000元", "上海市浦东新区世纪大道100号", "", ""],
    ["X003", "", "", "", "", "广州市天河区体育西路1号", "", ""],
]


def make_xls(path: Path) -> None:
    import xlwt  # type: ignore[import-not-found]

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("案件")
    ws.write_merge(0, 0, 0, len(HEADER) - 1, TITLE)
    for c, h in enumerate(HEADER):
        ws.write(2, c, h)
    for r, row in enumerate(ROWS, start=3):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    wb.save(str(path))


def make_ods(path: Path) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet  # type: ignore[import-not-found]
    from odf.table import Table, TableCell, TableRow  # type: ignore[import-not-found]
    from odf.text import P  # type: ignore[import-not-found]

    doc = OpenDocumentSpreadsheet()
    table = Table(name="案件")

    def add(values: list[object]) -> None:
        tr = TableRow()
        for v in values:
            if isinstance(v, float | int):
                cell = TableCell(valuetype="float", value=v)
            else:
                cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(v)))
            tr.addElement(cell)
        table.addElement(tr)

    add([TITLE])
    add([])
    add(list(HEADER))
    for row in ROWS:
        add(list(row))
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    make_xls(OUT / "cases.xls")
    make_ods(OUT / "cases.ods")
    print("wrote", OUT / "cases.xls", OUT / "cases.ods")
