"""Case-list SQL: the trigger-kept counts agree with the cases, search and filters."""

from __future__ import annotations

from typing import Any

from songda.store.caselist import (
    CaseFilter,
    count_cases,
    creditors,
    fetch_page,
    status_counts,
    total_cases,
)
from songda.store.synthetic import insert_synthetic_cases


def _real(store: Any, where: str = "", params: tuple[Any, ...] = ()) -> dict[str, int]:
    rows = store.query(f"SELECT status, count(*) AS n FROM cases {where} GROUP BY status", params)
    return {r["status"]: r["n"] for r in rows}


def test_counts_follow_inserts_updates_deletes(store: Any) -> None:
    insert_synthetic_cases(store, 300, seed=5)
    assert status_counts(store) == _real(store)
    assert total_cases(store) == 300
    with store.transaction():
        for cid in range(1, 40):
            store.db["cases"].update(cid, {"status": "signed", "creditor": "某银行"})
        store.db["cases"].delete(50)
        store.db["cases"].delete(51)
    assert status_counts(store) == _real(store)
    assert total_cases(store) == 298
    assert dict(creditors(store))["某银行"] == 39
    f = CaseFilter(status="signed", creditor="某银行")
    assert count_cases(store, f) == 39
    f2 = CaseFilter(creditor="某银行")
    assert status_counts(store, f2) == _real(store, "WHERE creditor = ?", ("某银行",))
    f3 = CaseFilter(import_id=2)
    assert count_cases(store, f3) == sum(_real(store, "WHERE import_id = 2").values())


def test_search_counts_match_pages(store: Any) -> None:
    insert_synthetic_cases(store, 400, seed=6)
    for text in ("建设路", "海淀区", "王", "SD06", "人民路 北京市"):
        f = CaseFilter(search=text)
        n = count_cases(store, f)
        rows = fetch_page(store, f, limit=1000, count=n, total=400)
        assert len(rows) == n, text
    page = fetch_page(store, CaseFilter(search="建设路"), limit=5)
    assert all("建设路" in r["best_address"] for r in page)
    assert all(
        r["debtor_name"].startswith("王") for r in fetch_page(store, CaseFilter(search="王"))
    )


def test_two_character_search_finds_names_and_address_fragments(store: Any) -> None:
    insert_synthetic_cases(store, 400, seed=6)
    with store.transaction():
        store.db["cases"].update(1, {"debtor_name": "王芳"})  # a whole two-character name
        store.db["cases"].update(2, {"debtor_name": "张王芳丽"})  # inside a longer name
        store.db["cases"].update(3, {"best_address": "北京市海淀区王芳村1号"})
    f = CaseFilter(search="王芳")
    ids = {r["id"] for r in fetch_page(store, f, limit=1000)}
    assert {1, 2, 3} <= ids
    assert count_cases(store, f) == len(ids)
    # a district fragment: the cases whose name or address has it followed by a character
    f = CaseFilter(search="海淀")
    n = count_cases(store, f)
    real = store.scalar(
        "SELECT count(*) FROM cases WHERE best_address LIKE '%海淀_%'"
        " OR debtor_name LIKE '%海淀_%' OR debtor_name LIKE '海淀%'"
    )
    assert n == real > 0
    assert len(fetch_page(store, f, limit=1000, count=n, total=400)) == n
    both = CaseFilter(search="海淀", status="needs_review")
    assert count_cases(store, both) == sum(
        1 for r in fetch_page(store, f, limit=1000) if r["status"] == "needs_review"
    )
    assert status_counts(store, f)["needs_review"] == count_cases(store, both)
    # one character: a surname (name prefix)
    assert all(
        r["debtor_name"].startswith("王") for r in fetch_page(store, CaseFilter(search="王"))
    )


def test_very_common_two_character_search_uses_like(store: Any, monkeypatch: Any) -> None:
    from songda.store import case_search, caselist

    insert_synthetic_cases(store, 300, seed=7)
    monkeypatch.setattr(case_search, "SHORT_MAX_TRIGRAMS", 0)  # every pair counts as common
    f = CaseFilter(search="海淀")
    assert caselist.count_is_slow(store, f)
    real = store.scalar(
        "SELECT count(*) FROM cases WHERE best_address LIKE '%海淀_%'"
        " OR debtor_name LIKE '%海淀_%' OR debtor_name LIKE '海淀%'"
    )
    assert count_cases(store, f) == real > 0
    assert len(fetch_page(store, f, limit=1000, count=real, total=300)) == real
    g = CaseFilter(search="海淀", status="needs_review")
    assert count_cases(store, g) == status_counts(store, f).get("needs_review", 0)
