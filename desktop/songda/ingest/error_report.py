"""The xlsx error report: every rejected row with its original cells and the reasons."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill

from songda.ingest.values import neutralize_formula

REASON_HEADER = "拒绝原因"
ROW_HEADER = "原行号"


def write_error_report(
    path: Path, rejected: Sequence[dict[str, Any]], *, title: str = "导入错误报告"
) -> Path:
    """``rejected`` items have ``row_no``, ``reasons`` (list of {code, message}) and ``data``
    (header → original value). Text that a spreadsheet would run as a formula is
    neutralised with a leading apostrophe."""
    headers: list[str] = []
    for r in rejected:
        for h in r["data"]:
            if h not in headers:
                headers.append(h)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31]
    ws.append([ROW_HEADER, REASON_HEADER, *(neutralize_formula(h) for h in headers)])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    for r in rejected:
        reasons = "；".join(str(x["message"]) for x in r["reasons"])
        values = [_cell(r["data"].get(h)) for h in headers]
        ws.append([r["row_no"], reasons, *values])
        for cell in ws[ws.max_row][2:]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, even after the apostrophe
    ws.column_dimensions["B"].width = 48
    ws.freeze_panes = "C2"
    path = Path(path)
    wb.save(path)
    return path


def _cell(value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    return neutralize_formula(ILLEGAL_CHARACTERS_RE.sub("", str(value)))
