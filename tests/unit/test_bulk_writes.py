"""Bulk writes skip the case list's per-row triggers and maintain the full-text index and
the per-status counts set-based: both must stay exactly right, and the triggers must be back
after every import and ranking, also after a failed one."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from songda.domain.progress import CancelToken
from songda.errors import Cancelled
from songda.services.import_file import import_files
from songda.services.rank_cases import rank_cases
from songda.store import Store, bulk
from songda.store import cases as case_sql
from songda.store.caselist import CaseFilter, count_cases, fetch_page, status_counts

HEADER = ["案件编号", "姓名", "手机号", "委托方", "户籍地址", "家庭地址"]
TRIGGERS = {
    "cases_fts_ai",
    "cases_fts_au",
    "cases_fts_ad",
    "phones_fts_ai",
    "phones_fts_au",
    "phones_fts_ad",
    "case_counts_ai",
    "case_counts_au",
}


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in [HEADER, *rows]:
        ws.append(row)
    wb.save(path)
    return path


def rows(n: int, *, name: str = "张三", start: int = 0) -> list[list[object]]:
    return [
        [
            f"B{i:04d}",
            f"{name}{i}",
            13800000000.0 + i,
            "甲银行" if i % 3 else "乙消费金融",
            f"北京市海淀区中关村大街{i + 1}号",
            f"上海市浦东新区世纪大道{i + 1}号{i % 9 + 1}01室",
        ]
        for i in range(start, start + n)
    ]


def assert_consistent(store: Store) -> None:
    """Index = content table, counts = a fresh GROUP BY, every trigger in place."""
    # raises sqlite3.DatabaseError (SQLITE_CORRUPT_VTAB) when the index and cases differ
    store.conn.execute("INSERT INTO cases_fts (cases_fts, rank) VALUES ('integrity-check', 1)")
    store.conn.execute("INSERT INTO phones_fts (phones_fts, rank) VALUES ('integrity-check', 1)")
    real = store.query(
        "SELECT status, coalesce(creditor, '') AS creditor, coalesce(import_id, 0) AS import_id,"
        " count(*) AS n FROM cases GROUP BY 1, 2, 3"
    )
    kept = store.query("SELECT status, creditor, import_id, n FROM case_counts WHERE n != 0")
    key = lambda r: (r["status"], r["creditor"], r["import_id"])  # noqa: E731
    assert sorted(kept, key=key) == sorted(real, key=key)
    names = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert TRIGGERS <= names


def cancel_import_while_writing(store: Store, path: Path) -> None:
    """Import ``path`` and cancel it once the store step has begun writing cases."""
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("写入") and done > 0:
            token.cancel()

    with pytest.raises(Cancelled):
        import_files(store, [path], cancel=token, progress=progress)


def search(store: Store, text: str) -> set[str]:
    f = CaseFilter(search=text)
    n = count_cases(store, f)
    return {str(r["case_no"]) for r in fetch_page(store, f, limit=1000, count=n)}


def test_import_and_ranking_keep_index_and_counts(store: Store, tmp_path: Path) -> None:
    report = import_files(store, [xlsx(tmp_path / "a.xlsx", rows(30))])
    assert report.files[0].cases_new == 30 and report.ranked == 30
    assert_consistent(store)
    assert search(store, "张三7") == {"B0007"}
    assert search(store, "B0012") == {"B0012"}
    # the best address written by the ranking is searchable
    case = case_sql.get_case(store, "B0005")
    assert case is not None and case["best_address"]
    assert "B0005" in search(store, str(case["best_address"])[-12:])
    assert sum(status_counts(store).values()) == 30
    assert "new" not in status_counts(store)
    # a phone fragment (five digits or more) is found through the phones index
    assert search(store, "0000007") == {"B0007"}


def test_reimport_updates_and_adds(store: Store, tmp_path: Path) -> None:
    import_files(store, [xlsx(tmp_path / "a.xlsx", rows(20))])
    changed = rows(20)
    changed[3][1] = "李四三"  # a renamed debtor: the update path (per-row triggers)
    changed[4][3] = "丙小贷"  # another creditor: moves a count
    changed[5][2] = 13912345678.0  # a new phone: the phones index follows
    report = import_files(store, [xlsx(tmp_path / "b.xlsx", changed + rows(5, start=20))])
    f = report.files[0]
    assert (f.cases_new, f.cases_updated) == (5, 3)
    assert_consistent(store)
    assert search(store, "912345") == {"B0005"}  # added to the case's phones
    assert search(store, "李四三") == {"B0003"}
    assert search(store, "张三3") == set()  # the old name is gone from the index
    assert search(store, "张三22") == {"B0022"}
    assert count_cases(store, CaseFilter(creditor="丙小贷")) == 1


def test_failed_import_leaves_everything_as_it_was(store: Store, tmp_path: Path) -> None:
    import_files(store, [xlsx(tmp_path / "a.xlsx", rows(10))])
    before = store.query("SELECT * FROM case_counts ORDER BY 1, 2, 3")
    cancel_import_while_writing(store, xlsx(tmp_path / "b.xlsx", rows(1200, start=10)))
    assert store.count("cases") == 10
    assert store.query("SELECT * FROM case_counts ORDER BY 1, 2, 3") == before
    assert_consistent(store)
    # the per-row triggers work again afterwards
    with store.transaction():
        store.conn.execute("UPDATE cases SET debtor_name = '王五' WHERE case_no = 'B0001'")
        store.conn.execute("DELETE FROM cases WHERE case_no = 'B0002'")
    assert_consistent(store)
    assert search(store, "王五") == {"B0001"}


def test_case_results_update(store: Store, tmp_path: Path) -> None:
    import_files(store, [xlsx(tmp_path / "a.xlsx", rows(12))], rank=False)
    ids = [int(r["id"]) for r in store.query("SELECT id FROM cases ORDER BY id")]
    results: list[tuple[Any, ...]] = [
        (
            None,
            10.0 + i,
            f"广东省深圳市南山区科技园路{i}号" if i % 2 else None,
            i % 3 == 0,
            ("confirmed", "needs_review", "no_valid_address")[i % 3],
            0.5,
            None,
            cid,
        )
        for i, cid in enumerate(ids)
    ]
    with store.transaction():
        bulk.update_case_results(store, results)
    assert_consistent(store)
    assert status_counts(store) == {"confirmed": 4, "needs_review": 4, "no_valid_address": 4}
    assert len(search(store, "科技园路")) == 6
    # a second update: some addresses unchanged, some statuses unchanged
    again = [
        (*r[:2], r[2] if r[7] % 4 else "浙江省杭州市西湖区文三路1号", r[3], "confirmed", *r[5:])
        for r in results
    ]
    with store.transaction():
        bulk.update_case_results(store, again)
    assert_consistent(store)
    assert status_counts(store) == {"confirmed": 12}
    assert len(search(store, "文三路")) == 3
    # ranking afterwards (per-case writes go through the same path) stays consistent
    rank_cases(store)
    assert_consistent(store)


def test_triggers_suspended_needs_a_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError), bulk.triggers_suspended(store, bulk.INSERT_TRIGGERS):
        pass


def test_error_inside_restores_triggers(store: Store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        with bulk.triggers_suspended(store, bulk.UPDATE_TRIGGERS):
            store.conn.execute("INSERT INTO cases (case_no) VALUES ('x')")  # NOT NULL fails
    assert_consistent(store)


def indexes(store: Store) -> set[str]:
    rows = store.query("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
    return {str(r["name"]) for r in rows}


def test_big_import_builds_indexes_afterwards(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "DEFER_INDEXES_FROM", 1)  # defer even for a small file
    before = indexes(store)
    import_files(store, [xlsx(tmp_path / "a.xlsx", rows(40))], rank=False)
    assert indexes(store) == before
    assert store.scalar("PRAGMA integrity_check") == "ok"  # every index matches its table
    assert_consistent(store)
    # a failed big import: nothing stored, indexes still there
    cancel_import_while_writing(store, xlsx(tmp_path / "b.xlsx", rows(1200, start=40)))
    assert store.count("cases") == 40 and indexes(store) == before
    assert store.scalar("PRAGMA integrity_check") == "ok"
    # the indexes are used again
    plan = store.query("EXPLAIN QUERY PLAN SELECT id FROM cases WHERE debtor_name = '张三1'")
    assert any("idx_cases_name" in str(r["detail"]) for r in plan)


def test_indexes_deferred_needs_a_transaction(store: Store) -> None:
    with pytest.raises(RuntimeError), bulk.indexes_deferred(store, "cases", 10**6):
        pass
