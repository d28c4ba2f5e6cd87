"""The automatic daily backup made when the app starts."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from songda.paths import backup_dir
from songda.services.startup import on_app_start
from songda.store import Store, open_store
from songda.store.backup import backups, restore


def test_first_start_backs_up_then_not_again_the_same_day(store: Store, tmp_db: Path) -> None:
    day = date(2026, 11, 2)
    made = on_app_start(store, tmp_db, today=day)
    assert made is not None and made.parent == backup_dir(tmp_db)
    assert made.name.startswith("songda-20261102-")
    assert on_app_start(store, tmp_db, today=day) is None
    assert backups(backup_dir(tmp_db)) == [made]


def test_keeps_the_last_n_days(store: Store, tmp_db: Path) -> None:
    store.set_setting("backup.keep", 3)
    start = date(2026, 11, 1)
    made = [on_app_start(store, tmp_db, today=start + timedelta(days=i)) for i in range(5)]
    assert all(m is not None for m in made)
    assert backups(backup_dir(tmp_db)) == made[2:]


def test_disabled_makes_no_backup(store: Store, tmp_db: Path) -> None:
    store.set_setting("backup.enabled", False)
    assert on_app_start(store, tmp_db) is None
    assert backups(backup_dir(tmp_db)) == []


@pytest.mark.parametrize("bad", [0, -2, "seven", True, None])
def test_invalid_keep_falls_back_to_seven(store: Store, tmp_db: Path, bad: object) -> None:
    store.set_setting("backup.keep", bad)
    start = date(2026, 10, 1)
    for i in range(9):
        on_app_start(store, tmp_db, today=start + timedelta(days=i))
    assert len(backups(backup_dir(tmp_db))) == 7


def test_backup_failure_does_not_stop_start(store: Store, tmp_db: Path) -> None:
    backup_dir(tmp_db).parent.mkdir(parents=True, exist_ok=True)
    backup_dir(tmp_db).write_text("not a folder", encoding="utf-8")  # blocks mkdir
    assert on_app_start(store, tmp_db) is None


def test_backup_restores_the_data_of_that_day(tmp_db: Path) -> None:
    s = open_store(tmp_db, operator="tester")
    s.set_setting("marker", "monday")
    made = on_app_start(s, tmp_db, today=date(2026, 11, 2))
    s.set_setting("marker", "tuesday")
    s.close()
    assert made is not None
    restore(made, tmp_db)
    s2 = open_store(tmp_db)
    try:
        assert s2.get_setting("marker") == "monday"
        assert s2.count("audit_log") >= 1
    finally:
        s2.close()


def test_in_memory_database_is_not_backed_up(store: Store) -> None:
    assert on_app_start(store, None) is None
