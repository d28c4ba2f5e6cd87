"""SQL for ranking: candidates to parse, rank inputs, writing results, outcomes, export rows.

Reads come back as plain tuples in the documented column order (fast for 500,000 rows);
writes take sequences of tuples and run ``executemany`` in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from songda.domain.models import ADDRESS_FIELDS
from songda.store.bulk import update_case_results
from songda.store.db import Store

# Statuses a re-ranking must not change (the case is in the mail flow).
LOCKED_STATUSES = ("ready", "sent", "signed", "returned")

UNPARSED_COLUMNS = ("id", "case_id", "raw_text", "raw_postcode", "source")


def unparsed_case_ids(store: Store, case_ids: Sequence[int] | None = None) -> list[int]:
    """Cases (ascending) having a candidate with ``parsed_at IS NULL``."""
    if case_ids is None:
        rows = store.conn.execute(
            "SELECT DISTINCT case_id FROM candidates WHERE parsed_at IS NULL ORDER BY case_id"
        ).fetchall()
        return [int(r[0]) for r in rows]
    out: list[int] = []
    for chunk in _chunks(sorted(set(case_ids)), 900):
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(
            f"SELECT DISTINCT case_id FROM candidates WHERE parsed_at IS NULL"
            f" AND case_id IN ({marks})",
            chunk,
        ).fetchall()
        out.extend(int(r[0]) for r in rows)
    return sorted(out)


def mark_unparsed(store: Store, case_ids: Sequence[int] | None = None) -> int:
    """Forget the parse of candidates (all, or of these cases) so the next ranking re-parses."""
    with store.transaction():
        if case_ids is None:
            return store.conn.execute("UPDATE candidates SET parsed_at = NULL").rowcount
        n = 0
        for chunk in _chunks(sorted(set(case_ids)), 900):
            marks = ",".join("?" * len(chunk))
            n += store.conn.execute(
                f"UPDATE candidates SET parsed_at = NULL WHERE case_id IN ({marks})", chunk
            ).rowcount
        return n


# id, case_id, raw_text, raw_postcode, source, parsed (0/1), adcode, id_number, phones
PARSE_INPUT_COLUMNS = (
    "id",
    "case_id",
    "raw_text",
    "raw_postcode",
    "source",
    "parsed",
    "adcode",
    "id_number",
    "phones",
)


def parse_inputs(store: Store, case_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """All candidates of these cases (parsed or not) with their case's ID number and phones."""
    out: list[tuple[Any, ...]] = []
    for chunk in _chunks(list(case_ids), 900):
        marks = ",".join("?" * len(chunk))
        out.extend(
            store.conn.execute(
                "SELECT c.id, c.case_id, c.raw_text, c.raw_postcode, c.source,"
                " c.parsed_at IS NOT NULL, c.adcode, k.id_number, k.phones"
                " FROM candidates c JOIN cases k ON k.id = c.case_id"
                f" WHERE c.case_id IN ({marks}) ORDER BY c.case_id, c.id",
                chunk,
            ).fetchall()
        )
    return out


# Order of the values in a parsed-candidate update (then the candidate id last).
PARSED_FIELDS = (
    *ADDRESS_FIELDS,
    "standard",
    "spans",
    "adcode",
    "postcode",
    "level",
    "valid",
    "issues",
    "confidence",
    "parsed_at",
)
_PARSED_SQL = (
    "UPDATE candidates SET " + ", ".join(f"{f} = ?" for f in PARSED_FIELDS) + " WHERE id = ?"
)


def write_parsed(store: Store, rows: Sequence[Sequence[Any]]) -> None:
    """Store parse results: each row is the :data:`PARSED_FIELDS` values then the id."""
    store.conn.executemany(_PARSED_SQL, rows)


# --- ranking ---------------------------------------------------------------------------

CASE_COLUMNS = (
    "id",
    "id_number",
    "phones",
    "status",
    "best_candidate_id",
    "best_score",
    "best_address",
    "needs_review",
    "confidence",
    "review_reasons",
)
CANDIDATE_COLUMNS = (
    "id",
    "case_id",
    "source",
    "source_column",
    "raw_text",
    "standard",
    "adcode",
    "level",
    "valid",
    "issues",
    "confidence",
    "poi",
    "address_date",
    "status",
    "chosen",
    "score",
    "rank",
    "reasons",
    "flags",
    "dup_of",
    "raw_postcode",
    "parsed_at IS NOT NULL",
)
# Positions in a CANDIDATE_COLUMNS row of what a parse fills in (rank_compute substitutes
# fresh parse results there before scoring).
PARSED_INTO_CANDIDATE = {
    "standard": 5,
    "adcode": 6,
    "level": 7,
    "valid": 8,
    "issues": 9,
    "confidence": 10,
    "poi": 11,
}
CANDIDATE_PARSED = 21  # "parsed_at IS NOT NULL"
CANDIDATE_POSTCODE = 20
_CASE_SQL = "SELECT " + ", ".join(CASE_COLUMNS) + " FROM cases"
_CAND_SQL = "SELECT " + ", ".join(CANDIDATE_COLUMNS) + " FROM candidates"


def count_cases(store: Store, case_ids: Sequence[int] | None = None) -> int:
    if case_ids is None:
        return int(store.scalar("SELECT count(*) FROM cases"))
    return len(set(case_ids))


# A chunk of cases to rank: ("range", first id, last id) or ("ids", id, id, …).
ChunkSpec = tuple[Any, ...]


def chunk_specs(
    store: Store, case_ids: Sequence[int] | None = None, chunk: int = 2000
) -> list[ChunkSpec]:
    """Split all cases (or ``case_ids``) into chunks of about ``chunk`` cases."""
    if case_ids is None:
        ids = [int(r[0]) for r in store.conn.execute("SELECT id FROM cases ORDER BY id")]
        return [("range", part[0], part[-1]) for part in _chunks(ids, chunk)]
    ids = sorted(set(case_ids))
    return [("ids", *part) for part in _chunks(ids, min(chunk, 900))]


def fetch_chunk(
    store: Store, spec: ChunkSpec
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """``(case rows, candidate rows)`` of one chunk, both ordered by case id.

    Case rows follow :data:`CASE_COLUMNS`, candidate rows :data:`CANDIDATE_COLUMNS`.
    """
    conn = store.conn
    if spec[0] == "range":
        lo, hi = spec[1], spec[2]
        case_rows = conn.execute(
            _CASE_SQL + " WHERE id BETWEEN ? AND ? ORDER BY id", (lo, hi)
        ).fetchall()
        cand_rows = conn.execute(
            _CAND_SQL + " WHERE case_id BETWEEN ? AND ? ORDER BY case_id, id", (lo, hi)
        ).fetchall()
        return case_rows, cand_rows
    part = list(spec[1:])
    marks = ",".join("?" * len(part))
    cases = conn.execute(_CASE_SQL + f" WHERE id IN ({marks}) ORDER BY id", part).fetchall()
    cands = conn.execute(
        _CAND_SQL + f" WHERE case_id IN ({marks}) ORDER BY case_id, id", part
    ).fetchall()
    return cases, cands


def rank_chunks(
    store: Store, case_ids: Sequence[int] | None = None, chunk: int = 2000
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Every chunk's rows in turn (see :func:`fetch_chunk`)."""
    for spec in chunk_specs(store, case_ids, chunk):
        yield fetch_chunk(store, spec)


# Pages of WAL between checkpoints while writing in bulk (SQLite's default: 1,000 = 4 MB).
BULK_CHECKPOINT_PAGES = 25_000


@contextmanager
def bulk_writes(store: Store, cache_mib: int = 64) -> Iterator[None]:
    """A bigger page cache while many rows are rewritten (fewer spills to the WAL), and
    checkpoints every ~100 MB of WAL instead of every 4 MB: a first ranking commits about
    500 MB in chunks, and checkpointing after each commit cost a third of its writing time.
    One checkpoint at the end copies what is left (durability is unchanged: every commit
    is in the WAL; checkpoints only move pages into the database file)."""
    conn = store.conn
    old = store.scalar("PRAGMA cache_size")
    old_ckpt = store.scalar("PRAGMA wal_autocheckpoint")
    conn.execute(f"PRAGMA cache_size = {-1024 * int(cache_mib)}")
    conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(old)}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(old_ckpt)}")
        if store.path is not None and not conn.in_transaction:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")


SCORE_FIELDS = ("score", "rank", "reasons", "flags", "dup_of")
_PARSED_SCORES_SQL = (
    "UPDATE candidates SET "
    + ", ".join(f"{f} = ?" for f in (*PARSED_FIELDS, *SCORE_FIELDS))
    + " WHERE id = ?"
)


def write_parsed_scores(store: Store, rows: Sequence[Sequence[Any]]) -> None:
    """Parse results and scores of candidates parsed in the same run, one write per
    candidate: each row is the :data:`PARSED_FIELDS` values, the :data:`SCORE_FIELDS`
    values, then the id."""
    store.conn.executemany(_PARSED_SCORES_SQL, rows)


def write_candidate_scores(store: Store, rows: Sequence[Sequence[Any]]) -> None:
    """Rows of (score, rank, reasons JSON, flags JSON, dup_of, id)."""
    store.conn.executemany(
        "UPDATE candidates SET score = ?, rank = ?, reasons = ?, flags = ?, dup_of = ?"
        " WHERE id = ?",
        rows,
    )


def write_case_results(store: Store, rows: Sequence[Sequence[Any]]) -> None:
    """Rows of (best_candidate_id, best_score, best_address, needs_review, status,
    confidence, review_reasons JSON, id); the case list's index and counts are maintained
    set-based (:func:`songda.store.bulk.update_case_results`)."""
    update_case_results(store, rows)


def load_outcomes(store: Store) -> list[tuple[Any, ...]]:
    """(key_kind, key, sent, signed, refused, not_there, bad_address, other_returned)."""
    return store.conn.execute(
        "SELECT key_kind, key, sent, signed, refused, not_there, bad_address, other_returned"
        " FROM outcomes"
    ).fetchall()


# --- export -------------------------------------------------------------------------------

EXPORT_COLUMNS = (
    "case_no",
    "candidate_id",
    "source",
    "source_column",
    "raw_address",
    "address",
    "postcode",
    "score",
    "confidence",
    "needs_review",
    "reasons",
    "review_reasons",
    "status",
    "chosen",
)


def export_best_rows(store: Store) -> Iterator[tuple[Any, ...]]:
    """One row per case (:data:`EXPORT_COLUMNS`): the operator's choice, else the best."""
    cur = store.conn.execute(
        "SELECT k.case_no, c.id, c.source, c.source_column, c.raw_text, c.standard,"
        " COALESCE(c.postcode, c.raw_postcode), COALESCE(c.score, k.best_score), k.confidence,"
        " k.needs_review, c.reasons, k.review_reasons, k.status, COALESCE(c.chosen, 0)"
        " FROM cases k LEFT JOIN candidates c ON c.id = COALESCE("
        "   (SELECT x.id FROM candidates x WHERE x.case_id = k.id AND x.chosen = 1"
        "    ORDER BY x.updated_at DESC, x.id DESC LIMIT 1),"
        "   k.best_candidate_id)"
        " ORDER BY k.id"
    )
    while True:
        rows = cur.fetchmany(5000)
        if not rows:
            return
        yield from rows


def _chunks(seq: Sequence[int], n: int) -> Iterator[list[int]]:
    for i in range(0, len(seq), n):
        yield list(seq[i : i + n])
