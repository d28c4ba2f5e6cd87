"""Review actions: choose, accept, edit, add, invalid, blacklist, restore; undo/redo; audit."""

from __future__ import annotations

from typing import Any

import pytest
from review_data import add_cases

from songda.errors import KnownError
from songda.services import review
from songda.store import review as q


@pytest.fixture()
def cases(store: Any) -> list[int]:
    return add_cases(store)


def _cands(store: Any, case_id: int) -> list[dict[str, Any]]:
    return q.candidates_of(store, case_id)


def test_ranked_before_review(store: Any, cases: list[int]) -> None:
    case = q.get_case(store, cases[0])
    assert case is not None and case["status"] in ("needs_review", "confirmed")
    cands = _cands(store, cases[0])
    assert cands[0]["rank"] == 1 and cands[0]["reasons"]


def test_choose_and_undo_redo(store: Any, cases: list[int]) -> None:
    cid = cases[0]
    before = q.snapshot(store, cid)
    other = [c for c in _cands(store, cid) if c["rank"] == 2][0]
    change = review.choose(store, cid, other["id"])
    case = q.get_case(store, cid)
    assert case["status"] == "confirmed" and case["best_candidate_id"] == other["id"]
    assert [c["id"] for c in _cands(store, cid) if c["chosen"]] == [other["id"]]
    chosen = q.get_candidate(store, other["id"])
    assert chosen["updated_by"] == "tester"
    review.undo(store, change)
    assert q.snapshot(store, cid) == before
    review.redo(store, change)
    assert q.get_case(store, cid)["best_candidate_id"] == other["id"]
    actions = [e["action"] for e in store.audit_entries("case")]
    assert actions[:3] == ["review.redo.choose", "review.undo.choose", "review.choose"]
    assert all(e["operator"] == "tester" and e["time"] for e in store.audit_entries("case"))


def test_accept_best(store: Any, cases: list[int]) -> None:
    cid = cases[1]
    best = q.get_case(store, cid)["best_candidate_id"]
    change = review.accept_best(store, cid)
    assert change.action == "accept"
    case = q.get_case(store, cid)
    assert case["status"] == "confirmed" and case["best_candidate_id"] == best
    assert q.get_candidate(store, best)["chosen"] == 1


def test_edit_address_reparses_and_undo_restores_text(store: Any, cases: list[int]) -> None:
    cid = cases[0]
    junk = [c for c in _cands(store, cid) if c["raw_text"] == "不详"][0]
    assert not junk["valid"]
    change = review.edit_address(store, junk["id"], "北京市西城区金融大街35号国际企业大厦C座")
    edited = q.get_candidate(store, junk["id"])
    assert edited["raw_text"].startswith("北京市西城区")
    assert edited["district"] == "西城区" and edited["valid"] == 1 and edited["score"] is not None
    review.undo(store, change)
    assert q.get_candidate(store, junk["id"])["raw_text"] == "不详"


def test_add_address_is_operator_source_and_undo_removes_it(store: Any, cases: list[int]) -> None:
    cid = cases[2]
    n = len(_cands(store, cid))
    change = review.add_address(store, cid, "广州市越秀区北京路50号")
    added = q.get_candidate(store, change.candidate_id)
    assert added["source"] == "operator" and added["created_by"] == "tester"
    assert added["city"] == "广州市" and added["rank"] is not None
    review.undo(store, change)
    assert len(_cands(store, cid)) == n
    review.redo(store, change)
    assert len(_cands(store, cid)) == n + 1


def test_mark_invalid_and_restore(store: Any, cases: list[int]) -> None:
    cid = cases[1]
    review.accept_best(store, cid)
    best = q.get_case(store, cid)["best_candidate_id"]
    review.mark_invalid(store, best, "查无此地")
    cand = q.get_candidate(store, best)
    assert cand["status"] == "invalid" and cand["review_note"] == "查无此地"
    assert cand["chosen"] == 0
    case = q.get_case(store, cid)
    assert case["best_candidate_id"] != best
    review.restore(store, best)
    assert q.get_candidate(store, best)["status"] == "active"


def test_blacklist_community_and_undo(store: Any, cases: list[int]) -> None:
    from songda.store import blacklist as bl

    cid = cases[0]
    cand = [c for c in _cands(store, cid) if c["source"] == "household"][0]
    change = review.add_to_blacklist(store, cand["id"], "address", "demolished", "已拆迁")
    assert len(bl.list_entries(store)) == 1
    flags = q.get_candidate(store, cand["id"])["flags"] or ""
    assert "demolished" in flags
    review.undo(store, change)
    assert bl.list_entries(store) == []
    assert q.get_candidate(store, cand["id"])["flags"] == cand["flags"]
    review.redo(store, change)
    assert len(bl.list_entries(store)) == 1


def test_choose_refused_when_sent(store: Any, cases: list[int]) -> None:
    cid = cases[0]
    store.db["cases"].update(cid, {"status": "sent"})
    with pytest.raises(KnownError):
        review.choose(store, cid, _cands(store, cid)[0]["id"])


def test_reveal_is_audited_and_masks(store: Any, cases: list[int]) -> None:
    assert review.reveal(store, cases[0], "id_number") == "110108199001011234"
    assert review.reveal(store, cases[0], "phones") == "13812345678"
    reveals = [e for e in store.audit_entries("case") if e["action"] == "reveal"]
    assert len(reveals) == 2 and reveals[0]["operator"] == "tester"
    assert review.mask_id("110108199001011234") == "110108********1234"
    assert review.mask_phone("13812345678") == "138****5678"
