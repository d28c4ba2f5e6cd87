"""Core behaviour of the address engine on the compiled gazetteer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from songda.address import ParseContext, normalize, parse
from songda.address.gazetteer import get_gazetteer

REPO = Path(__file__).resolve().parents[3]


def test_gazetteer_has_five_levels() -> None:
    from songda.address.gazetteer import Gazetteer
    from songda.paths import resource

    # Load time is measured by benchmarks/address_speed.py, never asserted in tests.
    g = Gazetteer(resource("gazetteer"))
    assert g.name("330110") == "余杭区"
    assert g.name("110000") == "北京市"
    assert g.level("330110012") == 4
    villages = g.villages("110101001")
    assert any(code.startswith("110101001") for code in villages.values())


def test_full_address() -> None:
    r = parse("浙江省杭州市余杭区仓前街道文一西路1500号")
    assert (r.province, r.city, r.district, r.town) == ("浙江省", "杭州市", "余杭区", "仓前街道")
    assert r.road == "文一西路" and r.road_no == "1500号"
    assert r.adcode == "330110012"
    assert r.level == "road_no" and r.valid
    assert r.spans["district"] == "余杭区"


def test_infers_upper_levels() -> None:
    r = parse("余杭区仓前街道")
    assert (r.province, r.city, r.district) == ("浙江省", "杭州市", "余杭区")
    assert "inferred_upper" in r.issues
    assert r.spans["province"] is None
    assert "vague" in r.issues and r.valid


def test_junk() -> None:
    for text in [
        "不详",
        "地址不详",
        "同上",
        "无",
        "null",
        "123456",
        "详见身份证",
        "无固定住所",
        "",
    ]:
        r = parse(text)
        assert not r.valid, text
        assert r.issues and r.issues[0] in ("junk", "empty"), text


def test_ambiguous_without_context_and_resolved_with_it() -> None:
    r = parse("朝阳区建国路88号")
    assert "ambiguous" in r.issues
    assert r.district == "朝阳区" and r.city is None
    low = r.confidence
    r2 = parse("朝阳区建国路88号", ParseContext(id_area="110105"))
    assert r2.city == "北京市" and "context_resolved" in r2.issues
    assert r2.confidence > low
    r3 = parse("朝阳区建国路88号", ParseContext(phone_cities=("2201",)))
    assert r3.city == "长春市"


def test_normalize_basic() -> None:
    assert normalize("广 东 省 广 州 市") == "广东省广州市"
    assert normalize("１２３号") == "123号"
    assert normalize("三单元") == "3单元"


def test_cli_parse_jsonl() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "songda", "address", "parse"],
        input="浙江省杭州市西湖区文三路100号\n不详\n".encode(),
        capture_output=True,
        cwd=REPO,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO / "desktop")},
        check=True,
    )
    lines = r.stdout.decode("utf-8").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["district"] == "西湖区" and first["valid"] is True
    assert set(first["spans"]) >= {"province", "road", "room"}
    assert json.loads(lines[1])["valid"] is False


def test_gazetteer_is_cached() -> None:
    assert get_gazetteer() is get_gazetteer()


def test_a_parse_leaves_no_reference_cycles() -> None:
    # `songda address parse` lets the collector wait for 50,000 new objects (commands/address.py)
    # because parsing creates no garbage cycles: everything is freed by reference counting
    import gc

    texts = [
        "浙江省杭州市余杭区仓前街道文一西路1500号",
        "北京市东城区东华门街道多福巷社区3号楼2单元501室",
        "上海市闸北区天目中路100号",
        "广东省东莞市虎门镇",
        "湖北省仙桃市",
        "海定区中关村大街1号",
        "not an address",
        "",
    ]
    for t in texts:
        parse(t)  # caches and lazy tables filled first
    gc.collect()
    gc.disable()
    try:
        for t in texts:
            parse(t + "附近")
            parse(t, ParseContext(id_area="330104", phone_cities=("3301",)))
        assert gc.collect() == 0
    finally:
        gc.enable()
