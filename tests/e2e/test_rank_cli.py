"""``songda rank``, ``songda export best`` and ``songda blacklist`` through the CLI."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from cli_kit import songda_db as songda

from songda.store import open_store

REPO = Path(__file__).resolve().parents[2]
NOW = "2026-11-28T10:00:00"


def make_db(db: Path) -> None:
    s = open_store(db)
    for n, addresses in enumerate(
        [
            [
                ("household", "河南省郸城县城关镇派出所"),
                ("residence", "北京市朝阳区建国路88号3栋501室"),
            ],
            [("household", "不详")],
        ]
    ):
        cid = (
            s.db["cases"]
            .insert(
                {
                    "case_no": f"K{n}",
                    "debtor_name": "李四",
                    "status": "new",
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
            .last_pk
        )
        for source, text in addresses:
            s.db["candidates"].insert(
                {
                    "case_id": cid,
                    "source": source,
                    "raw_text": text,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
            )
    s.close()


def test_rank_then_export_best(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    make_db(db)
    r = songda(db, "rank", "--json")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert report["cases"] == 2 and report["parsed"] == 3
    assert report["no_valid_address"] == 1
    out = tmp_path / "best.csv"
    r = songda(db, "export", "best", "--out", str(out))
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert [x["case_no"] for x in rows] == ["K0", "K1"]
    assert rows[0]["source"] == "residence" and rows[0]["needs_review"] == "0"
    assert rows[1]["address"] == "" and rows[1]["needs_review"] == "1"
    r = songda(db, "export", "best", "--out", str(tmp_path / "best.pdf"))
    assert r.returncode == 2 and "xlsx" in r.stderr


def test_blacklist_add_list_export_import(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    r = songda(
        db, "blacklist", "add", "--kind", "demolished", "--keyword", "棚户区", "--note", "拆"
    )
    assert r.returncode == 0, r.stderr
    r = songda(db, "blacklist", "add", "--kind", "custom", "--division", "110105")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "bl.xlsx"
    r = songda(db, "blacklist", "export", str(out))
    assert r.returncode == 0, r.stderr
    other = tmp_path / "other.db"
    r = songda(other, "blacklist", "import", str(out))
    assert r.returncode == 0 and "2" in r.stdout, r.stderr
    r = songda(other, "blacklist", "list", "--json")
    entries = json.loads(r.stdout)
    assert [(e["kind"], e["match"], e["pattern"] or e["division_code"]) for e in entries] == [
        ("demolished", "keyword", "棚户区"),
        ("custom", "division", "110105"),
    ]
    assert entries[0]["note"] == "拆" and entries[0]["origin"] == "imported"
    r = songda(other, "blacklist", "list", "--builtin")
    assert "集体户" in r.stdout and "监狱" in r.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("类型,内容\n火星,某地\n", encoding="utf-8")
    r = songda(other, "blacklist", "import", str(bad))
    assert r.returncode == 2 and "未知类型" in r.stderr
