"""Find division names in normalised text: the longest consistent chain, top-down.

Each match must lie inside the scope found so far (a district must belong to the city already
read, a town to that district…). Short forms (杭州, 余杭) are refused where the next characters
make them part of a road or a building name (上海路, 五常大道, 东洲花园, 平安保险大厦).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from songda.address.gazetteer import (
    ABBREV,
    CITY,
    DEVZONE,
    DISTRICT,
    FULL,
    PROVINCE,
    RETIRED,
    RETIRED_SHORT,
    SHORT,
    SUFFIXED,
    TOWN,
    Gazetteer,
    Hit,
    prefix,
)

# After a short form these characters mean "part of a longer name", not a division.
_TRAP = re.compile(
    r"(?:[东西南北中]?(?:路|街|大街|大道|道|巷|弄|胡同|里)(?![区县镇乡])"
    r"|[东西南北中]路|花园|小区|大厦|广场|公寓|苑|园(?!区)|新村|家园|山庄|名园|商城|城市"
    r"|保险|银行|公司|集团|医院|学校|酒店|宾馆|饭店|商场|超市|市场|大学|大楼|中心|宿舍"
    r"|湾(?!区)|站(?![前东西南北]))"
)
_SUFFIX_ONE = {TOWN: "镇乡", DISTRICT: "区县市旗", CITY: "市州盟", PROVINCE: "省市"}
_FUZZY_END = "省市区县镇乡旗"


@dataclass(slots=True)
class DivMatch:
    """One division name read from the text (several hits when ambiguous)."""

    hits: list[Hit]
    start: int
    end: int
    typo_from: str | None = None
    redistricted: bool = False
    dup: bool = False  # a division already read, written again
    dup_full: bool = False
    sibling: bool = False  # replaces the previous match (a county-level city as prefecture)
    conflict: bool = False  # a county that contradicts the city read before it (衢州德清县)
    seat: bool = False  # a county-level city written where its prefecture goes (吉首市保靖县)

    @property
    def level(self) -> int:
        hits = self.hits
        if not hits:
            return 0
        return hits[0].level if len(hits) == 1 else min(h.level for h in hits)


def _descends(h: Hit, scope: list[Hit]) -> bool:
    return any(h.level > s.level and h.code.startswith(prefix(s.code, s.level)) for s in scope)


def _self_or_above(h: Hit, s: Hit) -> bool:
    return h.level <= s.level and s.code.startswith(prefix(h.code, h.level))


def _match_at(
    g: Gazetteer, text: str, pos: int, scope: list[Hit], probe: bool = False
) -> DivMatch | None:
    lengths = g.lengths
    lens = lengths.get(text[pos : pos + 2])
    if text[pos] in lengths:  # one-character aliases (京, 沪)
        lens = (*lens, 1) if lens else (1,)
    if not lens:
        return None
    n = len(text)
    weak: DivMatch | None = None
    scope_max = max(s.level for s in scope) if scope else 0
    pfx = [(s.level, prefix(s.code, s.level)) for s in scope]
    aliases = g.alias_keys
    for length in lens:
        end = pos + length
        if end > n:
            continue
        key = text[pos:end]
        if key not in aliases:
            continue
        hits = g.hits(key)
        if not hits:
            continue
        trap_here = _TRAP.match(text, end) is not None
        dup: DivMatch | None = None
        if (
            scope
            and not probe
            and hits[0].level <= scope_max
            or (scope and not probe and any(h.level <= scope_max for h in hits))
        ):
            # a division already read, written again (杭州市杭州市, 浙江省温州市浙江省温州市…)
            same = [
                h
                for h in hits
                if h.kind in (FULL, SHORT, ABBREV, RETIRED, RETIRED_SHORT)
                and any(_self_or_above(h, s) for s in scope)
            ]
            if same and not (all(h.kind != FULL for h in same) and trap_here):
                full = any(h.kind == FULL for h in same) and length >= 3
                below = [s for s in scope if any(_self_or_above(h, s) for h in same)]
                dup = DivMatch(below, pos, end, dup=True, dup_full=full)
        ok: list[Hit] = []
        relaxed: list[Hit] = []
        sibling: list[Hit] = []
        conflict: list[Hit] = []
        suffixed_here = end < n and (text[end] in "镇乡" or text.startswith("街道", end))
        for h in hits:
            kind = h.kind
            if kind == SUFFIXED:
                if not suffixed_here:
                    continue
                h = Hit(h.code, SHORT, h.level)
                kind = SHORT
            if (
                trap_here
                and kind in (SHORT, RETIRED_SHORT, ABBREV, DEVZONE, RETIRED)
                and (probe or h.level >= TOWN or _match_at(g, text, end, [h], True) is None)
            ):
                continue
            if kind == ABBREV and length == 1 and n > 1:
                if pos != 0 or _match_at(g, text, end, [h]) is None:
                    continue
            if scope:
                if any(h.level > lv and h.code.startswith(p) for lv, p in pfx):
                    ok.append(h)
                elif h.level == TOWN and kind in (FULL, SHORT):
                    # 余杭区临平镇: the town has moved to another county since (临平区)
                    if any(s.level == DISTRICT and h.code[:4] == s.code[:4] for s in scope):
                        relaxed.append(h)
                elif h.level == DISTRICT and kind in (FULL, RETIRED):
                    # 贵州省都匀市瓮安县: a county-level city written where the prefecture goes;
                    # 苍南县龙港镇: a town that has become a county-level city (龙港市)
                    if any(
                        s.level == DISTRICT and s.code != h.code and s.code[:4] == h.code[:4]
                        for s in scope
                    ):
                        sibling.append(h)
                    elif (
                        kind == FULL
                        and len(hits) == 1
                        and length >= 3
                        and scope_max <= CITY
                        and all(s.code[:2] == h.code[:2] for s in scope)
                    ):
                        conflict.append(h)
            else:
                if kind == DEVZONE:
                    continue
                if h.level == TOWN and kind != FULL:
                    # 瓯北镇 (瓯北街道 today): a town name with its old suffix, or a rare town
                    # name opening the address (良渚莫干山路…)
                    if kind != SHORT:
                        continue
                    if not (end < n and text[end] in "镇乡") and (pos != 0 or len(hits) > 3):
                        continue
                ok.append(h)
        flag = ""
        if not ok and relaxed:
            suffixed = end < n and (text[end] in "镇乡" or text.startswith("街道", end))
            if relaxed[0].kind == FULL or suffixed or len(relaxed) == 1:
                ok, flag = relaxed, "redistricted"
        if not ok and dup is not None:
            return dup
        if not ok and sibling:
            ok, flag = sibling, "sibling"
        if not ok and conflict and not probe:
            ok, flag = conflict, "conflict"
        if not ok:
            continue
        if not scope:
            fulls = [h for h in ok if h.kind in (FULL, RETIRED, ABBREV)]
            if fulls:
                ok = fulls
        top = min(h.level for h in ok)
        ok = [h for h in ok if h.level == top]
        if not scope and top == TOWN and ok[0].kind == SHORT and weak is None:
            # a bare town name opening the text: only if no upper division starts here
            if not (end < n and text[end] in "镇乡"):
                weak = DivMatch(ok, pos, end)
                continue
        # an old suffix on a short form: 九堡镇 (now 九堡街道), 萧山市 (now 萧山区)
        if end < n and ok[0].kind in (SHORT, RETIRED_SHORT):
            if text[end] in _SUFFIX_ONE.get(top, ""):
                end += 1
            elif top == TOWN and text.startswith("街道", end):
                end += 2
        return DivMatch(
            ok,
            pos,
            end,
            redistricted=flag == "redistricted",
            sibling=flag == "sibling",
            conflict=flag == "conflict",
        )
    return weak


def _fuzzy_at(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """A near-miss division name (one character off) ending in a division suffix."""
    window = ""
    for k in range(3, 7):
        if pos + k > len(text):
            break
        c = text[pos + k - 1]
        if c in _FUZZY_END:
            window = text[pos : pos + k]
            break
        if text.startswith("街道", pos + k - 1):
            window = text[pos : pos + k + 1]
            break
    if not window:
        return None
    if scope:
        if max(x.level for x in scope) >= TOWN:
            return None
        names: dict[str, list[str]] = {}
        for s in scope:
            for c in g.children(s.code):
                for cc in (c, *(g.children(c) if g.level(c) < TOWN else ())):
                    nm = g.name(cc)
                    if len(nm) == len(window) and nm[-1] == window[-1]:
                        names.setdefault(nm, []).append(cc)
    else:
        names = g.upper_by_shape(len(window), window[-1])
    if not names:
        return None
    from rapidfuzz import process  # imported on first use: keeps `import songda.address` light
    from rapidfuzz.distance import Levenshtein

    found = process.extract(
        window, list(names), scorer=Levenshtein.distance, score_cutoff=1, limit=4
    )
    close = [f[0] for f in found if f[1] == 1]
    if len(close) > 1:
        close = _tie_break(g, window, close, names)
    if len(close) != 1:
        return None
    codes = names[close[0]]
    if len(codes) != 1 and not scope:
        return None
    hits = [Hit(c, FULL, g.level(c)) for c in codes]
    return DivMatch(hits, pos, pos + len(window), typo_from=window)


_ZONE = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|工业园区"
    r"|工业区|新区)"
)
_FILLERS = ("市辖区", "其它区", "其他区", "辖区", "中国")
_GAP_HINT = re.compile(r"[省市区县镇乡]|街道")
_FILLER_START = {t[0] for t in _FILLERS}
_GAP_OK = re.compile(r"[A-Z]{1,6}|[\u4e00-\u9fff]{1,6}")


def _after_gap(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """A full division name right after a little noise (浙江省委托件杭州市, 浙江杭州AAAA…)."""
    if not _GAP_HINT.search(text, pos + 1, pos + 16) or text[pos].isdigit():
        return None
    for skip in range(1, 7):
        p = pos + skip
        if p >= len(text) or not text[p - 1].isalpha():
            return None
        m = _match_at(g, text, p, scope)
        if (
            m is not None
            and not m.conflict
            and (m.dup_full or (not m.dup and m.hits[0].kind == FULL and m.end - m.start >= 3))
            and not m.redistricted
            and _GAP_OK.fullmatch(text, pos, p)
            or (m is not None and m.hits and text[pos:p].isalpha() and text[pos:p].isascii())
            and not _TRAP.search(text, pos, p)
        ):
            return m
    return None


def _tie_break(
    g: Gazetteer, window: str, close: list[str], names: dict[str, list[str]]
) -> list[str]:
    """Among equally near names prefer the one whose differing character sounds the same
    (杭洲 → 杭州, not 株洲), then the higher level (温卅市 → 温州市, not 温岭市)."""

    def sounds_alike(name: str) -> bool:
        for a, b in zip(window, name, strict=False):
            if a != b:
                pa, pb = g.pinyin(a), g.pinyin(b)
                return bool(pa) and pa == pb
        return False

    alike = [n for n in close if sounds_alike(n)]
    if alike:
        close = alike
    if len(close) > 1:
        top = min(g.level(names[n][0]) for n in close)
        close = [n for n in close if g.level(names[n][0]) == top]
    return close


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
        if m is None and (scope or pos == start == 0):
            m = _fuzzy_at(g, text, pos, scope)
        if m is None and scope and max(h.level for h in scope) < TOWN:
            m = _after_gap(g, text, pos, scope)
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
        if m.conflict:
            for old in matches:  # the county decides; what contradicts it is kept as a span only
                old.hits = [o for o in old.hits if any(_self_or_above(o, h) for h in m.hits)]
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


_COUNTY_SUFFIX = re.compile(r"(?:自治县|自治旗|林区|特区|新区|[区县市旗])$")


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

    return Levenshtein.distance(written, name, score_cutoff=1) <= 1


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
    taken only when exactly one division of the scope reads that way."""
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
        if len(found) == 1:
            code = found.pop()
            return DivMatch([Hit(code, FULL, g.level(code))], pos, pos + k, typo_from=w)
        if found:
            return None
    return None


def _repair_at(
    g: Gazetteer, text: str, pos: int, scope: list[Hit], matches: list[DivMatch]
) -> DivMatch | None:
    """Last resorts where the chain would stop: a swapped pair (北京淀海区), a doubled suffix
    (宁波市市江东区), and a full chain that contradicts a city read before it (温州广州市荔湾区,
    兰州市路桥区峰江街道: two names that agree outweigh one)."""
    m = _transposed_at(g, text, pos, scope)
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
    h = alt.hits[0]
    for old in matches:
        kept = [o for o in old.hits if _self_or_above(o, h)]
        if kept:
            old.hits = kept
            continue
        # 兰州市路桥区: a city one character away from the chain's own city is a typo of it
        up = next((c for c in g.ancestors(h.code) if g.level(c) == old.level), None)
        written = text[old.start : old.end]
        if (
            up is not None
            and old.level < h.level
            and len(old.hits) == 1
            and old.typo_from is None
            and _close(g, written, g.name(up))
            and len(written) == len(g.name(up))
        ):
            old.hits = [Hit(up, FULL, old.level)]
            old.typo_from = written
        else:
            old.hits = []
    alt.conflict = True
    return alt


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
