"""SQL for delivery results: mailing events, mailing and case status, outcomes, evidence,
learned blacklist proposals and the log of results files."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from songda.store.db import Store, now_iso

OUTCOME_COLUMNS = ("sent", "signed", "refused", "not_there", "bad_address", "other_returned")
BLACKLIST_FLAGS = frozenset({"demolished", "collective", "institution", "custom", "blacklisted"})

_MAILING_COLS = """
    m.id AS mailing_id, m.batch_id, m.case_id, m.candidate_id, m.tracking_no, m.recipient,
    m.address, m.postcode, m.status, m.reason_code, m.reason_text, m.status_time, m.signer,
    m.letter_sha256, m.seq, m.created_at
"""


# -- mailings -------------------------------------------------------------------------
def mailings_by_tracking(store: Store, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
    """tracking_no -> mailing row (with the candidate's keys) for the numbers that exist."""
    nums = sorted(set(numbers))
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(nums), 500):
        chunk = nums[i : i + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.query(
            f"SELECT {_MAILING_COLS}, c.standard, c.poi, c.adcode, c.province, c.city,"
            " c.district, c.source"
            " FROM mailings m JOIN candidates c ON c.id = m.candidate_id"
            f" WHERE m.tracking_no IN ({marks})",
            chunk,
        ):
            out[row["tracking_no"]] = row
    return out


def mailing(store: Store, mailing_id: int) -> dict[str, Any] | None:
    rows = store.query(f"SELECT {_MAILING_COLS} FROM mailings m WHERE m.id = ?", (mailing_id,))
    return rows[0] if rows else None


def mailings_for_case(store: Store, case_id: int) -> list[dict[str, Any]]:
    return store.query(
        f"SELECT {_MAILING_COLS}, b.name AS batch_name, b.out_dir, b.created_at AS batch_time"
        " FROM mailings m JOIN batches b ON b.id = m.batch_id"
        " WHERE m.case_id = ? ORDER BY m.id",
        (case_id,),
    )


def batch_options(store: Store, batch_id: int) -> dict[str, Any]:
    raw = store.scalar("SELECT options FROM batches WHERE id = ?", (batch_id,))
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        value = {}
    return value if isinstance(value, dict) else {}


def latest_mailing_id(store: Store, case_id: int) -> int | None:
    v = store.scalar("SELECT max(id) FROM mailings WHERE case_id = ?", (case_id,))
    return None if v is None else int(v)


def list_mailings(
    store: Store,
    *,
    status: str | None = None,
    search: str | None = None,
    batch_id: int | None = None,
    limit: int = 500,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Mailings joined with their case, newest first, for the Delivery page."""
    where: list[str] = []
    params: list[Any] = []
    if status:
        where.append("m.status = ?")
        params.append(status)
    if batch_id is not None:
        where.append("m.batch_id = ?")
        params.append(batch_id)
    if search:
        where.append("(m.tracking_no LIKE ? OR k.case_no LIKE ? OR m.recipient LIKE ?)")
        params += [f"%{search}%"] * 3
    sql = (
        f"SELECT {_MAILING_COLS}, k.case_no, k.status AS case_status, b.name AS batch_name"
        " FROM mailings m JOIN cases k ON k.id = m.case_id JOIN batches b ON b.id = m.batch_id"
    )
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY m.id DESC LIMIT ? OFFSET ?"
    return store.query(sql, [*params, limit, offset])


def count_mailings(store: Store, *, status: str | None = None) -> int:
    if status:
        return int(store.scalar("SELECT count(*) FROM mailings WHERE status = ?", (status,)))
    return int(store.scalar("SELECT count(*) FROM mailings"))


def insert_event(
    store: Store,
    mailing_id: int,
    *,
    status: str,
    event_time: str | None,
    reason_code: str | None,
    reason_text: str | None,
    signer: str | None,
    source_file: str | None,
) -> int | None:
    """Record one status event; its id, or None when the same event is already there."""
    cur = store.conn.execute(
        "INSERT OR IGNORE INTO mailing_events (mailing_id, status, event_time, reason_code,"
        " reason_text, signer, source_file, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (mailing_id, status, event_time, reason_code, reason_text, signer, source_file, now_iso()),
    )
    return int(cur.lastrowid) if cur.rowcount > 0 and cur.lastrowid else None


def events(store: Store, mailing_id: int) -> list[dict[str, Any]]:
    """A mailing's status history, oldest first (events without a time first)."""
    return store.query(
        "SELECT * FROM mailing_events WHERE mailing_id = ? ORDER BY ifnull(event_time, ''), id",
        (mailing_id,),
    )


def set_mailing_status(store: Store, mailing_id: int, values: Mapping[str, Any]) -> None:
    store.conn.execute(
        "UPDATE mailings SET status = ?, reason_code = ?, reason_text = ?, status_time = ?,"
        " signer = ? WHERE id = ?",
        (
            values["status"],
            values.get("reason_code"),
            values.get("reason_text"),
            values.get("event_time"),
            values.get("signer"),
            mailing_id,
        ),
    )


# -- cases and candidates -----------------------------------------------------------
def case_row(store: Store, case_id: int) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM cases WHERE id = ?", (case_id,))
    return rows[0] if rows else None


def case_by_no(store: Store, case_no: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM cases WHERE case_no = ?", (case_no,))
    return rows[0] if rows else None


def case_candidates(store: Store, case_id: int) -> list[dict[str, Any]]:
    return store.query(
        "SELECT * FROM candidates WHERE case_id = ?"
        " ORDER BY rank IS NULL, rank, score IS NULL, score DESC, id",
        (case_id,),
    )


def is_sendable(cand: Mapping[str, Any]) -> bool:
    """Active, valid and not blacklisted (CONTRACTS.md "Delivery outcomes")."""
    if cand.get("status") != "active" or not cand.get("valid"):
        return False
    try:
        flags = json.loads(cand.get("flags") or "[]")
    except ValueError:
        flags = []
    return not (set(map(str, flags)) & BLACKLIST_FLAGS)


def set_candidate_status(store: Store, candidate_id: int, status: str, chosen: bool) -> None:
    store.conn.execute(
        "UPDATE candidates SET status = ?, chosen = ?, updated_by = ?, updated_at = ? WHERE id = ?",
        (status, int(chosen), store.operator, now_iso(), candidate_id),
    )


def move_case(
    store: Store, case_id: int, *, status: str, candidate: Mapping[str, Any] | None
) -> None:
    """Set a case's status and (when given) make ``candidate`` its chosen best."""
    now = now_iso()
    if candidate is None:
        store.conn.execute(
            "UPDATE cases SET status = ?, updated_at = ? WHERE id = ?", (status, now, case_id)
        )
        return
    store.conn.execute(
        "UPDATE candidates SET chosen = 0 WHERE case_id = ? AND id != ?", (case_id, candidate["id"])
    )
    store.conn.execute(
        "UPDATE candidates SET chosen = 1, updated_by = ?, updated_at = ? WHERE id = ?",
        (store.operator, now, candidate["id"]),
    )
    store.conn.execute(
        "UPDATE cases SET status = ?, best_candidate_id = ?, best_score = ?, best_address = ?,"
        " updated_at = ? WHERE id = ?",
        (
            status,
            candidate["id"],
            candidate.get("score"),
            candidate.get("standard") or candidate.get("raw_text"),
            now,
            case_id,
        ),
    )


# -- outcomes -------------------------------------------------------------------------
def bump_outcome(store: Store, key_kind: str, key: str, deltas: Mapping[str, int]) -> None:
    cols = [c for c in OUTCOME_COLUMNS if deltas.get(c)]
    if not cols:
        return
    values = [int(deltas[c]) for c in cols]
    store.conn.execute(
        f"INSERT INTO outcomes (key_kind, key, {', '.join(cols)}, updated_at)"
        f" VALUES (?, ?, {', '.join('?' * len(cols))}, ?)"
        " ON CONFLICT(key_kind, key) DO UPDATE SET "
        + ", ".join(f"{c} = max(0, {c} + excluded.{c})" for c in cols)
        + ", updated_at = excluded.updated_at",
        (key_kind, key, *values, now_iso()),
    )


def outcomes(store: Store, key_kind: str | None = None) -> list[dict[str, Any]]:
    if key_kind:
        return store.query(
            "SELECT * FROM outcomes WHERE key_kind = ? ORDER BY sent DESC, key", (key_kind,)
        )
    return store.query("SELECT * FROM outcomes ORDER BY key_kind, sent DESC, key")


def outcome(store: Store, key_kind: str, key: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM outcomes WHERE key_kind = ? AND key = ?", (key_kind, key))
    return rows[0] if rows else None


# -- learned blacklist proposals -------------------------------------------------------
def propose_blacklist(
    store: Store,
    *,
    kind: str,
    match: str,
    pattern: str | None,
    division_code: str | None,
    note: str,
) -> tuple[int, bool]:
    """Add (or add evidence to) a proposal. Returns (id, created)."""
    rows = store.query(
        "SELECT id, status FROM blacklist_proposals WHERE kind = ? AND match = ?"
        " AND ifnull(pattern, '') = ? AND ifnull(division_code, '') = ?",
        (kind, match, pattern or "", division_code or ""),
    )
    now = now_iso()
    if rows:
        store.conn.execute(
            "UPDATE blacklist_proposals SET evidence = evidence + 1, updated_at = ? WHERE id = ?",
            (now, rows[0]["id"]),
        )
        return int(rows[0]["id"]), False
    cur = store.conn.execute(
        "INSERT INTO blacklist_proposals (kind, match, pattern, division_code, note,"
        " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (kind, match, pattern, division_code, note, now, now),
    )
    return int(cur.lastrowid or 0), True


def proposals(store: Store, status: str | None = "proposed") -> list[dict[str, Any]]:
    if status:
        return store.query(
            "SELECT * FROM blacklist_proposals WHERE status = ? ORDER BY evidence DESC, id",
            (status,),
        )
    return store.query("SELECT * FROM blacklist_proposals ORDER BY id")


def proposal(store: Store, proposal_id: int) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM blacklist_proposals WHERE id = ?", (proposal_id,))
    return rows[0] if rows else None


def resolve_proposal(
    store: Store, proposal_id: int, status: str, blacklist_id: int | None = None
) -> None:
    store.conn.execute(
        "UPDATE blacklist_proposals SET status = ?, blacklist_id = ?, updated_at = ? WHERE id = ?",
        (status, blacklist_id, now_iso(), proposal_id),
    )


# -- evidence files and the results-file log ------------------------------------------
def add_evidence_file(
    store: Store,
    *,
    case_id: int,
    mailing_id: int | None,
    kind: str,
    path: str,
    sha256: str,
) -> int:
    cur = store.conn.execute(
        "INSERT INTO evidence_files (case_id, mailing_id, kind, path, sha256, added_by,"
        " added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (case_id, mailing_id, kind, path, sha256, store.operator, now_iso()),
    )
    return int(cur.lastrowid or 0)


def evidence_files(store: Store, case_id: int) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM evidence_files WHERE case_id = ? ORDER BY id", (case_id,))


def record_feedback_import(
    store: Store, *, file_name: str, sha256: str, mapping: Mapping[str, str], counts: Any
) -> int:
    cur = store.conn.execute(
        "INSERT INTO feedback_imports (file_name, sha256, imported_at, operator, mapping, counts)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (
            file_name,
            sha256,
            now_iso(),
            store.operator,
            json.dumps(dict(mapping), ensure_ascii=False),
            json.dumps(counts, ensure_ascii=False),
        ),
    )
    return int(cur.lastrowid or 0)


def feedback_imports(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM feedback_imports ORDER BY id DESC LIMIT ?", (limit,))


# -- a minimal batch recorder (tests and benchmarks; the letters module owns batches) --
def record_batch(
    store: Store,
    name: str,
    mailings: Sequence[Mapping[str, Any]],
    *,
    template: str = "lawyer_letter",
    label_format: str = "ems100x150",
    out_dir: str | None = None,
) -> int:
    """Record a batch and its mailings (case_id, candidate_id, tracking_no, recipient,
    address, postcode?) and move the cases to ``sent``. Returns the batch id."""
    now = now_iso()
    with store.transaction():
        cur = store.conn.execute(
            "INSERT INTO batches (name, template, label_format, status, case_count, out_dir,"
            " created_by, created_at) VALUES (?, ?, ?, 'posted', ?, ?, ?, ?)",
            (name, template, label_format, len(mailings), out_dir, store.operator, now),
        )
        batch_id = int(cur.lastrowid or 0)
        store.conn.executemany(
            "INSERT INTO mailings (batch_id, case_id, candidate_id, seq, tracking_no, recipient,"
            " address, postcode, status, letter_sha256, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'posted', ?, ?)",
            [
                (
                    batch_id,
                    m["case_id"],
                    m["candidate_id"],
                    i + 1,
                    m["tracking_no"],
                    m["recipient"],
                    m["address"],
                    m.get("postcode"),
                    m.get("letter_sha256"),
                    now,
                )
                for i, m in enumerate(mailings)
            ],
        )
        store.conn.executemany(
            "UPDATE cases SET status = 'sent', updated_at = ? WHERE id = ?",
            [(now, m["case_id"]) for m in mailings],
        )
    return batch_id


def resend_list(store: Store, limit: int = 5000) -> list[dict[str, Any]]:
    """Cases back on the send list after a return (``ready`` with a returned mailing)."""
    return store.query(
        "SELECT k.id AS case_id, k.case_no, k.debtor_name, k.creditor, k.best_address,"
        " k.best_candidate_id, c.source, m.tracking_no AS returned_tracking_no,"
        " m.reason_code, m.reason_text, m.status_time"
        " FROM cases k"
        " JOIN mailings m ON m.id = (SELECT max(id) FROM mailings WHERE case_id = k.id"
        "   AND status = 'returned')"
        " LEFT JOIN candidates c ON c.id = k.best_candidate_id"
        " WHERE k.status = 'ready' ORDER BY k.case_no LIMIT ?",
        (limit,),
    )
