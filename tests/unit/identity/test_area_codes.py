"""Six-digit division codes resolved through retired codes to today's divisions."""

from __future__ import annotations

import pytest

from songda.address.area_codes import (
    area_name,
    current_area_name,
    is_current,
    is_retired,
    resolve_area,
)


@pytest.mark.parametrize(
    ("old", "current"),
    [
        ("310108", ("310106",)),  # 闸北区 → 静安区
        ("110103", ("110101",)),  # 崇文区 → 东城区
        ("110104", ("110102",)),  # 宣武区 → 西城区
        ("330103", ("330105",)),  # 下城区 → 拱墅区
        ("330104", ("330102", "330114")),  # 江干区 → 上城区、钱塘区
        ("371202", ("370116", "370117")),  # 莱城区 → 济南市莱芜区、钢城区
    ],
)
def test_retired_codes(old: str, current: tuple[str, ...]) -> None:
    assert is_retired(old)
    assert resolve_area(old) == current


def test_current_codes_resolve_to_themselves() -> None:
    for code in ("110101", "330110", "441900", "653228", "330100", "330000"):
        assert is_current(code), code
        assert resolve_area(code) == (code,)


def test_retired_prefecture_resolves_to_cities() -> None:
    assert resolve_area("341400") == ("340100", "340200", "340500")  # 巢湖市 (地级)
    assert resolve_area("371200") == ("370100",)  # 莱芜市 → 济南市


@pytest.mark.parametrize("code", ["", "000000", "11010", "1101011", "abcdef", "１１０１０１"])
def test_unknown_or_malformed_codes(code: str) -> None:
    assert resolve_area(code) == ()
    assert area_name(code) is None


def test_names() -> None:
    assert area_name("310106") == "上海市静安区"
    assert area_name("310108") == "上海市闸北区"
    assert area_name("330110") == "浙江省杭州市余杭区"
    assert area_name("441900") == "广东省东莞市"
    assert area_name("429004") == "湖北省仙桃市"
    assert area_name("330100") == "浙江省杭州市"
    assert area_name("330000") == "浙江省"
    assert current_area_name("310108") == "上海市静安区"
    assert current_area_name("330104") == "浙江省杭州市上城区、钱塘区"
    assert current_area_name("999999") is None
