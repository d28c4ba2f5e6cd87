"""Turning spreadsheet cells into typed values: text, amounts, dates, integers, phones."""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, time, timedelta
from typing import Final

MAX_FIELD_CHARS: Final = 1000  # a longer cell cannot be a real case field

_FULLWIDTH: Final = {i: i - 0xFEE0 for i in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space


def halfwidth(text: str) -> str:
    """Full-width ASCII forms and the ideographic space → half-width."""
    return text.translate(_FULLWIDTH)


def is_blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """A cell as the text an operator sees: integral floats without ``.0``, dates as ISO."""
    if type(value) is str:  # most cells (the same as the last line below)
        return value.replace("\r\n", "\n").strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds").removesuffix(" 00:00:00")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return str(value).strip()


def json_cell(value: object) -> object:
    """A cell as a JSON value, kept as close to the source as JSON allows."""
    t = type(value)
    if t is str or value is None or t is int:  # most cells: as they are
        return value
    if t is float:
        return None if math.isnan(value) or math.isinf(value) else value  # type: ignore[arg-type]
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


_AMOUNT_JUNK: Final = re.compile(r"[,，\s元圆¥￥$]|RMB|CNY|人民币", re.IGNORECASE)
_AMOUNT: Final = re.compile(r"^-?\d+(?:\.\d+)?$")


def parse_amount(value: object) -> float | None:
    """``"1,234.50元"``, ``"１２３４"``, ``"1.2万"``, ``1234.5`` → float; ``None`` when blank.

    Raises ``ValueError`` for text that is not an amount.
    """
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        return float(value)
    text = _AMOUNT_JUNK.sub("", halfwidth(str(value)))
    factor = 1.0
    if text.endswith("万"):
        factor, text = 10000.0, text[:-1]
    if not _AMOUNT.match(text):
        raise ValueError(value)
    return round(float(text) * factor, 2)


def parse_int(value: object) -> int | None:
    """``"35天"``, ``35.0``, ``"３５"`` → 35."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(value)
        return int(value)
    text = halfwidth(str(value)).strip().removesuffix("天").replace(",", "").strip()
    if not re.fullmatch(r"-?\d+(\.0+)?", text):
        raise ValueError(value)
    return int(float(text))


_EXCEL_EPOCH: Final = date(1899, 12, 30)
_DATE_PATTERNS: Final = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: object) -> date | None:
    """Excel serial numbers, ``date``/``datetime``, 2024/3/5, 2024-03-05, 2024.3.5,
    2024年3月5日, 20240305 → ``date``. Raises ``ValueError`` for anything else."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000101 <= value <= 21001231 and float(value).is_integer():
            return parse_date(str(int(value)))
        if 1 <= value < 2958466:  # Excel's date range
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(value)
    text = halfwidth(str(value)).strip()
    if re.fullmatch(r"\d{5}(\.\d+)?", text):  # a serial number stored as text
        return parse_date(float(text))
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return date(y, mo, d)  # raises ValueError for 2024-02-30
    raise ValueError(value)


_HAN: Final = re.compile(r"[\u4e00-\u9fff]")


def clean_name(value: object) -> str:
    """A person's name: trimmed, inner spaces removed for Chinese names."""
    text = unicodedata.normalize("NFKC", cell_text(value)).strip()
    if _HAN.search(text):
        text = _SPACE.sub("", text)
    return text


_SPACE: Final = re.compile(r"\s+")


_KEY_JUNK: Final = re.compile(r"[\s,，。.、;；:：\-—_()（）\[\]【】#＃\"'“”‘’]")


def normalized_key(text: str) -> str:
    """Key for de-duplicating candidate addresses inside a case: half-width, no spaces or
    punctuation, lower case."""
    return _KEY_JUNK.sub("", unicodedata.normalize("NFKC", text).lower())


def clean_address(value: object) -> str:
    """An address cell as text: one line, single spaces, trimmed."""
    return _SPACE.sub(" ", cell_text(value)).strip()


def neutralize_formula(value: object) -> object:
    """Text starting with ``= + - @`` (or a tab/CR) is prefixed with ``'`` so a spreadsheet
    shows it instead of running it. Numbers are left alone."""
    if isinstance(value, str) and value and value[0] in "=+-@\t\r":
        return "'" + value
    return value
