"""SQL for letters: templates, batches, mailings and tracking-number ranges."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from songda.store.db import Store, now_iso

# a batch is open (its cases cannot go into another batch) until it is rendered or cancelled
OPEN_BATCH_STATUSES = ("created", "rendering")
SENDABLE_CASE_STATUSES = ("confirmed", "ready")

_CASE_COLUMNS = (
    "c.id AS case_id, c.case_no, c.creditor, c.debtor_name, c.id_number, c.amount_due,"
    " c.principal, c.interest, c.overdue_days, c.loan_date, c.contract_no, c.status,"
    " c.best_candidate_id, c.best_address, c.extra"
)


# -- cases for a batch -----------------------------------------------------------
def sendable_cases(store: Store, case_ids: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """Cases with status confirmed/ready and a best candidate, not in an open batch.

    Joined with the best candidate (standard text, postcode). Ordered by case id.
    """
    marks = ",".join("?" * len(OPEN_BATCH_STATUSES))
    smarks = ",".join("?" * len(SENDABLE_CASE_STATUSES))
    sql = (
        f"SELECT {_CASE_COLUMNS}, k.id AS candidate_id, k.standard, k.raw_text,"
        " k.postcode AS cand_postcode, k.raw_postcode"
        " FROM cases c JOIN candidates k ON k.id = c.best_candidate_id"
        f" WHERE c.status IN ({smarks})"
        " AND NOT EXISTS (SELECT 1 FROM mailings m JOIN batches b ON b.id = m.batch_id"
        f"   WHERE m.case_id = c.id AND b.status IN ({marks}))"
    )
    params: list[Any] = [*SENDABLE_CASE_STATUSES, *OPEN_BATCH_STATUSES]
    sql += " ORDER BY c.id"
    rows = store.query(sql, params)
    if case_ids is not None:
        wanted = {int(i) for i in case_ids}
        rows = [r for r in rows if int(r["case_id"]) in wanted]
    return rows


def case_rows(store: Store, case_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The same columns as :func:`sendable_cases` for any cases (previews), best candidate optional."""
    out: list[dict[str, Any]] = []
    ids = [int(i) for i in case_ids]
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        out.extend(
            store.query(
                f"SELECT {_CASE_COLUMNS}, k.id AS candidate_id, k.standard, k.raw_text,"
                " k.postcode AS cand_postcode, k.raw_postcode"
                " FROM cases c LEFT JOIN candidates k ON k.id = c.best_candidate_id"
                f" WHERE c.id IN ({','.join('?' * len(chunk))}) ORDER BY c.id",
                chunk,
            )
        )
    return out


def first_case_ids(store: Store, limit: int = 200) -> list[dict[str, Any]]:
    """A few cases (id, case_no, debtor_name, status) for preview pickers."""
    return store.query(
        "SELECT id, case_no, debtor_name, status FROM cases ORDER BY id LIMIT ?", (limit,)
    )


def batch_of_case(store: Store, case_id: int) -> list[dict[str, Any]]:
    marks = ",".join("?" * len(OPEN_BATCH_STATUSES))
    return store.query(
        "SELECT b.id, b.name FROM mailings m JOIN batches b ON b.id = m.batch_id"
        f" WHERE m.case_id = ? AND b.status IN ({marks})",
        (case_id, *OPEN_BATCH_STATUSES),
    )


def case_statuses(store: Store, case_ids: Sequence[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    ids = list(case_ids)
    for k in range(0, len(ids), 500):
        chunk = ids[k : k + 500]
        rows = store.query(
            f"SELECT id, status FROM cases WHERE id IN ({','.join('?' * len(chunk))})", chunk
        )
        out.update({int(r["id"]): str(r["status"]) for r in rows})
    return out


def count_sendable(store: Store) -> int:
    return len(sendable_cases(store))


# -- tracking ranges ---------------------------------------------------------------
def tracking_ranges(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM tracking_ranges ORDER BY id")


def add_tracking_range(
    store: Store, kind: str, prefix: str, first: int, last: int, note: str = ""
) -> int:
    with store.transaction():
        cur = store.conn.execute(
            "INSERT INTO tracking_ranges (kind, prefix, first_serial, last_serial, next_serial,"
            " note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (kind, prefix, first, last, first, note, now_iso()),
        )
        rid = int(cur.lastrowid or 0)
        store.audit(
            "tracking_range",
            rid,
            "add",
            None,
            {"kind": kind, "prefix": prefix, "first": first, "last": last},
        )
    return rid


def ranges_for(store: Store, kind: str, prefix: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT * FROM tracking_ranges WHERE kind = ? AND ifnull(prefix, '') = ? ORDER BY id",
        (kind, prefix),
    )


def advance_range(store: Store, range_id: int, next_serial: int) -> None:
    store.conn.execute(
        "UPDATE tracking_ranges SET next_serial = max(next_serial, ?) WHERE id = ?",
        (next_serial, range_id),
    )


def used_tracking_numbers(store: Store, numbers: Sequence[str]) -> list[str]:
    used: list[str] = []
    for k in range(0, len(numbers), 500):
        chunk = list(numbers[k : k + 500])
        rows = store.query(
            f"SELECT tracking_no FROM mailings WHERE tracking_no IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        used.extend(str(r["tracking_no"]) for r in rows)
    return used


# -- batches and mailings ------------------------------------------------------------
def insert_batch(
    store: Store,
    *,
    template: str,
    label_format: str,
    case_count: int,
    out_dir: str,
    options: dict[str, Any],
    created_at: str,
) -> int:
    cur = store.conn.execute(
        "INSERT INTO batches (name, template, label_format, status, case_count, out_dir,"
        " options, created_by, created_at) VALUES ('', ?, ?, 'created', ?, ?, ?, ?, ?)",
        (
            template,
            label_format,
            case_count,
            out_dir,
            json.dumps(options, ensure_ascii=False, sort_keys=True),
            store.operator,
            created_at,
        ),
    )
    bid = int(cur.lastrowid or 0)
    name = f"B{created_at[:10].replace('-', '')}-{bid:04d}"
    store.conn.execute("UPDATE batches SET name = ? WHERE id = ?", (name, bid))
    return bid


def insert_mailings(store: Store, rows: Iterable[dict[str, Any]]) -> None:
    store.conn.executemany(
        "INSERT INTO mailings (batch_id, case_id, candidate_id, seq, tracking_no, recipient,"
        " address, postcode, status, letter_sha256, fields, created_at)"
        " VALUES (:batch_id, :case_id, :candidate_id, :seq, :tracking_no, :recipient,"
        " :address, :postcode, 'created', :letter_sha256, :fields, :created_at)",
        list(rows),
    )


def get_batch(store: Store, batch_id: int) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM batches WHERE id = ?", (batch_id,))
    if not rows:
        return None
    row = rows[0]
    row["options"] = json.loads(row["options"] or "{}")
    return row


def list_batches(store: Store, limit: int = 500) -> list[dict[str, Any]]:
    return store.query(
        "SELECT b.id, b.name, b.template, b.label_format, b.status, b.case_count, b.out_dir,"
        " b.created_by, b.created_at, b.rendered_at,"
        " (SELECT min(tracking_no) FROM mailings m WHERE m.batch_id = b.id) AS first_tracking,"
        " (SELECT max(tracking_no) FROM mailings m WHERE m.batch_id = b.id) AS last_tracking"
        " FROM batches b ORDER BY b.id DESC LIMIT ?",
        (limit,),
    )


def set_batch_status(
    store: Store,
    batch_id: int,
    status: str,
    *,
    rendered_at: str | None = None,
    options: dict[str, Any] | None = None,
    out_dir: str | None = None,
) -> None:
    sets = ["status = ?"]
    params: list[Any] = [status]
    if rendered_at is not None:
        sets.append("rendered_at = ?")
        params.append(rendered_at)
    if options is not None:
        sets.append("options = ?")
        params.append(json.dumps(options, ensure_ascii=False, sort_keys=True))
    if out_dir is not None:
        sets.append("out_dir = ?")
        params.append(out_dir)
    params.append(batch_id)
    store.conn.execute(f"UPDATE batches SET {', '.join(sets)} WHERE id = ?", params)


def batch_mailings(
    store: Store, batch_id: int, *, parse_fields: bool = True
) -> list[dict[str, Any]]:
    """Mailings of a batch in order; ``fields`` parsed from JSON unless ``parse_fields=False``."""
    rows = store.query(
        "SELECT m.id, m.batch_id, m.case_id, m.candidate_id, m.seq, m.tracking_no, m.recipient,"
        " m.address, m.postcode, m.status, m.fields, c.case_no"
        " FROM mailings m JOIN cases c ON c.id = m.case_id"
        " WHERE m.batch_id = ? ORDER BY m.seq",
        (batch_id,),
    )
    if parse_fields:
        for r in rows:
            r["fields"] = json.loads(r["fields"] or "{}")
    return rows


def mark_cases_sent(store: Store, batch_id: int) -> int:
    """Cases of the batch still confirmed/ready become sent (已发函); audited per case."""
    smarks = ",".join("?" * len(SENDABLE_CASE_STATUSES))
    rows = store.query(
        f"SELECT c.id, c.status FROM cases c JOIN mailings m ON m.case_id = c.id"
        f" WHERE m.batch_id = ? AND c.status IN ({smarks})",
        (batch_id, *SENDABLE_CASE_STATUSES),
    )
    now = now_iso()
    store.conn.executemany(
        "UPDATE cases SET status = 'sent', updated_at = ? WHERE id = ?",
        [(now, r["id"]) for r in rows],
    )
    store.conn.executemany(
        "INSERT INTO audit_log (time, operator, entity, entity_id, action, before, after)"
        " VALUES (?, ?, 'case', ?, 'status', ?, ?)",
        [
            (
                now,
                store.operator,
                str(r["id"]),
                json.dumps({"status": r["status"]}),
                json.dumps({"status": "sent", "batch_id": batch_id}),
            )
            for r in rows
        ],
    )
    return len(rows)


def cancel_batch(store: Store, batch_id: int) -> int:
    """Abandon an unfinished batch: its cases go back to the queue; numbers stay used."""
    with store.transaction():
        store.conn.execute(
            "UPDATE mailings SET status = 'cancelled', status_time = ? WHERE batch_id = ?",
            (now_iso(), batch_id),
        )
        store.conn.execute("UPDATE batches SET status = 'cancelled' WHERE id = ?", (batch_id,))
        n = int(store.scalar("SELECT count(*) FROM mailings WHERE batch_id = ?", (batch_id,)))
        store.audit("batch", batch_id, "cancel", None, {"mailings": n})
    return n


# -- templates ---------------------------------------------------------------------
def template_rows(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM templates ORDER BY name")


def template_row(store: Store, name: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM templates WHERE name = ?", (name,))
    return rows[0] if rows else None


def save_template_row(
    store: Store,
    *,
    name: str,
    kind: str,
    body: str,
    title: str | None = None,
    letterhead: str | None = None,
    seal: str | None = None,
) -> None:
    with store.transaction():
        before = template_row(store, name)
        now = now_iso()
        store.conn.execute(
            "INSERT INTO templates (name, kind, title, body, letterhead, seal, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, title = excluded.title,"
            " body = excluded.body, letterhead = excluded.letterhead, seal = excluded.seal,"
            " updated_at = excluded.updated_at",
            (name, kind, title, body, letterhead, seal, now, now),
        )
        store.audit(
            "template",
            name,
            "save" if before else "create",
            None if before is None else {"body": before["body"]},
            {"body": body, "letterhead": letterhead, "seal": seal},
        )


def delete_template_row(store: Store, name: str) -> bool:
    with store.transaction():
        before = template_row(store, name)
        if before is None:
            return False
        store.conn.execute("DELETE FROM templates WHERE name = ?", (name,))
        store.audit("template", name, "delete", {"body": before["body"]}, None)
    return True
