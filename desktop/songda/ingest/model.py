"""Plain records the importer produces and the report it returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from songda.domain.models import Source


@dataclass(slots=True)
class CandidateRecord:
    source: Source
    source_column: str
    raw_text: str
    raw_postcode: str | None = None
    address_date: str | None = None  # ISO date
    key: str = ""  # normalised text for de-duplication inside a case

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        source: Source,
        source_column: str,
        raw_text: str,
        raw_postcode: str | None = None,
        address_date: str | None = None,
        key: str = "",
    ) -> None:
        self.source = source
        self.source_column = source_column
        self.raw_text = raw_text
        self.raw_postcode = raw_postcode
        self.address_date = address_date
        self.key = key


@dataclass(slots=True)
class CaseRecord:
    """One case read from one or more rows of a file."""

    case_no: str
    debtor_name: str
    row_no: int  # first spreadsheet row
    creditor: str | None = None
    id_number: str | None = None
    phones: list[str] = field(default_factory=list)
    amount_due: float | None = None
    principal: float | None = None
    interest: float | None = None
    overdue_days: int | None = None
    loan_date: str | None = None
    contract_no: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    candidates: list[CandidateRecord] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        case_no: str,
        debtor_name: str,
        row_no: int,
        creditor: str | None = None,
        id_number: str | None = None,
        phones: list[str] | None = None,
        amount_due: float | None = None,
        principal: float | None = None,
        interest: float | None = None,
        overdue_days: int | None = None,
        loan_date: str | None = None,
        contract_no: str | None = None,
        extra: dict[str, Any] | None = None,
        candidates: list[CandidateRecord] | None = None,
        rows: list[int] | None = None,
    ) -> None:
        self.case_no = case_no
        self.debtor_name = debtor_name
        self.row_no = row_no
        self.creditor = creditor
        self.id_number = id_number
        self.phones = [] if phones is None else phones
        self.amount_due = amount_due
        self.principal = principal
        self.interest = interest
        self.overdue_days = overdue_days
        self.loan_date = loan_date
        self.contract_no = contract_no
        self.extra = {} if extra is None else extra
        self.candidates = [] if candidates is None else candidates
        self.rows = [] if rows is None else rows

    def fields(self) -> dict[str, Any]:
        """The columns of ``cases`` this record sets."""
        return {
            "creditor": self.creditor,
            "debtor_name": self.debtor_name,
            "id_number": self.id_number,
            "phones": self.phones,
            "phone_tail": self.phones[0][-4:] if self.phones else None,
            "amount_due": self.amount_due,
            "principal": self.principal,
            "interest": self.interest,
            "overdue_days": self.overdue_days,
            "loan_date": self.loan_date,
            "contract_no": self.contract_no,
            "extra": self.extra,
        }


@dataclass(slots=True)
class Reason:
    code: str
    message: str  # Chinese, for the operator


@dataclass(slots=True)
class RejectedRow:
    row_no: int
    reasons: list[Reason]
    data: dict[str, Any]  # header -> original cell value

    @property
    def reason_text(self) -> str:
        return "；".join(r.message for r in self.reasons)


@dataclass(slots=True)
class FileReport:
    path: str
    file_name: str
    sha256: str
    sheet: str = ""
    header_row: int = 0
    layout: str = "wide"  # wide / long
    encoding: str | None = None
    profile: str | None = None
    mapping: dict[str, str | None] = field(default_factory=dict)
    import_id: int | None = None
    already_imported: list[int] = field(default_factory=list)  # earlier imports, same sha256
    skipped: bool = False  # not stored again because the same file was imported before
    rows_total: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    rows_skipped: int = 0  # total rows such as 合计
    cases_new: int = 0
    cases_updated: int = 0
    cases_unchanged: int = 0
    candidates_new: int = 0
    candidates_duplicate: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("case_ids")
        for r in d["rejected"]:
            r["reason_text"] = "；".join(x["message"] for x in r["reasons"])
        return d


@dataclass(slots=True)
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    ranked: int = 0  # cases ranked after the import
    parsed: int = 0  # candidates parsed by the address engine
    by_status: dict[str, int] = field(default_factory=dict)  # case status after ranking
    rank_note: str | None = None  # why ranking did not finish
    cancelled: bool = False

    @property
    def case_ids(self) -> list[int]:
        seen: dict[int, None] = {}
        for f in self.files:
            for cid in f.case_ids:
                seen[cid] = None
        return list(seen)

    def totals(self) -> dict[str, int]:
        keys = (
            "rows_total",
            "rows_imported",
            "rows_rejected",
            "rows_skipped",
            "cases_new",
            "cases_updated",
            "candidates_new",
            "candidates_duplicate",
        )
        return {k: sum(int(getattr(f, k)) for f in self.files) for k in keys}

    def summary_zh(self) -> str:
        """One line for a status bar."""
        t = self.totals()
        parts = [
            f"{len(self.files)} 个文件",
            f"新增案件 {t['cases_new']}",
            f"更新 {t['cases_updated']}",
            f"新增地址 {t['candidates_new']}",
            f"拒绝 {t['rows_rejected']} 行",
        ]
        skipped = sum(1 for f in self.files if f.skipped)
        if skipped:
            parts.append(f"{skipped} 个文件此前已导入，未重复导入")
        if self.ranked:
            parts.append(f"已排序 {self.ranked}")
        if self.rank_note:
            parts.append(self.rank_note)
        return "，".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": [f.to_dict() for f in self.files],
            "totals": self.totals(),
            "ranked": self.ranked,
            "parsed": self.parsed,
            "by_status": self.by_status,
            "rank_note": self.rank_note,
            "cancelled": self.cancelled,
        }
