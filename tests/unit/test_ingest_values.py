"""Cell values: amounts, dates, integers, text, formula neutralisation."""

from __future__ import annotations

import json
import math
from datetime import date, datetime, time
from decimal import Decimal

import pytest

from songda.ingest.values import (
    cell_text,
    json_cell,
    neutralize_formula,
    normalized_key,
    parse_amount,
    parse_date,
    parse_int,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234.50元", 1234.5),
        ("１２３４", 1234.0),
        ("￥ 2,000", 2000.0),
        ("人民币3000元", 3000.0),
        ("1.2万", 12000.0),
        (1234.5, 1234.5),
        (88, 88.0),
        ("", None),
        (None, None),
        ("-12.5", -12.5),
    ],
)
def test_parse_amount(raw: object, expected: float | None) -> None:
    assert parse_amount(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "12元3角", True])
def test_parse_amount_rejects_text(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_amount(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (45356, date(2024, 3, 5)),  # Excel serial
        (45356.0, date(2024, 3, 5)),
        ("45356", date(2024, 3, 5)),
        ("2024/3/5", date(2024, 3, 5)),
        ("2024-03-05", date(2024, 3, 5)),
        ("2024.3.5", date(2024, 3, 5)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("２０２４年３月５日", date(2024, 3, 5)),
        ("2024-03-05 12:30:00", date(2024, 3, 5)),
        ("20240305", date(2024, 3, 5)),
        (20240305, date(2024, 3, 5)),
        (datetime(2024, 3, 5, 8, 0), date(2024, 3, 5)),
        (date(2024, 3, 5), date(2024, 3, 5)),
        ("", None),
    ],
)
def test_parse_date(raw: object, expected: date | None) -> None:
    assert parse_date(raw) == expected


@pytest.mark.parametrize("raw", ["2024-02-30", "昨天", "3/5"])
def test_parse_date_rejects(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_date(raw)


def test_parse_int() -> None:
    assert parse_int("35天") == 35
    assert parse_int(35.0) == 35
    assert parse_int("３５") == 35
    assert parse_int("") is None
    with pytest.raises(ValueError):
        parse_int(3.5)


def test_cell_text() -> None:
    assert cell_text(20240001.0) == "20240001"
    assert cell_text(12.5) == "12.5"
    assert cell_text(" 张三 ") == "张三"
    assert cell_text(datetime(2024, 3, 5)) == "2024-03-05"
    assert cell_text(None) == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+86 138", "'+86 138"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("北京市", "北京市"),
        (-1.0, -1.0),
    ],
)
def test_neutralize_formula(raw: object, expected: object) -> None:
    assert neutralize_formula(raw) == expected


def test_normalized_key_ignores_spacing_and_width() -> None:
    assert normalized_key("北京市 朝阳区，建国路１号") == normalized_key("北京市朝阳区建国路1号")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("张三", "张三"),
        ("", ""),
        (None, None),
        (13812345678, 13812345678),
        (13812345678.0, 13812345678.0),
        (1.10101e17, 1.10101e17),  # an ID number Excel turned into a float: kept as read
        (math.nan, None),
        (math.inf, None),
        (True, True),
        (datetime(2024, 3, 5, 8, 30), "2024-03-05T08:30:00"),
        (date(2024, 3, 5), "2024-03-05"),
        (time(8, 30), "08:30:00"),
        (Decimal("1.50"), "1.50"),
    ],
)
def test_json_cell_keeps_the_raw_row_as_read(raw: object, expected: object) -> None:
    got = json_cell(raw)
    assert got == expected and type(got) is type(expected)
    json.dumps(got, allow_nan=False)  # every cell can go into the raw_rows JSON
