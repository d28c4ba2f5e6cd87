"""Reading case files into plain rows: spreadsheets via python-calamine, text via our decoder.

A reader returns every sheet as a list of rows (lists of cell values: ``str``, ``float``,
``int``, ``bool``, ``date``/``datetime``/``time`` or ``""`` for an empty cell). Row *i* of the
list is spreadsheet row *i + 1*. Anything that cannot be read raises :class:`KnownError`
with a one-line Chinese and English reason.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import zipfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import python_calamine as pc

from songda.errors import KnownError

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
SUPPORTED_SUFFIXES = SPREADSHEET_SUFFIXES | TEXT_SUFFIXES

ISOLATE_MIN_BYTES = 200_000  # about 2,000 rows: calamine holds the GIL < 100 ms below this

Cell = object
Row = list[Cell]

# Magic numbers of the container formats we accept.
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and encrypted OOXML)


@dataclass(slots=True)
class Sheet:
    name: str
    rows: list[Row]


@dataclass(slots=True)
class Workbook:
    path: Path
    sheets: list[Sheet]
    encoding: str | None = None  # text files only
    delimiter: str | None = None  # text files only

    def sheet(self, name: str) -> Sheet:
        for s in self.sheets:
            if s.name == name:
                return s
        names = "、".join(s.name for s in self.sheets)
        raise KnownError(
            f"文件中没有名为“{name}”的工作表（现有：{names}）",
            f"no sheet named {name!r} (sheets: {', '.join(s.name for s in self.sheets)})",
            code="no_sheet",
        )


def unreadable(path: Path, why_zh: str, why_en: str) -> KnownError:
    return KnownError(
        f"无法读取文件 {path.name}：{why_zh}",
        f"cannot read {path.name}: {why_en}",
        code="unreadable",
    )


def read_workbook(
    path: Path, *, sheet_names: list[str] | None = None, isolated: bool = False
) -> Workbook:
    """Read every sheet (or only ``sheet_names``) of a case file.

    ``isolated``: parse a spreadsheet bigger than :data:`ISOLATE_MIN_BYTES` in a child
    process. python-calamine holds the GIL while it parses a sheet (seconds for 100,000
    rows), which would freeze a GUI whose worker thread reads the file; a child process
    keeps the event loop running. Small files are read directly (a spawn costs ~1 s).
    """
    path = Path(path)
    if (
        isolated
        and path.suffix.lower() in SPREADSHEET_SUFFIXES
        and path.is_file()
        and path.stat().st_size > ISOLATE_MIN_BYTES
    ):
        return _read_isolated(path, sheet_names)
    if not path.is_file():
        raise unreadable(path, "文件不存在", "file not found")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise unreadable(
            path,
            "不支持的文件类型（支持 xlsx、xlsm、xls、ods、csv、txt）",
            "unsupported file type (xlsx, xlsm, xls, ods, csv, txt)",
        )
    if path.stat().st_size == 0:
        raise unreadable(path, "文件为空（0 字节）", "the file is empty (0 bytes)")
    if suffix in TEXT_SUFFIXES:
        return read_text_table(path)
    return _read_spreadsheet(path, suffix, sheet_names)


def _child_read(path: str, sheet_names: list[str] | None) -> tuple[str, Any]:
    try:
        return "ok", read_workbook(Path(path), sheet_names=sheet_names)
    except KnownError as exc:
        return "error", (exc.message, exc.english, exc.code)


def _read_isolated(path: Path, sheet_names: list[str] | None) -> Workbook:
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as pool:
        kind, value = pool.submit(_child_read, str(path), sheet_names).result()
    if kind == "error":
        message, english, code = value
        raise KnownError(message, english, code=code)
    assert isinstance(value, Workbook)
    value.path = path
    return value


def _read_spreadsheet(path: Path, suffix: str, sheet_names: list[str] | None) -> Workbook:
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(_OLE) and suffix != ".xls" and _is_encrypted_ooxml(path):
        raise unreadable(path, "文件有密码保护，请先在 Excel 中取消密码", "password-protected")
    if suffix in {".xlsx", ".xlsm", ".xlsb", ".ods"} and not head.startswith(_ZIP):
        if head.startswith(_OLE) and suffix != ".ods":
            # an .xls saved under an .xlsx name: calamine reads it by content
            pass
        else:
            raise unreadable(
                path,
                "文件内容不是电子表格（可能是改了扩展名的其他文件）",
                "the content is not a spreadsheet (renamed file?)",
            )
    if suffix in {".xlsx", ".xlsm", ".ods"} and head.startswith(_ZIP):
        try:
            with zipfile.ZipFile(path) as zf:
                zf.infolist()
        except (zipfile.BadZipFile, OSError):
            raise unreadable(
                path, "文件已损坏或不完整（可能下载中断）", "the file is damaged or truncated"
            ) from None
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise unreadable(
            path, "文件有密码保护，请先在 Excel 中取消密码", "password-protected"
        ) from None
    except Exception as exc:  # calamine raises several error types
        raise unreadable(
            path, "文件已损坏或格式无法识别", f"damaged or unknown format ({exc})"
        ) from None
    sheets: list[Sheet] = []
    try:
        for meta in wb.sheets_metadata:
            if meta.typ != pc.SheetTypeEnum.WorkSheet:
                continue
            if sheet_names is not None and meta.name not in sheet_names:
                continue
            try:
                data = wb.get_sheet_by_name(meta.name).to_python(skip_empty_area=False)
            except pc.PasswordError:
                raise unreadable(path, "文件有密码保护", "password-protected") from None
            except Exception as exc:
                raise unreadable(
                    path,
                    f"工作表“{meta.name}”已损坏",
                    f"sheet {meta.name!r} is damaged ({exc})",
                ) from None
            sheets.append(Sheet(meta.name, cast(list[Row], data)))
    finally:
        wb.close()
    if not sheets:
        raise unreadable(path, "文件中没有工作表", "the workbook has no worksheet")
    return Workbook(path, sheets)


def _is_encrypted_ooxml(path: Path) -> bool:
    """An OLE container holding ``EncryptedPackage`` is a password-protected xlsx."""
    with path.open("rb") as fh:
        blob = fh.read(1 << 20)
    return "EncryptedPackage".encode("utf-16-le") in blob


# -- text files -----------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _cjk_plausibility(text: str) -> float:
    """Share of characters that look like real text (ASCII printable, common CJK, CJK
    punctuation, full-width forms). Mojibake is full of rare symbols and private-use chars."""
    if not text:
        return 1.0
    good = 0
    for ch in text:
        o = ord(ch)
        if (
            0x20 <= o < 0x7F
            or ch in "\t\r\n"
            or 0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
            or 0x3000 <= o <= 0x303F  # CJK punctuation
            or 0xFF00 <= o <= 0xFFEF  # full-width forms
            or 0x3400 <= o <= 0x4DBF  # extension A (rare names)
            or o in (0xB7, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026, 0xA5)
        ):
            good += 1
    return good / len(text)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text table: BOM first, then UTF-16 without BOM, then strict UTF-8, then
    GB18030 (a superset of GBK), checking the result looks like Chinese text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc
            except UnicodeDecodeError:
                break
    sample = data[:4000]
    if b"\x00" in sample:
        half = max(1, len(sample) // 2)
        even_nul = sample[0::2].count(0)
        odd_nul = sample[1::2].count(0)
        for enc, nul, other in (("utf-16-le", odd_nul, even_nul), ("utf-16-be", even_nul, odd_nul)):
            if nul > 0.05 * half and other <= 0.02 * half:
                try:
                    text = data[: len(data) // 2 * 2].decode(enc)
                except UnicodeDecodeError:
                    continue
                if _cjk_plausibility(text[:4000]) > 0.9:
                    return text, enc
        raise _undecodable()
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = ""
    if text and _cjk_plausibility(text[:20000]) > 0.9:
        return text, "gb18030"
    raise _undecodable()


def _undecodable() -> KnownError:
    return KnownError(
        "无法识别文本文件的编码（支持 UTF-8、GBK/GB18030、UTF-16），请另存为 UTF-8 或 xlsx",
        "cannot detect the text encoding (UTF-8, GBK/GB18030, UTF-16 supported)",
        code="unreadable",
    )


DELIMITERS = ",\t;|"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines most consistently into the most columns."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for d in DELIMITERS:
        counts = [len(next(csv.reader([ln], delimiter=d))) for ln in lines]
        most = max(counts)
        if most < 2:
            continue
        consistent = sum(1 for c in counts if c == most) / len(counts)
        score = consistent * 10 + min(most, 50) / 50
        if score > best_score:
            best, best_score = d, score
    return best


def read_text_table(path: Path) -> Workbook:
    data = path.read_bytes()
    try:
        text, encoding = decode_text(data)
    except KnownError as exc:
        raise unreadable(path, exc.message, exc.english) from None
    delimiter = sniff_delimiter(text)
    rows: list[Row] = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return Workbook(path, [Sheet(path.stem, rows)], encoding=encoding, delimiter=delimiter)
