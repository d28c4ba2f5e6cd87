"""What the scorer sees of a case and its candidates (built from the store or from objects)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from songda.domain.models import StandardAddress


@dataclass(slots=True)
class CandidateInput:
    """One candidate, flattened for fast scoring."""

    id: int | None
    source: str  # a songda.domain.models.Source value
    raw: str
    standard: str = ""  # the standard address as one line
    adcode: str | None = None
    level: str = "none"
    valid: bool = False
    issues: tuple[str, ...] = ()
    confidence: float = 0.0
    poi: str | None = None
    village: str | None = None
    town: str | None = None
    address_date: date | None = None
    status: str = "active"  # active / invalid / returned / removed
    chosen: bool = False
    source_column: str | None = None

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        id: int | None,
        source: str,
        raw: str,
        standard: str = "",
        adcode: str | None = None,
        level: str = "none",
        valid: bool = False,
        issues: tuple[str, ...] = (),
        confidence: float = 0.0,
        poi: str | None = None,
        village: str | None = None,
        town: str | None = None,
        address_date: date | None = None,
        status: str = "active",
        chosen: bool = False,
        source_column: str | None = None,
    ) -> None:
        self.id = id
        self.source = source
        self.raw = raw
        self.standard = standard
        self.adcode = adcode
        self.level = level
        self.valid = valid
        self.issues = issues
        self.confidence = confidence
        self.poi = poi
        self.village = village
        self.town = town
        self.address_date = address_date
        self.status = status
        self.chosen = chosen
        self.source_column = source_column

    @classmethod
    def from_standard(
        cls,
        std: StandardAddress,
        source: str,
        *,
        id: int | None = None,
        address_date: date | None = None,
        status: str = "active",
        chosen: bool = False,
    ) -> CandidateInput:
        return cls(
            id=id,
            source=str(source),
            raw=std.raw,
            standard=std.text(),
            adcode=std.adcode,
            level=std.level,
            valid=std.valid,
            issues=tuple(std.issues),
            confidence=std.confidence,
            poi=std.poi,
            village=std.village,
            town=std.town,
            address_date=address_date,
            status=status,
            chosen=chosen,
        )


@dataclass(slots=True)
class CaseContext:
    """Facts about the debtor used as evidence: ID area and phone cities."""

    # current 6-digit county codes the ID number's area maps to (retired codes resolved)
    id_area_codes: frozenset[str] = frozenset()
    # 4-digit city codes of the debtor's phones
    phone_cities: frozenset[str] = frozenset()
    today: date = field(default_factory=date.today)

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        id_area_codes: frozenset[str] = frozenset(),
        phone_cities: frozenset[str] = frozenset(),
        today: date | None = None,
    ) -> None:
        self.id_area_codes = id_area_codes
        self.phone_cities = phone_cities
        self.today = date.today() if today is None else today
