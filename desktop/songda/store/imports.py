"""SQL for imports, raw rows, rejected rows and saved column-mapping profiles."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from songda.store.db import Store, now_iso

IMPORT_COUNTS = (
    "rows_total",
    "rows_imported",
    "rows_rejected",
    "cases_new",
    "cases_updated",
    "candidates_new",
)


def imports_with_sha(store: Store, sha256: str) -> list[int]:
    rows = store.conn.execute(
        "SELECT id FROM imports WHERE sha256 = ? AND status = 'done' ORDER BY id", (sha256,)
    ).fetchall()
    return [int(r[0]) for r in rows]


def create_import(
    store: Store,
    *,
    file_name: str,
    sha256: str,
    sheet: str | None,
    profile: str | None,
    mapping: dict[str, str | None],
) -> int:
    cur = store.conn.execute(
        "INSERT INTO imports (file_name, sha256, imported_at, operator, sheet, profile, mapping,"
        " status) VALUES (?, ?, ?, ?, ?, ?, ?, 'importing')",
        (
            file_name,
            sha256,
            now_iso(),
            store.operator,
            sheet,
            profile,
            json.dumps(mapping, ensure_ascii=False),
        ),
    )
    return int(cur.lastrowid or 0)


def finish_import(store: Store, import_id: int, counts: dict[str, int]) -> None:
    sets = ", ".join(f"{k} = ?" for k in IMPORT_COUNTS)
    store.conn.execute(
        f"UPDATE imports SET {sets}, status = 'done' WHERE id = ?",
        (*(int(counts.get(k, 0)) for k in IMPORT_COUNTS), import_id),
    )


# json.dumps(value, ensure_ascii=False, default=str), without building an encoder per row
_RAW_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode


def add_raw_rows(
    store: Store, import_id: int, sheet: str, rows: Iterable[tuple[int, list[Any]]]
) -> None:
    dumps = _RAW_JSON
    store.conn.executemany(
        "INSERT INTO raw_rows (import_id, sheet, row_no, data) VALUES (?, ?, ?, ?)",
        ((import_id, sheet, row_no, dumps(data)) for row_no, data in rows),
    )


def add_rejected_rows(
    store: Store, import_id: int, rows: Iterable[tuple[int, list[dict[str, str]], dict[str, Any]]]
) -> None:
    store.conn.executemany(
        "INSERT INTO rejected_rows (import_id, row_no, reasons, data) VALUES (?, ?, ?, ?)",
        (
            (
                import_id,
                row_no,
                json.dumps(reasons, ensure_ascii=False),
                json.dumps(data, ensure_ascii=False, default=str),
            )
            for row_no, reasons, data in rows
        ),
    )


def rejected_rows(store: Store, import_id: int) -> list[dict[str, Any]]:
    out = store.query(
        "SELECT row_no, reasons, data FROM rejected_rows WHERE import_id = ? ORDER BY row_no",
        (import_id,),
    )
    for r in out:
        r["reasons"] = json.loads(r["reasons"])
        r["data"] = json.loads(r["data"])
    return out


def raw_rows(store: Store, import_id: int) -> list[dict[str, Any]]:
    out = store.query(
        "SELECT sheet, row_no, data FROM raw_rows WHERE import_id = ? ORDER BY row_no",
        (import_id,),
    )
    for r in out:
        r["data"] = json.loads(r["data"])
    return out


def get_import(store: Store, import_id: int) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM imports WHERE id = ?", (import_id,))
    return rows[0] if rows else None


def list_imports(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    return store.query(
        "SELECT * FROM imports WHERE status = 'done' ORDER BY id DESC LIMIT ?", (limit,)
    )


# -- mapping profiles -------------------------------------------------------------------


def save_profile(store: Store, name: str, headers_key: str, mapping: dict[str, str | None]) -> None:
    """Create or replace the named profile (audited)."""
    with store.transaction():
        before = profile_by_name(store, name)
        now = now_iso()
        store.conn.execute(
            "INSERT INTO mapping_profiles (name, headers_key, mapping, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
            " headers_key = excluded.headers_key, mapping = excluded.mapping,"
            " updated_at = excluded.updated_at",
            (name, headers_key, json.dumps(mapping, ensure_ascii=False), now, now),
        )
        store.audit(
            "mapping_profile",
            name,
            "update" if before else "create",
            before["mapping"] if before else None,
            mapping,
        )


def _profile(row: dict[str, Any]) -> dict[str, Any]:
    row["mapping"] = json.loads(row["mapping"])
    return row


def profile_by_name(store: Store, name: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM mapping_profiles WHERE name = ?", (name,))
    return _profile(rows[0]) if rows else None


def profile_for_headers(store: Store, headers_key: str) -> dict[str, Any] | None:
    """The most recently saved profile for exactly these headers."""
    rows = store.query(
        "SELECT * FROM mapping_profiles WHERE headers_key = ? ORDER BY updated_at DESC, id DESC"
        " LIMIT 1",
        (headers_key,),
    )
    return _profile(rows[0]) if rows else None


def list_profiles(store: Store) -> list[dict[str, Any]]:
    return [_profile(r) for r in store.query("SELECT * FROM mapping_profiles ORDER BY name")]


def delete_profile(store: Store, name: str) -> bool:
    with store.transaction():
        before = profile_by_name(store, name)
        if before is None:
            return False
        store.conn.execute("DELETE FROM mapping_profiles WHERE name = ?", (name,))
        store.audit("mapping_profile", name, "delete", before["mapping"], None)
    return True
