"""Core domain objects. Names follow the glossary in DESIGN.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Any, Final

# Fields of a standard address in output order (the `songda address parse` contract), defined
# with the JSON line writer, which needs them without importing this module
from songda.domain.json_line import ADDRESS_FIELDS as ADDRESS_FIELDS
from songda.domain.standard_address import StandardAddress as StandardAddress


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
