"""The cheap scans that let the parser skip a costly regex must never skip a match."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

import songda.address.detail as D
import songda.address.normalize  # noqa: F401  (the package exports a function of that name)

N = sys.modules["songda.address.normalize"]

DIGITY = st.text(
    st.sampled_from(
        list("0123456789" * 3 + "-+86 零〇一二两三四五六七八九十百千号楼栋单元层室")
        + list("浙江杭州市区路街道巷弄同线楼栋幢座馆房元梯室户层商号地下底东西南北中前后AB")
    ),
    max_size=30,
)


def test_plain_is_clean_without_traditional_characters() -> None:
    trad = N._trad_chars()
    plain = N._plain()
    for cp in [*range(0x20, 0x7F), *range(0x3400, 0x3410), *range(0x4E00, 0xA000), 0xFF10]:
        c = chr(cp)
        expected = N._CLEAN.fullmatch(c) is not None and c not in trad
        assert (plain.fullmatch(c) is not None) == expected, hex(cp)


@settings(max_examples=500, deadline=None)
@given(st.one_of(DIGITY, st.text(max_size=30)))
def test_fast_normalize_check_implies_the_exact_one(text: str) -> None:
    if N._plain().fullmatch(text) is not None:
        assert N._CLEAN.fullmatch(text) is not None and N._trad_chars().isdisjoint(text)
    if N._SLOW_HINT.search(text) is None:
        assert N._CN_NUM.search(text) is None
        assert N._PHONE.search(text) is None


@settings(max_examples=500, deadline=None)
@given(DIGITY, st.integers(min_value=0, max_value=30))
def test_detail_hints_never_hide_a_match(text: str, pos: int) -> None:
    if D._ROAD_HINT.search(text, pos) is None:
        assert D._ROAD.search(text, pos) is None
    if D._ANCHOR_HINT.search(text, pos) is None:
        assert D._ANCHORS.search(text, pos) is None


def test_phones_and_numerals_still_take_the_slow_path() -> None:
    for text in ("文三路十九号", "杭州市13812345678", "电话0571-88889999西湖区", "第三人民医院"):
        assert N._SLOW_HINT.search(text) is not None
    assert N.normalize_mapped("文三路十九号").text == "文三路19号"
    assert N.normalize_mapped("杭州市13812345678").text == "杭州市"


def test_trap_matches_start_with_a_listed_character() -> None:
    import songda.address.match as M

    tails = ("", "路", "街", "大道", "花园", "区", "园区", "湾")
    for cp in range(0x20, 0xA000):
        c = chr(cp)
        if c in M._TRAP_FIRST:
            continue
        for tail in tails:
            assert M._TRAP.match(c + tail) is None, c + tail
    for c in M._TRAP_FIRST:  # and no listed character is there for nothing
        assert any(
            M._TRAP.match(c + tail) for tail in ("", *tails, *"场心舍行险寓司团院校店馆市庄村同")
        )


def test_finest_level_follows_level_order() -> None:
    from songda.address.parse import LEVEL_ORDER, _finest
    from songda.domain.models import StandardAddress

    for i, key in enumerate(LEVEL_ORDER):
        out = StandardAddress()
        for lower in LEVEL_ORDER[i:]:  # this level and every coarser one
            setattr(out, lower, "x")
        assert _finest(out) == key
    assert _finest(StandardAddress()) == "none"
