"""Property tests: the identity functions never raise and agree with themselves."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from songda.address.identity import (
    check_digit,
    check_id_number,
    extract_phones,
    normalize_phone,
    phone_location,
)

CODES = {
    "ok",
    "empty",
    "bad_length",
    "bad_chars",
    "bad_checksum",
    "bad_birth_date",
    "bad_area",
    "excel_damaged",
}
ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.text(alphabet="0123456789xX.eE+- 　０１２３４５６７８９Ｘ", max_size=25),
    st.binary(max_size=20),
    st.decimals(allow_nan=True, allow_infinity=True),
)


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_check_id_number_never_raises(value: object) -> None:
    r = check_id_number(value)
    assert r.code in CODES
    assert r.ok == (r.code == "ok")
    assert r.message_zh


@settings(max_examples=300, deadline=None)
@given(ANY)
def test_phone_functions_never_raise(value: object) -> None:
    p = normalize_phone(value)
    if p is not None:
        assert normalize_phone(p) == p  # idempotent
    phone_location(value)
    extract_phones(value)


AREAS = st.sampled_from(["110101", "310108", "330106", "440305", "510104", "650102"])
BIRTHS = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))


@settings(max_examples=200, deadline=None)
@given(AREAS, BIRTHS, st.integers(0, 999))
def test_generated_valid_numbers_pass_and_one_digit_typos_fail(
    area: str, birth: date, seq: int
) -> None:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    number = first17 + check_digit(first17)
    r = check_id_number(number, today=date(2026, 1, 1))
    assert r.ok, r.message_zh
    assert r.birth_date == birth
    assert r.sex == ("M" if seq % 2 else "F")
    # GB 11643 catches every single-digit substitution.
    for pos in range(17):
        digit = int(number[pos])
        typo = number[:pos] + str((digit + 1) % 10) + number[pos + 1 :]
        assert not check_id_number(typo, today=date(2026, 1, 1)).ok


@settings(max_examples=200, deadline=None)
@given(AREAS, BIRTHS, st.integers(0, 999))
def test_excel_damage_is_never_accepted(area: str, birth: date, seq: int) -> None:
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    number = first17 + check_digit(first17)
    if number.endswith("X"):
        return
    as_float = float(number)
    for damaged in (as_float, f"{as_float:.5E}", f"{as_float:.14E}", f"{as_float:.1f}"):
        r = check_id_number(damaged)
        assert r.code == "excel_damaged", (damaged, r.code)
        assert r.area_code == area
    # Excel keeps 15 significant digits.
    fifteen = f"{float(number[:15] + '.' + number[15:]):.0f}" + "000"
    r = check_id_number(fifteen)
    assert not r.ok or r.maybe_damaged


def test_future_is_relative_to_today() -> None:
    tomorrow = date.today() + timedelta(days=1)
    first17 = f"110101{tomorrow:%Y%m%d}123"
    assert check_id_number(first17 + check_digit(first17)).code == "bad_birth_date"
