"""Phone numbers: normalisation and the mobile-prefix / landline-area-code → city table.

Data: ``resources/identity/phone_prefix.bin`` compiled by ``tools/build_identity_data.py``
from the data of PyPI ``phone`` 0.4.5 (2023-12): 499,527 seven-digit mobile prefixes mapped
to NBS 2023 city codes, stored as runs of consecutive prefixes with the same city.
"""

from __future__ import annotations

import json
import math
import re
import struct
import sys
import threading
import unicodedata
import zlib
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

from songda import rx
from songda.native import reduce_frozen
from songda.paths import resource

PHONE_MAGIC: Final = b"SDPH1\n"
NO_CITY: Final = 0xFFFF

_MOBILE: Final = rx.compile(r"1[3-9][0-9]{9}")
_SEPARATORS: Final = rx.compile(r"[\s\-‐‑–—－()（）\[\]【】.·]+")
_EXTENSION: Final = rx.compile(r"(?:转|分机|ext\.?|x|#)\s*\d{1,6}$", re.IGNORECASE)
_FLOAT_TEXT: Final = rx.compile(r"([0-9]+)\.0*")
_FIND: Final = rx.compile(
    r"(?<!\d)(?:(?:\+|00)?86[\s\-]?)?"
    r"(?:1[3-9]\d[\s\-]?\d{4}[\s\-]?\d{4}"
    r"|[(（]?0\d{2,3}[)）]?[\s\-]?[2-9]\d{6,7}"
    r"|[48]00[\s\-]?\d{3}[\s\-]?\d{4})(?!\d)"
)


@dataclass(frozen=True)
class PhoneLocation:
    """Where a phone number is registered.

    ``adcode`` is the NBS city code (4 digits; 6 digits for county-level cities under a
    province, e.g. 仙桃 ``429004``), or ``None`` when a landline area code is shared by
    several cities (024: 沈阳、抚顺、铁岭、本溪); ``adcodes`` then lists them all, the city
    with the most numbers first.
    """

    phone: str
    kind: str  # "mobile" | "landline"
    province: str
    city: str
    adcode: str | None
    adcodes: tuple[str, ...]
    area_code: str | None

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


@dataclass(frozen=True)
class _Table:
    starts: array[int]
    idx: array[int]
    cities: tuple[tuple[str, str, str, str], ...]  # province, city, adcode, area code
    area_codes: dict[str, tuple[int, ...]]

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


_lock = threading.Lock()
_cache: list[_Table] = []


def _load() -> _Table:
    if _cache:
        return _cache[0]
    with _lock:
        if not _cache:
            data = resource("identity", "phone_prefix.bin").read_bytes()
            if not data.startswith(PHONE_MAGIC):
                raise ValueError("phone_prefix.bin: unknown format")
            payload = zlib.decompress(data[len(PHONE_MAGIC) :])
            (hlen,) = struct.unpack_from("<I", payload, 0)
            header = json.loads(payload[4 : 4 + hlen].decode("utf-8"))
            n = int(header["runs"])
            off = 4 + hlen
            starts = array("I")
            starts.frombytes(payload[off : off + 4 * n])
            idx = array("H")
            idx.frombytes(payload[off + 4 * n : off + 6 * n])
            if sys.byteorder == "big":
                starts.byteswap()
                idx.byteswap()
            cities = tuple((str(p), str(c), str(a), str(ac)) for p, c, a, ac in header["cities"])
            area_codes = {str(k): tuple(int(i) for i in v) for k, v in header["area_codes"].items()}
            _cache.append(_Table(starts, idx, cities, area_codes))
    return _cache[0]


def load_phone_table() -> None:
    """Load the table now (it is otherwise loaded on first use)."""
    _load()


def _split_landline(digits: str, *, known_only: bool) -> str | None:
    """``0571888888888`` → ``"0571-88888888"``; None when it is not a landline."""
    if len(digits) < 10 or digits[0] != "0":
        return None
    area = digits[:3] if digits[1] in "12" else digits[:4]
    local = digits[len(area) :]
    if not (7 <= len(local) <= 8) or local[0] in "01":
        return None
    if known_only and area not in _load().area_codes:
        return None
    return f"{area}-{local}"


def normalize_phone(value: object) -> str | None:
    """A phone number in a canonical form, or None when ``value`` is not one phone number.

    Mobiles become 11 digits (``13812345678.0``, ``"138 1234 5678"``, ``"+86 138-1234-5678"``,
    full-width digits); landlines with an area code become ``"0571-88888888"`` (an extension
    is dropped; a landline whose leading 0 Excel removed, ``57188888888.0``, is restored when
    the area code is known); 400/800 numbers become 10 digits. Never raises.
    """
    numeric = False
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not math.isfinite(value) or value != int(value) or value <= 0:
            return None
        text = str(int(value))
        numeric = True
    elif isinstance(value, int):
        if value <= 0:
            return None
        text = str(value)
        numeric = True
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().strip("'\"")
        m = _FLOAT_TEXT.fullmatch(text)
        if m:
            text = m.group(1)
            numeric = True
    else:
        return None
    if len(text) == 11 and _MOBILE.fullmatch(text):  # the common case, as the steps below end
        return text
    if len(text) > 40:
        return None
    text = _EXTENSION.sub("", text.strip())
    plus = text.startswith("+")
    if plus:
        text = text[1:]
    digits = _SEPARATORS.sub("", text)
    if not digits.isascii() or not digits.isdigit():
        return None
    international = False
    if digits.startswith("0086"):
        digits, international = digits[4:], True
    elif digits.startswith("86") and (
        plus or (len(digits) == 13 and _MOBILE.fullmatch(digits[2:]))
    ):
        digits, international = digits[2:], True
    if _MOBILE.fullmatch(digits):
        return digits
    if digits[:1] == "0" and _MOBILE.fullmatch(digits[1:]):  # long-distance 0 before a mobile
        return digits[1:]
    if international and digits[:1] != "0":  # +86 571 88888888: the 0 is dropped abroad
        return _split_landline("0" + digits, known_only=True)
    if digits[:1] == "0":
        return _split_landline(digits, known_only=False)
    if len(digits) == 10 and digits[:3] in ("400", "800"):
        return digits
    if numeric:
        return _split_landline("0" + digits, known_only=True)
    return None


def extract_phones(text: object) -> tuple[str, ...]:
    """Every phone number found in a free text field, normalised, in order, without repeats."""
    if not isinstance(text, str):
        one = normalize_phone(text)
        return (one,) if one else ()
    found: list[str] = []
    for m in _FIND.finditer(unicodedata.normalize("NFKC", text)):
        p = normalize_phone(m.group(0))
        if p and p not in found:
            found.append(p)
    return tuple(found)


def mask_phone(phone: str) -> str:
    """``13812345678`` → ``138****5678``; landlines keep area code and last 4 digits."""
    if "-" in phone:
        area, local = phone.split("-", 1)
        return f"{area}-{'*' * max(len(local) - 4, 0)}{local[-4:]}"
    if len(phone) <= 4:
        return "*" * len(phone)
    return phone[:3] + "*" * max(len(phone) - 7, 0) + phone[-4:]


def _location(phone: str, kind: str, city_ids: tuple[int, ...]) -> PhoneLocation:
    t = _load()
    entries = [t.cities[i] for i in city_ids]
    first = entries[0]
    area = phone.split("-", 1)[0] if kind == "landline" else first[3]
    if len(entries) == 1:
        return PhoneLocation(phone, kind, first[0], first[1], first[2], (first[2],), area)
    provinces = {e[0] for e in entries}
    province = first[0] if len(provinces) == 1 else "、".join(sorted(provinces))
    return PhoneLocation(
        phone,
        kind,
        province,
        "、".join(e[1] for e in entries),
        None,
        tuple(e[2] for e in entries),
        area,
    )


def phone_location(phone: object) -> PhoneLocation | None:
    """Province and city of a mobile (by its 7-digit prefix) or landline (by area code)."""
    if isinstance(phone, str) and len(phone) == 11 and _MOBILE.fullmatch(phone):
        p: str | None = phone  # already normalised: the common case
    else:
        p = normalize_phone(phone)
    if p is None:
        return None
    t = _load()
    if "-" in p:
        area = p.split("-", 1)[0]
        ids = t.area_codes.get(area)
        return _location(p, "landline", ids) if ids else None
    if len(p) != 11:
        return None
    prefix = int(p[:7])
    i = bisect_right(t.starts, prefix) - 1
    if i < 0 or t.idx[i] == NO_CITY:
        return None
    return _location(p, "mobile", (t.idx[i],))
