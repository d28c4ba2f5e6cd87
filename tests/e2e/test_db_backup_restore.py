"""``songda db backup`` then ``songda db restore`` brings back the data of the backup."""

from __future__ import annotations

from pathlib import Path

from cli_kit import songda_db as songda

from songda.store import open_store

REPO = Path(__file__).resolve().parents[2]


def test_backup_and_restore_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "work.db"
    s = open_store(db)
    s.set_setting("marker", "kept")
    s.close()
    r = songda(db, "db", "backup", "--keep", "2")
    assert r.returncode == 0, r.stderr
    made = sorted((tmp_path / "backups").glob("songda-*.db"))
    assert len(made) == 1
    s = open_store(db)
    s.set_setting("marker", "lost")
    s.close()
    r = songda(db, "db", "restore", str(made[0]))
    assert r.returncode == 0, r.stderr
    s = open_store(db)
    try:
        assert s.get_setting("marker") == "kept"
    finally:
        s.close()


def test_restore_refuses_a_missing_or_corrupt_backup(tmp_path: Path) -> None:
    db = tmp_path / "work.db"
    open_store(db).close()
    r = songda(db, "db", "restore", str(tmp_path / "nope.db"))
    assert r.returncode != 0 and "找不到备份文件" in r.stderr
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    r = songda(db, "db", "restore", str(junk))
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
