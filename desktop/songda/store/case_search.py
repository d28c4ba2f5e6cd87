"""Search terms of the case list → the trigram index's expressions (SQL lives here).

Terms of three or more characters are matched by the trigram full-text index ``cases_fts``;
two-character terms by the index's trigrams that start with them (read from its vocabulary)
or, when too common, by LIKE row by row (:data:`COMMON`); case numbers and phone digits by
indexed prefix ranges. Counts of an expression are remembered until the database changes.
"""

from __future__ import annotations

import sqlite3
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from songda.store.db import Store

if TYPE_CHECKING:
    from songda.store.caselist import CaseFilter


def fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def is_code(term: str) -> bool:
    """Case numbers and phone digits: ASCII letters, digits, dashes."""
    return term.isascii() and all(ch.isalnum() or ch in "-_/" for ch in term)


def prefix_range(column: str, term: str) -> tuple[str, list[Any]]:
    """``column`` starts with ``term``, as an index range (LIKE cannot use a NOCASE-less
    index)."""
    return f"({column} >= ? AND {column} < ?)", [term, term + "\U0010ffff"]


def fts_terms(f: CaseFilter) -> list[str]:
    """The search terms answered by the trigram index (names and addresses, 3+ chars)."""
    return [t for t in f.search.split() if not is_code(t) and len(t) >= 3]


def fts_expression(terms: list[str]) -> str:
    return " AND ".join("{debtor_name best_address} : " + fts_phrase(t) for t in terms)


_FTS_COUNTS: weakref.WeakKeyDictionary[Store, dict[str, tuple[Any, int]]] = (
    weakref.WeakKeyDictionary()
)


def _version(store: Store) -> tuple[Any, int]:
    """Changes when the database changes (this connection's ``total_changes``, other
    connections' commits: ``data_version``)."""
    conn = store.conn
    return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes


def remembered(store: Store, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()`` remembered per store until the database changes (one filter change
    asks the same question several times: plan, bounds, status list)."""
    version = _version(store)
    known = _FTS_COUNTS.setdefault(store, {})
    hit = known.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    value = compute()
    if len(known) > 64:
        known.clear()
    known[key] = (version, value)
    return value


def expression_count(store: Store, expr: str) -> int:
    sql = "SELECT count(*) FROM cases_fts WHERE cases_fts MATCH ?"
    return int(
        remembered(store, "n:" + expr, lambda: store.conn.execute(sql, (expr,)).fetchone()[0])
    )


def fts_count(store: Store, terms: list[str]) -> int:
    """Matches of the (3+ character) search terms in the trigram index."""
    return expression_count(store, fts_expression(terms)) if terms else 0


# A two-character term becomes the trigrams of the index that start with it (海淀 → 海淀区,
# 海淀镇 …): every name or address with those two characters followed by another one. The
# index's vocabulary is read for that (fts5vocab: time grows with the trigrams' matches);
# a pair so common that this takes longer than SHORT_VOCAB_SECONDS (北京: one case in six)
# or has more trigrams than SHORT_MAX_TRIGRAMS is COMMON: it is matched with LIKE while the
# page walks the sort order (a common pair fills a page quickly), counted in the background.
SHORT_MAX_TRIGRAMS = 300
SHORT_VOCAB_SECONDS = 0.05
COMMON = "common"


def _short_expression(store: Store, term: str) -> str | None:
    """The trigram index's expression for a two-character term, :data:`COMMON`, or None
    (no trigram starts with it)."""

    def compute() -> str | None:
        _ensure_vocab(store)
        deadline = time.perf_counter() + SHORT_VOCAB_SECONDS
        store.conn.set_progress_handler(lambda: time.perf_counter() > deadline, 2000)
        try:
            rows = store.conn.execute(
                "SELECT term FROM temp.songda_cases_vocab WHERE term >= ? AND term < ? LIMIT ?",
                (term.lower(), term.lower() + "\U0010ffff", SHORT_MAX_TRIGRAMS + 1),
            ).fetchall()
        except sqlite3.OperationalError:  # interrupted: past the deadline
            return COMMON
        finally:
            store.conn.set_progress_handler(None, 0)
        if not rows:
            return None
        if len(rows) > SHORT_MAX_TRIGRAMS:
            return COMMON
        return "{debtor_name best_address} : (" + " OR ".join(fts_phrase(r[0]) for r in rows) + ")"

    found: str | None = remembered(store, "v:" + term, compute)
    return found


LIKE = r"LIKE ? ESCAPE '\'"


def like_pattern(term: str, *, before: bool = True, after: int = 0) -> str:
    """A LIKE pattern: ``term`` anywhere (or at the start), followed by ``after`` more
    characters at least — the trigram index's match, written for a row-by-row test."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ("%" if before else "") + escaped + "_" * after + "%"


def _ensure_vocab(store: Store) -> None:
    store.conn.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.songda_cases_vocab"
        " USING fts5vocab(main, cases_fts, 'row')"
    )


def short_terms(f: CaseFilter) -> list[str]:
    return [t for t in f.search.split() if not is_code(t) and len(t) == 2]


def short_expressions(store: Store, f: CaseFilter) -> dict[str, str]:
    """Two-character terms of the search → their trigram expressions (see above)."""
    out: dict[str, str] = {}
    for term in short_terms(f):
        expr = _short_expression(store, term)
        if expr is not None:
            out[term] = expr
    return out
