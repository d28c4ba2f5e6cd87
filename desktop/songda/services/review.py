"""Operator review actions (accept, choose, edit, add, invalid, blacklist, restore).

Every action runs in one transaction, is written to the audit log with the operator, and
returns a :class:`Change` holding the case before and after, so the UI can undo and redo it
(:func:`undo`, :func:`redo`). Edited and added addresses are parsed and the case re-ranked
through ``rank_cases`` (a case the operator confirmed keeps its choice).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin
from songda.errors import KnownError
from songda.store import Store
from songda.store import blacklist as bl
from songda.store import review as q

FROZEN_STATUSES = frozenset({"sent", "signed"})
RESEND_STATUSES = frozenset({"ready", "returned"})
BLACKLIST_SCOPES = ("address", "community", "area")


@dataclass(slots=True)
class Change:
    """One undoable review action on one case."""

    action: str
    case_id: int
    before: dict[str, Any]
    after: dict[str, Any] = field(default_factory=dict)
    blacklist: list[BlacklistEntry] = field(default_factory=list)  # entries it added
    candidate_id: int | None = None


def _case(store: Store, case_id: int) -> dict[str, Any]:
    case = q.get_case(store, case_id)
    if case is None:
        raise KnownError(f"找不到案件 {case_id}", f"no case {case_id}", code="no_case")
    return case


def _candidate(store: Store, candidate_id: int) -> dict[str, Any]:
    cand = q.get_candidate(store, candidate_id)
    if cand is None:
        raise KnownError(
            f"找不到地址 {candidate_id}", f"no candidate {candidate_id}", code="no_candidate"
        )
    return cand


def _check_editable(case: dict[str, Any]) -> None:
    if case["status"] in FROZEN_STATUSES:
        raise KnownError(
            "该案件已发函或已签收，不能再修改地址。",
            "the case was already sent or signed; its address cannot change",
            code="case_frozen",
        )


def _rerank(store: Store, case_id: int) -> None:
    """Parse and rank the case again (ranking keeps an operator's choice)."""
    from songda.services.rank_cases import rank_cases

    rank_cases(store, [case_id])
    q.sync_chosen(store, case_id)


def _audit(store: Store, change: Change, detail: dict[str, Any]) -> None:
    store.audit(
        "case",
        change.case_id,
        f"review.{change.action}",
        {
            "best_candidate_id": change.before["case"].get("best_candidate_id"),
            "status": change.before["case"].get("status"),
        },
        {
            **detail,
            "status": change.after["case"].get("status"),
            "best_candidate_id": change.after["case"].get("best_candidate_id"),
        },
    )


def _finish(store: Store, change: Change, detail: dict[str, Any]) -> Change:
    change.after = q.snapshot(store, change.case_id)
    _audit(store, change, detail)
    return change


def choose(store: Store, case_id: int, candidate_id: int) -> Change:
    """The operator picks this candidate: chosen, case confirmed (or ready to re-send)."""
    with store.transaction():
        case = _case(store, case_id)
        _check_editable(case)
        cand = _candidate(store, candidate_id)
        if cand["case_id"] != case_id:
            raise KnownError("地址不属于该案件", "candidate of another case", code="bad_candidate")
        if cand["status"] != "active":
            raise KnownError(
                "该地址已标记为无效，请先恢复。",
                "the address is marked invalid; restore it first",
                code="candidate_inactive",
            )
        change = Change("choose", case_id, q.snapshot(store, case_id), candidate_id=candidate_id)
        status = "ready" if case["status"] in RESEND_STATUSES else "confirmed"
        q.set_chosen(store, case_id, candidate_id, status, store.operator)
        return _finish(store, change, {"candidate_id": candidate_id})


def accept_best(store: Store, case_id: int) -> Change:
    """Accept the ranking's best candidate."""
    case = _case(store, case_id)
    best = case.get("best_candidate_id")
    if best is None:
        raise KnownError(
            "该案件没有可接受的有效地址。", "the case has no valid best address", code="no_best"
        )
    change = choose(store, case_id, int(best))
    change.action = "accept"
    return change


def edit_address(store: Store, candidate_id: int, text: str) -> Change:
    """Replace a candidate's text (the imported original stays in raw_rows and the audit
    log); it is parsed again and the case re-ranked."""
    text = text.strip()
    if not text:
        raise KnownError("地址不能为空。", "the address is empty", code="empty_address")
    with store.transaction():
        cand = _candidate(store, candidate_id)
        case_id = int(cand["case_id"])
        _check_editable(_case(store, case_id))
        change = Change("edit", case_id, q.snapshot(store, case_id), candidate_id=candidate_id)
        q.set_candidate_text(store, candidate_id, text, store.operator)
        _rerank(store, case_id)
        return _finish(
            store, change, {"candidate_id": candidate_id, "from": cand["raw_text"], "to": text}
        )


def add_address(store: Store, case_id: int, text: str) -> Change:
    """A new candidate typed by the operator (source ``operator``)."""
    text = text.strip()
    if not text:
        raise KnownError("地址不能为空。", "the address is empty", code="empty_address")
    with store.transaction():
        _check_editable(_case(store, case_id))
        change = Change("add", case_id, q.snapshot(store, case_id))
        new_id = q.insert_candidate(store, case_id, text, "operator", store.operator)
        change.candidate_id = new_id
        _rerank(store, case_id)
        return _finish(store, change, {"candidate_id": new_id, "text": text})


def mark_invalid(store: Store, candidate_id: int, reason: str) -> Change:
    """The operator says this address cannot be delivered (with a reason)."""
    with store.transaction():
        cand = _candidate(store, candidate_id)
        case_id = int(cand["case_id"])
        _check_editable(_case(store, case_id))
        change = Change("invalid", case_id, q.snapshot(store, case_id), candidate_id=candidate_id)
        was_chosen = bool(cand["chosen"])
        q.set_candidate_status(
            store, candidate_id, "invalid", reason.strip() or None, store.operator
        )
        if was_chosen:
            q.unchoose(store, case_id, store.operator)
        _rerank(store, case_id)
        return _finish(store, change, {"candidate_id": candidate_id, "reason": reason})


def restore(store: Store, candidate_id: int) -> Change:
    """Undo an earlier "invalid" on a candidate: it takes part in ranking again."""
    with store.transaction():
        cand = _candidate(store, candidate_id)
        case_id = int(cand["case_id"])
        _check_editable(_case(store, case_id))
        change = Change("restore", case_id, q.snapshot(store, case_id), candidate_id=candidate_id)
        q.set_candidate_status(store, candidate_id, "active", None, store.operator)
        _rerank(store, case_id)
        return _finish(store, change, {"candidate_id": candidate_id})


def blacklist_entry(cand: dict[str, Any], scope: str, kind: str, note: str) -> BlacklistEntry:
    """The blacklist entry for a candidate: its address, its community or its area."""
    adcode = cand.get("adcode") or None
    if scope == "address":
        pattern = cand.get("standard") or cand.get("raw_text")
        return BlacklistEntry(
            BlacklistKind(kind),
            MatchKind.ADDRESS,
            pattern,
            adcode[:6] if adcode else None,
            note or None,
            Origin.MANUAL,
        )
    if scope == "community":
        poi = cand.get("poi") or cand.get("village")
        if not poi:
            raise KnownError(
                "该地址没有识别出小区或村，无法按小区加入黑名单。",
                "no community recognised in this address",
                code="no_community",
            )
        return BlacklistEntry(
            BlacklistKind(kind),
            MatchKind.KEYWORD,
            poi,
            adcode[:6] if adcode else None,
            note or None,
            Origin.MANUAL,
        )
    if scope == "area":
        if not adcode:
            raise KnownError(
                "该地址没有行政区划代码，无法按区域加入黑名单。",
                "the address has no division code",
                code="no_adcode",
            )
        return BlacklistEntry(
            BlacklistKind(kind), MatchKind.DIVISION, None, adcode, note or None, Origin.MANUAL
        )
    raise ValueError(scope)


def add_to_blacklist(
    store: Store, candidate_id: int, scope: str = "address", kind: str = "custom", note: str = ""
) -> Change:
    """Blacklist the candidate's address, community or area, then re-rank its case."""
    with store.transaction():
        cand = _candidate(store, candidate_id)
        case_id = int(cand["case_id"])
        _check_editable(_case(store, case_id))
        entry = blacklist_entry(cand, scope, kind, note)
        change = Change("blacklist", case_id, q.snapshot(store, case_id), candidate_id=candidate_id)
        new_id = bl.add_entry(store, entry)
        if new_id is not None:
            entry.id = new_id
            change.blacklist.append(entry)
        if cand["chosen"]:
            q.unchoose(store, case_id, store.operator)
        _rerank(store, case_id)
        return _finish(
            store,
            change,
            {"candidate_id": candidate_id, "scope": scope, "kind": kind, "blacklist_id": new_id},
        )


def undo(store: Store, change: Change) -> None:
    with store.transaction():
        q.apply_snapshot(store, change.before)
        ids = [e.id for e in change.blacklist if e.id is not None]
        if ids:
            bl.remove_entries(store, ids)
        store.audit(
            "case",
            change.case_id,
            f"review.undo.{change.action}",
            None,
            {"candidate_id": change.candidate_id},
        )


def redo(store: Store, change: Change) -> None:
    with store.transaction():
        for entry in change.blacklist:
            entry.id = None
            entry.id = bl.add_entry(store, entry)
        q.apply_snapshot(store, change.after)
        store.audit(
            "case",
            change.case_id,
            f"review.redo.{change.action}",
            None,
            {"candidate_id": change.candidate_id},
        )


def reveal(store: Store, case_id: int, what: str) -> str:
    """The full ID number or phones of a debtor; revealing is recorded in the audit log."""
    case = _case(store, case_id)
    if what == "id_number":
        value = case.get("id_number") or ""
    elif what == "phones":
        raw = case.get("phones")
        try:
            phones = json.loads(raw) if raw else []
        except ValueError:
            phones = [raw]
        value = "、".join(str(p) for p in phones)
    else:
        raise ValueError(what)
    store.audit("case", case_id, "reveal", None, {"field": what})
    return value


def mask_id(value: str | None) -> str:
    """110105********1234 style: area and last four only."""
    from songda.address import identity

    return identity.mask_id_number(str(value)) if value else ""


def mask_phone(value: str | None) -> str:
    """138****5678 (landlines keep their area code)."""
    from songda.address import identity

    return identity.mask_phone(str(value)) if value else ""


def phones_of(case: dict[str, Any]) -> list[str]:
    raw = case.get("phones")
    if not raw:
        return []
    try:
        val = json.loads(raw)
    except ValueError:
        return [str(raw)]
    return [str(p) for p in val] if isinstance(val, list) else [str(val)]
