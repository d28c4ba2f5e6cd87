"""``songda feedback import`` end to end through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from cli_kit import songda_db as run

REPO = Path(__file__).resolve().parents[2]


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


def test_evidence_attach_and_export(tmp_path: Path) -> None:
    from delivery_kit import add_case, send

    from songda.store import open_store

    db = tmp_path / "s.db"
    store = open_store(db)
    c, k = add_case(store, "CASE-1", [{"standard": "北京市海淀区甲路1号"}])
    send(store, "b1", [(c, k[0], "EA000000021CN")])
    store.close()
    scan = tmp_path / "receipt.jpg"
    scan.write_bytes(b"\xff\xd8 fake jpeg")
    r = run(db, "evidence", "attach", "CASE-1", str(scan), "--json")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "evidence" / "CASE-1").is_dir()
    r = run(db, "evidence", "CASE-1", "--out", str(tmp_path / "out"), "--zip", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["path"].endswith(".zip") and Path(out["path"]).is_file()
    names = {f["name"] for f in out["files"]}
    assert {"status_history.csv", "EA000000021CN/manifest_line.csv"} <= names
    assert any(n.startswith("receipts/") for n in names)
    r = run(db, "evidence", "NOPE", "--out", str(tmp_path / "o"))
    assert r.returncode == 2
