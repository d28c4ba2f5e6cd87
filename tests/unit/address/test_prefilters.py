"""The cheap scans that let the parser skip a costly regex must never skip a match."""

from __future__ import annotations

import re
import sys

from hypothesis import example, given, settings
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


def _plain(text: str) -> bool:
    from songda.address.chars import all_in

    return all_in(text, N._plain_table())


def test_plain_is_clean_without_traditional_characters() -> None:
    trad = N._trad_chars()
    for cp in [*range(0x20, 0x7F), *range(0x3400, 0x3410), *range(0x4E00, 0xA000), 0xFF10]:
        c = chr(cp)
        expected = N._CLEAN.fullmatch(c) is not None and c not in trad
        assert _plain(c) == expected, hex(cp)
    assert _plain("") and not _plain("\U00020000")


@settings(max_examples=500, deadline=None)
@given(st.one_of(DIGITY, st.text(max_size=30)))
def test_fast_normalize_check_implies_the_exact_one(text: str) -> None:
    if _plain(text):
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


def test_plain_equals_clean_for_every_character() -> None:
    # the normaliser's fast path takes ``_plain`` for "clean and no traditional character"
    trad = N._trad_chars()
    assert not trad & set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ#-")
    for cp in range(0x20, 0x10000):
        c = chr(cp)
        expected = N._CLEAN.fullmatch(c) is not None and c not in trad
        assert _plain(c) == expected, hex(cp)


@settings(max_examples=300, deadline=None)
@given(st.one_of(DIGITY, st.text(max_size=30)))
def test_buffer_hints_never_skip_a_substitution(text: str) -> None:
    for pattern, hint in ((N._CITY_DISTRICTS, "辖区"), (N._COUNTRY, "中"), (N._CN_NUM_AFTER, "第")):
        if pattern.search(text):
            assert hint in text
    if N._PHONE.search(text):
        assert N._PHONE_HINT.search(text)


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


FREE = st.text(
    st.sampled_from(
        list(
            "村社居委会民员新区园城经济技术开发高产业工业科创物流口处交叉汇路大道街与和族自治州县旗"
        )
        + list("浙江杭州朝鲜延边苗1号-")
    ),
    max_size=24,
)


@settings(max_examples=800, deadline=None)
@given(FREE, st.integers(0, 6), st.integers(0, 24))
@example("1路口", 0, 3)  # one character, then 路口: its 口 two places in
def test_free_text_windows_never_skip_a_match(text: str, a: int, b: int) -> None:
    b = min(len(text), max(a, b))
    if D._CROSSING.match(text, a, b) and text[a : a + 1] not in ("与", "和"):
        assert D._has_any(text, D._CROSSING_END, a + 2, a + 9, b)
    if D._DEVZONE.match(text, a, b):
        assert D._has_any(text, D._DEVZONE_END, a + 1, a + 17, b)
    if D._VILLAGE.match(text, a, b):
        assert D._has_any(text, D._VILLAGE_END, a + 1, a + 6, b)


@settings(max_examples=500, deadline=None)
@given(FREE, st.integers(0, 6))
def test_fuzzy_window_and_ethnic_prefilter_agree_with_their_patterns(text: str, pos: int) -> None:
    import songda.address.fuzzy as F
    import songda.address.repair as C

    if pos >= len(text):
        return
    m = F._FUZZY_WINDOW.match(text, pos)
    assert F._fuzzy_window(text, pos) == (m.group(0) if m else "")
    if C._ETHNIC_FIRST.match(text, pos):
        assert text.find("族", pos + 1, pos + 5) >= 0


ROADY = st.text(
    st.sampled_from(
        list("道街路巷同弄线大马公胡里环一二十0123456789东西南北中段口区坊楼栋幢室层")
        + list("浙江杭州文三人民详见身份证无固定居所零〇百千AB-")
    ),
    max_size=40,
)


@settings(max_examples=800, deadline=None)
@given(ROADY, st.integers(0, 12))
def test_split_scans_equal_the_patterns_they_replace(text: str, pos: int) -> None:
    import songda.address.validate as V

    assert (N._NUMERAL_HINT.search(text) is None and N._PHONE_HINT.search(text) is None) == (
        N._SLOW_HINT.search(text) is None
    )
    assert V._long_junk(text) == (V._LONG_JUNK.search(text) is not None)
    hint = D._ROAD_HINT.search(text, pos)
    full = D._ROAD.search(text, pos)
    if hint is None:
        assert full is None
    else:
        late = D._ROAD.search(text, max(pos, hint.start() - 10))
        assert (full and full.span()) == (late and late.span())


def _split_lookahead(pattern: re.Pattern[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A pattern written ``(?=[first characters])rest``: (the set, the rest)."""
    src = pattern.pattern
    assert src.startswith("(?=[")
    end = src.index("])") + 2
    return re.compile(src[3 : end - 1]), re.compile(src[end:])


def test_first_character_lookaheads_are_complete() -> None:
    import songda.address.match as M
    import songda.address.validate as V

    tails = (
        "", "栋", "号楼", "单元", "室", "层", "楼", "下层", "下室", "商", "0号", "0栋", "0层",
        "0-1室", "面", "边", "近", "壁", "门", "侧", "下", "东", "米", "汇处", "叉口", "口",
        "联", "烦", "问题", "谢", "00000", "道", "街", "路", "巷", "同", "弄", "线", "段",
        "区", "详", "址不详", "上", "户籍", "身份证", "固定", "无定所", "见", "定",
        "货人", "件人", "系人", "系电话", "话", "机号码", "机", "EL", "HONE", "名", "细地址", "址",
        "场", "厦", "园", "寓", "庄", "村", "城", "店", "馆", "院", "学", "心", "期", "0区",
    )  # fmt: skip
    universe = [chr(c) for c in (*range(0x20, 0x7F), *range(0x4E00, 0xA000))]
    patterns = (D._ANCHORS, D._ASSIST, D._ROAD_SUFFIX, M._GAP_HINT, V._JUNK_RE, N._LABELS) + (
        D._SUB,
        D._POI_CUT,
        D._POI_CUT_SUB,
    )
    for pattern in patterns:
        first, rest = _split_lookahead(pattern)
        for c in universe:
            if first.match(c):
                continue
            for tail in tails:
                assert rest.match(c + tail) is None, (pattern.pattern[:20], c + tail)


def test_char_tables_hold_exactly_their_characters() -> None:
    import songda.address.match as M
    from songda.address.chars import char_table

    table = M._TRAP_FIRST_BITS
    assert len(table) == 0x10000
    for cp in range(0x10000):
        assert bool(table[cp]) == (chr(cp) in M._TRAP_FIRST), hex(cp)
    # every character beyond the plane reads as U+FFFF: never a member
    assert char_table("\U00020000\uffff") == bytes(0x10000)


def test_level_helpers_agree_with_the_builtins() -> None:
    from songda.address.gazetteer import Hit, max_level, min_level, prefix

    code = "330110013001"
    assert [prefix(code, lv) for lv in range(1, 6)] == [code[:n] for n in (2, 4, 6, 9, 12)]
    hits = [Hit("330110", "F", 3), Hit("33", "S", 1), Hit("330110013", "F", 4)]
    for k in range(1, 4):
        assert max_level(hits[:k]) == max(h.level for h in hits[:k])
        assert min_level(hits[:k]) == min(h.level for h in hits[:k])
    assert max_level([]) == min_level([]) == 0


def test_one_character_aliases_fold_into_the_pair_lengths() -> None:
    from songda.address.gazetteer import get_gazetteer
    from songda.address.match import _match_at

    g = get_gazetteer()
    assert "京" in g.one_char_aliases
    assert 1 in g.lengths["京口"]  # 京 then a pair that begins a longer alias
    m = _match_at(g, "京朝阳区", 0, [])
    assert m is not None and m.hits[0].code == "110000" and m.end == 1
    assert "沪浦" not in g.lengths  # no pair starts here: the single character still reads
    m = _match_at(g, "沪浦东新区", 0, [])
    assert m is not None and m.hits[0].code == "310000" and m.end == 1


def test_scan_tables_equal_the_character_classes_they_replace() -> None:
    tables = (
        (D._ROAD_HINT_BITS, D._ROAD_HINT),
        (D._ANCHOR_HINT_BITS, D._ANCHOR_HINT),
        (D._NAME_CHAR_BITS, D._NAME_CHAR),
        (N._NUMERAL_BITS, N._NUMERAL_HINT),
    )
    for table, pattern in tables:
        for cp in range(0x10000):
            assert bool(table[cp]) == (pattern.fullmatch(chr(cp)) is not None), hex(cp)


@settings(max_examples=500, deadline=None)
@given(st.one_of(DIGITY, st.text(max_size=30)), st.integers(0, 30), st.integers(0, 40))
def test_scans_find_what_the_patterns_find(text: str, lo: int, hi: int) -> None:
    from songda.address.chars import digit_run, scan

    for table, pattern in ((D._ROAD_HINT_BITS, D._ROAD_HINT), (N._NUMERAL_BITS, N._NUMERAL_HINT)):
        m = pattern.search(text, lo, hi)
        assert scan(text, table, lo, hi) == (m.start() if m else -1)
    assert digit_run(text, 7) == (N._PHONE_HINT.search(text) is not None)


def test_junk_check_shortcuts_equal_the_patterns() -> None:
    import songda.address.validate as V

    for cp in range(0x10000):
        c = chr(cp)
        # an all-alphanumeric text needs no _STRIP substitution
        assert (V._STRIP.fullmatch(c) is not None) == (not c.isalnum()), hex(cp)
        assert bool(V._HAN_BITS[cp]) == (V._HAN.fullmatch(c) is not None), hex(cp)


def test_rounded_confidence_equals_round() -> None:
    import importlib

    P = importlib.import_module("songda.address.parse")
    for k in range(2000):
        x = k / 1999 * 0.987654321
        assert P._rounded(x) == round(x, 3)
        assert P._rounded(x) == round(x, 3)  # remembered


@settings(max_examples=800, deadline=None)
@given(
    st.text(
        st.sampled_from(list("省市区县镇乡街道路浙江杭州高新技术产业开发经济新工业园1-")),
        max_size=40,
    )
)
def test_chain_guards_never_skip_a_match(text: str) -> None:
    import songda.address.match as M

    for pos in range(len(text) + 1):
        expected = M._GAP_HINT.search(text, pos + 1, pos + 16) is not None
        assert M._gap_hint(text, pos + 1, pos + 16) == expected, (text, pos)
        if M._ZONE.match(text, pos):
            assert text.find("区", pos, pos + 17) >= 0


@settings(max_examples=500, deadline=None)
@given(DIGITY, st.integers(0, 30))
def test_detail_digit_guards_never_skip_a_match(text: str, pos: int) -> None:
    if D._ROOM_AFTER.match(text, pos):
        assert D._room_may_follow(text, pos)
    if D._LANE.match(text, pos) or D._ROAD_NO.match(text, pos):
        assert text[pos] in "0123456789"


def _first_tables() -> tuple[tuple[bytes, re.Pattern[str]], ...]:
    """Each first-character table of the address engine with the pattern it guards."""
    import songda.address.validate as V

    return (
        (D._ANCHORS_FIRST, D._ANCHORS),
        (D._ROAD_SUFFIX_FIRST, D._ROAD_SUFFIX),
        (V._JUNK_FIRST, V._JUNK_RE),
        (D._ASSIST_FIRST, D._ASSIST),
        (D._POI_CUT_FIRST, D._POI_CUT),
        (D._POI_CUT_SUB_FIRST, D._POI_CUT_SUB),
        (D._SUB_FIRST, D._SUB),
    )


def test_first_character_tables_equal_the_lookaheads() -> None:
    for table, pattern in _first_tables():
        first, _rest = _split_lookahead(pattern)
        for cp in range(0x10000):
            assert bool(table[cp]) == (first.match(chr(cp)) is not None), hex(cp)


@settings(max_examples=500, deadline=None)
@given(st.one_of(DIGITY, FREE), st.integers(0, 30), st.integers(0, 40))
def test_guarded_searches_find_what_the_patterns_find(text: str, lo: int, hi: int) -> None:
    from songda.address.chars import search_from

    for table, pattern in _first_tables():
        a, b = pattern.search(text, lo, hi), search_from(pattern, table, text, lo, hi)
        assert (a.span() if a else None) == (b.span() if b else None)


def test_alias_first_characters_cover_every_pair() -> None:
    from songda.address.gazetteer import get_gazetteer

    g = get_gazetteer()
    for k in g.lengths:
        assert g.alias_firsts[min(ord(k[0]), 0xFFFF)], k
    import songda.address.chain as C

    for c in C._FILLER_START:
        assert C._FILLER_FIRST[ord(c)]
    assert sum(C._FILLER_FIRST) == len(C._FILLER_START)


def _per_char_reference(raw: str) -> tuple[str, bool]:
    """_per_char as first written: NFKC, drops, spaces, controls, the traditional table and
    upper case for every character (the compiled loop takes CJK ideographs a shorter way)."""
    import unicodedata

    table = N.t2s_table()
    out: list[str] = []
    trad = False
    for c in raw:
        if c in N._DROP:
            continue
        for ch in unicodedata.normalize("NFKC", c) if ord(c) > 0x7F else c:
            if ch in N._DROP or ch.isspace() or unicodedata.category(ch)[0] == "C":
                continue
            t = table.get(ord(ch))
            if t is not None:
                trad, ch = True, t
            out.append(ch.upper() if "a" <= ch <= "z" else ch)
    return "".join(out), trad


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        st.one_of(
            st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
            st.characters(min_codepoint=0xF900, max_codepoint=0xFAFF),
            st.characters(min_codepoint=0x3000, max_codepoint=0x30FF),
            st.sampled_from(list("廣東區東莞ａＢ１２ \u3000\t,（）a-Z#\u200b\x00")),
        ),
        max_size=30,
    )
)
def test_per_char_agrees_with_its_reference(raw: str) -> None:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    trad = N._per_char(raw, None, chars, starts, ends)
    assert ("".join(chars), trad) == _per_char_reference(raw)
    assert len(starts) == len(ends) == len(chars)


@settings(max_examples=1000, deadline=None)
@given(DIGITY, st.integers(0, 30))
def test_lane_and_road_number_guards_never_refuse_a_match(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    if D._LANE.match(text, pos):
        assert D._may_be_lane(text, pos)
    if D._ROAD_NO.match(text, pos):
        assert D._may_be_road_no(text, pos)


def _road_start_reference(text: str, a: int, b: int) -> int:
    """_road_start without its shortcuts: the suffix searched by the regex engine, whatever
    the road's length."""
    m = D._ROAD_SUFFIX.search(text, a, b)
    return D._road_name_start(text, a, m.start() if m else b)


@settings(max_examples=1000, deadline=None)
@given(
    st.text(
        st.sampled_from(
            list("黄田南北中东西大道街马路公巷胡同里弄环线段一二三十0123456789门号区园A")
        ),
        max_size=16,
    )
)
def test_road_start_agrees_with_its_reference(text: str) -> None:
    pos = 0
    while (m := D._ROAD.search(text, pos)) is not None:
        assert D._road_start(text, *m.span()) == _road_start_reference(text, *m.span())
        pos = m.end() if m.end() > pos else pos + 1
