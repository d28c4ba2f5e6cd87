"""The bundled demo case file is what tools/make_demo_data.py promises."""

from __future__ import annotations

import re

from openpyxl import load_workbook

from songda.paths import resources_dir

HEADERS = (
    "案件编号 合同编号 客户姓名 身份证号 手机号 委托方 借款日期 本金 利息 逾期金额 逾期天数 "
    "户籍地址 身份证地址 居住地址 单位地址 收货地址 联系人地址 邮编 地址更新日期"
).split()
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def test_demo_cases_file_shape_and_ids() -> None:
    path = resources_dir() / "demo" / "demo_cases.xlsx"
    wb = load_workbook(path, read_only=True)
    try:
        rows = list(wb.active.iter_rows(values_only=True))
    finally:
        wb.close()
    assert rows[0][0] and "清单" in str(rows[0][0])  # title row above the header
    assert tuple(rows[1]) == tuple(HEADERS)
    assert rows[-1][0] == "合计"
    cases = rows[2:-1]
    assert len(cases) >= 500
    assert len({r[0] for r in cases}) == len(cases)
    for r in cases:
        idno = str(r[3]).upper()
        assert re.fullmatch(r"\d{17}[\dX]", idno)
        check = "10X98765432"[sum(int(d) * w for d, w in zip(idno[:17], WEIGHTS, strict=True)) % 11]
        assert idno[17] == check
    addresses = [c for r in cases for c in r[11:17] if c]
    assert len(addresses) > 3 * len(cases)
    for mess in ("同上", "不详", "集体户", "拆迁", "闸北区", "海定区"):
        assert any(mess in a for a in addresses), mess
