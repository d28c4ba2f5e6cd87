"""``songda feedback import`` end to end through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "songda", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "desktop")},
    )


def test_feedback_import_reports_unknown_numbers(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    f = tmp_path / "r.csv"
    f.write_bytes("运单号,状态,未妥投原因\nEA000000001CN,未妥投,102\n".encode("gbk"))
    r = run(db, "feedback", "import", str(f), "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["unknown_numbers"] == ["EA000000001CN"]
    assert out["returned"] == 0  # unknown numbers are not counted as results
    r = run(db, "feedback", "import", str(f))
    assert r.returncode == 0 and "EA000000001CN" in r.stdout


def test_unreadable_results_file_exits_2(tmp_path: Path) -> None:
    f = tmp_path / "r.xlsx"
    f.write_bytes(b"not a workbook")
    r = run(tmp_path / "s.db", "feedback", "import", str(f))
    assert r.returncode == 2
    assert "错误" in r.stderr
