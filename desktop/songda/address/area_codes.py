"""Six-digit division codes (as in ID numbers) resolved to today's divisions.

Data: ``resources/identity/areas.json``, compiled by ``tools/build_identity_data.py`` from the
NBS 2023 divisions and the 1981–2024 code history (yescallop/areacodes, CC0).

* ``resolve_area("310108")`` → ``("310106",)``: 闸北区 became part of 静安区.
* A retired code may resolve to several current codes (江干区 → 上城区, 钱塘区), and a
  result ending in ``00`` means "somewhere in that city" (when the history only knows the
  city, e.g. 巢湖市 as a prefecture → 合肥、芜湖、马鞍山).
* ``area_name("310106")`` → ``"上海市静安区"``; for a retired code the old name in its old
  setting (``"上海市闸北区"``); ``current_area_name`` gives today's names of what a code
  resolves to.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Final

from songda.native import reduce_frozen
from songda.paths import resource

# Residence permits for Hong Kong, Macau and Taiwan residents use these area codes.
SPECIAL_AREAS: Final = {
    "810000": "香港特别行政区",
    "820000": "澳门特别行政区",
    "830000": "台湾地区",
}


@dataclass(frozen=True)
class _Areas:
    provinces: dict[str, str]
    cities: dict[str, str]
    counties: dict[str, str]
    retired: dict[str, tuple[str, tuple[str, ...], str]]
    placeholders: frozenset[str]

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


_lock = threading.Lock()
_cache: list[_Areas] = []


def _load() -> _Areas:
    if _cache:
        return _cache[0]
    with _lock:
        if not _cache:
            raw = json.loads(resource("identity", "areas.json").read_text(encoding="utf-8"))
            counties = dict(raw["counties"])
            counties.update(raw["extra_current"])
            retired = {
                code: (str(v[0]), tuple(str(c) for c in v[1]), str(v[2]))
                for code, v in raw["retired"].items()
            }
            _cache.append(
                _Areas(
                    provinces={k + "0000": v for k, v in raw["provinces"].items()},
                    cities=dict(raw["cities"]),
                    counties=counties,
                    retired=retired,
                    placeholders=frozenset(raw["placeholders"]),
                )
            )
    return _cache[0]


def _valid_code(code: object) -> str | None:
    if not isinstance(code, str) or len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    return code


def province_known(code: str) -> bool:
    """True when the first two digits name a province (or 81/82/83 HK/Macau/Taiwan)."""
    return (code[:2] + "0000") in _load().provinces or (code[:2] + "0000") in SPECIAL_AREAS


def is_current(code: str) -> bool:
    """A county, city (xxxx00) or province (xx0000) code in use today."""
    if code in SPECIAL_AREAS:
        return True
    a = _load()
    if code in a.counties:
        return True
    if code.endswith("0000"):
        return code in a.provinces
    if code.endswith("00"):
        return code[:4] in a.cities and a.cities[code[:4]] not in a.placeholders
    return False


def is_retired(code: str) -> bool:
    return code in _load().retired and not is_current(code)


def resolve_area(code6: str) -> tuple[str, ...]:
    """Today's county codes (or xxxx00 city codes) for a possibly retired six-digit code.

    Unknown codes give ``()``. A current code gives itself.
    """
    code = _valid_code(code6)
    if code is None:
        return ()
    if is_current(code):
        return (code,)
    if code in SPECIAL_AREAS:
        return (code,)
    hit = _load().retired.get(code)
    if hit is None:
        return ()
    return hit[1]


def _city_part(a: _Areas, code: str) -> str:
    name = a.cities.get(code[:4], "")
    return "" if name in a.placeholders else name


def area_name(code: str) -> str | None:
    """The full name of a code: today's for a current code, the old one for a retired code."""
    c = _valid_code(code)
    if c is None:
        return None
    if c in SPECIAL_AREAS:
        return SPECIAL_AREAS[c]
    a = _load()
    province = a.provinces.get(c[:2] + "0000", "")
    if c in a.counties:
        city = _city_part(a, c)
        county = a.counties[c]
        if county == city:  # 东莞、中山、儋州、嘉峪关: no counties below the city
            county = ""
        return province + city + county
    if is_current(c):  # city or province
        return province + ("" if c.endswith("0000") else _city_part(a, c))
    hit = a.retired.get(c)
    if hit is None:
        return None
    old_name, _targets, parent = hit
    if parent and parent != old_name:
        return province + parent + old_name
    return province + old_name


def current_area_name(code: str) -> str | None:
    """Today's names of what ``code`` resolves to, e.g. ``"浙江省杭州市上城区、钱塘区"``."""
    names = [n for n in (area_name(c) for c in resolve_area(code)) if n]
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    # Factor out the common leading text (province / city) for readability.
    prefix = names[0]
    for n in names[1:]:
        while not n.startswith(prefix):
            prefix = prefix[:-1]
    # Cut back to a whole division name (ends with 省/市/区/州/盟/县).
    while prefix and prefix[-1] not in "省市区州盟":
        prefix = prefix[:-1]
    rest = [n[len(prefix) :] or n for n in names]
    return prefix + "、".join(rest)
