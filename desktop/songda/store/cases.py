"""SQL for cases and their candidate addresses as the importer writes them."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from songda.store.db import Store, now_iso

CASE_FIELDS = (
    "creditor",
    "debtor_name",
    "id_number",
    "phones",
    "phone_tail",
    "amount_due",
    "principal",
    "interest",
    "overdue_days",
    "loan_date",
    "contract_no",
    "extra",
)
_JSON_FIELDS = {"phones", "extra"}
_JSON_POSITIONS = tuple(i for i, f in enumerate(CASE_FIELDS) if f in _JSON_FIELDS)
_CHUNK = 500


_DUMPS = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(v, ensure_ascii=False)


def _encode(field: str, value: Any) -> Any:
    if field in _JSON_FIELDS:
        return None if value is None else _DUMPS(value)
    return value


def _values(fields: dict[str, Any]) -> list[Any]:
    """The :data:`CASE_FIELDS` values of a record, JSON fields encoded (as :func:`_encode`)."""
    get = fields.get
    out = [get(f) for f in CASE_FIELDS]
    for i in _JSON_POSITIONS:
        if out[i] is not None:
            out[i] = _DUMPS(out[i])
    return out


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for f in _JSON_FIELDS:
        if f in row:
            row[f] = json.loads(row[f]) if row[f] else ([] if f == "phones" else {})
    return row


def cases_by_no(store: Store, case_nos: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Existing cases with these numbers, by case number (decoded JSON fields)."""
    out: dict[str, dict[str, Any]] = {}
    cols = ", ".join(("id", "case_no", "status", *CASE_FIELDS))
    for i in range(0, len(case_nos), _CHUNK):
        chunk = list(case_nos[i : i + _CHUNK])
        marks = ",".join("?" * len(chunk))
        for row in store.query(f"SELECT {cols} FROM cases WHERE case_no IN ({marks})", chunk):
            out[row["case_no"]] = _decode(row)
    return out


def insert_case(store: Store, case_no: str, fields: dict[str, Any], import_id: int) -> int:
    now = now_iso()
    cols = ["case_no", *CASE_FIELDS, "status", "import_id", "created_at", "updated_at"]
    values = [case_no, *(_encode(f, fields.get(f)) for f in CASE_FIELDS)]
    values += ["new", import_id, now, now]
    cur = store.conn.execute(
        f"INSERT INTO cases ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})", values
    )
    return int(cur.lastrowid or 0)


def insert_cases(
    store: Store, records: Sequence[tuple[str, dict[str, Any]]], import_id: int
) -> dict[str, int]:
    """Insert new cases ``(case_no, fields)`` in one statement; ids by case number.

    Ids are given explicitly (the next free ones, as SQLite would pick them): the caller
    holds the write transaction, and no query is needed to learn them afterwards."""
    now = now_iso()
    first = int(store.scalar("SELECT coalesce(max(id), 0) + 1 FROM cases"))
    cols = ["id", "case_no", *CASE_FIELDS, "status", "import_id", "created_at", "updated_at"]
    store.conn.executemany(
        f"INSERT INTO cases ({', '.join(cols)}) VALUES ({','.join('?' * len(cols))})",
        (
            [first + i, no, *_values(fields), "new", import_id, now, now]
            for i, (no, fields) in enumerate(records)
        ),
    )
    return {no: first + i for i, (no, _fields) in enumerate(records)}


def update_case(store: Store, case_id: int, changes: dict[str, Any]) -> None:
    """Set the given case fields (the caller audits the change)."""
    if not changes:
        return
    bad = set(changes) - set(CASE_FIELDS)
    if bad:
        raise ValueError(bad)
    sets = ", ".join(f"{f} = ?" for f in changes)
    store.conn.execute(
        f"UPDATE cases SET {sets}, updated_at = ? WHERE id = ?",
        (*(_encode(f, v) for f, v in changes.items()), now_iso(), case_id),
    )


def candidate_texts(store: Store, case_ids: Sequence[int]) -> dict[int, list[str]]:
    """Raw texts of every candidate of these cases (for de-duplication)."""
    out: dict[int, list[str]] = {}
    for i in range(0, len(case_ids), _CHUNK):
        chunk = list(case_ids[i : i + _CHUNK])
        marks = ",".join("?" * len(chunk))
        cur = store.conn.execute(
            f"SELECT case_id, raw_text FROM candidates WHERE case_id IN ({marks})", chunk
        )
        for case_id, text in cur:
            out.setdefault(int(case_id), []).append(str(text))
    return out


def insert_candidates(
    store: Store,
    rows: Iterable[tuple[int, str, str | None, str, str | None, str | None]],
    import_id: int,
) -> None:
    """Rows of (case_id, source, source_column, raw_text, raw_postcode, address_date)."""
    now = now_iso()
    who = store.operator
    store.conn.executemany(
        "INSERT INTO candidates (case_id, source, source_column, raw_text, raw_postcode,"
        " address_date, import_id, created_by, created_at, updated_by, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((*r, import_id, who, now, who, now) for r in rows),
    )


def get_case(store: Store, case_no: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM cases WHERE case_no = ?", (case_no,))
    return _decode(rows[0]) if rows else None


def candidates_of(store: Store, case_id: int) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM candidates WHERE case_id = ? ORDER BY id", (case_id,))
