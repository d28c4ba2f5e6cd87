"""``songda gui --demo --smoke`` starts the app offscreen and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_gui_demo_smoke(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO / "desktop"),
        "QT_QPA_PLATFORM": "offscreen",
        "SONGDA_DB": str(tmp_path / "demo.db"),
    }
    r = subprocess.run(
        [sys.executable, "-m", "songda", "gui", "--demo", "--smoke"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
        env=env,
        timeout=180,
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "demo.db").exists()
    # the bundled demo data was imported (and ranked) before the smoke run quit
    sys.path.insert(0, str(REPO / "desktop"))
    from songda.store import open_store
    from songda.store.caselist import status_counts

    store = open_store(tmp_path / "demo.db")
    try:
        counts = status_counts(store)
    finally:
        store.close()
    assert sum(counts.values()) >= 500
    assert counts.get("new", 0) == 0  # all ranked
