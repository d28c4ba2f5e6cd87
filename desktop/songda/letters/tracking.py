"""Tracking numbers: UPU S10 (two letters, 8-digit serial, check digit, CN) and 13-digit EMS.

S10 check digit: weights 8 6 4 2 3 5 9 7 over the serial; c = 11 − (sum mod 11);
c = 10 → 0, c = 11 → 5. Domestic EMS ranges are plain 13-digit numbers allotted in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from songda.errors import KnownError

S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)
S10_MAX_SERIAL = 99_999_999
EMS13_MAX_SERIAL = 9_999_999_999_999

_S10 = re.compile(r"^([A-Z]{2})(\d{8})(\d?)([A-Z]{2})$")
_EMS13 = re.compile(r"^\d{13}$")


def s10_check_digit(serial: str) -> int:
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError(f"S10 serial must be 8 digits: {serial!r}")
    c = 11 - sum(int(d) * w for d, w in zip(serial, S10_WEIGHTS, strict=True)) % 11
    return {10: 0, 11: 5}.get(c, c)


def s10_number(prefix: str, serial: int, country: str = "CN") -> str:
    s = f"{serial:08d}"
    return f"{prefix}{s}{s10_check_digit(s)}{country}"


def s10_valid(number: str) -> bool:
    m = _S10.match(number.strip().upper())
    if not m or not m.group(3):
        return False
    return int(m.group(3)) == s10_check_digit(m.group(2))


@dataclass(frozen=True)
class TrackingSpec:
    """One parsed tracking number: kind ``s10`` or ``ems13``, prefix and serial."""

    kind: str
    prefix: str  # S10: service letters + country ("EA|CN"); EMS13: ""
    serial: int
    given_check: int | None = None  # the check digit typed by the operator, if any

    @property
    def max_serial(self) -> int:
        return S10_MAX_SERIAL if self.kind == "s10" else EMS13_MAX_SERIAL

    def number(self, serial: int | None = None) -> str:
        s = self.serial if serial is None else serial
        if self.kind == "s10":
            service, country = self.prefix.split("|")
            return s10_number(service, s, country)
        return f"{s:013d}"

    @property
    def check_corrected(self) -> bool:
        """True when the typed S10 check digit was wrong (and has been recomputed)."""
        if self.kind != "s10" or self.given_check is None:
            return False
        return self.given_check != s10_check_digit(f"{self.serial:08d}")


def parse_tracking(value: str) -> TrackingSpec:
    """Read a starting number: ``EA123456785CN`` (check digit recomputed), ``EA12345678CN`` or 13 digits."""
    text = re.sub(r"[\s-]", "", str(value)).upper()
    m = _S10.match(text)
    if m:
        return TrackingSpec(
            "s10",
            f"{m.group(1)}|{m.group(4)}",
            int(m.group(2)),
            int(m.group(3)) if m.group(3) else None,
        )
    if _EMS13.match(text):
        return TrackingSpec("ems13", "", int(text))
    raise KnownError(
        f"运单号格式不正确：{value}（应为 EA123456785CN 这样的 S10 号码或 13 位数字）",
        f"bad tracking number {value!r}: expected S10 (EA123456785CN) or 13 digits",
        code="tracking_format",
    )


def allot(spec: TrackingSpec, count: int, last_serial: int | None = None) -> list[str]:
    """``count`` consecutive numbers from ``spec``; KnownError if the range runs out."""
    last = spec.max_serial if last_serial is None else last_serial
    available = max(0, last - spec.serial + 1)
    if count > available:
        raise KnownError(
            f"运单号段不足：需要 {count} 个，从 {spec.number()} 起只剩 {available} 个。"
            "请登记新的号段或更换起始号码。",
            f"tracking range exhausted: need {count}, {available} left from {spec.number()}",
            code="tracking_exhausted",
        )
    return [spec.number(spec.serial + k) for k in range(count)]
