"""The xlsx error report keeps the original row and neutralises formula injection."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from songda.ingest.error_report import write_error_report


def test_error_report_rows_reasons_and_no_formulas(tmp_path: Path) -> None:
    rejected = [
        {
            "row_no": 7,
            "reasons": [
                {"code": "missing_name", "message": "缺少姓名"},
                {"code": "no_address", "message": "没有任何地址"},
            ],
            "data": {"案件编号": "A7", "姓名": "", "备注": '=HYPERLINK("http://evil","x")'},
        },
        {
            "row_no": 9,
            "reasons": [{"code": "id_invalid", "message": "身份证号无效"}],
            "data": {"案件编号": "@SUM(1)", "金额": 12.5, "+8613800000000": "-1+1"},
        },
    ]
    out = write_error_report(tmp_path / "err.xlsx", rejected)
    ws = openpyxl.load_workbook(out).active
    assert ws is not None
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["原行号", "拒绝原因", "案件编号", "姓名", "备注", "金额", "'+8613800000000"]
    assert rows[1][:3] == [7, "缺少姓名；没有任何地址", "A7"]
    assert rows[1][4] == '\'=HYPERLINK("http://evil","x")'
    assert rows[2][2] == "'@SUM(1)" and rows[2][5] == 12.5 and rows[2][6] == "'-1+1"
    for r in ws.iter_rows():
        for c in r:
            assert c.data_type != "f"
