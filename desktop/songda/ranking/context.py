"""The debtor facts used as evidence, from the case's ID number and phones."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from songda.address.identity import check_id_number, normalize_phone, phone_location
from songda.ranking.inputs import CaseContext


@lru_cache(maxsize=65536)
def id_area_codes(id_number: str) -> frozenset[str]:
    """Current county (or ``xxxx00`` city) codes the ID number's area code maps to."""
    check = check_id_number(id_number)
    return frozenset(check.current_area_codes or ())


@lru_cache(maxsize=65536)
def _phone_city(phone: str) -> str | None:
    loc = phone_location(phone)
    return loc.adcode if loc is not None and loc.adcode else None


def phone_list(phones: object) -> list[str]:
    """The case's phones (stored as a JSON list) as normalised strings."""
    if phones is None:
        return []
    values: list[object]
    if isinstance(phones, str):
        try:
            loaded = json.loads(phones)
        except json.JSONDecodeError:
            loaded = [p for p in phones.replace("，", ",").split(",")]
        values = loaded if isinstance(loaded, list) else [loaded]
    elif isinstance(phones, list | tuple):
        values = list(phones)
    else:
        values = [phones]
    out: list[str] = []
    for v in values:
        p = normalize_phone(v)
        if p:
            out.append(p)
    return out


def phone_cities(phones: object) -> frozenset[str]:
    out = set()
    for p in phone_list(phones):
        city = _phone_city(p)
        if city:
            out.add(city[:4])
    return frozenset(out)


def case_context(id_number: str | None, phones: object, today: date) -> CaseContext:
    return CaseContext(
        id_area_codes=id_area_codes(id_number) if id_number else frozenset(),
        phone_cities=phone_cities(phones),
        today=today,
    )
