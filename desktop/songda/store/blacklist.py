"""The ``blacklist`` table: list, add, update, remove; every change audited."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin
from songda.ranking.text import match_key
from songda.store.db import Store, now_iso

_COLUMNS = "id, kind, match, pattern, division_code, note, origin, active, created_by, created_at"


def _entry(row: dict[str, Any]) -> BlacklistEntry:
    return BlacklistEntry(
        id=int(row["id"]),
        kind=BlacklistKind(row["kind"]),
        match=_match(row["match"]),
        pattern=row["pattern"],
        division_code=row["division_code"],
        note=row["note"],
        origin=Origin(row["origin"]),
        active=bool(row["active"]),
        created_by=row["created_by"],
        created_at=row["created_at"],
    )


def _match(value: str) -> MatchKind:
    # the V1 schema comment also allowed 'fuzzy': a fuzzy full-address match
    return MatchKind.ADDRESS if value == "fuzzy" else MatchKind(value)


def _audit_value(e: BlacklistEntry) -> dict[str, Any]:
    d = asdict(e)
    return {k: (str(v) if hasattr(v, "value") else v) for k, v in d.items()}


def list_entries(
    store: Store, *, active_only: bool = False, kind: BlacklistKind | None = None
) -> list[BlacklistEntry]:
    sql = f"SELECT {_COLUMNS} FROM blacklist"
    where: list[str] = []
    params: list[Any] = []
    if active_only:
        where.append("active = 1")
    if kind is not None:
        where.append("kind = ?")
        params.append(kind.value)
    if where:
        sql += " WHERE " + " AND ".join(where)
    return [_entry(r) for r in store.query(sql + " ORDER BY id", params)]


def get_entry(store: Store, entry_id: int) -> BlacklistEntry | None:
    rows = store.query(f"SELECT {_COLUMNS} FROM blacklist WHERE id = ?", (entry_id,))
    return _entry(rows[0]) if rows else None


def _identity(e: BlacklistEntry) -> tuple[str, str, str, str]:
    return (e.kind.value, e.match.value, match_key(e.pattern), (e.division_code or "").strip())


def add_entries(store: Store, entries: Iterable[BlacklistEntry]) -> tuple[list[int], int]:
    """Add entries, skipping ones already present (same kind, match, pattern, code).

    Returns the new ids and the number skipped. One transaction; each addition audited.
    """
    new_ids: list[int] = []
    skipped = 0
    with store.transaction():
        existing = {_identity(e) for e in list_entries(store)}
        for e in entries:
            ident = _identity(e)
            if ident in existing:
                skipped += 1
                continue
            existing.add(ident)
            created_at = e.created_at or now_iso()
            created_by = e.created_by or store.operator
            cur = store.conn.execute(
                "INSERT INTO blacklist (kind, match, pattern, division_code, note, origin,"
                " active, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    e.kind.value,
                    e.match.value,
                    e.pattern,
                    e.division_code,
                    e.note,
                    e.origin.value,
                    1 if e.active else 0,
                    created_by,
                    created_at,
                ),
            )
            new_id = int(cur.lastrowid or 0)
            new_ids.append(new_id)
            added = get_entry(store, new_id)
            store.audit("blacklist", new_id, "add", None, _audit_value(added) if added else None)
    return new_ids, skipped


def add_entry(store: Store, entry: BlacklistEntry) -> int | None:
    """Add one entry; ``None`` when an identical entry exists."""
    ids, _ = add_entries(store, [entry])
    return ids[0] if ids else None


_EDITABLE = ("kind", "match", "pattern", "division_code", "note", "active")


def update_entry(store: Store, entry_id: int, **changes: Any) -> BlacklistEntry:
    """Change some fields of an entry (kind, match, pattern, division_code, note, active)."""
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with store.transaction():
        before = get_entry(store, entry_id)
        if before is None:
            raise KeyError(entry_id)
        values: dict[str, Any] = {}
        for k, v in changes.items():
            if k == "kind":
                v = BlacklistKind(v).value
            elif k == "match":
                v = MatchKind(v).value
            elif k == "active":
                v = 1 if v else 0
            values[k] = v
        if values:
            sets = ", ".join(f"{k} = ?" for k in values)
            store.conn.execute(
                f"UPDATE blacklist SET {sets} WHERE id = ?", [*values.values(), entry_id]
            )
        after = get_entry(store, entry_id)
        assert after is not None
        if after != before:
            store.audit("blacklist", entry_id, "update", _audit_value(before), _audit_value(after))
    return after


def remove_entries(store: Store, entry_ids: Iterable[int]) -> int:
    """Delete entries (audited with their content). Returns how many were removed."""
    n = 0
    with store.transaction():
        for entry_id in entry_ids:
            before = get_entry(store, entry_id)
            if before is None:
                continue
            store.conn.execute("DELETE FROM blacklist WHERE id = ?", (entry_id,))
            store.audit("blacklist", entry_id, "remove", _audit_value(before), None)
            n += 1
    return n
