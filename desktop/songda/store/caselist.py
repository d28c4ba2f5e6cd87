"""Case-list queries for the UI: counts, paging, filters and search (SQL lives here)."""

from __future__ import annotations

from songda.store.db import Store


def status_counts(store: Store) -> dict[str, int]:
    """Number of cases per status (uses the status index)."""
    rows = store.conn.execute("SELECT status, count(*) FROM cases GROUP BY status").fetchall()
    return {str(s): int(n) for s, n in rows}
