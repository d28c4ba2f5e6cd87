"""Rows → case records: typed values, validation with reasons, long layout, duplicates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from songda.domain.models import Source
from songda.ingest.columns import IGNORE, SINGLE_FIELDS, source_of, synonyms
from songda.ingest.identity import check_id, normalize_phones
from songda.ingest.model import CandidateRecord, CaseRecord, Reason, RejectedRow
from songda.ingest.readers import Row
from songda.ingest.values import (
    MAX_FIELD_CHARS,
    cell_text,
    clean_address,
    clean_name,
    is_blank,
    json_cell,
    normalized_key,
    parse_amount,
    parse_date,
    parse_int,
)

CONFLICT_FIELDS: Final = ("debtor_name", "id_number", "creditor", "amount_due", "principal")
FIELD_NAMES_ZH: Final = {
    "debtor_name": "姓名",
    "id_number": "身份证号",
    "creditor": "委托方",
    "amount_due": "欠款金额",
    "principal": "本金",
}


@dataclass(slots=True)
class AddressColumn:
    column: int
    source: Source
    header: str
    postcode_col: int | None = None
    date_col: int | None = None


@dataclass(slots=True)
class Plan:
    """Column indexes resolved from a mapping."""

    single: dict[str, int]
    phones: list[int]
    addresses: list[AddressColumn]
    long_address: int | None  # the generic 地址 column of a long layout
    long_type: int | None
    long_postcode: int | None
    long_date: int | None
    extra: list[int]
    headers: list[str]
    loose_postcode: int | None = None  # 邮编 not tied to a source: nearest filled address
    loose_date: int | None = None

    @property
    def layout(self) -> str:
        return "long" if self.long_type is not None and self.long_address is not None else "wide"


def resolve(headers: list[str], mapping: dict[str, str | None]) -> Plan:
    """Turn ``header → field`` into column indexes; attach postcodes and dates to addresses."""
    single: dict[str, int] = {}
    phones: list[int] = []
    addresses: list[AddressColumn] = []
    generic: list[int] = []
    extra: list[int] = []
    postcodes: list[tuple[int, Source | None]] = []
    dates: list[tuple[int, Source | None]] = []
    for i, h in enumerate(headers):
        f = mapping.get(h)
        if f is None:
            extra.append(i)
        elif f == IGNORE:
            continue
        elif f == "phone":
            phones.append(i)
        elif f in SINGLE_FIELDS:
            if f in single:
                extra.append(i)
            else:
                single[f] = i
        elif f.startswith("address."):
            addresses.append(AddressColumn(i, Source(f.split(".", 1)[1]), h))
        elif f == "address":
            generic.append(i)
        elif f.split(".")[0] == "postcode":
            postcodes.append((i, Source(f.split(".", 1)[1]) if "." in f else None))
        elif f.split(".")[0] == "address_date":
            dates.append((i, Source(f.split(".", 1)[1]) if "." in f else None))
        else:
            extra.append(i)
    long_type = single.pop("address_type", None)
    long_address: int | None = None
    if long_type is not None and generic:
        long_address = generic.pop(0)
    for i in generic:
        addresses.append(AddressColumn(i, source_of(headers[i]) or Source.OTHER, headers[i]))
    addresses.sort(key=lambda a: a.column)
    long_postcode = long_date = loose_postcode = loose_date = None
    for col, src in postcodes:
        target = _attach(addresses, src)
        if target is None and long_address is not None and long_postcode is None:
            long_postcode = col
        elif target is None and addresses and loose_postcode is None:
            loose_postcode = col
        elif target is not None and target.postcode_col is None:
            target.postcode_col = col
        else:
            extra.append(col)
    for col, src in dates:
        target = _attach(addresses, src)
        if target is None and long_address is not None and long_date is None:
            long_date = col
        elif target is None and addresses and loose_date is None:
            loose_date = col
        elif target is not None and target.date_col is None:
            target.date_col = col
        else:
            extra.append(col)
    return Plan(
        single,
        phones,
        addresses,
        long_address,
        long_type,
        long_postcode,
        long_date,
        sorted(extra),
        headers,
        loose_postcode,
        loose_date,
    )


def _attach(addresses: list[AddressColumn], src: Source | None) -> AddressColumn | None:
    if src is not None:
        for a in addresses:
            if a.source == src:
                return a
    return None


@dataclass(slots=True)
class RowsResult:
    cases: list[CaseRecord] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    skipped: int = 0
    total: int = 0
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _cell(row: Row, i: int | None) -> object:
    if i is None or i >= len(row):
        return None
    return row[i]


_TOTAL_FIRST: Final = "合总小共"


def _is_total_row(row: Row) -> bool:
    for c in row:
        if not is_blank(c):
            if not isinstance(c, str) or c.lstrip()[:1] not in _TOTAL_FIRST:
                return False
            t = c.replace(" ", "")
            return any(t.startswith(w) for w in synonyms().total_row)
    return False


def build_cases(
    rows: list[Row],
    first_data_index: int,
    plan: Plan,
    *,
    check: Callable[[], None] = lambda: None,
    tick: Callable[[int], None] = lambda n: None,
) -> RowsResult:
    """Read data rows (``rows[first_data_index:]``) into case records."""
    out = RowsResult()
    by_no: dict[str, CaseRecord] = {}
    keys: dict[str, set[str]] = {}
    rows_of: dict[str, list[tuple[int, Row]]] = {}
    headers = plan.headers
    width = len(headers)

    def row_data(row: Row) -> dict[str, Any]:
        """The original cells by header (only built for rejected rows)."""
        data = {headers[i]: json_cell(row[i]) for i in range(min(width, len(row)))}
        for i in range(width, len(row)):
            if not is_blank(row[i]):
                data[f"列{i + 1}"] = json_cell(row[i])
        return data

    for offset, row in enumerate(rows[first_data_index:]):
        if offset % 2000 == 0:
            check()
            tick(offset)
        row_no = first_data_index + offset + 1
        if all(is_blank(c) for c in row):
            continue
        if _is_total_row(row):
            out.skipped += 1
            continue
        out.total += 1
        rec, reasons, warnings = _read_row(row, row_no, plan)
        if warnings:
            out.warnings.extend(warnings)
        if rec is None or reasons:
            out.rejected.append(RejectedRow(row_no, reasons, row_data(row)))
            continue
        prev = by_no.get(rec.case_no)
        if prev is None:
            by_no[rec.case_no] = rec
            keys[rec.case_no] = set()
            rows_of[rec.case_no] = []
            _add_candidates(rec, rec.candidates, keys[rec.case_no], fresh=True)
            rows_of[rec.case_no].append((row_no, row))
            continue
        diff = [
            f
            for f in CONFLICT_FIELDS
            if getattr(rec, f) not in (None, "")
            and getattr(prev, f) not in (None, "")
            and getattr(rec, f) != getattr(prev, f)
        ]
        if diff:
            names = "、".join(FIELD_NAMES_ZH[f] for f in diff)
            msg = f"案件编号 {rec.case_no} 与第 {prev.row_no} 行重复，但{names}不同"
            out.conflicts.append(f"第 {row_no} 行：{msg}")
            out.rejected.append(
                RejectedRow(row_no, [Reason("duplicate_conflict", msg)], row_data(row))
            )
            continue
        _merge(prev, rec)
        _add_candidates(prev, rec.candidates, keys[rec.case_no], fresh=False)
        rows_of[rec.case_no].append((row_no, row))
    tick(len(rows) - first_data_index)
    for case_no, rec in by_no.items():
        if rec.candidates and rec.debtor_name:
            out.cases.append(rec)
            continue
        reason = (
            Reason("missing_name", "缺少姓名")
            if not rec.debtor_name
            else Reason("no_address", "没有任何地址")
        )
        for row_no, row in rows_of[case_no]:
            out.rejected.append(RejectedRow(row_no, [reason], row_data(row)))
    out.rejected.sort(key=lambda r: r.row_no)
    return out


def _add_candidates(
    rec: CaseRecord, new: list[CandidateRecord], seen: set[str], *, fresh: bool
) -> None:
    kept = [] if fresh else rec.candidates
    for cand in new:
        k = cand.key
        if k in seen:
            continue
        seen.add(k)
        kept.append(cand)
    rec.candidates = kept


def _merge(prev: CaseRecord, rec: CaseRecord) -> None:
    """A later row of the same case (long layout, or a repeated row) fills gaps."""
    for f in ("debtor_name", "creditor", "id_number", "amount_due", "principal", "interest"):
        if getattr(prev, f) in (None, "") and getattr(rec, f) not in (None, ""):
            setattr(prev, f, getattr(rec, f))
    for f in ("overdue_days", "loan_date", "contract_no"):
        if getattr(prev, f) is None and getattr(rec, f) is not None:
            setattr(prev, f, getattr(rec, f))
    for p in rec.phones:
        if p not in prev.phones:
            prev.phones.append(p)
    for k, v in rec.extra.items():
        prev.extra.setdefault(k, v)
    prev.rows.append(rec.row_no)


def _read_row(
    row: Row, row_no: int, plan: Plan
) -> tuple[CaseRecord | None, list[Reason], list[str]]:
    reasons: list[Reason] = []
    warnings: list[str] = []
    headers = plan.headers
    if max([len(c) for c in row if type(c) is str], default=0) > MAX_FIELD_CHARS:
        for i, c in enumerate(row):
            if isinstance(c, str) and len(c) > MAX_FIELD_CHARS:
                h = headers[i] if i < len(headers) else f"列{i + 1}"
                reasons.append(
                    Reason("field_too_long", f"“{h}”超过 {MAX_FIELD_CHARS} 个字符（{len(c)} 个）")
                )
    s = plan.single
    case_no = cell_text(_cell(row, s.get("case_no")))
    name = clean_name(_cell(row, s.get("debtor_name")))
    if not case_no:
        reasons.append(Reason("missing_case_no", "缺少案件编号"))
    if not name and plan.layout == "wide":
        reasons.append(Reason("missing_name", "缺少姓名"))
    id_res = check_id(_cell(row, s.get("id_number")))
    if id_res is not None and not id_res.ok:
        reasons.append(Reason(id_res.code, id_res.message_zh))
    rec = CaseRecord(case_no=case_no, debtor_name=name, row_no=row_no, rows=[row_no])
    rec.id_number = id_res.number if id_res is not None and id_res.ok else None
    rec.creditor = cell_text(_cell(row, s.get("creditor"))) or None
    rec.contract_no = cell_text(_cell(row, s.get("contract_no"))) or None
    for f, parse in (("amount_due", parse_amount), ("principal", parse_amount)):
        _typed(rec, f, parse, row, s, headers, row_no, warnings)
    _typed(rec, "interest", parse_amount, row, s, headers, row_no, warnings)
    _typed(rec, "overdue_days", parse_int, row, s, headers, row_no, warnings)
    _typed(rec, "loan_date", _iso_date, row, s, headers, row_no, warnings)
    raw_phones: list[object] = []
    for i in plan.phones:
        raw_phones.append(_cell(row, i))
    rec.phones = normalize_phones(raw_phones)
    filled: list[tuple[int, int]] = []  # (column, index in rec.candidates)
    for a in plan.addresses:
        if _address(rec, _cell(row, a.column), a.source, a.header, row, a.postcode_col, a.date_col):
            filled.append((a.column, len(rec.candidates) - 1))
    if filled:
        _loose(rec, row, filled, plan.loose_postcode, "raw_postcode")
        _loose(rec, row, filled, plan.loose_date, "address_date")
    if plan.long_address is not None:
        tcell = cell_text(_cell(row, plan.long_type))
        src = source_of(tcell) or Source.OTHER
        label = f"{headers[plan.long_address]}/{tcell}" if tcell else headers[plan.long_address]
        _address(
            rec,
            _cell(row, plan.long_address),
            src,
            label,
            row,
            plan.long_postcode,
            plan.long_date,
        )
    for i in plan.extra:
        v = _cell(row, i)
        if not is_blank(v):
            rec.extra[headers[i]] = json_cell(v)
    if plan.layout == "wide" and not rec.candidates and not reasons:
        reasons.append(Reason("no_address", "没有任何地址"))
    return (None if not case_no else rec), reasons, warnings


def _loose(
    rec: CaseRecord, row: Row, filled: list[tuple[int, int]], col: int | None, attr: str
) -> None:
    """A postcode or date column not tied to a source belongs to the nearest filled address
    on its left (else the first filled one), unless that address has its own."""
    if col is None or is_blank(_cell(row, col)):
        return
    left = [idx for c, idx in filled if c < col]
    cand = rec.candidates[left[-1] if left else filled[0][1]]
    if getattr(cand, attr) is not None:
        return
    if attr == "raw_postcode":
        cand.raw_postcode = _postcode(_cell(row, col))
    else:
        try:
            cand.address_date = _iso_date(_cell(row, col))
        except (ValueError, TypeError, OverflowError):
            pass


def _postcode(value: object) -> str | None:
    postcode = cell_text(value) or None
    if postcode and postcode.isdigit() and len(postcode) < 6:
        postcode = postcode.zfill(6)  # Excel drops the leading zero of 0xxxxx
    return postcode


def _iso_date(value: object) -> str | None:
    d = parse_date(value)
    return d.isoformat() if d else None


def _typed(
    rec: CaseRecord,
    f: str,
    parse: Callable[[object], Any],
    row: Row,
    s: dict[str, int],
    headers: list[str],
    row_no: int,
    warnings: list[str],
) -> None:
    col = s.get(f)
    v = _cell(row, col)
    try:
        setattr(rec, f, parse(v))
    except (ValueError, TypeError, OverflowError):
        assert col is not None
        rec.extra[headers[col]] = json_cell(v)
        warnings.append(f"第 {row_no} 行：“{headers[col]}”的值“{cell_text(v)}”无法识别，已原样保留")


def _address(
    rec: CaseRecord,
    value: object,
    source: Source,
    header: str,
    row: Row,
    postcode_col: int | None,
    date_col: int | None,
) -> bool:
    if value is None or value == "":
        return False
    text = clean_address(value)
    if not text:
        return False
    postcode = _postcode(_cell(row, postcode_col))
    try:
        when = _iso_date(_cell(row, date_col))
    except (ValueError, TypeError, OverflowError):
        when = None
    rec.candidates.append(
        CandidateRecord(source, header, text, postcode, when, normalized_key(text))
    )
    return True
