"""Blacklist: matching rules and entries, the store (audited), xlsx/csv import and export."""

from __future__ import annotations

from pathlib import Path

import pytest

from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin
from songda.errors import KnownError
from songda.ranking.blacklist import BlacklistMatcher, load_builtin_rules
from songda.ranking.blacklist_io import guess_match, read_entries, write_entries
from songda.ranking.text import match_key
from songda.store import Store
from songda.store import blacklist as bl


def hits(m: BlacklistMatcher, text: str, source: str = "household", adcode: str | None = None):  # type: ignore[no-untyped-def]
    return [(h.kind.value, h.matched) for h in m.hits(source, match_key(text), "", adcode)]


@pytest.fixture(scope="module")
def builtin() -> BlacklistMatcher:
    return BlacklistMatcher([], load_builtin_rules())


def test_match_key_normalises_width_space_punctuation() -> None:
    assert match_key("北京市 朝阳区（建国路）８８号") == "北京市朝阳区建国路88号"


@pytest.mark.parametrize(
    ("text", "source", "expected"),
    [
        ("四川省成都市武侯区人才交流中心", "household", [("collective", "人才交流中心")]),
        ("某某公司集体户口", "residence", [("collective", "集体户口")]),
        ("北京市海淀区清华大学", "household", [("collective", "清华大学")]),
        ("北京市海淀区清华大学", "residence", []),
        ("中国矿业大学（北京）学生宿舍", "id_card", [("collective", "中国矿业大学")]),
        ("某市公安局家属院2栋", "household", []),
        ("某县看守所", "delivery", [("institution", "看守所")]),
        ("某省强制隔离戒毒所", "work", [("institution", "强制隔离戒毒")]),
        ("监狱路12号", "residence", []),
        ("北京市海淀区学院路38号", "household", []),
    ],
)
def test_builtin_rules(builtin: BlacklistMatcher, text: str, source: str, expected: list) -> None:  # type: ignore[type-arg]
    assert hits(builtin, text, source) == expected


def test_entries_keyword_scope_division_and_fuzzy_address() -> None:
    entries = [
        BlacklistEntry(BlacklistKind.DEMOLISHED, MatchKind.KEYWORD, "幸福村", "110105", id=1),
        BlacklistEntry(BlacklistKind.DEMOLISHED, MatchKind.DIVISION, None, "110106001", id=2),
        BlacklistEntry(
            BlacklistKind.CUSTOM,
            MatchKind.ADDRESS,
            "北京市朝阳区建国路88号3栋501室",
            "110105",
            id=3,
        ),
        BlacklistEntry(BlacklistKind.CUSTOM, MatchKind.KEYWORD, "停用", active=False, id=4),
    ]
    m = BlacklistMatcher(entries)
    assert hits(m, "朝阳区幸福村5号", adcode="110105") == [("demolished", "幸福村")]
    assert hits(m, "海淀区幸福村5号", adcode="110108") == []  # same name, other district
    assert hits(m, "某街道某路", adcode="110106001002") == [("demolished", "110106001")]
    std = match_key("北京市朝阳区建国路88号3栋501")
    found = m.hits("residence", std, std, "110105")
    assert [(h.kind.value, h.entry_id) for h in found] == [("custom", 3)]
    assert m.hits("residence", std, std, "110108") == []
    assert hits(m, "停用的地址") == []


def test_store_add_update_remove_are_audited(store: Store) -> None:
    e = BlacklistEntry(BlacklistKind.DEMOLISHED, MatchKind.KEYWORD, "棚户区", note="已拆")
    new_id = bl.add_entry(store, e)
    assert new_id is not None
    assert (
        bl.add_entry(store, BlacklistEntry(BlacklistKind.DEMOLISHED, MatchKind.KEYWORD, "棚户 区"))
        is None
    )
    got = bl.get_entry(store, new_id)
    assert got is not None and got.created_by == "tester" and got.origin is Origin.MANUAL
    bl.update_entry(store, new_id, note="2025年拆迁", active=False)
    assert bl.list_entries(store, active_only=True) == []
    assert bl.remove_entries(store, [new_id, 999]) == 1
    actions = [a["action"] for a in store.audit_entries("blacklist")]
    assert actions == ["remove", "update", "add"]
    with pytest.raises(ValueError):
        bl.update_entry(store, 1, origin="builtin")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_import_round_trip(tmp_path: Path, suffix: str) -> None:
    entries = [
        BlacklistEntry(BlacklistKind.DEMOLISHED, MatchKind.KEYWORD, "棚户区", note="=1+1"),
        BlacklistEntry(BlacklistKind.COLLECTIVE, MatchKind.DIVISION, None, "110105"),
        BlacklistEntry(
            BlacklistKind.CUSTOM, MatchKind.ADDRESS, "北京市朝阳区建国路88号", active=False
        ),
    ]
    path = tmp_path / f"bl{suffix}"
    assert write_entries(path, entries) == 3
    back = read_entries(path)
    assert [(e.kind, e.match, e.pattern, e.division_code, e.active) for e in back] == [
        (e.kind, e.match, e.pattern, e.division_code, e.active) for e in entries
    ]
    assert back[0].note == "'=1+1"  # formula neutralised on export
    assert all(e.origin is Origin.IMPORTED for e in back)


def test_import_guesses_and_rejects(tmp_path: Path) -> None:
    p = tmp_path / "in.csv"
    p.write_text("内容,备注\n幸福村,拆了\n北京市朝阳区建国路88号3栋501室,\n", encoding="gbk")
    got = read_entries(p)
    assert [(e.kind, e.match) for e in got] == [
        (BlacklistKind.CUSTOM, MatchKind.KEYWORD),
        (BlacklistKind.CUSTOM, MatchKind.ADDRESS),
    ]
    assert guess_match("", "110105") is MatchKind.DIVISION
    bad = tmp_path / "bad.csv"
    bad.write_text("类型,匹配方式,区划代码\n已拆迁,行政区划,11a\n", encoding="utf-8")
    with pytest.raises(KnownError, match="第2行"):
        read_entries(bad)
    with pytest.raises(KnownError):
        read_entries(tmp_path / "missing.xlsx")
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(KnownError):
        read_entries(junk)
