"""Reading a results spreadsheet into rows of cells: the ingest readers (xlsx, xlsm, xls,
ods, csv/txt in UTF-8 with or without BOM, GBK/GB18030, UTF-16), one list per sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from songda.ingest.readers import read_workbook


def read_sheets(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """(sheet name, rows) of every sheet. Raises KnownError when the file is unreadable."""
    wb = read_workbook(Path(path))
    return [(s.name, [list(r) for r in s.rows]) for s in wb.sheets]
