"""Case-list queries for the UI: counts, paging, filters and search (SQL lives here).

Designed for a million cases: the UI never loads all rows; it asks for the count of a
filter and then for pages (``LIMIT/OFFSET`` in a stable order). Search uses the trigram
full-text index ``cases_fts`` (migration V2) for terms of three or more characters and
indexed prefix matches for shorter ones.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from songda.store.case_search import (
    COMMON,
    LIKE,
    expression_count,
    fts_count,
    fts_expression,
    fts_phrase,
    fts_terms,
    is_code,
    like_pattern,
    prefix_range,
    remembered,
    short_expressions,
)
from songda.store.db import Store, open_store

# Columns the case list shows, in order (the Qt model maps them to headers).
LIST_COLUMNS: tuple[str, ...] = (
    "case_no",
    "debtor_name",
    "creditor",
    "status",
    "best_address",
    "best_score",
    "phone_tail",
    "updated_at",
)
SORTABLE = frozenset(LIST_COLUMNS)
STATUSES: tuple[str, ...] = (
    "needs_review",
    "confirmed",
    "no_valid_address",
    "ready",
    "sent",
    "signed",
    "returned",
    "new",
)


@dataclass(frozen=True, slots=True)
class CaseFilter:
    """What the operator filters by; ``None`` = any."""

    status: str | None = None
    creditor: str | None = None
    import_id: int | None = None
    batch_id: int | None = None
    search: str = ""

    def without_status(self) -> CaseFilter:
        return replace(self, status=None)


def search_matches(store: Store, f: CaseFilter) -> int:
    """An upper bound of the cases the search's trigram-index parts match (0: none)."""
    if _short_only(store, f) is not None:
        return count_cases(store, f)  # exact, quick (one two-character term)
    terms = fts_terms(f)
    sizes = [fts_count(store, terms)] if terms else []
    for expr in short_expressions(store, f).values():
        sizes.append(total_cases(store) if expr == COMMON else expression_count(store, expr))
    return min(sizes) if sizes else 0


_MATCH = "SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?"
# a two-character term: its trigrams' matches and the names that start with it
_SHORT = _MATCH + " UNION SELECT id FROM cases WHERE debtor_name >= ? AND debtor_name < ?"

# A search matching more cases than this is tested by membership while scanning another
# index (sequential) instead of looking each match up in the cases table (random reads).
FTS_SCAN_ABOVE = 5000


def where_clause(
    f: CaseFilter,
    *,
    walk: bool = False,
    fts_scan: bool = False,
    sort: str = "",
    shorts: dict[str, str] | None = None,
    like: bool = False,
) -> tuple[str, list[Any]]:
    """SQL ``WHERE`` (possibly empty) and its parameters for a filter.

    ``walk=True`` writes the plain column filters so that SQLite cannot use their indexes
    (``+column``): the query then walks the ORDER BY index and stops after one page, which
    is the fast plan when the filter matches a large share of the cases. Sorted by case
    number, the status stays indexable: ``(status, case_no)`` is that walk's index.
    ``like=True`` (with ``walk``) tests name and address terms row by row with LIKE instead
    of collecting the trigram index's matches first: a broad search fills a page after a
    few thousand rows, while collecting its 100,000 matches costs 0.1–0.2 s.
    """
    plus = "+" if walk else ""
    # ``c.id + 0`` keeps SQLite from driving the query by the search matches' rowids
    member = "c.id + 0" if fts_scan else "c.id"
    conds: list[str] = []
    params: list[Any] = []
    if f.status:
        conds.append(f"{'' if sort == 'case_no' else plus}c.status = ?")
        params.append(f.status)
    if f.creditor is not None:
        conds.append(f"{plus}c.creditor = ?")
        params.append(f.creditor)
    if f.import_id is not None:
        conds.append(f"{plus}c.import_id = ?")
        params.append(f.import_id)
    if f.batch_id is not None:
        conds.append("c.id IN (SELECT case_id FROM mailings WHERE batch_id = ?)")
        params.append(f.batch_id)
    fts: list[str] = []
    for term in f.search.split():
        if is_code(term):
            # case-number prefix (index), phone tail (index), a longer phone fragment (FTS)
            ors, ps = [], []
            for variant in dict.fromkeys((term, term.upper())):
                cond, p = prefix_range("c.case_no", variant)
                ors.append(cond)
                ps += p
            if term.isdigit() and len(term) == 4:
                ors.append("c.phone_tail = ?")
                ps.append(term)
            if term.isdigit() and len(term) >= 5:
                ors.append("c.id IN (SELECT rowid FROM phones_fts WHERE phones_fts MATCH ?)")
                ps.append(fts_phrase(term))
            conds.append("(" + " OR ".join(ors) + ")")
            params += ps
        elif len(term) >= 3 and like:
            conds.append(f"(c.debtor_name {LIKE} OR c.best_address {LIKE})")
            params += [like_pattern(term)] * 2
        elif len(term) >= 3:
            fts.append(term)  # name or address substring: trigram index
        else:
            # one or two characters: a name prefix (index); two characters also anywhere in
            # a name or address when followed by another character (``shorts``)
            expr = (shorts or {}).get(term)
            if expr is not None and (like or expr == COMMON):
                conds.append(
                    f"(c.debtor_name {LIKE} OR c.debtor_name {LIKE} OR c.best_address {LIKE})"
                )
                params += [
                    like_pattern(term, before=False),
                    like_pattern(term, after=1),
                    like_pattern(term, after=1),
                ]
            elif expr is not None:
                conds.append(f"{member} IN ({_SHORT})")
                params += [expr, term, term + "\U0010ffff"]
            else:
                cond, p = prefix_range("c.debtor_name", term)
                conds.append(cond)
                params += p
    if fts:
        conds.append(f"{member} IN ({_MATCH})")
        params.append(fts_expression(fts))
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _counted(f: CaseFilter) -> bool:
    """Filters the trigger-kept ``case_counts`` table answers without touching cases."""
    return not f.search.strip() and f.batch_id is None


def _counts_where(f: CaseFilter, *, with_status: bool) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if with_status and f.status:
        conds.append("status = ?")
        params.append(f.status)
    if f.creditor is not None:
        conds.append("creditor = ?")
        params.append(f.creditor)
    if f.import_id is not None:
        conds.append("import_id = ?")
        params.append(f.import_id)
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def _only_search(f: CaseFilter) -> bool:
    """No filter but the search."""
    return f.status is None and f.creditor is None and f.import_id is None and f.batch_id is None


def _search_only(f: CaseFilter) -> bool:
    return (
        bool(f.search.strip())
        and _only_search(f)
        and all(not is_code(t) and len(t) >= 3 for t in f.search.split())
    )


def _short_only(store: Store, f: CaseFilter) -> list[Any] | None:
    """Parameters of :data:`_SHORT` when the filter is one two-character search term."""
    terms = f.search.split()
    if len(terms) != 1 or not _only_search(f):
        return None
    expr = short_expressions(store, f).get(terms[0])
    if expr is None or expr == COMMON:
        return None
    return [expr, terms[0], terms[0] + "\U0010ffff"]


def count_cases(store: Store, f: CaseFilter) -> int:
    """Cases matching ``f`` (remembered until the database changes: the list and the
    status panel ask for the same count)."""
    return int(remembered(store, "c:" + repr(f), lambda: _count(store, f)))


def _count(store: Store, f: CaseFilter) -> int:
    if _counted(f):
        where, params = _counts_where(f, with_status=True)
        n = store.conn.execute(f"SELECT sum(n) FROM case_counts{where}", params).fetchone()[0]
        return int(n or 0)
    if _search_only(f):
        # the trigram index alone counts the matches (no lookups into cases)
        return fts_count(store, fts_terms(f))
    short = _short_only(store, f)
    if short is not None:
        return int(store.conn.execute(f"SELECT count(*) FROM ({_SHORT})", short).fetchone()[0])
    scan = (
        f.status is not None or f.creditor is not None or f.import_id is not None
    ) and search_matches(store, f) > FTS_SCAN_ABOVE
    where, params = where_clause(f, fts_scan=scan, shorts=short_expressions(store, f))
    return int(store.conn.execute(f"SELECT count(*) FROM cases c{where}", params).fetchone()[0])


def count_is_slow(store: Store, f: CaseFilter) -> bool:
    """Counting ``f`` tests many search matches one by one against other conditions (a
    broad address search with a status, creditor or import: 0.1–0.3 s at a million cases):
    the UI shows the first page first and counts in the background
    (:class:`BackgroundCounter`). Everything else counts in milliseconds."""
    if _counted(f) or _search_only(f) or _short_only(store, f) is not None:
        return False
    if COMMON in short_expressions(store, f).values():
        return True  # LIKE over every case
    return search_matches(store, f) > FTS_SCAN_ABOVE


def count_upper_bound(store: Store, f: CaseFilter) -> int:
    """A quick upper bound of :func:`count_cases` (the search's matches, or the counted
    filter's): chooses the first page's query plan before the exact count is known."""
    bounds = [total_cases(store)]
    if fts_terms(f) or short_expressions(store, f):
        # (a two-character term also matches names that are just those two characters:
        # not in the trigram index, few — close enough for choosing a plan)
        bounds.append(search_matches(store, f))
    if f.batch_id is None:
        where, params = _counts_where(f, with_status=True)
        n = store.conn.execute(f"SELECT sum(n) FROM case_counts{where}", params).fetchone()[0]
        bounds.append(int(n or 0))
    return min(bounds)


class BackgroundCounter:
    """Counts filters on its own connection in a thread of its own, newest request first.

    :meth:`request` supersedes the request before it (a count still running for it is
    interrupted); ``done(generation, count)`` is called from the counting thread (``-1``
    when the count failed: count in the foreground instead). The
    thread ends after :attr:`IDLE_SECONDS` without requests and starts again when needed.
    """

    IDLE_SECONDS = 30.0

    def __init__(self, path: Path, done: Callable[[int, int], None]) -> None:
        self._path = path
        self._done = done
        self._cond = threading.Condition()
        self._pending: tuple[int, CaseFilter] | None = None
        self._running: Store | None = None  # the store of a count in progress
        self._thread: threading.Thread | None = None

    def request(self, generation: int, f: CaseFilter) -> None:
        with self._cond:
            self._pending = (generation, f)
            if self._running is not None:
                self._running.conn.interrupt()
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="songda-count", daemon=True)
                self._thread.start()
            self._cond.notify()

    def cancel(self) -> None:
        """Forget the pending request and interrupt a running count."""
        with self._cond:
            self._pending = None
            if self._running is not None:
                self._running.conn.interrupt()

    def _loop(self) -> None:
        store = open_store(self._path)
        try:
            while True:
                with self._cond:
                    while self._pending is None:
                        if not self._cond.wait(self.IDLE_SECONDS) and self._pending is None:
                            self._thread = None
                            return
                    generation, f = self._pending
                    self._pending = None
                    self._running = store
                try:
                    n: int | None = count_cases(store, f)
                except sqlite3.OperationalError as exc:
                    # interrupted by a newer request: nothing to report; another error: -1
                    n = None if "interrupt" in str(exc) else -1
                finally:
                    with self._cond:
                        self._running = None
                if n is not None:
                    self._done(generation, n)
        finally:
            store.close()


def total_cases(store: Store) -> int:
    """All cases (from the trigger-kept counts)."""
    n = store.conn.execute("SELECT sum(n) FROM case_counts").fetchone()[0]
    return int(n or 0)


def _order(sort: str, descending: bool) -> str:
    if sort not in SORTABLE:
        sort = "case_no"
    direction = "DESC" if descending else "ASC"
    if sort == "case_no":
        return f"c.case_no {direction}"
    # (column, id) is exactly the order of the column's index: no sorting step
    return f"c.{sort} {direction}, c.id {direction}"


# Below this share of all cases, use the filter's index and sort the matches; above it,
# walk the sort order's index and stop after one page.
WALK_SHARE = 0.02


def fetch_page(
    store: Store,
    f: CaseFilter,
    *,
    sort: str = "case_no",
    descending: bool = False,
    offset: int = 0,
    limit: int = 200,
    count: int | None = None,
    total: int | None = None,
) -> list[dict[str, Any]]:
    """One page of the filtered, sorted list: ``id`` plus :data:`LIST_COLUMNS`.

    ``count`` (matches) and ``total`` (all cases), when known, choose the query plan."""
    walk = False
    if count is not None and total:
        walk = count >= WALK_SHARE * total and sort in INDEXED_SORTS
    shorts = short_expressions(store, f)
    where, params = where_clause(f, walk=walk, fts_scan=walk, sort=sort, shorts=shorts, like=walk)
    cols = ", ".join(f"c.{c}" for c in ("id", *LIST_COLUMNS))
    sql = f"SELECT {cols} FROM cases c{where} ORDER BY {_order(sort, descending)} LIMIT ? OFFSET ?"
    cur = store.conn.execute(sql, [*params, int(limit), int(offset)])
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


INDEXED_SORTS = frozenset(
    {"case_no", "debtor_name", "creditor", "status", "best_score", "phone_tail", "updated_at"}
)


def case_ids(
    store: Store,
    f: CaseFilter,
    *,
    sort: str = "case_no",
    descending: bool = False,
    limit: int = 10000,
) -> list[int]:
    """Ids of the filtered list in order (the review queue walks these)."""
    where, params = where_clause(f, shorts=short_expressions(store, f))
    sql = f"SELECT c.id FROM cases c{where} ORDER BY {_order(sort, descending)} LIMIT ?"
    return [int(r[0]) for r in store.conn.execute(sql, [*params, int(limit)])]


COUNTS_SEARCH_LIMIT = 20000


def search_too_broad(store: Store, f: CaseFilter) -> bool:
    """A search matching so many cases that per-status counts would take seconds."""
    return search_matches(store, f) > COUNTS_SEARCH_LIMIT


def status_counts(store: Store, f: CaseFilter | None = None) -> dict[str, int]:
    """Number of cases per status for a filter (its own status ignored)."""
    f = f or CaseFilter()
    if _counted(f):
        where, params = _counts_where(f, with_status=False)
        rows = store.conn.execute(
            f"SELECT status, sum(n) FROM case_counts{where} GROUP BY status", params
        ).fetchall()
        return {str(s): int(n) for s, n in rows if n}
    scan = search_matches(store, f) > FTS_SCAN_ABOVE
    shorts = short_expressions(store, f)
    where, params = where_clause(f.without_status(), fts_scan=scan, shorts=shorts)
    rows = store.conn.execute(
        f"SELECT c.status, count(*) FROM cases c{where} GROUP BY c.status", params
    ).fetchall()
    return {str(s): int(n) for s, n in rows}


def creditors(store: Store) -> list[tuple[str, int]]:
    rows = store.conn.execute(
        "SELECT creditor, sum(n) FROM case_counts WHERE creditor != ''"
        " GROUP BY creditor HAVING sum(n) > 0 ORDER BY creditor"
    ).fetchall()
    return [(str(c), int(n)) for c, n in rows]


def imports(store: Store) -> list[tuple[int, str, int]]:
    """(import id, file name, cases imported) newest first."""
    rows = store.conn.execute(
        "SELECT id, file_name, cases_new + cases_updated FROM imports ORDER BY id DESC"
    ).fetchall()
    return [(int(i), str(n), int(c or 0)) for i, n, c in rows]


def batches(store: Store) -> list[tuple[int, str, int]]:
    """(batch id, name, case count) newest first."""
    rows = store.conn.execute(
        "SELECT id, name, case_count FROM batches ORDER BY id DESC"
    ).fetchall()
    return [(int(i), str(n), int(c or 0)) for i, n, c in rows]
