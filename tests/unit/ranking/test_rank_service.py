"""rank_cases on a real store: parse, score, write, respect operator choices; export best."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from songda.address.identity import check_digit
from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind
from songda.domain.progress import CancelToken
from songda.errors import Cancelled
from songda.ranking.serialize import reasons_from_json
from songda.services.export_best import HEADERS, export_best
from songda.services.rank_cases import rank_cases
from songda.store import Store
from songda.store import blacklist as bl

TODAY = date(2026, 11, 28)
NOW = "2026-11-28T10:00:00"


def id_number(area: str) -> str:
    first = f"{area}19900307123"
    return first + check_digit(first)


def add_case(store: Store, case_no: str, addresses: list[tuple[str, str]], **kw: Any) -> int:
    """Insert a case with (source, raw text) candidates, as the importer would."""
    case_id = (
        store.db["cases"]
        .insert(
            {
                "case_no": case_no,
                "debtor_name": "张三",
                "id_number": kw.get("id_number", id_number("411625")),
                "phones": json.dumps(kw.get("phones", ["13910001000"])),
                "status": kw.get("status", "new"),
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
        .last_pk
    )
    for i, (source, text) in enumerate(addresses):
        store.db["candidates"].insert(
            {
                "case_id": case_id,
                "source": source,
                "source_column": {"household": "户籍地址", "residence": "居住地址"}.get(
                    source, f"{source}列"
                ),
                "raw_text": text,
                "address_date": kw.get("dates", {}).get(i),
                "created_at": NOW,
                "updated_at": NOW,
            }
        )
    return int(case_id)


def cands(store: Store, case_id: int) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM candidates WHERE case_id = ? ORDER BY rank", (case_id,))


def case(store: Store, case_id: int) -> dict[str, Any]:
    return store.query("SELECT * FROM cases WHERE id = ?", (case_id,))[0]


def test_rank_parses_scores_and_picks_best(store: Store) -> None:
    cid = add_case(
        store,
        "A1",
        [
            ("household", "河南省周口市郸城县城关镇派出所"),
            ("residence", "北京市朝阳区建国路88号3栋501室"),
            ("delivery", "北京朝阳区建国路88号3栋501"),
            ("work", "北京市海淀区中关村大街27号"),
        ],
    )
    progress: list[tuple[int, int, str]] = []
    report = rank_cases(store, progress=lambda d, t, m: progress.append((d, t, m)), today=TODAY)
    assert report.parsed == 4 and report.cases == 1 and report.candidates == 4
    rows = cands(store, cid)
    assert all(r["parsed_at"] and r["level"] for r in rows)
    best = case(store, cid)
    assert best["best_candidate_id"] == rows[0]["id"]
    assert rows[0]["source"] in ("residence", "delivery")
    assert best["status"] == "confirmed" and best["needs_review"] == 0
    assert best["best_address"] == rows[0]["standard"]
    reasons = reasons_from_json(rows[0]["reasons"])
    assert all(r.code and r.label for r in reasons)
    assert sum(r.points for r in reasons) == pytest.approx(rows[0]["score"])
    labels = [r.label for r in reasons]
    assert any(lbl.startswith("多来源一致(") for lbl in labels)
    # the same place from two sources: the second points at the first
    dup = [r for r in rows if r["dup_of"] is not None]
    assert [d["dup_of"] for d in dup] == [rows[0]["id"]]
    hh = next(r for r in rows if r["source"] == "household")
    assert json.loads(hh["flags"]) == ["collective"]
    assert ("解析地址" in {m for _, _, m in progress}) and progress[-1][:2] == (1, 1)


def test_second_run_writes_nothing_new(store: Store) -> None:
    add_case(store, "A1", [("residence", "北京市朝阳区建国路88号3栋501室")])
    rank_cases(store, today=TODAY)
    again = rank_cases(store, today=TODAY)
    assert again.parsed == 0 and again.candidates_written == 0 and again.cases_written == 0


def test_parse_and_score_written_together(store: Store) -> None:
    """A candidate parsed in the run gets its parse results and its score in one row; a
    forced re-parse writes the parse again even when the score stays the same."""
    cid = add_case(
        store,
        "P1",
        [("residence", "北京市朝阳区建国路88号3栋501室"), ("household", "河南省开封市")],
    )
    first = rank_cases(store, today=TODAY)
    assert first.parsed == 2 and first.candidates_written == 2 and first.cases_written == 1
    rows = cands(store, cid)
    assert all(r["parsed_at"] and r["standard"] and r["reasons"] for r in rows)
    scores = [(r["id"], r["score"], r["rank"]) for r in rows]
    store.conn.execute("UPDATE candidates SET standard = NULL, adcode = NULL")
    from songda.store.ranking import mark_unparsed

    mark_unparsed(store, [cid])
    again = rank_cases(store, today=TODAY)
    assert again.parsed == 2 and again.candidates_written == 2 and again.cases_written == 0
    rows = cands(store, cid)
    assert all(r["parsed_at"] and r["standard"] and r["adcode"] for r in rows)
    assert [(r["id"], r["score"], r["rank"]) for r in rows] == scores


def test_no_valid_address_and_review(store: Store) -> None:
    bad = add_case(store, "B1", [("household", "不详"), ("residence", "同上")])
    weak = add_case(store, "B2", [("household", "河南省周口市郸城县")])
    report = rank_cases(store, today=TODAY)
    assert report.no_valid_address == 1 and report.needs_review == 1
    b = case(store, bad)
    assert b["status"] == "no_valid_address" and b["needs_review"] == 1
    assert b["best_candidate_id"] is None
    assert reasons_from_json(b["review_reasons"])[0].label == "无有效地址"
    w = case(store, weak)
    assert w["status"] == "needs_review"


def test_operator_choice_and_mail_flow_are_kept(store: Store) -> None:
    chosen = add_case(
        store,
        "C1",
        [
            ("household", "河南省周口市郸城县城关镇人民路5号"),
            ("residence", "北京市朝阳区建国路88号3栋501室"),
        ],
    )
    sent = add_case(store, "C2", [("residence", "北京市朝阳区建国路1号")], status="sent")
    rank_cases(store, today=TODAY)
    hh = next(r for r in cands(store, chosen) if r["source"] == "household")
    store.db["candidates"].update(hh["id"], {"chosen": 1, "updated_by": "tester"})
    store.db["cases"].update(
        chosen, {"status": "confirmed", "best_candidate_id": hh["id"], "needs_review": 0}
    )
    report = rank_cases(store, today=TODAY)
    assert report.kept == 2
    assert case(store, chosen)["best_candidate_id"] == hh["id"]
    assert case(store, sent)["status"] == "sent"
    assert case(store, sent)["best_candidate_id"] is None


def test_subset_cancel_and_audit(store: Store) -> None:
    a = add_case(store, "D1", [("residence", "北京市朝阳区建国路88号")])
    b = add_case(store, "D2", [("residence", "北京市朝阳区建国路99号")])
    report = rank_cases(store, [b], today=TODAY)
    assert report.cases == 1
    assert case(store, a)["status"] == "new" and case(store, b)["status"] != "new"
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        rank_cases(store, cancel=token, today=TODAY)
    assert store.audit_entries("ranking")[0]["action"] == "rank"


def test_blacklist_entries_and_weight_overrides_apply(store: Store) -> None:
    cid = add_case(
        store,
        "E1",
        [("residence", "北京市朝阳区建国路88号3栋501室"), ("work", "北京市海淀区中关村大街27号")],
    )
    bl.add_entry(store, BlacklistEntry(BlacklistKind.DEMOLISHED, MatchKind.KEYWORD, "建国路88号"))
    rank_cases(store, today=TODAY)
    rows = cands(store, cid)
    assert rows[0]["source"] == "work"
    res = next(r for r in rows if r["source"] == "residence")
    assert json.loads(res["flags"]) == ["demolished"]
    assert "已拆迁区域（建国路88号）" in [r.label for r in reasons_from_json(res["reasons"])]
    store.set_setting("ranking.weights", {"source.work": -50})
    rank_cases(store, today=TODAY)
    assert case(store, cid)["status"] == "needs_review"


def test_export_best_csv_and_xlsx(store: Store, tmp_path: Path) -> None:
    add_case(store, "=CMD()", [("residence", "北京市朝阳区建国路88号3栋501室")])
    add_case(store, "F2", [("household", "不详")])
    rank_cases(store, today=TODAY)
    out = tmp_path / "best.csv"
    assert export_best(store, out) == 2
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert tuple(rows[0]) == HEADERS
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first["case_no"] == "'=CMD()"
    assert first["source"] == "residence" and first["source_column"] == "居住地址"
    assert first["address"].startswith("北京市北京市朝阳区") or first["address"].startswith(
        "北京市朝阳区"
    )
    assert first["postcode"] and "精确到室/户(+30)" in first["reasons"]
    second = dict(zip(HEADERS, rows[2], strict=True))
    assert second["candidate_id"] == "" and second["needs_review"] == "1"
    assert second["reasons"].startswith("待审核：无有效地址")

    from openpyxl import load_workbook

    xlsx = tmp_path / "best.xlsx"
    assert export_best(store, xlsx) == 2
    ws = load_workbook(xlsx, read_only=True).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0] == HEADERS and values[1][0] == "'=CMD()"


def test_worker_processes_give_the_same_result(store: Store) -> None:
    import songda.services.rank_cases as rc
    from songda.store import ranking as q

    for n in range(5):
        add_case(
            store,
            f"W{n}",
            [("residence", f"北京市朝阳区建国路{n + 1}号3栋501室"), ("household", "不详")],
        )
    serial = rank_cases(store, today=TODAY, workers=0)
    sql = "SELECT id, standard, adcode, level, score, rank, reasons FROM candidates ORDER BY id"
    before = store.query(sql)
    q.mark_unparsed(store)
    store.conn.execute("UPDATE candidates SET score = NULL, rank = NULL, reasons = NULL")
    store.conn.execute("UPDATE cases SET status = 'new', best_candidate_id = NULL")
    old = rc.CHUNK_CASES
    rc.CHUNK_CASES = 2  # several chunks, so the pool is used
    try:
        parallel = rank_cases(store, today=TODAY, workers=2)
    finally:
        rc.CHUNK_CASES = old
    assert store.query(sql) == before
    assert parallel.parsed == 10
    assert parallel.by_status == serial.by_status and parallel.cases == 5
