"""Reading a results spreadsheet into rows of cells (xlsx, xlsm, xls, ods, csv/txt).

A minimal reader until ``songda.ingest``'s readers land on main: python-calamine for
spreadsheets, the csv module for text in UTF-8 (with or without BOM), UTF-16 or GBK/GB18030.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from songda.errors import KnownError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}


def _unreadable(path: Path, why: str, english: str) -> KnownError:
    return KnownError(
        f"无法读取妥投结果文件 {path.name}：{why}",
        f"cannot read results file {path.name}: {english}",
        code="feedback_unreadable",
    )


def decode_text(data: bytes) -> str:
    """Decode text bytes: BOMs first, then UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_rows(path: Path) -> list[list[Any]]:
    """All rows of the first sheet that has any data (spreadsheets) or of the text file."""
    if not path.is_file():
        raise _unreadable(path, "文件不存在", "file not found")
    if path.stat().st_size == 0:
        raise _unreadable(path, "文件为空", "empty file")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _read_text(path)
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_sheet(path)
    raise _unreadable(path, f"不支持的文件类型 {suffix}", f"unsupported file type {suffix}")


def _read_text(path: Path) -> list[list[Any]]:
    try:
        text = decode_text(path.read_bytes())
    except UnicodeDecodeError as exc:
        raise _unreadable(path, "无法识别文字编码", "unknown text encoding") from exc
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_sheet(path: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            rows: list[list[Any]] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            if any(any(c not in ("", None) for c in r) for r in rows):
                return rows
    except Exception as exc:  # calamine raises several types for damaged files
        raise _unreadable(
            path, "文件已损坏或不是表格", f"damaged or not a spreadsheet ({exc})"
        ) from exc
    return []
