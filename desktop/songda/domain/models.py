"""Core domain objects. Names follow the glossary in DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Any, Final

# Fields of a standard address in output order (the `songda address parse` contract), defined
# with the JSON line writer, which needs them without importing this module
from songda.domain.json_line import ADDRESS_FIELDS as ADDRESS_FIELDS
from songda.domain.json_line import confidence_text, json_parts


class Source(StrEnum):
    """Where a candidate address came from (地址来源)."""

    HOUSEHOLD = "household"  # 户籍
    ID_CARD = "id_card"  # 身份证
    RESIDENCE = "residence"  # 居住/家庭
    WORK = "work"  # 单位
    DELIVERY = "delivery"  # 收货/快递
    CONTACT = "contact"  # 联系人
    OTHER = "other"
    OPERATOR = "operator"  # typed by an operator
    FEEDBACK = "feedback"  # learned from delivery

    @property
    def label_zh(self) -> str:
        return SOURCE_LABELS_ZH[self]


SOURCE_LABELS_ZH: Final[dict[Source, str]] = {
    Source.HOUSEHOLD: "户籍地址",
    Source.ID_CARD: "身份证地址",
    Source.RESIDENCE: "居住地址",
    Source.WORK: "单位地址",
    Source.DELIVERY: "收货地址",
    Source.CONTACT: "联系人地址",
    Source.OTHER: "其他地址",
    Source.OPERATOR: "人工录入",
    Source.FEEDBACK: "妥投反馈",
}


class AddressLevel(IntEnum):
    """How fine an address goes; higher is finer."""

    NONE = 0
    PROVINCE = 1
    CITY = 2
    DISTRICT = 3
    TOWN = 4
    VILLAGE = 5
    ROAD = 6
    POI = 7
    ROAD_NO = 8
    BUILDING = 9
    UNIT = 10
    FLOOR = 11
    ROOM = 12

    @property
    def key(self) -> str:
        return self.name.lower()


class CaseStatus(StrEnum):
    NEEDS_REVIEW = "needs_review"  # 待审核
    CONFIRMED = "confirmed"  # 已确认
    NO_VALID_ADDRESS = "no_valid_address"  # 无有效地址
    READY = "ready"  # 待发函
    SENT = "sent"  # 已发函
    SIGNED = "signed"  # 已签收
    RETURNED = "returned"  # 已退回
    NEW = "new"  # imported, not yet ranked

    @property
    def label_zh(self) -> str:
        return CASE_STATUS_LABELS_ZH[self]


CASE_STATUS_LABELS_ZH: Final[dict[CaseStatus, str]] = {
    CaseStatus.NEW: "新导入",
    CaseStatus.NEEDS_REVIEW: "待审核",
    CaseStatus.CONFIRMED: "已确认",
    CaseStatus.NO_VALID_ADDRESS: "无有效地址",
    CaseStatus.READY: "待发函",
    CaseStatus.SENT: "已发函",
    CaseStatus.SIGNED: "已签收",
    CaseStatus.RETURNED: "已退回",
}


class MailingStatus(StrEnum):
    CREATED = "created"  # recorded, not yet posted
    POSTED = "posted"  # 已交寄
    IN_TRANSIT = "in_transit"  # 在途
    SIGNED = "signed"  # 妥投/签收
    RETURNED = "returned"  # 退回/未妥投


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


# the fine fields in ADDRESS_FIELDS order, and where the first of them stands there
_FINE_KEYS: Final = ("road", "road_no", "poi", "building", "unit", "floor", "room")
_FINE_START: Final = 5


@dataclass(slots=True)
class Reason:
    """One explainable piece of a score: a stable code, Chinese label and points."""

    code: str
    label: str
    points: float

    def __init__(self, code: str, label: str, points: float) -> None:
        self.code = code
        self.label = label
        self.points = points


@dataclass(slots=True)
class Score:
    total: float
    reasons: list[Reason] = field(default_factory=list)

    def __init__(self, total: float, reasons: list[Reason] | None = None) -> None:
        self.total = total
        self.reasons = [] if reasons is None else reasons


@dataclass(slots=True)
class Candidate:
    case_id: int | None
    source: Source
    raw_text: str
    source_column: str | None = None
    id: int | None = None
    raw_postcode: str | None = None
    address_date: date | None = None
    standard: StandardAddress | None = None
    score: float | None = None
    rank: int | None = None
    reasons: list[Reason] = field(default_factory=list)
    chosen: bool = False
    status: str = "active"

    def __init__(
        self,
        case_id: int | None,
        source: Source,
        raw_text: str,
        source_column: str | None = None,
        id: int | None = None,
        raw_postcode: str | None = None,
        address_date: date | None = None,
        standard: StandardAddress | None = None,
        score: float | None = None,
        rank: int | None = None,
        reasons: list[Reason] | None = None,
        chosen: bool = False,
        status: str = "active",
    ) -> None:
        self.case_id = case_id
        self.source = source
        self.raw_text = raw_text
        self.source_column = source_column
        self.id = id
        self.raw_postcode = raw_postcode
        self.address_date = address_date
        self.standard = standard
        self.score = score
        self.rank = rank
        self.reasons = [] if reasons is None else reasons
        self.chosen = chosen
        self.status = status


@dataclass(slots=True)
class Case:
    case_no: str
    debtor_name: str
    id: int | None = None
    creditor: str | None = None
    id_number: str | None = None
    phones: list[str] = field(default_factory=list)
    amount_due: float | None = None
    principal: float | None = None
    interest: float | None = None
    overdue_days: int | None = None
    loan_date: date | None = None
    contract_no: str | None = None
    status: CaseStatus = CaseStatus.NEW
    extra: dict[str, Any] = field(default_factory=dict)
    candidates: list[Candidate] = field(default_factory=list)


@dataclass(slots=True)
class Batch:
    name: str
    template: str
    label_format: str
    id: int | None = None
    created_at: datetime | None = None
    status: str = "created"


@dataclass(slots=True)
class Mailing:
    batch_id: int
    case_id: int
    candidate_id: int
    tracking_no: str
    recipient: str
    address: str
    postcode: str | None = None
    id: int | None = None
    status: MailingStatus = MailingStatus.CREATED
    reason_code: str | None = None
