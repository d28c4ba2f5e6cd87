"""The standard address: one parsed, completed, current-name address (``songda.address``'s
result), its one-line text and its JSON line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from songda.domain.json_line import ADDRESS_FIELDS, confidence_text, json_parts

# the fine fields in ADDRESS_FIELDS order, and where the first of them stands there
_FINE_KEYS: Final = ("road", "road_no", "poi", "building", "unit", "floor", "room")
_FINE_START: Final = 5


@dataclass(slots=True)
class StandardAddress:
    """Parsed, completed, current-name form of one address."""

    raw: str = ""
    province: str | None = None
    city: str | None = None
    district: str | None = None
    town: str | None = None
    village: str | None = None
    road: str | None = None
    road_no: str | None = None
    poi: str | None = None
    building: str | None = None
    unit: str | None = None
    floor: str | None = None
    room: str | None = None
    detail: str | None = None
    spans: dict[str, str | None] = field(default_factory=dict)
    adcode: str | None = None
    postcode: str | None = None
    level: str = "none"
    valid: bool = False
    issues: list[str] = field(default_factory=list)
    confidence: float = 0.0
    # what was corrected or inferred, for display: {"district": "海定区→海淀区"}
    notes: dict[str, str] = field(default_factory=dict)

    # The __init__ methods of the hot classes are spelled out (see songda.native).
    def __init__(
        self,
        raw: str = "",
        province: str | None = None,
        city: str | None = None,
        district: str | None = None,
        town: str | None = None,
        village: str | None = None,
        road: str | None = None,
        road_no: str | None = None,
        poi: str | None = None,
        building: str | None = None,
        unit: str | None = None,
        floor: str | None = None,
        room: str | None = None,
        detail: str | None = None,
        spans: dict[str, str | None] | None = None,
        adcode: str | None = None,
        postcode: str | None = None,
        level: str = "none",
        valid: bool = False,
        issues: list[str] | None = None,
        confidence: float = 0.0,
        notes: dict[str, str] | None = None,
    ) -> None:
        self.raw = raw
        self.province = province
        self.city = city
        self.district = district
        self.town = town
        self.village = village
        self.road = road
        self.road_no = road_no
        self.poi = poi
        self.building = building
        self.unit = unit
        self.floor = floor
        self.room = room
        self.detail = detail
        self.spans = {} if spans is None else spans
        self.adcode = adcode
        self.postcode = postcode
        self.level = level
        self.valid = valid
        self.issues = [] if issues is None else issues
        self.confidence = confidence
        self.notes = {} if notes is None else notes

    def copy(self) -> StandardAddress:
        """A copy whose spans, issues and notes are the copy's own (``dataclasses.replace``
        does the same, several times slower: parse returns a copy of a remembered result)."""
        return StandardAddress(
            self.raw,
            self.province,
            self.city,
            self.district,
            self.town,
            self.village,
            self.road,
            self.road_no,
            self.poi,
            self.building,
            self.unit,
            self.floor,
            self.room,
            self.detail,
            dict(self.spans),
            self.adcode,
            self.postcode,
            self.level,
            self.valid,
            list(self.issues),
            self.confidence,
            dict(self.notes),
        )

    def _address_values(self) -> tuple[str | None, ...]:
        """The values of ADDRESS_FIELDS, in that order (spelled out: getattr by name is slow
        in compiled code; a test checks the order)."""
        return (
            self.province,
            self.city,
            self.district,
            self.town,
            self.village,
            self.road,
            self.road_no,
            self.poi,
            self.building,
            self.unit,
            self.floor,
            self.room,
            self.detail,
        )

    def set_field(self, key: str, value: str | None) -> None:
        """``setattr(self, key, value)`` for a key of ADDRESS_FIELDS, spelled out: by name,
        compiled code goes through the attribute machinery (a test checks every key)."""
        if key == "province":
            self.province = value
        elif key == "city":
            self.city = value
        elif key == "district":
            self.district = value
        elif key == "town":
            self.town = value
        elif key == "village":
            self.village = value
        elif key == "road":
            self.road = value
        elif key == "road_no":
            self.road_no = value
        elif key == "poi":
            self.poi = value
        elif key == "building":
            self.building = value
        elif key == "unit":
            self.unit = value
        elif key == "floor":
            self.floor = value
        elif key == "room":
            self.room = value
        elif key == "detail":
            self.detail = value
        else:
            setattr(self, key, value)

    def field(self, key: str) -> str | None:
        """``getattr(self, key)`` for a key of ADDRESS_FIELDS, spelled out (see set_field)."""
        if key == "province":
            return self.province
        elif key == "city":
            return self.city
        elif key == "district":
            return self.district
        elif key == "town":
            return self.town
        elif key == "village":
            return self.village
        elif key == "road":
            return self.road
        elif key == "road_no":
            return self.road_no
        elif key == "poi":
            return self.poi
        elif key == "building":
            return self.building
        elif key == "unit":
            return self.unit
        elif key == "floor":
            return self.floor
        elif key == "room":
            return self.room
        elif key == "detail":
            return self.detail
        value: str | None = getattr(self, key)
        return value

    def text(self) -> str:
        """The standard address as one line (divisions + detail), the detail where the raw
        text has it among the fine fields (锦绣新村东区30栋: not …1803室东区 on the envelope)."""
        values = list(self._address_values())
        if self.detail:
            slot = self._detail_slot()
            if slot is not None:
                values.insert(slot, values.pop())
        parts: list[str] = []
        for v in values:
            if v and (not parts or parts[-1] != v):
                parts.append(v)
        return "".join(parts)

    def _detail_slot(self) -> int | None:
        """Where the detail goes in :meth:`_address_values` so that it follows the raw text:
        before the first fine field written after it; None to leave it last (its span not
        found, or holding another field's, as a detail of several pieces does)."""
        raw = self.raw
        span = self.spans.get("detail")
        at = raw.find(span) if span else -1
        if at < 0:
            return None
        end = at + len(span or "")
        for i, key in enumerate(_FINE_KEYS):
            other = self.spans.get(key)
            if not other:
                continue
            pos = raw.find(other)
            if at <= pos < end:
                return None  # the detail holds it
            if pos > at:
                return _FINE_START + i
        return None

    def to_json(self) -> str:
        """``to_dict()`` as compact JSON (``ensure_ascii=False``, separators ``,`` ``:``),
        written directly by :func:`songda.domain.json_line.json_parts`: ``songda address
        parse`` prints one per address, and building the dict and running the JSON encoder
        cost as much as a third of a parse."""
        parts: list[str] = []
        self.write_json(parts)
        return "".join(parts)

    def write_json(self, parts: list[str]) -> None:
        """:meth:`to_json`'s pieces appended to ``parts``."""
        sp = self.spans
        values: list[str | None] = list(self._address_values())
        for key in ADDRESS_FIELDS:
            values.append(sp.get(key))
        values.append(self.adcode)
        values.append(self.postcode)
        conf = confidence_text(self.confidence)
        json_parts(parts, values, self.level, self.valid, self.issues, conf)

    def to_dict(self) -> dict[str, Any]:
        # spelled out rather than looped over ADDRESS_FIELDS: this runs once per address
        # in batch parsing (a test checks the keys against ADDRESS_FIELDS)
        sp = self.spans.get
        return {
            "province": self.province,
            "city": self.city,
            "district": self.district,
            "town": self.town,
            "village": self.village,
            "road": self.road,
            "road_no": self.road_no,
            "poi": self.poi,
            "building": self.building,
            "unit": self.unit,
            "floor": self.floor,
            "room": self.room,
            "detail": self.detail,
            "spans": {
                "province": sp("province"),
                "city": sp("city"),
                "district": sp("district"),
                "town": sp("town"),
                "village": sp("village"),
                "road": sp("road"),
                "road_no": sp("road_no"),
                "poi": sp("poi"),
                "building": sp("building"),
                "unit": sp("unit"),
                "floor": sp("floor"),
                "room": sp("room"),
                "detail": sp("detail"),
            },
            "adcode": self.adcode,
            "postcode": self.postcode,
            "level": self.level,
            "valid": self.valid,
            "issues": list(self.issues),
            "confidence": round(self.confidence, 3),
        }
