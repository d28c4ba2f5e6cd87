"""Repairs where the division chain would stop (:mod:`songda.address.chain`): typo'd,
swapped, sound-alike or suffix-less county names, doubled suffixes, autonomous names written
with their people first or misspelt, and a full chain that contradicts a city read before it.
"""

from __future__ import annotations

from typing import Final

from songda import rx
from songda.address.fuzzy import _retired_below
from songda.address.gazetteer import (
    CITY,
    DISTRICT,
    FULL,
    RETIRED,
    SHORT,
    TOWN,
    Gazetteer,
    Hit,
    max_level,
)
from songda.address.match import (
    _FUZZY_END,
    _TRAP,
    DivMatch,
    _descends,
    _match_at,
    _self_or_above,
    _town_follows,
)

_ETHNIC_TAIL: Final = rx.compile(r"(?:[\u4e00-\u9fff]{1,4}?族){1,4}自治[州县旗]")
_ETHNIC_FIRST: Final = rx.compile(
    r"((?:[\u4e00-\u9fff]{1,4}?族){1,3})([\u4e00-\u9fff]{2,4}?)自治([州县旗])"
)


def _stem_at(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """A two-character county written without 县, followed by one of its towns (山东省单谢集乡:
    单县谢集镇)."""
    hits = [h for h in g.hits(text[pos] + "县") if h.kind == FULL and _descends(h, scope)]
    if len(hits) != 1:
        return None
    county = Hit(hits[0].code, SHORT, DISTRICT)
    if not _town_follows(g, text, pos + 1, county):
        return None
    return DivMatch([county], pos, pos + 1)


_SOUNDS: Final[dict[tuple[int, str], dict[tuple[str, str], list[tuple[str, Hit]]]]] = {}


def _sounds_below(g: Gazetteer, code: str) -> dict[tuple[str, str], list[tuple[str, Hit]]]:
    """Two-character short names of the counties of a city, today's and retired, by their
    pinyin (cached per city)."""
    key = (id(g), code)
    index = _SOUNDS.get(key)
    if index is not None:
        return index
    scope = [Hit(code, FULL, g.level(code))]
    names = [(g.name(c), c, FULL) for c in g.children(code) if g.level(c) == DISTRICT]
    for suffix in "区县市旗":
        for name, codes in _retired_below(g, scope, 3, suffix).items():
            names.extend((name, c, RETIRED) for c in codes)
    index = {}
    for name, c, kind in names:
        core = _core(name)
        if len(core) > 2 and any(h.code == c for h in g.hits(core[:2])):
            core = core[:2]  # 瀍河回族区: known as 瀍河
        if len(core) == 2 and g.pinyin(core[0]) and g.pinyin(core[1]):
            sound = (g.pinyin(core[0]), g.pinyin(core[1]))
            index.setdefault(sound, []).append((core, Hit(c, kind, DISTRICT)))
    if len(_SOUNDS) > 5000:
        _SOUNDS.clear()
    _SOUNDS[key] = index
    return index


def _sound_alike_at(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """Two characters right after a city that sound exactly like the short name of one of its
    counties, today's or retired, and share a character with it (伊春带领 → 带岭, 洛阳市廛河 →
    瀍河); not a word a place name is often part of (杭州商城) nor before a road word."""
    w = text[pos : pos + 2]
    if len(w) < 2 or text[pos + 2 : pos + 3] in ("区", "县", "市", "旗"):
        return None  # a typo with its suffix is the one-character-off match's
    sound = (g.pinyin(w[0]), g.pinyin(w[1]))
    if not sound[0] or not sound[1]:
        return None
    found: dict[str, list[Hit]] = {}
    for s in scope:
        for core, hit in _sounds_below(g, s.code).get(sound, ()):
            if core != w and (core[0] == w[0] or core[1] == w[1]):
                found.setdefault(core, []).append(hit)
    if len(found) != 1 or _TRAP.match(text, pos) or _TRAP.match(text, pos + 2):
        return None
    hits = next(iter(found.values()))
    return DivMatch(hits, pos, pos + 2, typo_from=w)


def _absorb_tail(g: Gazetteer, text: str, m: DivMatch) -> None:
    """An autonomous prefecture or county read by its short form, followed by a misspelt rest
    of its name (红河尼族鳞族自治州, 澜沧拉沽族自治县, 红河洲): the span takes the whole name,
    recorded as a typo."""
    h = m.hits[0]
    if len(m.hits) != 1 or h.kind != SHORT or h.level not in (CITY, DISTRICT):
        return
    name = g.name(h.code)
    if "自治" not in name:
        return
    end = m.end
    t = _ETHNIC_TAIL.match(text, end)
    if t is not None and t.group()[-1] == name[-1]:
        end = t.end()
    elif text[end : end + 1] == "洲" and name.endswith("州"):
        end += 1
    if end > m.end:
        m.end = end
        m.typo_from = text[m.start : end]


def _ethnic_first_at(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """An autonomous prefecture or county with its people written first (朝鲜族延边自治州)."""
    if text.find("族", pos + 1, pos + 5) < 0:
        return None  # the pattern's first 族 is one to four characters in
    e = _ETHNIC_FIRST.match(text, pos)
    if e is None:
        return None
    hits = [
        h
        for h in g.hits(e.group(2))
        if h.kind in (FULL, SHORT)
        and _descends(h, scope)
        and g.name(h.code).endswith("自治" + e.group(3))
        and e.group(1) in g.name(h.code)
    ]
    if len(hits) != 1:
        return None
    return DivMatch([Hit(hits[0].code, FULL, hits[0].level)], pos, e.end(), typo_from=e.group())


_COUNTY_SUFFIX: Final = rx.compile(r"(?:自治县|自治旗|林区|特区|新区|[区县市旗])$")


def _core(name: str) -> str:
    return _COUNTY_SUFFIX.sub("", name)


def _close(g: Gazetteer, written: str, name: str) -> bool:
    """``written`` is ``name`` with one character wrong, missing or extra, or sounds the same
    (丰化 ≈ 奉化, 台 ≈ 天台, 鄂城 ≈ 郓城); a single written character must be part of the name."""
    if not written or not name or written == name:
        return False
    if len(written) == 1 and written not in name:
        return False
    if len(written) == len(name) and all(
        a == b or (g.pinyin(a) and g.pinyin(a) == g.pinyin(b))
        for a, b in zip(written, name, strict=True)
    ):
        return True
    from rapidfuzz.distance import Levenshtein

    distance: int = Levenshtein.distance(written, name, score_cutoff=1)
    return distance <= 1


def _typo_county(
    g: Gazetteer, text: str, pos: int, town: DivMatch, scope: list[Hit]
) -> DivMatch | None:
    """The text skipped between a city and a town, when it is a near miss of the town's
    county (宁波丰化市松岙镇 → 奉化区, 台州台县白鹤镇 → 天台县, 菏泽市鄂城县武安镇 → 郓城县)."""
    gap = text[pos : town.start]
    if not 2 <= len(gap) <= 6 or gap[-1] not in "区县市旗" or max_level(scope) != CITY:
        return None
    counties = {h.code[:6] for h in town.hits}
    if len(counties) != 1:
        return None
    code = counties.pop()
    if code not in g.index or g.level(code) != DISTRICT:
        return None
    if not _close(g, _core(gap), _core(g.name(code))):
        return None
    return DivMatch([Hit(code, FULL, DISTRICT)], pos, town.start, typo_from=gap)


def _transposed_at(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """Two neighbouring characters swapped in a name under the scope (北京淀海区 → 海淀区),
    taken only when one name of the scope reads that way."""
    if max_level(scope) >= TOWN:
        return None
    for k in (3, 4, 5):
        if pos + k > len(text) or text[pos + k - 1] not in _FUZZY_END:
            continue
        w = text[pos : pos + k]
        found: set[str] = set()
        for i in range(k - 2):  # swaps inside the name, the suffix stays
            cand = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
            if cand != w:
                found.update(h.code for h in g.hits(cand) if h.kind == FULL and _descends(h, scope))
        if len({g.name(c) for c in found}) == 1:
            # one name; several places of that name stay ambiguous (河北省西桥区: 桥西区 of
            # 石家庄, 邢台 or 张家口), never another name one character off (双桥区)
            hits = [Hit(c, FULL, g.level(c)) for c in sorted(found)]
            return DivMatch(hits, pos, pos + k, typo_from=w)
        if found:
            return None
    return None


def _repair_at(
    g: Gazetteer, text: str, pos: int, scope: list[Hit], matches: list[DivMatch]
) -> DivMatch | None:
    """Last resorts where the chain would stop: an ethnic name first (朝鲜族延边自治州), a doubled suffix
    (宁波市市江东区), and a full chain that contradicts a city read before it (温州广州市荔湾区,
    兰州市路桥区峰江街道: two names that agree outweigh one)."""
    m = _ethnic_first_at(g, text, pos, scope)
    if m is not None:
        return m
    if 0 < pos < len(text) - 1 and text[pos] == text[pos - 1] and text[pos] in "省市区县":
        m = _match_at(g, text, pos + 1, scope)
        if m is not None and not m.dup and not m.conflict:
            return m
    if max_level(scope) > CITY or not matches:
        return None
    alt = _match_at(g, text, pos, [])
    if (
        alt is None
        or alt.end >= len(text)
        or len(alt.hits) != 1
        or alt.hits[0].kind != FULL
        or alt.end - alt.start < 3
        or alt.level not in (CITY, DISTRICT)
        or any(_descends(alt.hits[0], [s]) or _self_or_above(alt.hits[0], s) for s in scope)
    ):
        return None
    nxt = _match_at(g, text, alt.end, alt.hits)
    if nxt is None or nxt.dup or nxt.conflict or nxt.sibling or nxt.redistricted:
        return None
    alt.conflict = True
    return alt


def _contradicted(g: Gazetteer, text: str, matches: list[DivMatch], new: DivMatch) -> None:
    """The new match decides: earlier matches keep only what agrees with it; one that names
    nothing above it is a contradiction (hits emptied, kept as a span in the notes), or a typo
    of the new match's own ancestor when one character away (兰州市路桥区 → 台州市)."""
    for old in matches:
        kept = [o for o in old.hits if any(_self_or_above(o, h) for h in new.hits)]
        if kept or not old.hits:
            old.hits = kept
            continue
        level = old.level
        old.hits = []
        if len(new.hits) != 1 or old.typo_from is not None or level >= new.level:
            continue
        code = new.hits[0].code
        up = next((c for c in g.ancestors(code) if g.level(c) == level), None)
        if up is None:
            continue
        written, name = _core(text[old.start : old.end]), _core(g.name(up))
        if len(written) == len(name) >= 2 and _close(g, written, name):
            old.hits = [Hit(up, FULL, level)]
            old.typo_from = text[old.start : old.end]
