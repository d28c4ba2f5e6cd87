"""Find division names in normalised text: the longest consistent chain, top-down.

Each match must lie inside the scope found so far (a district must belong to the city already
read, a town to that district…). Short forms (杭州, 余杭) are refused where the next characters
make them part of a road or a building name (上海路, 五常大道, 东洲花园, 平安保险大厦).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

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
    TOWN,
    Gazetteer,
    Hit,
    prefix,
)

# After a short form these characters mean "part of a longer name", not a division.
_TRAP = re.compile(
    r"(?:[东西南北中]?(?:路|街|大街|大道|道|巷|弄|胡同|里)(?![区县镇乡])"
    r"|[东西南北中]路|花园|小区|大厦|广场|公寓|苑|园(?!区)|新村|家园|山庄|名园|府|城(?!区|镇)"
    r"|保险|银行|公司|集团|医院|学校|中学|小学|大学|学院|酒店|宾馆|饭店|商场|商城|超市|市场"
    r"|大楼|中心|宿舍|工业|厂|店|馆|站|港(?!区)|桥|湾|湖|江(?!区)|河|山(?![区县])|[0-9A-Z])"
)
_SUFFIX_ONE = {TOWN: "镇乡", DISTRICT: "区县市旗", CITY: "市州盟"}
_FUZZY_END = "省市区县镇乡旗"


@dataclass(slots=True)
class DivMatch:
    """One division name read from the text (several hits when ambiguous)."""

    hits: list[Hit]
    start: int
    end: int
    typo_from: str | None = None
    redistricted: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def level(self) -> int:
        return min(h.level for h in self.hits)


def _descends(h: Hit, scope: list[Hit]) -> bool:
    return any(h.level > s.level and h.code.startswith(prefix(s.code, s.level)) for s in scope)


def _match_at(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    lens = g.lengths.get(text[pos])
    if not lens:
        return None
    n = len(text)
    scope_codes = {s.code for s in scope}
    for length in lens:
        end = pos + length
        if end > n:
            continue
        hits = g.hits(text[pos:end])
        if not hits:
            continue
        if (
            scope
            and any(h.code in scope_codes for h in hits)
            and hits[0].kind in (FULL, SHORT)
            and not (hits[0].kind == SHORT and _TRAP.match(text, end))
        ):
            # the same division written twice (杭州市杭州市)
            return DivMatch(list(scope), pos, end)
        ok: list[Hit] = []
        relaxed: list[Hit] = []
        for h in hits:
            kind = h.kind
            if kind in (SHORT, RETIRED_SHORT, ABBREV, DEVZONE) and _TRAP.match(text, end):
                continue
            if kind == ABBREV and length == 1:
                if pos != 0 or _match_at(g, text, end, [h]) is None:
                    continue
            if scope:
                if _descends(h, scope):
                    ok.append(h)
                elif (
                    h.level == TOWN
                    and kind == FULL
                    and any(s.level == DISTRICT and h.code[:4] == s.code[:4] for s in scope)
                ):
                    relaxed.append(h)
            else:
                if kind == DEVZONE:
                    continue
                if h.level == TOWN and kind != FULL:
                    continue
                ok.append(h)
        redistricted = False
        if not ok and relaxed:
            ok, redistricted = relaxed, True
        if not ok:
            continue
        if not scope:
            fulls = [h for h in ok if h.kind in (FULL, RETIRED, ABBREV)]
            if fulls:
                ok = fulls
        top = min(h.level for h in ok)
        ok = [h for h in ok if h.level == top]
        # an old suffix on a short form: 九堡镇 (now 九堡街道), 萧山市 (now 萧山区)
        if (
            end < n
            and ok[0].kind in (SHORT, RETIRED_SHORT)
            and text[end] in _SUFFIX_ONE.get(top, "")
        ):
            end += 1
        return DivMatch(ok, pos, end, redistricted=redistricted)
    return None


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
        pool: list[str] = []
        for s in scope:
            for c in g.children(s.code):
                pool.append(c)
                if g.level(c) < TOWN:
                    pool.extend(g.children(c))
    else:
        pool = [c for c, lv in zip(g.codes, g.levels, strict=True) if lv <= DISTRICT]
    names: dict[str, list[str]] = {}
    for c in pool:
        nm = g.name(c)
        if len(nm) == len(window) and nm[-1] == window[-1]:
            names.setdefault(nm, []).append(c)
    if not names:
        return None
    found = process.extract(
        window, list(names), scorer=Levenshtein.distance, score_cutoff=1, limit=4
    )
    close = [f[0] for f in found if f[1] == 1]
    if len(close) != 1:
        return None
    codes = names[close[0]]
    if len(codes) != 1 and not scope:
        return None
    hits = [Hit(c, FULL, g.level(c)) for c in codes]
    return DivMatch(hits, pos, pos + len(window), typo_from=window)


def _prune(matches: list[DivMatch], new: DivMatch) -> None:
    """Keep only the candidates of earlier matches that lead to the new one."""
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


def match_chain(g: Gazetteer, text: str, start: int = 0) -> tuple[list[DivMatch], int]:
    """Division matches from ``start`` on, and the position where divisions stop."""
    matches: list[DivMatch] = []
    scope: list[Hit] = []
    pos = start
    n = len(text)
    while pos < n:
        m = _match_at(g, text, pos, scope)
        if m is None and (scope or pos == start == 0):
            m = _fuzzy_at(g, text, pos, scope)
        if m is None:
            break
        if m.hits is not scope and not (scope and m.hits == scope):
            if scope and not m.redistricted:
                _prune(matches, m)
            matches.append(m)
            scope = m.hits
        pos = m.end
        while pos < n and text[pos] == "-":
            pos += 1
    return matches, pos


def find_divisions(g: Gazetteer, text: str) -> tuple[list[DivMatch], int, int]:
    """The division chain: matches, where it starts and where it ends.

    Divisions normally open the address; when they do not (秋菱路浙江兰溪…), the first
    place further on where a chain of two names, or one full name of a province, city or
    county, begins is taken.
    """
    matches, end = match_chain(g, text, 0)
    if matches:
        return matches, 0, end
    for pos in range(1, min(len(text), 40)):
        lens = g.lengths.get(text[pos])
        if not lens:
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
