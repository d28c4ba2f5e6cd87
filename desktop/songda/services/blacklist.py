"""Blacklist import and export as services (run in the background by the GUI)."""

from __future__ import annotations

from pathlib import Path

from songda.domain.progress import CancelToken, Progress, null_progress
from songda.ranking.blacklist_io import read_entries, write_entries
from songda.store import Store
from songda.store import blacklist as bl


def import_blacklist(
    store: Store,
    path: Path,
    *,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
) -> dict[str, int]:
    """Add the entries of a spreadsheet (one transaction); returns added and skipped counts."""
    progress(0, 2, "读取黑名单文件")
    entries = read_entries(Path(path))
    if cancel is not None:
        cancel.check()
    progress(1, 2, "写入黑名单")
    ids, skipped = bl.add_entries(store, entries)
    progress(2, 2, "完成")
    return {"added": len(ids), "skipped": skipped}


def export_blacklist(
    store: Store,
    path: Path,
    *,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Write every entry to .xlsx or .csv; returns the number written."""
    entries = bl.list_entries(store)
    progress(0, len(entries), "导出黑名单")
    n = write_entries(Path(path), entries)
    progress(n, len(entries), "导出黑名单")
    return n
