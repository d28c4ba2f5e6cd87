"""Areas that delivery results show to be gone or not findable, proposed for the blacklist.

- A return whose reason says demolished (拆迁/已拆/拆除) proposes its community (the POI
  within its district), else its village, else the address itself, as ``demolished``.
- Bad-address returns (101 地址有误, 122 查无此单位, 124 地址不详) propose a community or an
  address once it has :data:`NOT_FOUND_THRESHOLD` such returns and no signature, as ``custom``.

Proposals wait for the operator (Delivery page) unless the ``feedback.auto_blacklist``
setting is on, in which case they go straight into the blacklist (origin ``learned``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from songda.delivery.codes import Reason
from songda.delivery.keys import address_key, community_key
from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin
from songda.errors import KnownError
from songda.store import Store
from songda.store import blacklist as bl_store
from songda.store import delivery as sql

if TYPE_CHECKING:
    from songda.services.feedback import FeedbackReport

NOT_FOUND_THRESHOLD = 2


def _describe(p: dict[str, Any]) -> str:
    target = p["pattern"] or p["division_code"] or ""
    scope = f"（{p['division_code']}）" if p["pattern"] and p["division_code"] else ""
    return f"{p['kind']}: {target}{scope}"


def _target(m: dict[str, Any], demolished: bool) -> dict[str, Any] | None:
    poi = m.get("poi")
    adcode = str(m.get("adcode") or "")
    district = adcode[:6] if len(adcode) >= 6 else None
    if poi:
        return {"match": "keyword", "pattern": str(poi), "division_code": district}
    if demolished and len(adcode) == 12:
        return {"match": "division", "pattern": None, "division_code": adcode}
    a = address_key(m.get("standard") or m.get("address"))
    if a:
        return {"match": "address", "pattern": a, "division_code": None}
    return None


def consider(
    store: Store, m: dict[str, Any], reason: Reason, report: FeedbackReport, *, auto: bool
) -> None:
    """Called by the feedback service for each bad-address return of a case's latest mailing."""
    target = _target(m, reason.demolished)
    if target is None:
        return
    if reason.demolished:
        kind = "demolished"
        note = f"妥投反馈：{reason.text or reason.code}（{m['tracking_no']}）"
    else:
        ck = community_key(m)
        key_kind, key = (
            ("community", ck)
            if ck and target["match"] == "keyword"
            else (
                "address",
                address_key(m.get("standard") or m.get("address")),
            )
        )
        if key is None:
            return
        seen = sql.outcome(store, key_kind, key)
        if seen is None or seen["bad_address"] < NOT_FOUND_THRESHOLD or seen["signed"] > 0:
            return
        kind = "custom"
        note = f"妥投反馈：{seen['bad_address']} 次退回（地址有误/查无此单位/地址不详）"
    pid, created = sql.propose_blacklist(store, kind=kind, note=note, **target)
    p = sql.proposal(store, pid)
    assert p is not None
    if created:
        report.proposals.append(_describe(p))
    if auto and p["status"] == "proposed":
        accept(store, pid)
        report.blacklisted.append(_describe(p))


def accept(store: Store, proposal_id: int) -> int | None:
    """Put a proposal into the blacklist. Returns the new entry's id (None: already listed)."""
    with store.transaction():
        p = sql.proposal(store, proposal_id)
        if p is None or p["status"] != "proposed":
            raise KnownError("该黑名单提议不存在或已处理", "no such open blacklist proposal")
        entry = BlacklistEntry(
            kind=BlacklistKind(p["kind"]),
            match=MatchKind(p["match"]),
            pattern=p["pattern"],
            division_code=p["division_code"],
            note=p["note"] or "",
            origin=Origin.LEARNED,
        )
        bid = bl_store.add_entry(store, entry)  # audited there; None when already listed
        sql.resolve_proposal(store, proposal_id, "accepted", bid)
        store.audit("blacklist_proposal", proposal_id, "accept", p, {"blacklist_id": bid})
    return bid


def dismiss(store: Store, proposal_id: int) -> None:
    with store.transaction():
        p = sql.proposal(store, proposal_id)
        if p is None or p["status"] != "proposed":
            raise KnownError("该黑名单提议不存在或已处理", "no such open blacklist proposal")
        sql.resolve_proposal(store, proposal_id, "dismissed")
        store.audit("blacklist_proposal", proposal_id, "dismiss", p, None)
