"""ID numbers (GB 11643): check digit, birth date, sex, 15-digit form, Excel damage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from songda.address.identity import (
    IdCheck,
    check_digit,
    check_id_number,
    check_id_numbers,
    mask_id_number,
)

TODAY = date(2026, 11, 28)


def make_id(first17: str) -> str:
    return first17 + check_digit(first17)


def check(value: object) -> IdCheck:
    return check_id_number(value, today=TODAY)


def test_check_digit_matches_the_standard_example() -> None:
    # GB 11643-1999 appendix example: 11010519491231002X
    assert check_digit("11010519491231002") == "X"
    assert check("11010519491231002X").ok


def test_valid_number_gives_birth_date_sex_and_area() -> None:
    number = make_id("11010119900307123")
    r = check(number)
    assert r.ok and r.code == "ok"
    assert r.number == number
    assert r.birth_date == date(1990, 3, 7)
    assert r.sex == "M"  # 17th digit 3 is odd
    assert r.area_code == "110101"
    assert r.current_area_codes == ("110101",)
    assert r.area_name == "北京市东城区"
    assert r.former_area_name is None
    assert not r.damaged and not r.maybe_damaged
    assert r.number18 == number


def test_female_is_even_17th_digit() -> None:
    assert check(make_id("33010619851212002")).sex == "F"


@pytest.mark.parametrize(
    "variant",
    [
        "11010519491231002x",
        "11010519491231002Ｘ",
        "１１０１０５１９４９１２３１００２Ｘ",
        " 110105 19491231 002X ",
        "110105-19491231-002X",
        "'11010519491231002X",
        "11010519491231002×",
        "\ufeff11010519491231002X\u200b",
    ],
)
def test_normalisation(variant: str) -> None:
    r = check(variant)
    assert r.ok, r.message_zh
    assert r.number == "11010519491231002X"


def test_wrong_check_digit_names_the_expected_one() -> None:
    good = make_id("11010119900307123")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    r = check(wrong)
    assert not r.ok and r.code == "bad_checksum"
    assert f"应为 {good[17]}" in r.message_zh
    assert r.birth_date is None and r.current_area_codes == ()


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "empty"),
        ("", "empty"),
        ("   ", "empty"),
        ("nan", "empty"),
        ("无", "empty"),
        (float("nan"), "empty"),
        ("1101011990030712", "bad_length"),
        ("1101011990030712345", "bad_length"),
        ("110101199003071X34", "bad_chars"),
        ("11010119900307123A", "bad_chars"),
        ("身份证11010119900307123", "bad_chars"),
        (True, "bad_chars"),
        (-110101199003071234, "bad_chars"),
        (1.5, "bad_chars"),
        ("1.5", "bad_chars"),
    ],
)
def test_invalid_inputs(value: object, code: str) -> None:
    r = check(value)
    assert not r.ok
    assert r.code == code, r.message_zh
    assert r.message_zh


@pytest.mark.parametrize(
    ("first17", "why"),
    [
        ("11010119900230123", "不是有效日期"),  # 30 February
        ("11010119901301123", "不是有效日期"),  # month 13
        ("11010118991231123", "早于 1900"),
        ("11010120261129123", "在未来"),  # the day after TODAY
    ],
)
def test_bad_birth_dates(first17: str, why: str) -> None:
    r = check(make_id(first17))
    assert r.code == "bad_birth_date"
    assert why in r.message_zh


def test_birth_today_is_fine_and_leap_day_is_real() -> None:
    assert check(make_id("11010120261128123")).ok
    assert check(make_id("11010120000229123")).birth_date == date(2000, 2, 29)


def test_unknown_province_is_bad_area() -> None:
    r = check(make_id("00010119900307123"))
    assert r.code == "bad_area"
    assert check(make_id("99010119900307123")).ok  # foreigners' permanent residence card


def test_unknown_county_of_known_province_is_valid_without_current_area() -> None:
    r = check(make_id("11019919900307123"))
    assert r.ok
    assert r.current_area_codes == ()
    assert "查不到" in r.message_zh


def test_hong_kong_residence_permit() -> None:
    r = check(make_id("81000019900307123"))
    assert r.ok and r.area_name == "香港特别行政区" and r.former_area_name is None


@pytest.mark.parametrize(
    ("old", "current", "current_name", "former_name"),
    [
        ("310108", ("310106",), "上海市静安区", "上海市闸北区"),
        ("110103", ("110101",), "北京市东城区", "北京市崇文区"),
        ("110104", ("110102",), "北京市西城区", "北京市宣武区"),
        ("330104", ("330102", "330114"), "浙江省杭州市上城区、钱塘区", "浙江省杭州市江干区"),
    ],
)
def test_retired_area_codes_resolve_to_today(
    old: str, current: tuple[str, ...], current_name: str, former_name: str
) -> None:
    r = check(make_id(old + "19800101001"))
    assert r.ok
    assert r.area_code == old
    assert r.current_area_codes == current
    assert r.area_name == current_name
    assert r.former_area_name == former_name
    assert "已撤销" in r.message_zh


def test_fifteen_digit_number() -> None:
    r = check("110101900307123")
    assert r.ok and r.code == "ok"
    assert r.number == "110101900307123"
    assert r.birth_date == date(1990, 3, 7)
    assert r.sex == "M"
    expected18 = make_id("11010119900307123")
    assert r.number18 == expected18
    assert "15 位" in r.message_zh
    assert check("110101900230123").code == "bad_birth_date"


def test_fifteen_digit_number_survives_a_float() -> None:
    # 15 digits fit exactly in a double, so a numeric cell is not damaged.
    r = check(110101900307123.0)
    assert r.ok and r.number == "110101900307123"
    assert check("110101900307123.0").ok
    assert check(110101900307124).sex == "F"


# --- Excel damage ---------------------------------------------------------------


def test_float_from_excel_is_damaged_but_keeps_the_area() -> None:
    r = check(1.10101199003071e17)
    assert not r.ok
    assert r.code == "excel_damaged" and r.damaged
    assert "科学计数法（1.10101E+17）" in r.message_zh
    assert "末尾数字已丢失" in r.message_zh
    assert r.area_code == "110101"
    assert r.current_area_codes == ("110101",)
    assert r.birth_date is None and r.sex is None


def test_float_even_when_checksum_would_pass_is_damaged() -> None:
    valid = make_id("11010119900307123")
    r = check(float(valid))
    assert r.code == "excel_damaged"
    assert not r.ok


@pytest.mark.parametrize(
    "text",
    ["1.10101E+17", "1.10101e+17", "1.10101E17", "１.１０１０１Ｅ＋１７", "1.10101199003071E+17"],
)
def test_scientific_text_is_damaged(text: str) -> None:
    r = check(text)
    assert r.code == "excel_damaged", r.message_zh
    assert "科学计数法" in r.message_zh
    assert r.area_code == "110101"


def test_scientific_text_with_too_few_digits_keeps_no_area() -> None:
    r = check("1.1E+17")
    assert r.code == "excel_damaged"
    assert r.area_code is None


def test_scientific_fifteen_digit_with_all_digits_is_exact() -> None:
    assert check("1.10101900307123E+14").number == "110101900307123"
    assert check("1.10102E+14").code == "excel_damaged"


@pytest.mark.parametrize("text", ["110101199003071234.0", "110101199003071000.0"])
def test_float_text_of_eighteen_digits_is_damaged(text: str) -> None:
    r = check(text)
    assert r.code == "excel_damaged"
    assert "小数点" in r.message_zh
    assert r.area_code == "110101"


def test_trailing_000_failing_checksum_is_damaged() -> None:
    # What Excel keeps of 110101199003071234: 15 significant digits.
    r = check("110101199003071000")
    assert r.code == "excel_damaged"
    assert "000" in r.message_zh


def test_trailing_000_passing_checksum_is_valid_but_flagged() -> None:
    # A plausible number ending in 000 whose check digit really is 0.
    first17 = next(
        c
        for day in range(1, 29)
        for seq in range(10)
        if check_digit(c := f"3301061985-12-{day:02d}-{seq}00".replace("-", "")) == "0"
    )
    r = check(first17 + "0")
    assert r.ok
    assert r.maybe_damaged
    assert "Excel" in r.message_zh


def test_integer_cells() -> None:
    valid = make_id("11010119900307123")
    # An exact integer that no float produces is just a number.
    if int(float(int(valid))) != int(valid) and not valid.endswith("000"):
        assert check(int(valid)).ok
    # An integer ending in 000 or equal to a double came through a float.
    assert check(110101199003071000).code == "excel_damaged"
    assert check(int(float(110101199003071234))).code == "excel_damaged"


def test_decimal_value() -> None:
    assert check(Decimal("11010519491231002")).code == "bad_length"
    assert check(Decimal("110101900307123")).ok


def test_mask() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert check("11010519491231002X").masked == "110105********002X"
    assert mask_id_number("123") == "***"


def test_other_script_digits_and_newlines() -> None:
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in "11010519491231002") + "X"
    r = check(arabic_indic)
    assert r.code == "bad_chars"
    assert check("11010519491231002X\n").number == "11010519491231002X"
    assert check("11010519491231002X\r\n").ok


def _valid_ending_000() -> str:
    first17 = next(
        c
        for day in range(1, 29)
        for seq in range(10)
        if check_digit(c := f"330106198510{day:02d}{seq}00") == "0"
    )
    return first17 + "0"


def test_column_with_damage_makes_trailing_000_damaged() -> None:
    suspicious = _valid_ending_000()
    good = make_id("11010119900307123")
    clean = check_id_numbers([good, suspicious], today=TODAY)
    assert [r.ok for r in clean] == [True, True]
    assert clean[1].maybe_damaged
    column = check_id_numbers([good, suspicious, "1.10101E+17"], today=TODAY)
    assert [r.code for r in column] == ["ok", "excel_damaged", "excel_damaged"]
    assert column[1].damaged and "同一列" in column[1].message_zh
    assert column[1].area_code == "330106"
    assert column[1].birth_date is None
