"""S10 and 13-digit EMS tracking numbers."""

from __future__ import annotations

import pytest

from songda.errors import KnownError
from songda.letters.tracking import allot, parse_tracking, s10_check_digit, s10_number, s10_valid


def test_s10_check_digit_known_values() -> None:
    # weights 8 6 4 2 3 5 9 7; c = 11 - sum % 11; 10 -> 0, 11 -> 5
    serial = "47326585"
    s = sum(int(d) * w for d, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7), strict=True))
    expected = 11 - s % 11
    expected = {10: 0, 11: 5}.get(expected, expected)
    assert s10_check_digit(serial) == expected
    assert s10_check_digit("12345678") == 5  # 8+12+12+8+15+30+63+56=204; 204%11=6; 11-6=5
    assert s10_check_digit("00000000") == 5  # sum 0 → 11 → 5
    # a serial whose sum ≡ 1 (mod 11) gives 10 → 0
    zero = next(
        f"{n:08d}"
        for n in range(1000)
        if sum(int(d) * w for d, w in zip(f"{n:08d}", (8, 6, 4, 2, 3, 5, 9, 7), strict=True)) % 11
        == 1
    )
    assert s10_check_digit(zero) == 0


def test_s10_number_and_validation() -> None:
    assert s10_number("EA", 12345678) == "EA123456785CN"
    assert s10_valid("EA123456785CN")
    assert not s10_valid("EA123456784CN")
    assert not s10_valid("EA12345678CN")


def test_parse_recomputes_check_digit() -> None:
    spec = parse_tracking("ea 1234 5678 0 cn")
    assert spec.kind == "s10" and spec.serial == 12345678
    assert spec.number() == "EA123456785CN"
    assert spec.check_corrected
    assert parse_tracking("EA12345678CN").number() == "EA123456785CN"
    assert not parse_tracking("EA123456785CN").check_corrected


def test_allot_upward_with_check_digits() -> None:
    numbers = allot(parse_tracking("EA99999998XCN".replace("X", "0")), 2)
    assert numbers == [s10_number("EA", 99999998), s10_number("EA", 99999999)]
    assert all(s10_valid(n) for n in numbers)


def test_range_exhausted_is_a_known_error() -> None:
    with pytest.raises(KnownError) as exc:
        allot(parse_tracking("EA99999998CN"), 3)
    assert "号段不足" in exc.value.message
    with pytest.raises(KnownError):
        allot(parse_tracking("1100000000001"), 11, last_serial=1100000000010)


def test_ems13() -> None:
    spec = parse_tracking("1100000000001")
    assert spec.kind == "ems13"
    assert allot(spec, 3) == ["1100000000001", "1100000000002", "1100000000003"]


@pytest.mark.parametrize("bad", ["", "EA1234CN", "123", "E1234567890CN", "EA123456789012CN"])
def test_bad_numbers(bad: str) -> None:
    with pytest.raises(KnownError):
        parse_tracking(bad)
