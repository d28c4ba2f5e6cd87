"""Applying delivery results: ``import_feedback(store, path) -> FeedbackReport``.

One results file is applied in one transaction. Every row becomes a mailing event (kept
once: importing the same file again changes nothing); a mailing's status is its latest
event by time; a final status (signed / returned) moves the case and what Songda learns
(the ``outcomes`` table, keys in ``songda.delivery.keys``). See CONTRACTS.md.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from songda.delivery.codes import (
    KIND_COLUMN,
    REASON_CODES,
    DeliveryStatus,
    ReasonKind,
    classify_reason,
)
from songda.delivery.keys import address_key, outcome_keys
from songda.delivery.results import ResultRow, read_results
from songda.domain.progress import CancelToken, Progress, null_progress
from songda.services import learned_blacklist
from songda.services.rank_cases import rank_cases
from songda.store import Store
from songda.store import delivery as sql

AUTO_BLACKLIST_SETTING = "feedback.auto_blacklist"


@dataclass(slots=True)
class FeedbackReport:
    file: str
    rows: int = 0  # result rows read from the file
    new_events: int = 0  # status events not seen before
    duplicate_events: int = 0  # already imported earlier
    signed: int = 0  # rows of the file per status (known numbers)
    returned: int = 0
    in_transit: int = 0
    returned_by_reason: dict[str, int] = field(default_factory=dict)  # "102 查无此人" -> n
    unknown_numbers: list[str] = field(default_factory=list)
    mailings_changed: int = 0  # mailings whose current status changed
    superseded: int = 0  # events older than the mailing's current status
    cases_signed: int = 0
    cases_ready: int = 0  # moved to their next-best candidate: the re-send list
    cases_returned: int = 0  # returned with no candidate left
    proposals: list[str] = field(default_factory=list)  # blacklist proposals made
    blacklisted: list[str] = field(default_factory=list)  # added automatically
    skipped_rows: list[tuple[int, str]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def changed(self) -> bool:
        return self.new_events > 0


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def reason_label(code: str | None, text: str | None) -> str:
    """``"102 查无此人"`` / ``"199 改期"`` / ``"天气原因"`` for reports and charts."""
    if code and not text and code in REASON_CODES:
        text = REASON_CODES[code].text_zh
    return " ".join(p for p in (code, text) if p) or "未注明"


def _event_key(ev: dict[str, Any]) -> tuple[str, int, int]:
    return (ev.get("event_time") or "", DeliveryStatus(ev["status"]).precedence, int(ev["id"]))


def _final_class(status: str | None, code: str | None, text: str | None) -> str | None:
    """The outcomes column a mailing counts under, or None when it has no final result."""
    if status == DeliveryStatus.SIGNED:
        return "signed"
    if status == DeliveryStatus.RETURNED:
        r = classify_reason(code, text)
        return KIND_COLUMN[r.kind] if r else "other_returned"
    return None


def import_feedback(
    store: Store,
    path: Path | str,
    *,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
) -> FeedbackReport:
    """Apply one results file (xlsx, xls, csv). Raises KnownError for an unreadable file."""
    p = Path(path)
    progress(0, 1, "读取妥投结果")
    results = read_results(p)
    report = FeedbackReport(file=p.name, rows=len(results.rows), mapping=results.mapping)
    report.skipped_rows = list(results.skipped)
    report.problems = [(r.row_no, msg) for r in results.rows for msg in r.problems]
    by_number: dict[str, list[ResultRow]] = defaultdict(list)
    for row in results.rows:
        by_number[row.tracking_no].append(row)
    digest = _sha256(p)
    auto = bool(store.get_setting(AUTO_BLACKLIST_SETTING, False))
    reasons: Counter[str] = Counter()
    total = len(by_number)
    moves: list[_Move] = []
    with store.transaction():
        known = sql.mailings_by_tracking(store, by_number)
        report.unknown_numbers = sorted(n for n in by_number if n not in known)
        for done, (number, rows) in enumerate(sorted(by_number.items()), start=1):
            if cancel is not None:
                cancel.check()
            m = known.get(number)
            if m is not None:
                for row in rows:
                    _count_row(report, reasons, row)
                _apply_mailing(store, m, rows, p.name, report, auto, moves)
            if done % 200 == 0 or done == total:
                progress(done, total, "应用妥投结果")
        if moves:
            # refresh scores and ranks with what was just learned (statuses are kept:
            # these cases are in the mail flow), then move each case to its next-best
            progress(total, total, "重新排序退回案件")
            # in this process: worker processes would not see this open transaction
            rank_cases(
                store,
                sorted({mv.case_id for mv in moves}),
                workers=0,
                progress=progress,
                cancel=cancel,
            )
            for mv in moves:
                _move_case(store, mv, report)
        report.returned_by_reason = dict(reasons.most_common())
        sql.record_feedback_import(
            store,
            file_name=p.name,
            sha256=digest,
            mapping=results.mapping,
            counts={
                k: v
                for k, v in report.to_dict().items()
                if k not in ("skipped_rows", "problems", "mapping")
            },
        )
        store.audit(
            "feedback_import",
            p.name,
            "import",
            after={
                "sha256": digest,
                "new_events": report.new_events,
                "mailings_changed": report.mailings_changed,
                "unknown": len(report.unknown_numbers),
            },
        )
    progress(total, total, "完成")
    return report


def _count_row(report: FeedbackReport, reasons: Counter[str], row: ResultRow) -> None:
    if row.status is DeliveryStatus.SIGNED:
        report.signed += 1
    elif row.status is DeliveryStatus.RETURNED:
        report.returned += 1
        reasons[reason_label(row.reason.code, row.reason.text) if row.reason else "未注明"] += 1
    else:
        report.in_transit += 1


def _apply_mailing(
    store: Store,
    m: dict[str, Any],
    rows: list[ResultRow],
    source_file: str,
    report: FeedbackReport,
    auto: bool,
    moves: list[_Move],
) -> None:
    mid = int(m["mailing_id"])
    new_ids: set[int] = set()
    for row in rows:
        assert row.status is not None
        added = sql.insert_event(
            store,
            mid,
            status=row.status.value,
            event_time=row.event_time,
            reason_code=row.reason.code if row.reason else None,
            reason_text=row.reason.text if row.reason else None,
            signer=row.signer,
            source_file=source_file,
        )
        if added is not None:
            new_ids.add(added)
    new_here = len(new_ids)
    report.new_events += new_here
    report.duplicate_events += len(rows) - new_here
    if not new_here:
        return  # nothing new: the same file again changes nothing
    history = sql.events(store, mid)
    latest = max(history, key=_event_key)
    report.superseded += len(new_ids - {latest["id"]})
    before = {k: m.get(k) for k in ("status", "reason_code", "reason_text", "signer")}
    before["event_time"] = m.get("status_time")
    after = {k: latest.get(k) for k in ("status", "reason_code", "reason_text", "signer")}
    after["event_time"] = latest.get("event_time")
    if before == after:
        return
    sql.set_mailing_status(store, mid, after)
    store.audit("mailing", mid, "delivery_status", before, after)
    report.mailings_changed += 1
    old_cls = _final_class(before["status"], before["reason_code"], before["reason_text"])
    new_cls = _final_class(after["status"], after["reason_code"], after["reason_text"])
    if old_cls == new_cls:
        return
    _learn(store, m, before, old_cls, -1)
    _learn(store, m, after, new_cls, +1)
    if new_cls is None:
        return
    if sql.latest_mailing_id(store, int(m["case_id"])) != mid:
        return  # an older mailing's result does not move the case
    if new_cls == "signed":
        _case_signed(store, m, report)
    else:
        reason = classify_reason(after["reason_code"], after["reason_text"])
        moves.append(_returned(store, m, reason.kind if reason else ReasonKind.OTHER))
        if reason is not None and reason.kind is ReasonKind.BAD_ADDRESS:
            learned_blacklist.consider(store, m, reason, report, auto=auto)


def _learn(
    store: Store, m: dict[str, Any], values: dict[str, Any], cls: str | None, sign: int
) -> None:
    """Add (sign=+1) or take back (sign=-1) one mailing's final result in ``outcomes``."""
    if cls is None:
        return
    deltas = {"sent": sign, cls: sign}
    for kind, key in outcome_keys(m):
        sql.bump_outcome(store, kind, key, deltas)
    if cls != "signed":
        r = classify_reason(values.get("reason_code"), values.get("reason_text"))
        sql.bump_outcome(store, "reason", r.key if r else "other", deltas)


def _case_signed(store: Store, m: dict[str, Any], report: FeedbackReport) -> None:
    case_id = int(m["case_id"])
    cands = {c["id"]: c for c in sql.case_candidates(store, case_id)}
    cand = cands.get(m["candidate_id"])
    if cand is None:
        return
    if cand["status"] == "returned":  # a later signature supersedes a return
        sql.set_candidate_status(store, int(cand["id"]), "active", True)
    before = sql.case_row(store, case_id)
    sql.move_case(store, case_id, status="signed", candidate=cand)
    store.audit(
        "case",
        case_id,
        "delivery_signed",
        {"status": before["status"] if before else None},
        {"status": "signed", "tracking_no": m["tracking_no"]},
    )
    report.cases_signed += 1


@dataclass(slots=True)
class _Move:
    """A returned case waiting to be moved once the ranking has learned the results."""

    case_id: int
    candidate_id: int
    tracking_no: str
    kind: ReasonKind
    same_place: set[int]  # candidate ids at the same place as the returned one


def _returned(store: Store, m: dict[str, Any], kind: ReasonKind) -> _Move:
    """Mark the candidate returned; remember its place group (``dup_of``) for the move."""
    case_id = int(m["case_id"])
    returned_id = int(m["candidate_id"])
    cands = sql.case_candidates(store, case_id)
    me = next((c for c in cands if c["id"] == returned_id), None)
    group = (me.get("dup_of") or returned_id) if me else returned_id
    same = {int(c["id"]) for c in cands if c["id"] == group or c.get("dup_of") == group}
    sql.set_candidate_status(store, returned_id, "returned", False)
    return _Move(case_id, returned_id, str(m["tracking_no"]), kind, same | {returned_id})


def next_candidate(
    cands: list[dict[str, Any]], returned_id: int, same_place: set[int] | None = None
) -> dict[str, Any] | None:
    """The case's next-best sendable candidate after ``returned_id`` came back.

    Skips candidates at the same place as any candidate of the case already returned (same
    normalised standard address, or merged with it by the ranking): a second letter to the
    same door would come back too.
    """
    same = same_place or set()
    dead = {
        address_key(c.get("standard"))
        for c in cands
        if c["id"] == returned_id or c["status"] == "returned"
    }
    dead.discard(None)
    for c in cands:
        if c["id"] == returned_id or c["id"] in same or not sql.is_sendable(c):
            continue
        if address_key(c.get("standard")) in dead:
            continue
        return c
    return None


def _move_case(store: Store, mv: _Move, report: FeedbackReport) -> None:
    cands = sql.case_candidates(store, mv.case_id)
    nxt = next_candidate(cands, mv.candidate_id, mv.same_place)
    before = sql.case_row(store, mv.case_id)
    if nxt is not None:
        sql.move_case(store, mv.case_id, status="ready", candidate=nxt)
        report.cases_ready += 1
    else:
        sql.move_case(store, mv.case_id, status="returned", candidate=None)
        report.cases_returned += 1
    store.audit(
        "case",
        mv.case_id,
        "delivery_returned",
        {"status": before["status"] if before else None, "candidate_id": mv.candidate_id},
        {
            "status": "ready" if nxt else "returned",
            "candidate_id": nxt["id"] if nxt else None,
            "tracking_no": mv.tracking_no,
            "reason_kind": mv.kind.value,
        },
    )
