"""Dashboard figures from a small, hand-checked history."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from delivery_kit import add_case, send, write_csv

from songda.services.feedback import import_feedback
from songda.services.stats import compute_stats
from songda.store import Store, open_store

REPO = Path(__file__).resolve().parents[2]


def build(store: Store, tmp_path: Path) -> None:
    a, ac = add_case(store, "A", [{"standard": "甲1号"}, {"standard": "甲2号", "source": "work"}])
    b, bc = add_case(store, "B", [{"standard": "乙1号", "source": "household"}], creditor="乙贷")
    c, cc = add_case(store, "C", [{"standard": "丙1号"}, {"standard": "x", "valid": False}])
    d, _ = add_case(store, "D", [{"standard": "不详", "valid": False}])
    send(
        store,
        "第1批",
        [(a, ac[0], "EA000000001CN"), (b, bc[0], "EA000000002CN"), (c, cc[0], "EA000000003CN")],
    )
    f1 = write_csv(
        tmp_path / "1.csv",
        [
            "EA000000001CN,退回,2026-11-10,,102",
            "EA000000002CN,退回,2026-11-10,,104",
            "EA000000003CN,妥投,2026-11-10,本人,",
        ],
    )
    import_feedback(store, f1)
    # A moved to its work address (ready): send it again and get it signed
    send(store, "第2批", [(a, ac[1], "EA000000004CN")])
    import_feedback(store, write_csv(tmp_path / "2.csv", ["EA000000004CN,妥投,2026-11-20,本人,"]))


def test_compute_stats(store: Store, tmp_path: Path) -> None:
    build(store, tmp_path)
    s = compute_stats(store)
    assert s["cases"] == 4
    assert s["cases_by_status"] == {"signed": 2, "returned": 1, "confirmed": 1}
    assert (s["candidates"], s["candidates_valid"]) == (6, 4)
    assert s["validity_rate"] == round(4 / 6, 4)
    assert s["valid_case_share"] == 0.75
    assert (s["mailings"], s["signed"], s["returned"]) == (4, 2, 2)
    assert s["signature_rate"] == 0.5
    batches = {r["label"]: r for r in s["by_batch"]}
    assert batches["第1批"]["signature_rate"] == round(1 / 3, 4)
    assert batches["第2批"]["signature_rate"] == 1.0
    creditors = {r["key"]: r["signature_rate"] for r in s["by_creditor"]}
    assert creditors == {"甲银行": round(2 / 3, 4), "乙贷": 0.0}
    sources = {r["key"]: (r["label"], r["signed"]) for r in s["by_source"]}
    assert sources["work"] == ("单位地址", 1) and sources["household"] == ("户籍地址", 0)
    assert len(s["by_month"]) == 1 and s["by_month"][0]["mailed"] == 4
    reasons = {r["label"]: (r["n"], r["kind"]) for r in s["return_reasons"]}
    assert reasons == {"102 查无此人": (1, "not_there"), "104 拒收退回": (1, "refused")}
    assert s["return_kinds"]["refused"] == 1
    assert s["resend"] == {
        "returned_cases": 2,
        "resent_cases": 1,
        "recovered": 1,
        "resent_with_result": 1,
        "awaiting_resend": 0,
        "recovery_rate": 1.0,
    }


def test_empty_database_has_no_rates(store: Store) -> None:
    s = compute_stats(store)
    assert s["cases"] == 0 and s["signature_rate"] is None and s["validity_rate"] is None


def test_stats_cli_json_matches_service(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    store = open_store(db)
    build(store, tmp_path)
    expected = compute_stats(store)
    store.close()
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop")}
    r = subprocess.run(
        [sys.executable, "-m", "songda", "--db", str(db), "stats", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
    )
    assert json.loads(r.stdout) == json.loads(json.dumps(expected))
    r = subprocess.run(
        [sys.executable, "-m", "songda", "--db", str(db), "stats"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=True,
    )
    assert "签收率 signature rate: 50.0%" in r.stdout
