"""What the app does once when it starts: the daily automatic backup.

Settings (``settings`` table, JSON values):

* ``backup.enabled`` (bool, default ``True``): make the automatic backup at all.
* ``backup.keep`` (int ≥ 1, default 7): how many backups to keep; older ones are deleted.

Backups go to ``backups/`` next to the database (``songda.paths.backup_dir``), at most one a
day, written with SQLite's online backup API (consistent under WAL). A failed backup never stops
the app from starting: it is logged and ``None`` is returned.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date
from pathlib import Path

from songda.paths import backup_dir
from songda.store import Store
from songda.store.backup import auto_backup

log = logging.getLogger(__name__)

DEFAULT_KEEP = 7


def backup_settings(store: Store) -> tuple[bool, int]:
    """(enabled, keep) from the settings, falling back to the defaults for bad values."""
    enabled = store.get_setting("backup.enabled", True)
    keep = store.get_setting("backup.keep", DEFAULT_KEEP)
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        log.warning("ignoring invalid backup.keep setting %r", keep)
        keep = DEFAULT_KEEP
    return enabled is not False, keep


def on_app_start(store: Store, db_path: Path | None, *, today: date | None = None) -> Path | None:
    """Make today's automatic backup of ``db_path`` unless one exists; returns the new file."""
    if db_path is None:  # an in-memory database has nothing to back up
        return None
    enabled, keep = backup_settings(store)
    if not enabled:
        return None
    try:
        made = auto_backup(store, backup_dir(Path(db_path)), keep=keep, today=today)
    except (OSError, sqlite3.Error) as exc:
        log.warning("automatic backup failed: %s", exc)
        return None
    if made is not None:
        log.info("automatic backup written to %s", made)
    return made
