"""Agreement between the candidates of one case: the same place reported by several sources.

Candidates are grouped when their standard addresses are near-duplicates (rapidfuzz ratio)
inside the same county, or when a precise-enough shorter address is a prefix of a longer one
(建国路88号 and 建国路88号3栋501). Only addresses below district level take part: two
sources saying "朝阳区" agree on nothing deliverable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from rapidfuzz import fuzz

from songda.domain.models import AddressLevel

# levels fine enough for two addresses to be "the same place"
AGREE_MIN: Final = AddressLevel.VILLAGE.value
PREFIX_MIN: Final = AddressLevel.POI.value
LEVEL_VALUE: Final[dict[str, int]] = {lv.key: lv.value for lv in AddressLevel}
_ratio = fuzz.ratio


def level_value(level: str | None) -> int:
    return LEVEL_VALUE.get(level or "none", 0)


def group_places(
    keys: Sequence[str],
    counties: Sequence[str],
    levels: Sequence[int],
    similarity: float,
) -> list[int]:
    """Group per candidate: the index of its group's first member (itself when alone).

    ``keys`` are standard addresses ("" = does not take part), ``counties`` their first six
    adcode digits ("" unknown), ``levels`` their :class:`AddressLevel` values.
    """
    n = len(keys)
    group = list(range(n))
    take = [i for i in range(n) if keys[i] and levels[i] >= AGREE_MIN]
    if len(take) < 2:
        return group
    for a in range(len(take)):
        i = take[a]
        ki, ci, li = keys[i], counties[i], levels[i]
        for b in range(a + 1, len(take)):
            j = take[b]
            if group[j] == group[i]:
                continue
            cj = counties[j]
            if ci and cj and ci != cj:
                continue
            kj = keys[j]
            if not (ki == kj or _same_place(ki, kj, li, levels[j], similarity)):
                continue
            # merge j's group into i's (lowest index stays the group id)
            gi, gj = group[i], group[j]
            lo, hi = (gi, gj) if gi < gj else (gj, gi)
            for k in range(n):
                if group[k] == hi:
                    group[k] = lo
    return group


def _same_place(a: str, b: str, la: int, lb: int, similarity: float) -> bool:
    if _ratio(a, b, score_cutoff=similarity):
        return True
    # the less precise one is a prefix of the more precise one
    if len(a) < len(b):
        return la >= PREFIX_MIN and b.startswith(a)
    return lb >= PREFIX_MIN and a.startswith(b)
