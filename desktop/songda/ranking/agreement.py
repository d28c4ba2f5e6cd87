"""Agreement between the candidates of one case: the same place reported by several sources.

Candidates are grouped when their standard addresses are near-duplicates (rapidfuzz ratio on
match keys) inside the same county, or when a precise-enough shorter address is a prefix of a
longer one (建国路88号 and 建国路88号3栋501). Only addresses below district level take part: two
sources saying "朝阳区" agree on nothing deliverable.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from songda.domain.models import AddressLevel

# levels fine enough for two addresses to be "the same place"
_AGREE_MIN = AddressLevel.VILLAGE.value
_PREFIX_MIN = AddressLevel.POI.value
_LEVEL_VALUE: dict[str, int] = {lv.key: lv.value for lv in AddressLevel}


def level_value(level: str | None) -> int:
    return _LEVEL_VALUE.get(level or "none", 0)


def group_places(
    keys: Sequence[str],
    adcodes: Sequence[str | None],
    levels: Sequence[str],
    similarity: float,
) -> list[int]:
    """Group index per candidate (index of the group's first member); singletons map to self."""
    n = len(keys)
    parent = list(range(n))
    if n < 2:
        return parent
    lv = [level_value(x) for x in levels]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(n):
        ki = keys[i]
        if not ki or lv[i] < _AGREE_MIN:
            continue
        ai = (adcodes[i] or "")[:6]
        for j in range(i + 1, n):
            kj = keys[j]
            if not kj or lv[j] < _AGREE_MIN:
                continue
            aj = (adcodes[j] or "")[:6]
            if ai and aj and ai != aj:
                continue
            if ki == kj or _same_place(ki, kj, lv[i], lv[j], similarity):
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
    return [find(i) for i in range(n)]


def _same_place(a: str, b: str, la: int, lb: int, similarity: float) -> bool:
    if fuzz.ratio(a, b) >= similarity:
        return True
    # the less precise one is a prefix of the more precise one
    if len(a) < len(b):
        return la >= _PREFIX_MIN and b.startswith(a)
    return lb >= _PREFIX_MIN and a.startswith(b)
