"""Dates written in Chinese numerals, as in letters and court documents."""

from __future__ import annotations

from datetime import date, datetime

_YEAR_DIGITS = "〇一二三四五六七八九"
_DIGITS = "零一二三四五六七八九"


def _small(n: int) -> str:
    """1..31 → 一 … 十 … 二十八 … 三十一."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def cn_date(value: date | datetime | str) -> str:
    """2026-11-28 → 二〇二六年十一月二十八日."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    year = "".join(_YEAR_DIGITS[int(c)] for c in f"{value.year:04d}")
    return f"{year}年{_small(value.month)}月{_small(value.day)}日"


def num_date(value: date | datetime | str) -> str:
    """2026-11-28 → 2026年11月28日 (for facts inside the text)."""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return f"{value.year}年{value.month}月{value.day}日"
