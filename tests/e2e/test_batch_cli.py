"""``songda batch create / list / render``, ``songda template list`` through the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cli_kit import songda_db as run
from letters_kit import add_ready_cases

from songda.store import open_store

REPO = Path(__file__).resolve().parents[2]


def test_batch_create_list_and_errors(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = open_store(db)
    add_ready_cases(store, 4)
    store.close()
    out = tmp_path / "out"
    r = run(
        db,
        "batch",
        "create",
        "--template",
        "律师函",
        "--label",
        "ems76x130",
        "--tracking-start",
        "EA12345678CN",
        "--out",
        str(out),
        "--json",
    )
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["cases"] == 4 and report["first_tracking"] == "EA123456785CN"
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [row["tracking_no"] for row in rows][:2] == ["EA123456785CN", "EA123456799CN"]
    assert (out / "letters-001.pdf").is_file() and (out / "labels-001.pdf").is_file()

    r = run(db, "batch", "list")
    assert r.returncode == 0 and "rendered" in r.stdout and "EA123456785CN" in r.stdout

    # nothing left to send: exit 2 with a Chinese message
    r = run(
        db,
        "batch",
        "create",
        "--template",
        "律师函",
        "--label",
        "env-dl",
        "--tracking-start",
        "EA22345678CN",
        "--out",
        str(tmp_path / "o2"),
    )
    assert r.returncode == 2 and "没有可以发函的案件" in r.stderr

    r = run(db, "template", "list", "--placeholders")
    assert r.returncode == 0 and "律师函" in r.stdout and "contract_no" in r.stdout
