"""Backups with SQLite's online backup API: at most one automatic backup a day, keep N."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

from songda.errors import KnownError
from songda.store.db import Store, open_store

BACKUP_PREFIX = "songda-"
BACKUP_SUFFIX = ".db"


def backups(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{BACKUP_PREFIX}*{BACKUP_SUFFIX}"))


def backup_now(store: Store, folder: Path, now: datetime | None = None) -> Path:
    """Copy the live database into ``folder`` with the backup API (consistent under WAL)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}"
    n = 1
    while target.exists():
        target = folder / f"{BACKUP_PREFIX}{stamp}-{n}{BACKUP_SUFFIX}"
        n += 1
    dest = sqlite3.connect(str(target))
    try:
        store.conn.backup(dest)
    finally:
        dest.close()
    return target


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups (names sort by time); returns the deleted."""
    existing = backups(folder)
    old = existing[: max(0, len(existing) - max(1, keep))]
    for p in old:
        p.unlink()
    return old


def auto_backup(
    store: Store, folder: Path, keep: int = 7, today: date | None = None
) -> Path | None:
    """Back up when no backup was made today; keep the newest ``keep``. Returns the new file."""
    today = today or date.today()
    tag = f"{BACKUP_PREFIX}{today.strftime('%Y%m%d')}-"
    if any(p.name.startswith(tag) for p in backups(folder)):
        return None
    made = backup_now(store, folder, datetime.combine(today, datetime.now().time()))
    prune(folder, keep)
    return made


def restore(backup_file: Path, db_path: Path) -> None:
    """Replace the database at ``db_path`` with ``backup_file`` (checked first)."""
    if not backup_file.is_file():
        raise KnownError(f"找不到备份文件：{backup_file}", f"backup not found: {backup_file}")
    check = open_store(backup_file)  # validates header and schema version
    try:
        ok = check.scalar("PRAGMA integrity_check")
    finally:
        check.close()
    if ok != "ok":
        raise KnownError(f"备份文件已损坏：{backup_file}", f"backup is corrupt: {backup_file}")
    src = sqlite3.connect(str(backup_file))
    dst = sqlite3.connect(str(db_path))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
