"""Amounts in Chinese capitals and dates in Chinese numerals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from songda.letters.dates import cn_date, num_date
from songda.letters.money import money_capital, money_figures

CASES = [
    ("1680.32", "人民币壹仟陆佰捌拾元零叁角贰分"),
    ("10005.50", "人民币壹万零伍元伍角整"),
    ("107000.53", "人民币壹拾万柒仟元零伍角叁分"),
    ("0", "人民币零元整"),
    ("0.05", "人民币伍分"),
    ("0.5", "人民币伍角整"),
    ("0.55", "人民币伍角伍分"),
    ("1", "人民币壹元整"),
    ("10", "人民币壹拾元整"),
    ("10.5", "人民币壹拾元零伍角整"),
    ("15", "人民币壹拾伍元整"),
    ("100", "人民币壹佰元整"),
    ("101", "人民币壹佰零壹元整"),
    ("110", "人民币壹佰壹拾元整"),
    ("1001", "人民币壹仟零壹元整"),
    ("1010.01", "人民币壹仟零壹拾元零壹分"),
    ("1000.10", "人民币壹仟元零壹角整"),
    ("2000.02", "人民币贰仟元零贰分"),
    ("10000", "人民币壹万元整"),
    ("100000", "人民币壹拾万元整"),
    ("100100", "人民币壹拾万零壹佰元整"),
    ("1000001", "人民币壹佰万零壹元整"),
    ("1010000", "人民币壹佰零壹万元整"),
    ("20000000", "人民币贰仟万元整"),
    ("100000000", "人民币壹亿元整"),
    ("100010000", "人民币壹亿零壹万元整"),
    ("100000001", "人民币壹亿零壹元整"),
    ("123456789.12", "人民币壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分"),
    ("21680.32", "人民币贰万壹仟陆佰捌拾元零叁角贰分"),
    ("5.678", "人民币伍元陆角捌分"),  # rounded half up to fen
]


@pytest.mark.parametrize(("amount", "expected"), CASES)
def test_money_capital(amount: str, expected: str) -> None:
    assert money_capital(amount) == expected


def test_money_accepts_numbers_and_commas() -> None:
    assert money_capital(1680.32) == "人民币壹仟陆佰捌拾元零叁角贰分"
    assert money_capital(Decimal("10005.5")) == "人民币壹万零伍元伍角整"
    assert money_capital("10,005.50") == "人民币壹万零伍元伍角整"
    assert money_figures(10005.5) == "10,005.50"


@pytest.mark.parametrize("bad", ["abc", "-1", "nan", "inf", True, "1e20"])
def test_money_rejects(bad: object) -> None:
    with pytest.raises(ValueError):
        money_capital(bad)


_DIGIT = dict(zip("零壹贰叁肆伍陆柒捌玖", range(10), strict=True))
_UNIT = {"拾": 10, "佰": 100, "仟": 1000}


def _parse(text: str) -> int:
    """Read a capitals amount back into fen (an independent check of the writer)."""
    body = text.removeprefix("人民币").removesuffix("整")
    fen = 0
    if "元" in body:
        yuan_text, body = body.split("元", 1)
    else:
        yuan_text = ""
    total = 0
    section = 0
    number = 0
    for ch in yuan_text:
        if ch in _DIGIT:
            number = _DIGIT[ch]
        elif ch in _UNIT:
            section += number * _UNIT[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
    total += section + number
    body = body.lstrip("零")
    if "角" in body:
        j, body = body.split("角", 1)
        fen += _DIGIT[j[-1]] * 10
    if "分" in body:
        fen += _DIGIT[body.split("分")[0][-1]]
    return total * 100 + fen


@given(st.integers(min_value=0, max_value=99_999_999_999))
def test_money_round_trip(fen: int) -> None:
    amount = Decimal(fen) / 100
    text = money_capital(amount)
    assert _parse(text) == fen
    assert "零零" not in text
    assert not text.removeprefix("人民币").startswith("零") or fen == 0
    assert text.endswith(("整", "分"))


def test_dates() -> None:
    assert cn_date(date(2026, 11, 28)) == "二〇二六年十一月二十八日"
    assert cn_date("2026-01-01") == "二〇二六年一月一日"
    assert cn_date("2020-10-10") == "二〇二〇年十月十日"
    assert cn_date("2009-12-31") == "二〇〇九年十二月三十一日"
    assert cn_date("2024-02-20") == "二〇二四年二月二十日"
    assert num_date("2024-03-05") == "2024年3月5日"
