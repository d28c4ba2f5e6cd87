"""Finding the case table in a workbook: the sheet, the header row, unique header names."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from songda.errors import KnownError
from songda.ingest.columns import ColumnMatch, header_score, headers_key, propose_mapping
from songda.ingest.readers import Row, Sheet, Workbook, read_workbook
from songda.ingest.values import cell_text, is_blank

HEADER_SCAN_ROWS = 30
MIN_HEADER_SCORE = 2.0
PREVIEW_ROWS = 20


def column_letter(index: int) -> str:
    name = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


KnownHeaders = Callable[[str], bool]


def find_header(rows: list[Row], known: KnownHeaders | None = None) -> tuple[int, float]:
    """Index of the most header-like row among the first rows, and its score. A row whose
    headers match a saved profile (``known(headers_key)``) wins outright."""
    best, best_score = -1, 0.0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        if sum(1 for c in row if not is_blank(c)) < 2:
            continue  # title rows (often merged across the table) and blank rows
        if known is not None and known(headers_key(unique_headers(row))):
            return i, 100.0
        s = header_score(row)
        if s > best_score + 1e-9:
            best, best_score = i, s
    return best, best_score


def unique_headers(row: Row) -> list[str]:
    """Header texts, one per column: blanks named 列A, repeats suffixed #2, #3."""
    out: list[str] = []
    seen: dict[str, int] = {}
    for i, cell in enumerate(row):
        h = " ".join(cell_text(cell).split()) or f"列{column_letter(i)}"
        if h in seen:
            seen[h] += 1
            h = f"{h}#{seen[h]}"
        else:
            seen[h] = 1
        out.append(h)
    return out


def pick_sheet(workbook: Workbook, known: KnownHeaders | None = None) -> tuple[Sheet, int, float]:
    """The sheet that holds case data: best header, then most rows."""
    best: tuple[Sheet, int, float] | None = None
    for sheet in workbook.sheets:
        idx, score = find_header(sheet.rows, known)
        if best is None or (score, len(sheet.rows)) > (best[2], len(best[0].rows)):
            best = (sheet, idx, score)
    assert best is not None
    return best


@dataclass(slots=True)
class Inspection:
    """What the mapping dialog shows: sheets, header, proposed mapping, first rows."""

    path: Path
    sheet_names: list[str]
    sheet: str
    header_row: int  # 1-based spreadsheet row number
    headers: list[str]
    matches: list[ColumnMatch]
    preview: list[list[str]] = field(default_factory=list)
    encoding: str | None = None
    headers_key: str = ""
    data_rows: int = 0
    profile: str | None = None  # saved profile whose mapping was applied
    already_imported: list[int] = field(default_factory=list)  # earlier imports, same bytes

    @property
    def mapping(self) -> dict[str, str | None]:
        return {m.header: m.field for m in self.matches}


def locate(
    workbook: Workbook, sheet: str | None, known: KnownHeaders | None = None
) -> tuple[Sheet, int]:
    """The sheet (given or detected) and its header row index; KnownError when none."""
    if sheet is not None:
        chosen = workbook.sheet(sheet)
        idx, score = find_header(chosen.rows, known)
    else:
        chosen, idx, score = pick_sheet(workbook, known)
    if idx < 0 or score < MIN_HEADER_SCORE:
        where = f"工作表“{chosen.name}”" if len(workbook.sheets) > 1 else "文件"
        raise KnownError(
            f"{workbook.path.name}：{where}中找不到案件表头（需要案件编号、姓名、地址等列）",
            f"{workbook.path.name}: no case table header found (case number, name, address…)",
            code="no_header",
        )
    return chosen, idx


def inspect(
    workbook: Workbook, sheet: str | None = None, known: KnownHeaders | None = None
) -> Inspection:
    chosen, idx = locate(workbook, sheet, known)
    headers = unique_headers(chosen.rows[idx])
    width = len(headers)
    preview: list[list[str]] = []
    data_rows = 0
    for row in chosen.rows[idx + 1 :]:
        if all(is_blank(c) for c in row):
            continue
        data_rows += 1
        if len(preview) < PREVIEW_ROWS:
            preview.append([cell_text(c) for c in row[:width]] + [""] * (width - len(row)))
    return Inspection(
        path=workbook.path,
        sheet_names=[s.name for s in workbook.sheets],
        sheet=chosen.name,
        header_row=idx + 1,
        headers=headers,
        matches=propose_mapping(headers),
        preview=preview,
        encoding=workbook.encoding,
        headers_key=headers_key(headers),
        data_rows=data_rows,
    )


def inspect_file(
    path: Path, sheet: str | None = None, known: KnownHeaders | None = None
) -> Inspection:
    """Read a case file and propose a mapping (for the mapping dialog)."""
    return inspect(read_workbook(Path(path)), sheet, known)
