"""The delivery-history hook: outcomes already known, as ranking evidence.

The ``outcomes`` table is filled by the delivery-results module; its keys come from
:mod:`songda.delivery.keys` and are read here with the very same functions (CONTRACTS.md
"Delivery outcomes"): ``address`` (the normalised standard address), ``community``
(``<county code>|<poi>``) and ``source`` (the candidate's source type).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from songda.delivery.keys import address_key
from songda.native import reduce_frozen

ADDRESS: Final = "address"
COMMUNITY: Final = "community"
SOURCE: Final = "source"
KEY_KINDS: Final = (ADDRESS, COMMUNITY, SOURCE)


def outcome_keys(
    source: str, standard: str | None, adcode: str | None, poi: str | None
) -> dict[str, str]:
    """The outcome keys of one candidate that the ranking reads.

    Same values as :func:`songda.delivery.keys.outcome_keys`; the community key is only
    formed with a county code (the name-based fallback needs division names the scorer
    does not carry).
    """
    keys = {SOURCE: str(source)}
    addr = address_key(standard)
    if addr:
        keys[ADDRESS] = addr
    community = address_key(poi)
    if community and adcode and len(adcode) >= 6 and adcode[:6].isdigit():
        keys[COMMUNITY] = f"{adcode[:6]}|{community}"
    return keys


@dataclass(frozen=True, slots=True)
class OutcomeCounts:
    sent: int = 0
    signed: int = 0
    refused: int = 0
    not_there: int = 0
    bad_address: int = 0
    other_returned: int = 0

    @property
    def returned(self) -> int:
        return self.refused + self.not_there + self.bad_address + self.other_returned

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


class OutcomeBook:
    """Outcome counts by (key_kind, key), loaded once per ranking run."""

    def __init__(self, rows: Iterable[tuple[str, str, OutcomeCounts]] = ()) -> None:
        self._by: dict[str, dict[str, OutcomeCounts]] = {k: {} for k in KEY_KINDS}
        for kind, key, counts in rows:
            if kind in self._by:
                self._by[kind][key] = counts
        sources = self._by[SOURCE].values()
        sent = sum(c.sent for c in sources)
        self.overall_rate: float | None = sum(c.signed for c in sources) / sent if sent else None

    @property
    def empty(self) -> bool:
        return not any(self._by[k] for k in KEY_KINDS)

    def get(self, kind: str, key: str | None) -> OutcomeCounts | None:
        if not key:
            return None
        return self._by.get(kind, {}).get(key)

    @classmethod
    def from_mapping(cls, data: Mapping[tuple[str, str], OutcomeCounts]) -> OutcomeBook:
        return cls((k[0], k[1], v) for k, v in data.items())
