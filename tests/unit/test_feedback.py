"""Applying delivery results: events, status, case moves, learning, idempotency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from delivery_kit import add_case, send, write_csv

from songda.domain.progress import CancelToken
from songda.errors import Cancelled
from songda.services import learned_blacklist
from songda.services.feedback import import_feedback
from songda.store import Store
from songda.store import delivery as sql


@pytest.fixture()
def world(store: Store) -> dict[str, Any]:
    a, a_c = add_case(
        store,
        "A1",
        [
            {"standard": "北京市海淀区甲路1号", "poi": "甲小区", "source": "residence"},
            {"standard": "北京市海淀区甲路1号", "source": "household"},  # same place
            {"standard": "北京市朝阳区乙路2号", "source": "work"},
        ],
    )
    b, b_c = add_case(store, "B2", [{"standard": "上海市静安区丙路3号", "adcode": "310106"}])
    c, c_c = add_case(
        store,
        "C3",
        [
            {"standard": "广州市天河区丁路4号", "poi": "丁花园", "adcode": "440106"},
            {"standard": "广州市天河区戊路5号", "valid": False},
            {"standard": "广州市天河区己路6号", "source": "delivery"},
        ],
    )
    send(
        store,
        "第1批",
        [(a, a_c[0], "EA000000001CN"), (b, b_c[0], "EA000000002CN"), (c, c_c[0], "EA000000003CN")],
    )
    return {"a": (a, a_c), "b": (b, b_c), "c": (c, c_c)}


def case(store: Store, case_id: int) -> dict[str, Any]:
    row = sql.case_row(store, case_id)
    assert row is not None
    return row


def test_first_results_move_cases_and_learn(
    store: Store, world: dict[str, Any], tmp_path: Path
) -> None:
    f = write_csv(
        tmp_path / "r.csv",
        [
            "EA000000001CN,未妥投,2026-11-20 10:00,,102",
            "EA000000002CN,妥投,2026-11-20 11:00,本人,",
            "EA000000003CN,退回,2026-11-21 09:00,,拒收",
            "EA999999999CN,妥投,2026-11-21 09:00,本人,",
        ],
        encoding="gbk",
    )
    progress: list[tuple[int, int]] = []
    rep = import_feedback(store, f, progress=lambda d, t, m: progress.append((d, t)))
    assert (rep.signed, rep.returned, rep.new_events) == (1, 2, 3)
    assert rep.unknown_numbers == ["EA999999999CN"]
    assert rep.returned_by_reason == {"102 查无此人": 1, "104 拒收": 1}
    assert progress[-1][0] == progress[-1][1]

    a, a_c = world["a"]
    # 查无此人 at A's first address: the household copy is the same place, skip to the work one
    assert case(store, a)["status"] == "ready"
    assert case(store, a)["best_candidate_id"] == a_c[2]
    cands = {c["id"]: c for c in sql.case_candidates(store, a)}
    assert cands[a_c[0]]["status"] == "returned" and cands[a_c[2]]["chosen"] == 1

    b, _ = world["b"]
    assert case(store, b)["status"] == "signed"
    c, c_c = world["c"]
    # refused: the invalid candidate is skipped, the delivery address is next
    assert case(store, c)["status"] == "ready" and case(store, c)["best_candidate_id"] == c_c[2]

    m = sql.mailings_by_tracking(store, ["EA000000001CN"])["EA000000001CN"]
    assert (m["status"], m["reason_code"], m["status_time"]) == (
        "returned",
        "102",
        "2026-11-20T10:00:00",
    )

    addr = sql.outcome(store, "address", "北京市海淀区甲路1号")
    assert addr is not None and (addr["sent"], addr["not_there"], addr["signed"]) == (1, 1, 0)
    assert sql.outcome(store, "community", "110108|甲小区") is not None
    refused = sql.outcome(store, "reason", "104")
    assert refused is not None and refused["refused"] == 1 and refused["bad_address"] == 0
    assert sql.outcome(store, "source", "residence")["sent"] == 3  # type: ignore[index]
    assert store.audit_entries("case")


def test_same_file_again_changes_nothing(
    store: Store, world: dict[str, Any], tmp_path: Path
) -> None:
    f = write_csv(tmp_path / "r.csv", ["EA000000001CN,未妥投,,,地址不详", "EA000000002CN,妥投,,,"])
    import_feedback(store, f)

    def snapshot() -> list[Any]:
        return [
            store.query(f"SELECT * FROM {t} ORDER BY id")
            for t in ("mailings", "mailing_events", "cases", "candidates", "outcomes")
        ]

    before = snapshot()
    rep = import_feedback(store, f)
    assert rep.new_events == 0 and rep.duplicate_events == 2 and rep.mailings_changed == 0
    assert snapshot() == before


def test_later_status_supersedes_earlier(
    store: Store, world: dict[str, Any], tmp_path: Path
) -> None:
    b, b_c = world["b"]
    # a file listing the final status before the transit scan: order in file does not matter
    f1 = write_csv(
        tmp_path / "1.csv",
        ["EA000000002CN,未妥投,2026-11-22 10:00,,127", "EA000000002CN,在途,2026-11-19 08:00,,"],
    )
    rep = import_feedback(store, f1)
    assert rep.superseded == 1
    assert case(store, b)["status"] == "returned"  # no other candidate
    assert sql.outcome(store, "reason", "127")["other_returned"] == 1  # type: ignore[index]
    # a later signature supersedes the return: the count moves, the case is signed
    f2 = write_csv(tmp_path / "2.csv", ["EA000000002CN,妥投,2026-11-25 10:00,本人,"])
    import_feedback(store, f2)
    assert case(store, b)["status"] == "signed"
    o = sql.outcome(store, "address", "上海市静安区丙路3号")
    assert o is not None and (o["sent"], o["signed"], o["other_returned"]) == (1, 1, 0)
    assert sql.outcome(store, "reason", "127")["sent"] == 0  # type: ignore[index]
    # an older event arriving late changes nothing but the history
    f3 = write_csv(tmp_path / "3.csv", ["EA000000002CN,未妥投,2026-11-21 10:00,,102"])
    rep = import_feedback(store, f3)
    assert rep.new_events == 1 and rep.mailings_changed == 0 and rep.superseded == 1
    assert case(store, b)["status"] == "signed"
    hist = [
        e["status"]
        for e in sql.events(
            store,
            int(sql.mailings_by_tracking(store, ["EA000000002CN"])["EA000000002CN"]["mailing_id"]),
        )
    ]
    assert hist == ["in_transit", "returned", "returned", "signed"]


def test_demolished_proposal_and_auto_blacklist(
    store: Store, world: dict[str, Any], tmp_path: Path
) -> None:
    f = write_csv(tmp_path / "r.csv", ["EA000000003CN,退回,2026-11-21,,该小区已拆迁"])
    rep = import_feedback(store, f)
    assert rep.proposals == ["demolished: 丁花园（440106）"]
    assert rep.blacklisted == []
    props = sql.proposals(store)
    assert len(props) == 1 and props[0]["match"] == "keyword"
    assert store.count("blacklist") == 0
    bid = learned_blacklist.accept(store, props[0]["id"])
    row = store.query("SELECT * FROM blacklist WHERE id = ?", (bid,))[0]
    assert (row["kind"], row["pattern"], row["origin"]) == ("demolished", "丁花园", "learned")


def test_auto_blacklist_setting(store: Store, world: dict[str, Any], tmp_path: Path) -> None:
    store.set_setting("feedback.auto_blacklist", True)
    f = write_csv(tmp_path / "r.csv", ["EA000000003CN,退回,2026-11-21,,已拆除"])
    rep = import_feedback(store, f)
    assert rep.blacklisted and store.count("blacklist") == 1


def test_repeated_bad_address_proposes_after_threshold(store: Store, tmp_path: Path) -> None:
    items = []
    for i in range(2):
        cid, cands = add_case(
            store,
            f"N{i}",
            [{"standard": f"杭州市西湖区某路{i}号", "poi": "幸福里", "adcode": "330106"}],
        )
        items.append((cid, cands[0], f"EA10000000{i}CN"))
    send(store, "b", items)
    f1 = write_csv(tmp_path / "1.csv", ["EA100000000CN,未妥投,2026-11-20,,101"])
    assert import_feedback(store, f1).proposals == []
    f2 = write_csv(tmp_path / "2.csv", ["EA100000001CN,未妥投,2026-11-20,,101"])
    assert import_feedback(store, f2).proposals == ["custom: 幸福里（330106）"]


def test_cancel_rolls_back(store: Store, world: dict[str, Any], tmp_path: Path) -> None:
    f = write_csv(tmp_path / "r.csv", ["EA000000001CN,妥投,,,", "EA000000002CN,妥投,,,"])
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        import_feedback(store, f, cancel=token)
    assert store.count("mailing_events") == 0
    assert case(store, world["a"][0])["status"] == "sent"


def test_next_candidate_skips_blacklisted_same_place_and_merged() -> None:
    from songda.services.feedback import next_candidate

    def c(i: int, std: str, **kw: Any) -> dict[str, Any]:
        return {"id": i, "standard": std, "status": "active", "valid": 1, "flags": None, **kw}

    cands = [
        c(1, "甲路1号", status="returned"),
        c(2, "甲路 1号"),  # same place, written differently
        c(3, "甲路一号", dup_of=1),  # merged with it by the ranking
        c(4, "乙路2号", flags='["demolished"]'),
        c(5, "丙路3号", valid=0),
        c(6, "丁路4号"),
    ]
    assert next_candidate(cands, 1, {1, 3})["id"] == 6  # type: ignore[index]
    assert next_candidate(cands[:5], 1, {1, 3}) is None
