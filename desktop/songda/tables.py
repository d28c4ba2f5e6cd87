"""Writing tables for operators: CSV (UTF-8 with BOM, for Excel on Windows) or xlsx.

Cells that a spreadsheet would run as a formula (starting with = + - @, or a tab / carriage
return) are neutralised with a leading apostrophe, so an exported address can never execute.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from songda.errors import KnownError

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value safe to put in a spreadsheet cell (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def table_format(path: Path) -> str:
    ext = path.suffix.lower()
    if ext == ".csv":
        return "csv"
    if ext == ".xlsx":
        return "xlsx"
    raise KnownError(
        f"不支持的导出格式：{path.name}（请使用 .csv 或 .xlsx）",
        f"unsupported export format {path.suffix!r}: use .csv or .xlsx",
        code="export_format",
    )


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
) -> int:
    """Write ``rows`` under ``headers`` to ``path`` (.csv or .xlsx). Returns the row count."""
    fmt = table_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    try:
        if fmt == "csv":
            with path.open("w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(headers)
                for row in rows:
                    w.writerow(["" if v is None else safe_cell(v) for v in row])
                    n += 1
        else:
            from openpyxl import Workbook
            from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

            def xl(v: Any) -> Any:
                v = safe_cell(v)
                return ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v

            wb = Workbook(write_only=True)
            ws = wb.create_sheet(sheet)
            ws.append(list(headers))
            for row in rows:
                ws.append([xl(v) for v in row])
                n += 1
            wb.save(str(path))
    except PermissionError as exc:
        raise KnownError(
            f"无法写入文件（是否已在 Excel 中打开？）：{path}",
            f"cannot write {path}: {exc}",
            code="export_write",
        ) from exc
    return n
