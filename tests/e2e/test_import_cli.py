"""``songda import`` through the command line, including a process killed mid-import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[2]
HEADER = ["案件编号", "姓名", "手机号", "户籍地址", "家庭地址"]


def env(db: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO / "desktop"), "SONGDA_DB": str(db), **extra}


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "songda", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env(db),
        timeout=120,
    )


def make_xlsx(path: Path, n: int, start: int = 0) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for i in range(start, start + n):
        ws.append([f"K{i:05d}", "张三", 13800000000 + i, f"北京市朝阳区建国路{i}号", ""])
    wb.save(path)
    return path


def table_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(str(db))
    try:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("imports", "raw_rows", "cases", "candidates", "rejected_rows")
        }
    finally:
        conn.close()


def test_import_json(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    p = make_xlsx(tmp_path / "cases.xlsx", 3)
    r = run(db, "import", str(p), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["totals"]["cases_new"] == 3
    assert out["files"][0]["mapping"]["户籍地址"] == "address.household"
    again = run(db, "import", str(p))
    assert again.returncode == 0
    assert "已导入过" in again.stdout and "already imported" in again.stdout


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.xlsx", b""),
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        ("cut.xlsx", b"PK\x03\x04" + b"\x00" * 50),
    ],
)
def test_unreadable_file_exit_2_nothing_written(tmp_path: Path, name: str, content: bytes) -> None:
    db = tmp_path / "s.db"
    good = make_xlsx(tmp_path / "good.xlsx", 2)
    assert run(db, "import", str(good)).returncode == 0
    before = table_counts(db)
    bad = tmp_path / name
    bad.write_bytes(content)
    other = make_xlsx(tmp_path / "other.xlsx", 2, start=100)
    r = run(db, "import", str(other), str(bad))
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("错误：") and lines[1].startswith("error: ")
    assert name in lines[0]
    assert table_counts(db) == before


def test_killed_mid_import_leaves_database_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    assert run(db, "import", str(make_xlsx(tmp_path / "first.xlsx", 5))).returncode == 0
    before = table_counts(db)
    big = make_xlsx(tmp_path / "big.xlsx", 1200, start=1000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "songda", "--db", str(db), "import", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env(db, SONGDA_TEST_IMPORT_PAUSE="500"),
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # blocks until the writer has stored 500 cases
        assert line.strip() == "SONGDA-IMPORT-PAUSED", proc.stderr.read() if proc.stderr else ""
        proc.send_signal(signal.SIGKILL if hasattr(signal, "SIGKILL") else signal.SIGTERM)
    finally:
        proc.wait(timeout=30)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode != 0
    assert table_counts(db) == before
    # and the database still works: the same file imports completely afterwards
    assert run(db, "import", str(big)).returncode == 0
    assert table_counts(db)["cases"] == before["cases"] + 1200


def test_error_report_option(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    ws.append(["E1", "", "", "=cmd|' /C calc'!A0", ""])
    ws.append(["E2", "李四", "", "北京市", ""])
    p = tmp_path / "e.xlsx"
    wb.save(p)
    out = tmp_path / "errors.xlsx"
    r = run(db, "import", str(p), "--error-report", str(out))
    assert r.returncode == 0, r.stderr
    assert "缺少姓名" in r.stdout
    report = openpyxl.load_workbook(out).active
    assert report is not None
    assert report["B2"].value == "缺少姓名"
