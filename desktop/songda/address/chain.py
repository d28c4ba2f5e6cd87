"""The division chain of an address: consecutive division names read top-down from
:mod:`songda.address.match`'s single matches, with the repairs applied where the chain would
stop (typo'd counties, doubled suffixes, swapped characters, contradicting cities) and the
chain read again when the text names the upper levels after a town (壶山街道浙江省武义县…).
"""

from __future__ import annotations

import re
from typing import Final

from songda.address.gazetteer import (
    CITY,
    DISTRICT,
    FULL,
    PROVINCE,
    RETIRED,
    SHORT,
    TOWN,
    Gazetteer,
    Hit,
    prefix,
)
from songda.address.match import (
    _FILLER_START,
    _FILLERS,
    _FUZZY_END,
    _TRAP,
    _ZONE,
    DivMatch,
    _after_gap,
    _descends,
    _fuzzy_at,
    _match_at,
    _retired_below,
    _self_or_above,
    _town_follows,
)


def _prune(matches: list[DivMatch], new: DivMatch) -> None:
    """Keep only the candidates of earlier matches that lead to the new one."""
    if all(len(m.hits) == 1 for m in matches):
        return
    below = new.hits
    for m in reversed(matches):
        kept = [
            s
            for s in m.hits
            if any(h.level > s.level and h.code.startswith(prefix(s.code, s.level)) for h in below)
        ]
        if kept and len(kept) < len(m.hits):
            m.hits = kept
        below = m.hits


def match_chain(
    g: Gazetteer, text: str, start: int = 0, restarts: list[int] | None = None
) -> tuple[list[DivMatch], int]:
    """Division matches from ``start`` on, and the position where divisions stop.

    ``restarts`` receives the position where the text names, again, a level above the first
    division read (溧城镇溧阳市溧城镇…: the chain starts over at 溧阳市)."""
    matches: list[DivMatch] = []
    scope: list[Hit] = []
    pos = start
    n = len(text)
    while pos < n:
        if scope and text[pos] in _FILLER_START:
            skip = next((t for t in _FILLERS if text.startswith(t, pos)), None)
            if skip:
                pos += len(skip)
                while pos < n and text[pos] == "-":
                    pos += 1
                continue
        m = _match_at(g, text, pos, scope)
        if m is None and scope:
            # two characters swapped beat one character wrong (平昌区 → 昌平区, not 平谷区)
            m = _transposed_at(g, text, pos, scope)
            if m is None and max(h.level for h in scope) < DISTRICT:
                m = _stem_at(g, text, pos, scope)
        if m is None and (scope or pos == start == 0):
            m = _fuzzy_at(g, text, pos, scope)
        if m is None and scope and max(h.level for h in scope) == CITY:
            m = _sound_alike_at(g, text, pos, scope)
        if m is None and scope and max(h.level for h in scope) < TOWN:
            m = _after_gap(g, text, pos, scope)
            if m is not None and m.start > pos and _ZONE_WORD.fullmatch(g.name(m.hits[0].code)):
                m = None  # 滨海经济技术开发区: not the town called 开发区 of some county
            if m is not None and m.start > pos and m.level == TOWN and not m.dup:
                county = _typo_county(g, text, pos, m, scope)
                if county is not None:  # 宁波丰化市松岙镇: 丰化市 → 奉化区 (the town decides)
                    _prune(matches, county)
                    matches.append(county)
                    scope = county.hits
        if m is None and scope:
            m = _repair_at(g, text, pos, scope, matches)
        if m is None and scope and max(h.level for h in scope) < TOWN:
            z = _ZONE.match(text, pos)
            if z is not None and z.end() < n:
                m = _match_at(g, text, z.end(), scope)
                if m is not None and (m.dup or m.level != TOWN):
                    m = None
        if m is None:
            break
        if not m.dup and m.typo_from is None and m.end < n:
            _absorb_tail(g, text, m)
            if m.level == CITY and text[m.end - 1] == "市" and text[m.end] == "区":
                m.end += 1  # 惠州市区博罗县: 市区 (the city proper) names the city
            elif (
                m.level == DISTRICT
                and text[m.end : m.end + 2] == "城区"
                and text[m.end + 2 : m.end + 3] not in ("街", "镇", "乡", "办")
                and _match_at(g, text, m.end, m.hits) is None
            ):
                # 温岭市城区太平街道: 城区 (the county's town proper) belongs to the county's
                # name, not a place below it; a town called 城区 (街道) stays a town
                m.end += 2
        if m.sibling:
            prev = matches[-1]
            ph = prev.hits[0]
            if (
                m.hits[0].kind == FULL
                and len(prev.hits) == 1
                and ph.kind == FULL
                and g.name(ph.code).endswith("市")
                and not any(x.level == CITY for x in matches)
            ):
                # 湖南省吉首市保靖县: 吉首市 stands for its prefecture (湘西州), keep its span
                prev.hits = [Hit(g.parent(ph.code), FULL, CITY)]
                prev.seat = True
            else:
                matches.pop()
        if m.conflict:  # the county decides (衢州德清县, 兰州市路桥区峰江街道)
            _contradicted(g, text, matches, m)
        if m.dup and restarts is not None and not restarts and matches:
            named = [
                h
                for h in g.hits(text[m.start : m.end])
                if any(_self_or_above(h, s) for s in m.hits)
            ]
            if named and min(h.level for h in named) < matches[0].level:
                restarts.append(m.start)
        if not m.dup:
            if scope and not m.redistricted and not m.sibling and not m.conflict:
                _prune(matches, m)
            matches.append(m)
            scope = m.hits
        elif matches and len(m.hits) < len(scope):
            matches[-1].hits = scope = m.hits
        pos = m.end
        while pos < n and text[pos] == "-":
            pos += 1
    return matches, pos


_ZONE_WORD: Final = re.compile(
    r"(?:经济技术|经济|高新技术产业|高新技术)?开发区|工业园?区|高新区|新区|保税区"
)
_ETHNIC_TAIL: Final = re.compile(r"(?:[\u4e00-\u9fff]{1,4}?族){1,4}自治[州县旗]")
_ETHNIC_FIRST: Final = re.compile(
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


def _sound_alike_at(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """Two characters right after a city that sound exactly like the short name of one of its
    counties, today's or retired, and share a character with it (伊春带领 → 带岭, 洛阳市廛河 →
    瀍河); not a word a place name is often part of (杭州商城) nor before a road word."""
    w = text[pos : pos + 2]
    if (
        len(w) < 2
        or not w.isalpha()
        or text[pos + 2 : pos + 3] in ("区", "县", "市", "旗")  # a typo with its suffix: fuzzy's
        or _TRAP.match(text, pos)
        or _TRAP.match(text, pos + 2)
    ):
        return None
    p0, p1 = g.pinyin(w[0]), g.pinyin(w[1])
    if not p0 or not p1:
        return None
    found: dict[str, list[Hit]] = {}
    for s in scope:
        names = [(g.name(c), c, FULL) for c in g.children(s.code) if g.level(c) == DISTRICT]
        for suffix in "区县市旗":
            for name, codes in _retired_below(g, [s], 3, suffix).items():
                names.extend((name, c, RETIRED) for c in codes)
        for name, code, kind in names:
            core = _core(name)
            if len(core) > 2 and any(h.code == code for h in g.hits(core[:2])):
                core = core[:2]  # 瀍河回族区: known as 瀍河
            if (
                len(core) == 2
                and core != w
                and (core[0] == w[0] or core[1] == w[1])
                and g.pinyin(core[0]) == p0
                and g.pinyin(core[1]) == p1
            ):
                found.setdefault(core, []).append(Hit(code, kind, DISTRICT))
    if len(found) != 1:
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


_COUNTY_SUFFIX: Final = re.compile(r"(?:自治县|自治旗|林区|特区|新区|[区县市旗])$")


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
    if not 2 <= len(gap) <= 6 or gap[-1] not in "区县市旗" or max(s.level for s in scope) != CITY:
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
    if max(s.level for s in scope) >= TOWN:
        return None
    for k in (3, 4, 5):
        w = text[pos : pos + k]
        if len(w) < k or w[-1] not in _FUZZY_END:
            continue
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
    if max(s.level for s in scope) > CITY or not matches:
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


def _start_over(
    g: Gazetteer, text: str, lead: list[DivMatch], pos: int, named_again: bool
) -> tuple[list[DivMatch], int] | None:
    """The chain read again from ``pos``, where the text names the upper levels after a town
    or a district (壶山街道浙江省武义县壶山街道…, 城区山西省河津市…): that chain decides, and
    the leading names it agrees with are kept (a span for each level the text names).

    Without a re-read (``named_again`` false) only a chain of two names or more that starts
    with a full name above the lead and right after it is taken (城区街道云南省红河…)."""
    chain, end = match_chain(g, text, pos)
    if not chain or chain[0].start != pos:
        return None
    if not named_again and (
        len(chain) < 2
        or chain[0].hits[0].kind != FULL
        or chain[0].level >= lead[0].level
        or chain[0].end - chain[0].start < 3
    ):
        return None
    final = chain[-1].hits
    levels = {m.level for m in chain}
    kept: list[DivMatch] = []
    for m in lead:
        if m.start >= pos:
            break
        if m.level in levels:
            continue  # read again in the chain, in context (its flags, its narrowing)
        hits = [
            h for h in m.hits if any(_self_or_above(h, f) or _self_or_above(f, h) for f in final)
        ]
        if hits:
            m.hits = hits
            kept.append(m)
    return sorted(kept + chain, key=lambda m: m.level), end


def _narrow_by_rest(g: Gazetteer, text: str, matches: list[DivMatch], end: int) -> None:
    """An ambiguous last division narrowed by a province, city or county named further on
    (新桥街道六虹桥路温州鹿城仓储基地: the 新桥街道 of 温州)."""
    last = matches[-1]
    for p in range(end, min(len(text) - 1, end + 40)):
        if text[p : p + 2] not in g.lengths:
            continue
        m = _match_at(g, text, p, [], True)
        if m is None or m.level > DISTRICT:
            continue
        keep = [h for h in last.hits if any(_self_or_above(x, h) for x in m.hits)]
        if keep and len(keep) < len(last.hits):
            _prune(matches, DivMatch(keep, m.start, m.end))
            last.hits = keep
            if len(keep) == 1:
                return


def _county_further_on(g: Gazetteer, text: str, matches: list[DivMatch], end: int) -> None:
    """A chain that stops at the city, and a county of that city written in full further on
    (杭州市绍兴路100号杭州市下城区…, 浙江省杭州市水湘苑1幢江干区): the county is taken;
    without one, a town of that city written in full (杭州电子科技大学…临安青山湖街道…)."""
    city = matches[-1].hits
    found: list[DivMatch] = []
    towns: list[DivMatch] = []
    for p in range(end, len(text) - 2):
        if text[p : p + 2] not in g.lengths:
            continue
        m = _match_at(g, text, p, city, True)
        if m is None or m.redistricted or m.sibling or m.conflict:
            continue
        if (
            m.level == DISTRICT
            and (len(m.hits) == 1 or all(h.kind == RETIRED for h in m.hits))
            and m.hits[0].kind in (FULL, RETIRED)
            and m.end - m.start >= 3
        ):
            m.hits = m.hits[:1]  # a retired name: its main successor (江干区 → 上城区)
            found.append(m)
        elif (
            m.level == TOWN
            and len(m.hits) == 1
            and m.hits[0].kind == FULL
            and m.end - m.start >= 4
            and not m.dup
        ):
            towns.append(m)
    if len({m.hits[0].code for m in found}) == 1:
        matches.append(found[0])
    elif not found and len({m.hits[0].code for m in towns}) == 1:
        matches.append(towns[0])


def find_divisions(g: Gazetteer, text: str) -> tuple[list[DivMatch], int, int]:
    """The division chain: matches, where it starts and where it ends.

    Divisions normally open the address; when they do not (秋菱路浙江兰溪…), the first
    place further on where a chain of two names, or one full name of a province, city or
    county, begins is taken.
    """
    restarts: list[int] = []
    matches, end = match_chain(g, text, 0, restarts)
    if matches:
        if restarts or matches[0].level >= DISTRICT:
            again = _start_over(g, text, matches, restarts[0] if restarts else end, bool(restarts))
            if again is not None:
                return again[0], 0, again[1]
        if len(matches[-1].hits) > 1:
            _narrow_by_rest(g, text, matches, end)
        elif matches[-1].level == CITY:
            _county_further_on(g, text, matches, end)
        return matches, 0, end
    for pos in range(1, min(len(text), 40)):
        if text[pos : pos + 2] not in g.lengths:
            continue
        matches, end = match_chain(g, text, pos)
        if not matches:
            continue
        first = matches[0]
        strong = len(matches) >= 2 or (
            first.hits[0].kind in (FULL, RETIRED)
            and first.level <= DISTRICT
            and first.end - first.start >= 3
        )
        if strong and first.level >= PROVINCE:
            return matches, pos, end
    return [], 0, 0
