"""Division names written one character off (杭洲 → 杭州, 海定区 → 海淀区), their ties broken by
sound, and retired names misspelt (江士区 → 江干区): the fuzzy side of :mod:`.match`, tried
where the chain would stop (:mod:`.chain`)."""

from __future__ import annotations

from typing import Final

from songda import rx
from songda.address.chars import char_table
from songda.address.gazetteer import (
    DISTRICT,
    FULL,
    RETIRED,
    TOWN,
    Gazetteer,
    Hit,
    max_level,
)
from songda.address.match import _FUZZY_END, DivMatch, _self_or_above

# 3 to 6 characters ending in a division suffix, or 街道 after 2 to 5 characters
_FUZZY_WINDOW: Final = rx.compile(rf"(?s).{{2}}.{{0,3}}?(?:[{_FUZZY_END}]|街道)")
_NAMES_BELOW: Final[dict[tuple[int, tuple[str, ...], int, str], dict[str, list[str]]]] = {}


def _names_below(g: Gazetteer, scope: list[Hit], length: int, last: str) -> dict[str, list[str]]:
    """Names of the children and grandchildren of the scope with this length and last
    character: name → codes (cached)."""
    key = (id(g), tuple(s.code for s in scope), length, last)
    names = _NAMES_BELOW.get(key)
    if names is not None:
        return names
    names = {}
    for s in scope:
        for c in g.children(s.code):
            for cc in (c, *(g.children(c) if g.level(c) < TOWN else ())):
                nm = g.name(cc)
                if len(nm) == length and nm[-1] == last:
                    names.setdefault(nm, []).append(cc)
    if len(_NAMES_BELOW) > 20000:
        _NAMES_BELOW.clear()
    _NAMES_BELOW[key] = names
    return names


_FUZZY_END_BITS: Final = char_table(_FUZZY_END)
# words for a zone or a part of a town, not a misspelt division: 西安市高新区 is not 高陵区,
# 西安市老城区 not 新城区
_ZONE_WORDS: Final = ("高新区", "开发区", "经开区", "工业区", "保税区", "老城区", "主城区", "园区")


def _fuzzy_window(text: str, pos: int) -> str:
    """``_FUZZY_WINDOW.match(text, pos)``'s text ('' when none), without the regex engine."""
    for k in range(pos + 2, min(pos + 6, len(text))):
        c = ord(text[k])
        if _FUZZY_END_BITS[c if c < 0xFFFF else 0xFFFF]:
            return text[pos : k + 1]
        if c == 0x8857 and text[k + 1 : k + 2] == "道":  # 街道
            return text[pos : k + 2]
    return ""


def _fuzzy_at(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """A near-miss division name (one character off) ending in a division suffix."""
    if scope and max_level(scope) >= TOWN:
        return None
    window = _fuzzy_window(text, pos)
    if not window or window.endswith(_ZONE_WORDS):
        return None
    if scope:
        names = _names_below(g, scope, len(window), window[-1])
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
    kind = FULL
    if not close and scope:
        # a retired name misspelt (杭州市江士区 → 江干区, today 上城区 or 钱塘区)
        names = _retired_below(g, scope, len(window), window[-1])
        close = [n for n in names if Levenshtein.distance(window, n, score_cutoff=1) == 1]
        kind = RETIRED
    if len(close) > 1:
        close = _tie_break(g, window, close, names, bool(scope))
    if len(close) != 1:
        return None
    codes = names[close[0]]
    if len(codes) != 1 and not scope:
        return None
    hits = [Hit(c, kind, g.level(c)) for c in codes]
    return DivMatch(hits, pos, pos + len(window), typo_from=window)


# (length, last character, province of the first code) → (place in the alias order, retired
# name, today's codes): a scope looks only at its own provinces' names
_RETIRED: Final[dict[int, dict[tuple[int, str, str], list[tuple[int, str, list[str]]]]]] = {}


def _retired_below(g: Gazetteer, scope: list[Hit], length: int, last: str) -> dict[str, list[str]]:
    """Retired full names of counties of the scope (today's codes of each) with this length
    and last character, in the alias order."""
    table = _RETIRED.get(id(g))
    if table is None:
        table = {}
        seq = 0
        for alias, raw in g.alias_keys.items():
            if RETIRED not in raw:
                continue
            codes = [
                item[:-1]
                for item in raw.split(" ")
                if item[-1] == RETIRED and len(item) == 7 and g.level(item[:-1]) == DISTRICT
            ]
            if codes:
                key = (len(alias), alias[-1], codes[0][:2])
                table.setdefault(key, []).append((seq, alias, codes))
                seq += 1
        _RETIRED.clear()
        _RETIRED[id(g)] = table
    # every code must lie below the scope, so the first one's province must be the scope's
    entries: list[tuple[int, str, list[str]]] = []
    provinces: list[str] = []
    for s in scope:
        p = s.code[:2]
        if p not in provinces:
            provinces.append(p)
            entries.extend(table.get((length, last, p), ()))
    if len(provinces) > 1:
        entries.sort()
    return {
        name: codes
        for _, name, codes in entries
        if all(any(_self_or_above(s, Hit(c, FULL, DISTRICT)) for s in scope) for c in codes)
    }


def _sound_distance(g: Gazetteer, window: str, name: str) -> int:
    """Edit distance between the pinyin of the first differing characters (9: unknown)."""
    from rapidfuzz.distance import Levenshtein

    for a, b in zip(window, name, strict=False):
        if a != b:
            pa, pb = g.pinyin(a), g.pinyin(b)
            if not pa or not pb:
                return 9
            d: int = Levenshtein.distance(pa, pb)
            return d
    return 9


def _tie_break(
    g: Gazetteer, window: str, close: list[str], names: dict[str, list[str]], scoped: bool
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
    elif len(close) > 1 and scoped:
        # none sounds the same: the one that sounds nearest, when one does, under a place
        # already read (日喀则市萨嗄县: 嗄 a is nearer 嘎 ga of 萨嘎县 than 迦 jia of 萨迦县)
        near = {n: _sound_distance(g, window, n) for n in close}
        best = min(near.values())
        if best <= 1 and sum(1 for d in near.values() if d == best) == 1:
            close = [n for n in close if near[n] == best]
    if len(close) > 1:
        top = min(g.level(names[n][0]) for n in close)
        close = [n for n in close if g.level(names[n][0]) == top]
    return close
