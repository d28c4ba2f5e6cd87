"""The division chain of an address: consecutive division names read top-down from
:mod:`songda.address.match`'s single matches, with the repairs applied where the chain would
stop (:mod:`songda.address.repair`: typo'd counties, doubled suffixes, swapped characters,
contradicting cities) and the
chain read again when the text names the upper levels after a town (壶山街道浙江省武义县…).
"""

from __future__ import annotations

from typing import Final

from songda import rx
from songda.address.chars import char_table
from songda.address.detail import _ROAD
from songda.address.fuzzy import _fuzzy_at
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
    max_level,
    min_level,
    prefix,
)
from songda.address.match import (
    _FILLER_START,
    _FILLERS,
    _ZONE,
    DivMatch,
    _after_gap,
    _match_at,
    _self_or_above,
)
from songda.address.repair import (
    _absorb_tail,
    _contradicted,
    _repair_at,
    _sound_alike_at,
    _stem_at,
    _transposed_at,
    _typo_county,
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


_FILLER_FIRST: Final = char_table(frozenset(_FILLER_START))
_SUFFIX_END: Final = char_table("省市区县镇乡旗")


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
    short_dup = -1  # where the last match starts when it was a short name read again
    while pos < n:
        if scope and _FILLER_FIRST[min(ord(text[pos]), 0xFFFF)]:
            skip = next((t for t in _FILLERS if text.startswith(t, pos)), None)
            if skip and _match_at(g, text, pos, scope) is None:
                # a town whose name starts so is read (兵团农六师北塔山牧场, a town of 奇台县)
                pos += len(skip)
                while pos < n and text[pos] == "-":
                    pos += 1
                continue
        m = _match_at(g, text, pos, scope)
        if m is None and scope:
            # two characters swapped beat one character wrong (平昌区 → 昌平区, not 平谷区)
            m = _transposed_at(g, text, pos, scope)
            if m is None and max_level(scope) < DISTRICT:
                m = _stem_at(g, text, pos, scope)
        if m is None and (scope or pos == start == 0):
            m = _fuzzy_at(g, text, pos, scope)
        if m is None and scope and max_level(scope) == CITY:
            m = _sound_alike_at(g, text, pos, scope)
        if m is None and scope and max_level(scope) < TOWN:
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
        if m is None and scope and max_level(scope) < TOWN:
            # every zone word ends in 区, at most 17 characters in
            z = _ZONE.match(text, pos) if text.find("区", pos, pos + 17) >= 0 else None
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
            elif m.level == CITY and text[m.end] == "地" and text[m.end + 1 : m.end + 2] == "区":
                m.end += 2  # 铜仁地区: the prefecture, a city since (铜仁市, 2011)
            elif (
                m.level == DISTRICT
                and text[m.end : m.end + 2] == "城区"
                and text[m.end + 2 : m.end + 3] not in ("街", "镇", "乡", "办")
                and _match_at(g, text, m.end, m.hits) is None
            ):
                # 温岭市城区太平街道: 城区 (the county's town proper) belongs to the county's
                # name, not a place below it; a town called 城区 (街道) stays a town
                m.end += 2
            elif m.level == TOWN and text[m.end] == "区" and _old_district(g, text, m):
                m.end += 1  # 东莞市南城区: the 街道 was a district once, and is still called so
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
            if named and min_level(named) < matches[0].level:
                restarts.append(m.start)
        if not m.dup:
            if scope and not m.redistricted and not m.sibling and not m.conflict:
                _prune(matches, m)
            matches.append(m)
            scope = m.hits
            short_dup = -1
        else:
            if matches and len(m.hits) < len(scope):
                matches[-1].hits = scope = m.hits
            # a name with its suffix (海门市, 江干区) read again is a repeat; a bare one may open
            # a name that follows (亚布力第一中学, 杭州南方机电)
            suffixed = _SUFFIX_END[min(ord(text[m.end - 1]), 0xFFFF)] or text[m.end - 1] == "道"
            short_dup = -1 if m.dup_full or suffixed else m.start
        pos = m.end
        while pos < n and text[pos] == "-":
            pos += 1
    if short_dup >= 0 and pos < n and _ROAD.match(text, pos) is None:
        # a short name read again, last, with more text after it that is not a road, opens
        # that text: a company's or a building's name (拱墅区杭州南方机电, 鹿城区温州时代广场)
        return matches, short_dup
    return matches, pos


def _old_district(g: Gazetteer, text: str, m: DivMatch) -> bool:
    """A 街道 of a city without districts, read by its short form (南城 of 南城街道, 东莞市):
    these were the city's districts (石岐区, 莞城区), and addresses still write 区 after them."""
    if len(m.hits) != 1 or m.hits[0].kind != SHORT or text[m.end - 1] == "区":
        return False
    code = m.hits[0].code
    return g.name(code).endswith("街道") and g.level(g.parent(code)) == CITY


_ZONE_WORD: Final = rx.compile(
    r"(?:经济技术|经济|高新技术产业|高新技术)?开发区|工业园?区|高新区|新区|保税区"
)


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
    firsts = g.alias_firsts
    for p in range(end, min(len(text) - 1, end + 40)):
        c = ord(text[p])
        if not firsts[c if c < 0xFFFF else 0xFFFF] or text[p : p + 2] not in g.lengths:
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
    firsts = g.alias_firsts
    for p in range(end, len(text) - 2):
        c = ord(text[p])
        if not firsts[c if c < 0xFFFF else 0xFFFF] or text[p : p + 2] not in g.lengths:
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
    firsts = g.alias_firsts
    for pos in range(1, min(len(text), 40)):
        c = ord(text[pos])
        if not firsts[c if c < 0xFFFF else 0xFFFF] or text[pos : pos + 2] not in g.lengths:
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
