"""Review actions' SQL: case detail, choosing, editing candidates, undo snapshots."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from songda.store.db import Store, now_iso

# Case columns a review action may change (restored by undo).
CASE_STATE = (
    "status",
    "needs_review",
    "best_candidate_id",
    "best_score",
    "best_address",
    "confidence",
    "review_reasons",
    "updated_at",
)


def _rows(store: Store, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cur = store.conn.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def get_case(store: Store, case_id: int) -> dict[str, Any] | None:
    rows = _rows(store, "SELECT * FROM cases WHERE id = ?", (case_id,))
    return rows[0] if rows else None


def get_candidate(store: Store, candidate_id: int) -> dict[str, Any] | None:
    rows = _rows(store, "SELECT * FROM candidates WHERE id = ?", (candidate_id,))
    return rows[0] if rows else None


def candidates_of(store: Store, case_id: int) -> list[dict[str, Any]]:
    """A case's candidates: active ones by rank, then the others."""
    return _rows(
        store,
        "SELECT * FROM candidates WHERE case_id = ?"
        " ORDER BY status != 'active', rank IS NULL, rank, score IS NULL, score DESC, id",
        (case_id,),
    )


def set_chosen(
    store: Store, case_id: int, candidate_id: int, status: str, operator: str
) -> dict[str, Any]:
    """Mark one candidate chosen (the others not) and make it the case's best."""
    stamp = now_iso()
    store.conn.execute(
        "UPDATE candidates SET chosen = 0, updated_by = ?, updated_at = ?"
        " WHERE case_id = ? AND chosen = 1 AND id != ?",
        (operator, stamp, case_id, candidate_id),
    )
    store.conn.execute(
        "UPDATE candidates SET chosen = 1, updated_by = ?, updated_at = ? WHERE id = ?",
        (operator, stamp, candidate_id),
    )
    cand = get_candidate(store, candidate_id)
    assert cand is not None
    store.conn.execute(
        "UPDATE cases SET best_candidate_id = ?, best_score = ?, best_address = ?,"
        " needs_review = 0, status = ?, updated_at = ? WHERE id = ?",
        (
            candidate_id,
            cand["score"],
            cand["standard"] or cand["raw_text"],
            status,
            stamp,
            case_id,
        ),
    )
    return cand


def unchoose(store: Store, case_id: int, operator: str) -> None:
    """No chosen candidate any more; the case goes back to review (ranking decides)."""
    stamp = now_iso()
    store.conn.execute(
        "UPDATE candidates SET chosen = 0, updated_by = ?, updated_at = ?"
        " WHERE case_id = ? AND chosen = 1",
        (operator, stamp, case_id),
    )
    store.conn.execute(
        "UPDATE cases SET status = 'needs_review', needs_review = 1, updated_at = ?"
        " WHERE id = ? AND status IN ('confirmed', 'needs_review', 'no_valid_address', 'new')",
        (stamp, case_id),
    )


def sync_chosen(store: Store, case_id: int) -> None:
    """Copy the chosen candidate's current address and score onto the case."""
    store.conn.execute(
        "UPDATE cases SET best_candidate_id = k.id, best_score = k.score,"
        " best_address = coalesce(k.standard, k.raw_text)"
        " FROM (SELECT id, score, standard, raw_text FROM candidates"
        "       WHERE case_id = ? AND chosen = 1 LIMIT 1) AS k WHERE cases.id = ?",
        (case_id, case_id),
    )


def set_candidate_text(store: Store, candidate_id: int, text: str, operator: str) -> None:
    """New raw text; the parse is cleared so ranking parses it again."""
    store.conn.execute(
        "UPDATE candidates SET raw_text = ?, parsed_at = NULL, standard = NULL,"
        " updated_by = ?, updated_at = ? WHERE id = ?",
        (text, operator, now_iso(), candidate_id),
    )


def insert_candidate(store: Store, case_id: int, text: str, source: str, operator: str) -> int:
    stamp = now_iso()
    cur = store.conn.execute(
        "INSERT INTO candidates (case_id, source, raw_text, created_by, created_at,"
        " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, source, text, operator, stamp, operator, stamp),
    )
    return int(cur.lastrowid or 0)


def set_candidate_status(
    store: Store, candidate_id: int, status: str, note: str | None, operator: str
) -> None:
    store.conn.execute(
        "UPDATE candidates SET status = ?, review_note = ?, chosen = 0,"
        " updated_by = ?, updated_at = ? WHERE id = ?",
        (status, note, operator, now_iso(), candidate_id),
    )


def write_parsed_candidate(store: Store, candidate_id: int, fields: dict[str, Any]) -> None:
    """Store a parse result (used when the ranking service is not available)."""
    cols = sorted(fields)
    store.conn.execute(
        "UPDATE candidates SET " + ", ".join(f"{c} = ?" for c in cols) + " WHERE id = ?",
        [*(fields[c] for c in cols), candidate_id],
    )


# -- undo snapshots ---------------------------------------------------------------------


def snapshot(store: Store, case_id: int) -> dict[str, Any]:
    """Everything a review action can change in one case."""
    case = get_case(store, case_id)
    if case is None:
        raise KeyError(case_id)
    return {
        "case_id": case_id,
        "case": {k: case.get(k) for k in CASE_STATE if k in case},
        "candidates": _rows(store, "SELECT * FROM candidates WHERE case_id = ?", (case_id,)),
    }


def apply_snapshot(store: Store, snap: dict[str, Any]) -> None:
    """Put a case back exactly as in ``snap`` (candidates added since are removed)."""
    case_id = int(snap["case_id"])
    keep = [int(c["id"]) for c in snap["candidates"]]
    marks = ",".join("?" * len(keep)) or "NULL"
    store.conn.execute(
        f"DELETE FROM candidates WHERE case_id = ? AND id NOT IN ({marks})", [case_id, *keep]
    )
    for cand in snap["candidates"]:
        cols = [c for c in cand if c != "id"]
        exists = store.conn.execute(
            "SELECT 1 FROM candidates WHERE id = ?", (cand["id"],)
        ).fetchone()
        if exists:
            store.conn.execute(
                "UPDATE candidates SET " + ", ".join(f"{c} = ?" for c in cols) + " WHERE id = ?",
                [*(cand[c] for c in cols), cand["id"]],
            )
        else:
            allc = ["id", *cols]
            store.conn.execute(
                f"INSERT INTO candidates ({', '.join(allc)}) VALUES ({', '.join('?' * len(allc))})",
                [cand[c] for c in allc],
            )
    case_cols = list(snap["case"])
    if case_cols:
        store.conn.execute(
            "UPDATE cases SET " + ", ".join(f"{c} = ?" for c in case_cols) + " WHERE id = ?",
            [*(snap["case"][c] for c in case_cols), case_id],
        )
