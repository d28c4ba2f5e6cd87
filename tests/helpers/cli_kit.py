"""Run the ``songda`` command line in a subprocess, as an operator or outside tool would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def songda(
    *args: str, db: Path | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``python -m songda [--db DB] ARGS…`` with output captured as UTF-8; never raises on exit status."""
    cmd = [sys.executable, "-m", "songda"]
    if db is not None:
        cmd += ["--db", str(db)]
    return subprocess.run(
        [*cmd, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "desktop")},
        check=False,
        timeout=timeout,
    )


def songda_db(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``songda --db DB ARGS…``."""
    return songda(*args, db=db)
