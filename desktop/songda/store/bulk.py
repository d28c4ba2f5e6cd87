"""Bulk writes to ``cases`` without per-row trigger work.

The case list keeps two things in step with ``cases`` by triggers (store/migrations.py,
V_FTS_SPLIT and V_CASE_COUNTS): the trigram full-text indexes ``cases_fts`` (names,
addresses) and ``phones_fts``, and the counts per
(status, creditor, import) in ``case_counts``. Fired once per row, they cost most of an
import's and a first ranking's writes (an FTS5 delete + insert per case is ~6× dearer than
the same work as one ``INSERT … SELECT``). Here the triggers are dropped for the duration
of a bulk write and the same maintenance runs set-based, all inside the caller's
transaction: the DDL is transactional, so a failure or a killed process rolls the triggers
back together with the data, and other connections never see the triggers missing.

The set-based statements must do exactly what the triggers do; tests/unit/test_bulk_writes.py
checks the index (``integrity-check`` against the content table) and the counts (a fresh
``GROUP BY``) after imports, re-imports and rankings.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from songda.store.db import Store

DEFER_INDEXES_FROM = 1000  # rows added; fewer are cheaper to index one by one
INSERT_TRIGGERS = ("cases_fts_ai", "phones_fts_ai", "case_counts_ai")
# a ranking changes best addresses, never phones: phones_fts_au does not fire
UPDATE_TRIGGERS = ("cases_fts_au", "case_counts_au")


@contextmanager
def _dropped(
    conn: sqlite3.Connection, kind: str, saved: Sequence[tuple[str, str]]
) -> Iterator[None]:
    """Drop the saved ``(name, sql)`` schema objects (``kind``: trigger or index) for the
    block and create again, at its end, those still missing. After an error SQLite may
    already have rolled the transaction back, and the DROPs with it: then nothing is done."""
    for name, _sql in saved:
        conn.execute(f"DROP {kind.upper()} [{name}]")
    try:
        yield
    finally:
        if conn.in_transaction:
            for name, sql in saved:
                if not _exists(conn, kind, name):
                    conn.execute(sql)


def _exists(conn: sqlite3.Connection, kind: str, name: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = ? AND name = ?", (kind, name)
    ).fetchone()
    return row is not None


@contextmanager
def triggers_suspended(store: Store, names: Sequence[str]) -> Iterator[None]:
    """Drop the named triggers until the block ends (inside a transaction only)."""
    conn = store.conn
    if not conn.in_transaction:
        raise RuntimeError("triggers_suspended needs an open transaction")
    marks = ",".join("?" * len(names))
    saved = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})",
        tuple(names),
    ).fetchall()
    with _dropped(conn, "trigger", saved):
        yield


@contextmanager
def indexes_deferred(store: Store, table: str, adding: int) -> Iterator[None]:
    """When ``adding`` rows at least match the rows ``table`` has, drop its secondary
    indexes for the block and build them again at its end (a sorted build beats one b-tree
    insert per row per index). Inside a transaction only: a failure rolls the DROPs back.
    Constraint indexes (UNIQUE, primary keys) stay, so do the checks they make."""
    conn = store.conn
    if not conn.in_transaction:
        raise RuntimeError("indexes_deferred needs an open transaction")
    have = int(conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0])
    saved: list[tuple[str, str]] = []
    if adding >= max(have, DEFER_INDEXES_FROM):
        saved = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL",
            (table,),
        ).fetchall()
    with _dropped(conn, "index", saved):
        yield


# --- import: new cases ----------------------------------------------------------------------


@contextmanager
def case_inserts(store: Store, cases: int = 0, candidates: int = 0) -> Iterator[None]:
    """Insert cases in the block without the insert triggers; afterwards index the new
    rows (ids above the largest id before the block) and count them, set-based. ``cases``
    and ``candidates``: how many the block will add (big imports into small tables build
    the secondary indexes afterwards, see :func:`indexes_deferred`).

    Updates of existing cases inside the block still fire their own triggers; the block must
    not update the cases it inserts (their index entries do not exist yet)."""
    conn = store.conn
    first = int(conn.execute("SELECT coalesce(max(id), 0) FROM cases").fetchone()[0]) + 1
    with (
        triggers_suspended(store, INSERT_TRIGGERS),
        indexes_deferred(store, "cases", cases),
        indexes_deferred(store, "candidates", candidates),
    ):
        yield
        conn.execute(
            "INSERT INTO cases_fts (rowid, debtor_name, best_address)"
            " SELECT id, debtor_name, best_address FROM cases WHERE id >= ?",
            (first,),
        )
        conn.execute(
            "INSERT INTO phones_fts (rowid, phones) SELECT id, phones FROM cases WHERE id >= ?",
            (first,),
        )
        conn.execute(
            "INSERT INTO case_counts (status, creditor, import_id, n)"
            " SELECT status, coalesce(creditor, ''), coalesce(import_id, 0), count(*)"
            " FROM cases WHERE id >= ? GROUP BY 1, 2, 3"
            " ON CONFLICT (status, creditor, import_id) DO UPDATE SET n = n + excluded.n",
            (first,),
        )


def next_case_id(store: Store) -> int:
    return int(store.scalar("SELECT coalesce(max(id), 0) + 1 FROM cases"))


# --- ranking: best address and status of many cases ------------------------------------------

_STAGE = "temp.songda_case_results"
_RESULT_COLS = (
    "best_candidate_id",
    "best_score",
    "best_address",
    "needs_review",
    "status",
    "confidence",
    "review_reasons",
)


def _ensure_stage(conn: sqlite3.Connection) -> None:
    conn.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS songda_case_results (id INTEGER PRIMARY KEY,"
        f" {', '.join(_RESULT_COLS)}, old_status TEXT, address_changed INTEGER)"
    )


def update_case_results(store: Store, rows: Sequence[Sequence[Any]]) -> None:
    """Rows of (best_candidate_id, best_score, best_address, needs_review, status,
    confidence, review_reasons JSON, id): one set-based update of ``cases`` with the
    full-text index and counts maintained as the update triggers would. Call inside
    ``store.transaction()``."""
    if not rows:
        return
    conn = store.conn
    _ensure_stage(conn)
    conn.execute(f"DELETE FROM {_STAGE}")
    conn.executemany(
        f"INSERT INTO {_STAGE} ({', '.join(_RESULT_COLS)}, id)"
        f" VALUES ({','.join('?' * (len(_RESULT_COLS) + 1))})",
        rows,
    )
    conn.execute(
        f"UPDATE {_STAGE} AS s SET old_status = c.status,"
        " address_changed = c.best_address IS NOT s.best_address FROM cases c WHERE c.id = s.id"
    )
    with triggers_suspended(store, UPDATE_TRIGGERS):
        conn.execute(
            "INSERT INTO cases_fts (cases_fts, rowid, debtor_name, best_address)"
            " SELECT 'delete', c.id, c.debtor_name, c.best_address"
            f" FROM {_STAGE} s JOIN cases c ON c.id = s.id WHERE s.address_changed"
        )
        conn.execute(
            "UPDATE case_counts SET n = n - d.k FROM ("
            " SELECT s.old_status AS st, coalesce(c.creditor, '') AS cr,"
            " coalesce(c.import_id, 0) AS im, count(*) AS k"
            f" FROM {_STAGE} s JOIN cases c ON c.id = s.id"
            " WHERE s.old_status IS NOT s.status GROUP BY 1, 2, 3) AS d"
            " WHERE case_counts.status = d.st AND case_counts.creditor = d.cr"
            " AND case_counts.import_id = d.im"
        )
        sets = ", ".join(f"{c} = s.{c}" for c in _RESULT_COLS)
        conn.execute(f"UPDATE cases SET {sets} FROM {_STAGE} AS s WHERE cases.id = s.id")
        conn.execute(
            "INSERT INTO case_counts (status, creditor, import_id, n)"
            " SELECT s.status, coalesce(c.creditor, ''), coalesce(c.import_id, 0), count(*)"
            f" FROM {_STAGE} s JOIN cases c ON c.id = s.id"
            " WHERE s.old_status IS NOT s.status GROUP BY 1, 2, 3"
            " ON CONFLICT (status, creditor, import_id) DO UPDATE SET n = n + excluded.n"
        )
        conn.execute(
            "INSERT INTO cases_fts (rowid, debtor_name, best_address)"
            " SELECT c.id, c.debtor_name, c.best_address"
            f" FROM {_STAGE} s JOIN cases c ON c.id = s.id WHERE s.address_changed"
        )
    conn.execute(f"DELETE FROM {_STAGE}")
