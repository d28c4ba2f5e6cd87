"""Keys of the ``outcomes`` table: the same functions for the writer (feedback) and the
reader (ranking), so both sides agree byte for byte. See CONTRACTS.md "Delivery outcomes".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

_SPACE = re.compile(r"\s+")

KEY_KINDS: tuple[str, ...] = ("address", "community", "source", "reason", "area")


def address_key(standard: str | None) -> str | None:
    """The normalised standard address: NFKC (full-width → half-width), no whitespace."""
    if not standard:
        return None
    s = _SPACE.sub("", unicodedata.normalize("NFKC", standard))
    return s or None


def community_key(cand: Mapping[str, Any]) -> str | None:
    """``<district adcode>|<poi>`` (district adcode = first 6 digits of the adcode; without
    an adcode, the province+city+district names). None when the candidate has no POI."""
    poi = address_key(cand.get("poi"))
    if not poi:
        return None
    adcode = str(cand.get("adcode") or "")
    if len(adcode) >= 6 and adcode[:6].isdigit():
        area = adcode[:6]
    else:
        area = "".join(str(cand.get(k) or "") for k in ("province", "city", "district"))
    return f"{area}|{poi}"


def area_key(cand: Mapping[str, Any]) -> str | None:
    """The finest division code known (town 9 digits, or district 6), for area learning."""
    adcode = str(cand.get("adcode") or "")
    if len(adcode) >= 9 and adcode[:9].isdigit():
        return adcode[:9]
    if len(adcode) >= 6 and adcode[:6].isdigit():
        return adcode[:6]
    return None


def outcome_keys(cand: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (key_kind, key) a mailing to this candidate counts under (except ``reason``).

    ``cand`` is a candidates row (``standard``, ``poi``, ``adcode``, ``province``, ``city``,
    ``district``, ``source``); ``standard`` falls back to ``address`` (the printed address).
    """
    keys: list[tuple[str, str]] = []
    a = address_key(cand.get("standard") or cand.get("address"))
    if a:
        keys.append(("address", a))
    c = community_key(cand)
    if c:
        keys.append(("community", c))
    if cand.get("source"):
        keys.append(("source", str(cand["source"])))
    ar = area_key(cand)
    if ar:
        keys.append(("area", ar))
    return keys
