from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from songda.errors import KnownError
from songda.store import SCHEMA_VERSION, open_store
from songda.store.backup import auto_backup, backups, restore


def test_new_database_has_schema_and_pragmas(store) -> None:  # type: ignore[no-untyped-def]
    assert store.user_version == SCHEMA_VERSION
    tables = set(store.db.table_names())
    for t in (
        "imports",
        "raw_rows",
        "rejected_rows",
        "cases",
        "candidates",
        "blacklist",
        "templates",
        "batches",
        "mailings",
        "outcomes",
        "audit_log",
        "settings",
    ):
        assert t in tables
    assert store.scalar("PRAGMA journal_mode") == "wal"
    assert store.scalar("PRAGMA foreign_keys") == 1


def test_newer_database_is_refused_and_untouched(tmp_db: Path) -> None:
    conn = sqlite3.connect(tmp_db)
    conn.execute("CREATE TABLE x (a)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = tmp_db.read_bytes()
    with pytest.raises(KnownError) as exc:
        open_store(tmp_db)
    assert "更新版本" in exc.value.message
    assert tmp_db.read_bytes() == before


def test_not_a_database_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "x.db"
    p.write_bytes(b"PK\x03\x04 not sqlite")
    with pytest.raises(KnownError):
        open_store(p)


def test_failed_migration_rolls_back(tmp_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from songda.store import db as dbmod

    monkeypatch.setattr(dbmod, "MIGRATIONS", [dbmod.MIGRATIONS[0], "CREATE TABLE broken ("])
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", 2)
    with pytest.raises(sqlite3.OperationalError):
        dbmod.open_store(tmp_db)
    conn = sqlite3.connect(tmp_db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name='cases'").fetchone()[0] == 0
    conn.close()


def test_settings_are_audited(store) -> None:  # type: ignore[no-untyped-def]
    store.set_setting("operator", "张三")
    assert store.get_setting("operator") == "张三"
    entries = store.audit_entries("setting")
    assert entries[0]["after"] == '"张三"'
    assert entries[0]["operator"] == "tester"


def test_transaction_rolls_back_everything(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuntimeError), store.transaction():
        store.conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        raise RuntimeError("boom")
    assert store.get_setting("a") is None


def test_auto_backup_once_a_day_and_restore(tmp_db: Path, tmp_path: Path) -> None:
    s = open_store(tmp_db)
    s.set_setting("marker", "before")
    folder = tmp_path / "backups"
    first = auto_backup(s, folder, keep=2, today=date.today())
    assert first is not None and first.exists()
    assert auto_backup(s, folder, keep=2, today=date.today()) is None
    s.set_setting("marker", "after")
    s.close()
    restore(first, tmp_db)
    s2 = open_store(tmp_db)
    assert s2.get_setting("marker") == "before"
    s2.close()
    assert len(backups(folder)) == 1


def test_cases_of_an_older_schema_stay_searchable_after_the_index_split(
    tmp_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from songda.store import db as dbmod
    from songda.store.caselist import CaseFilter, count_cases
    from songda.store.migrations import V_FTS_SPLIT

    before = dbmod.MIGRATIONS.index(V_FTS_SPLIT)  # the schema version before it
    monkeypatch.setattr(dbmod, "SCHEMA_VERSION", before)
    old = dbmod.open_store(tmp_db)
    with old.transaction():
        old.conn.execute(
            "INSERT INTO cases (case_no, debtor_name, phones, best_address, status, created_at,"
            " updated_at) VALUES ('A1', '王小明', '[\"13812345678\"]', '浙江省杭州市西湖区文三路1号',"
            " 'confirmed', 'x', 'x')"
        )
    old.close()
    monkeypatch.undo()
    store = dbmod.open_store(tmp_db)
    assert store.user_version == dbmod.SCHEMA_VERSION
    for term in ("王小明", "西湖区文三路", "12345678", "A1"):
        assert count_cases(store, CaseFilter(search=term)) == 1, term
    store.close()
