"""The debtor facts used as evidence, from the case's ID number and phones.

Both lookups are cached by the part that decides them (the ID's first six digits, a mobile's
seven-digit prefix): ranking 100,000 cases must not validate 100,000 ID numbers again (the
import already did) nor look up every phone from scratch.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Final

from songda.address.identity import normalize_phone, phone_location, resolve_area
from songda.ranking.inputs import CaseContext


@lru_cache(maxsize=8192)
def area_codes(area6: str) -> frozenset[str]:
    """Current county (or ``xxxx00`` city) codes of an ID number's area code (maybe retired)."""
    return frozenset(resolve_area(area6))


def id_area_codes(id_number: str | None) -> frozenset[str]:
    area = (id_number or "").strip()[:6]
    if len(area) != 6 or not area.isdigit():
        return frozenset()
    return area_codes(area)


_CITY_CACHE: Final[dict[str, str | None]] = {}


def phone_city(phone: str) -> str | None:
    """The 4-digit city code of one (normalised) phone; mobiles cached by 7-digit prefix."""
    key = phone[:7] if len(phone) == 11 and phone[0] == "1" else phone
    try:
        return _CITY_CACHE[key]
    except KeyError:
        pass
    loc = phone_location(phone)
    city = loc.adcode[:4] if loc is not None and loc.adcode else None
    if len(_CITY_CACHE) < 600_000:
        _CITY_CACHE[key] = city
    return city


def phone_list(phones: object) -> list[str]:
    """The case's phones (stored as a JSON list) as normalised strings."""
    if phones is None or phones == "":
        return []
    values: list[object]
    if isinstance(phones, str) and phones.startswith('["') and phones.endswith('"]'):
        # the stored form, a JSON list of normalised phones: no need for the JSON parser
        inner = phones[2:-2]
        if '"' not in inner.replace('", "', "") and "\\" not in inner:
            found: list[str] = []
            for part in inner.split('", "'):
                got = part if len(part) == 11 and part.isdigit() else normalize_phone(part)
                if got:
                    found.append(got)
            return found
    if isinstance(phones, str):
        try:
            loaded = json.loads(phones)
        except json.JSONDecodeError:
            loaded = phones.replace("，", ",").split(",")
        values = loaded if isinstance(loaded, list) else [loaded]
    elif isinstance(phones, list | tuple):
        values = list(phones)
    else:
        values = [phones]
    out: list[str] = []
    for v in values:
        one = v if isinstance(v, str) and len(v) == 11 and v.isdigit() else normalize_phone(v)
        if one:
            out.append(one)
    return out


def phone_cities(phones: object) -> frozenset[str]:
    out = set()
    for p in phone_list(phones):
        city = phone_city(p)
        if city:
            out.add(city)
    return frozenset(out)


def case_context(id_number: str | None, phones: object, today: date) -> CaseContext:
    return CaseContext(
        id_area_codes=id_area_codes(id_number),
        phone_cities=phone_cities(phones),
        today=today,
    )
