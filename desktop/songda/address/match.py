"""Find division names in normalised text, one at a time (the chain: :mod:`.chain`).

Each match must lie inside the scope found so far (a district must belong to the city already
read, a town to that district…). Short forms (杭州, 余杭) are refused where the next characters
make them part of a road or a building name (上海路, 五常大道, 东洲花园, 平安保险大厦).
Names one character off are :mod:`.fuzzy`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from songda import rx
from songda.address.chars import char_table, scan
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
    max_level,
    min_level,
    prefix,
)

# After a short form these characters mean "part of a longer name", not a division.
_TRAP: Final = rx.compile(
    r"(?:[东西南北中内外上下]?(?:路|街|大街|大道|道|巷|弄|胡同|里)(?![区县镇乡])"
    r"|门[东西南北中内外]?(?:路|街|大街|大道)"
    r"|[东西南北中]路|花园|小区|大厦|广场|公寓|苑|园(?!区)|新村|家园|山庄|名园|商城|城市"
    r"|保险|银行|公司|集团|医院|学校|酒店|宾馆|饭店|商场|超市|市场|大学|大楼|中心|宿舍"
    r"|湾(?!区)|站(?![前东西南北]))"
)
# After a name of two characters, a numbered road (中山四路, 天府二街, 中山东一路): the name
# is the road's. Longer names are places a numbered road may follow (白沟新城五一路).
_TRAP_NUMBERED: Final = rx.compile(
    r"[东西南北中]?[一二三四五六七八九十]{1,3}(?:路(?!口)|街|大街|大道|马路|巷)"
)
_TRAP_NUMBERED_BITS: Final = char_table("东西南北中一二三四五六七八九十")
# After its town, a village or community named after the town (北河镇北河村, 良渚街道良渚社区):
# the name is the village's, not the town's again. Without the town read before, such a name
# still tells the town (西丽社区… → 西丽街道, 永康市前仓村 → 前仓镇).
_TRAP_VILLAGE: Final = rx.compile(r"村(?![镇乡])|社区|居委|居民委")
_TRAP_VILLAGE_BITS: Final = char_table("村社居")
# The characters a _TRAP match can start with (a test checks this against the pattern):
# anything else after a name spares the regex call.
_TRAP_FIRST: Final = frozenset(
    "东西南北中内外上下门路街大道巷弄胡里花小广公苑园新家山名商城保银集医学酒宾饭超市宿湾站"
)
# the same as a table by code point (U+FFFF stands for every character beyond): a look-up
# that makes no one-character string
_TRAP_FIRST_BITS: Final = char_table(_TRAP_FIRST)
CORPS_CITIES: Final = "6590"  # 自治区直辖县级行政区划 of Xinjiang: the Corps' cities (阿拉尔市…)
_SUFFIX_ONE: Final = {TOWN: "镇乡", DISTRICT: "区县市旗", CITY: "市州盟", PROVINCE: "省市"}
_FUZZY_END: Final = "省市区县镇乡旗"


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

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        hits: list[Hit],
        start: int,
        end: int,
        typo_from: str | None = None,
        redistricted: bool = False,
        dup: bool = False,
        dup_full: bool = False,
        sibling: bool = False,
        conflict: bool = False,
        seat: bool = False,
    ) -> None:
        self.hits = hits
        self.start = start
        self.end = end
        self.typo_from = typo_from
        self.redistricted = redistricted
        self.dup = dup
        self.dup_full = dup_full
        self.sibling = sibling
        self.conflict = conflict
        self.seat = seat

    @property
    def level(self) -> int:
        hits = self.hits
        if not hits:
            return 0
        return hits[0].level if len(hits) == 1 else min_level(hits)


def _descends(h: Hit, scope: list[Hit]) -> bool:
    return any(h.level > s.level and h.code.startswith(prefix(s.code, s.level)) for s in scope)


def _self_or_above(h: Hit, s: Hit) -> bool:
    return h.level <= s.level and s.code.startswith(prefix(h.code, h.level))


def _town_follows(g: Gazetteer, text: str, end: int, county: Hit) -> bool:
    """A town of ``county`` starts at ``end``."""
    m = _match_at(g, text, end, [county], True)
    return m is not None and not m.dup and m.level == TOWN and not m.redistricted


def _match_at(
    g: Gazetteer, text: str, pos: int, scope: list[Hit], probe: bool = False
) -> DivMatch | None:
    # g.lengths: the alias lengths for the first two characters, with the one-character
    # aliases (京, 沪) folded in; a single character looked up only where no pair starts
    lens = g.lengths.get(text[pos : pos + 2])
    if lens is None:
        if not g.one_char_aliases or text[pos] not in g.one_char_aliases:
            return None
        lens = (1,)
    n = len(text)
    weak: DivMatch | None = None
    # the scope's facts, worked out at the first alias found (most calls find none)
    ready = False
    scope_max = 0
    pfx: list[tuple[int, str]] = []
    one_scope = False
    p0 = ""
    provs: set[str] | None = None
    prov_one: str | None = None
    aliases = g.alias_keys
    for length in lens:
        end = pos + length
        if end > n:
            continue
        key = text[pos:end]
        if key not in aliases:
            continue
        hits = all_hits = g.hits(key)
        if not hits:
            continue
        if scope and not ready:
            ready = True
            if len(scope) == 1:
                one_scope = True
                s0 = scope[0]
                scope_max = s0.level
                p0 = prefix(s0.code, scope_max)
                pfx = [(scope_max, p0)]
                prov_one = s0.code[:2]
            else:
                scope_max = max_level(scope)
                pfx = [(s.level, prefix(s.code, s.level)) for s in scope]
                provs = {s.code[:2] for s in scope}
                prov_one = scope[0].code[:2] if len(provs) == 1 else None
        if scope and len(hits) > 2:
            # with a scope, only divisions of the scope's provinces can match, be a duplicate,
            # a sibling or a conflict: skip the others (a town name can have hundreds)
            if prov_one is not None:
                hits = g.hits_by_province(key).get(prov_one, ())
            else:
                hits = tuple(h for h in hits if provs is not None and h.code[:2] in provs)
            if not hits:
                continue
        # a road word after the name (杭州路) makes a short form part of a longer name; not
        # a full name the normaliser rewrote (二七区 → 27区: 郑州市二七区大学路)
        trap_here = (
            (
                end < n
                and _TRAP_FIRST_BITS[min(ord(text[end]), 0xFFFF)]
                and not key[0].isdigit()
                and _TRAP.match(text, end) is not None
            )
            or (
                length == 2
                and end < n
                and _TRAP_NUMBERED_BITS[min(ord(text[end]), 0xFFFF)]
                and _TRAP_NUMBERED.match(text, end) is not None
            )
            or (
                end < n
                and _TRAP_VILLAGE_BITS[min(ord(text[end]), 0xFFFF)]
                and _TRAP_VILLAGE.match(text, end) is not None
                and any(s.level >= TOWN for s in scope)
            )
            or (end + 2 < n and _one_more_then_road(text, end))
        )
        dup: DivMatch | None = None
        if (
            scope
            and not probe
            and (hits[0].level <= scope_max or any(h.level <= scope_max for h in hits))
        ):
            # a division already read, written again (杭州市杭州市, 浙江省温州市浙江省温州市…)
            same = [
                h
                for h in hits
                if h.kind in (FULL, SHORT, ABBREV, RETIRED, RETIRED_SHORT)
                and any(_self_or_above(h, s) for s in scope)
            ]
            if same and length == 1:
                same = []  # 京, 沪 inside the text are part of a name (沪闵路, 沪松公路, 京沪高速)
            if same and not (all(h.kind != FULL for h in same) and trap_here):
                full = any(h.kind == FULL for h in same) and length >= 3
                below = [s for s in scope if any(_self_or_above(h, s) for h in same)]
                dup = DivMatch(below, pos, end, dup=True, dup_full=full)
        ok: list[Hit] = []
        relaxed: list[Hit] | None = None
        sibling: list[Hit] | None = None
        conflict: list[Hit] | None = None
        zone_after = end + 1 < n and text[end] == "新" and text[end + 1] == "区"
        for h in hits:
            kind = h.kind
            if kind == SUFFIXED:
                if not _suffixed(text, end, n):
                    continue
                h = Hit(h.code, SHORT, h.level)
                kind = SHORT
            if (
                trap_here
                and kind in (SHORT, RETIRED_SHORT, ABBREV, DEVZONE, RETIRED)
                and (probe or h.level >= TOWN or _match_at(g, text, end, [h], True) is None)
            ):
                continue
            if zone_after and h.level >= TOWN and kind != FULL:
                continue  # 成都市天府新区: a zone named like a town (天府街道), not the town
            if scope and scope_max < CITY and kind == DEVZONE and len(all_hits) > 1:
                continue  # 浙江省高新区: a zone word names a place only after its city
            if kind == ABBREV and length == 1 and n > 1:
                if pos != 0 or _match_at(g, text, end, [h]) is None:
                    continue
            if scope:
                if one_scope:
                    if h.level > scope_max and h.code.startswith(p0):
                        ok.append(h)
                        continue
                elif any(h.level > lv and h.code.startswith(p) for lv, p in pfx):
                    ok.append(h)
                    continue
                if h.level == TOWN and kind in (FULL, SHORT):
                    # 余杭区临平镇: the town has moved to another county since (临平区)
                    if any(s.level == DISTRICT and h.code[:4] == s.code[:4] for s in scope):
                        if relaxed is None:
                            relaxed = []
                        relaxed.append(h)
                elif h.level == DISTRICT and kind in (FULL, RETIRED):
                    # 贵州省都匀市瓮安县: a county-level city written where the prefecture goes;
                    # 苍南县龙港镇: a town that has become a county-level city (龙港市)
                    if any(
                        s.level == DISTRICT and s.code != h.code and s.code[:4] == h.code[:4]
                        for s in scope
                    ):
                        if sibling is None:
                            sibling = []
                        sibling.append(h)
                    elif h.code[:4] == CORPS_CITIES and scope_max == CITY and prov_one == "65":
                        # 阿克苏地区阿拉尔市: the Xinjiang Production and Construction Corps'
                        # cities lie inside a prefecture and are written after it
                        ok.append(h)
                    elif (
                        kind == FULL
                        and len(all_hits) == 1
                        and length >= 3
                        and scope_max <= CITY
                        and all(s.code[:2] == h.code[:2] for s in scope)
                    ):
                        if conflict is None:
                            conflict = []
                        conflict.append(h)
            else:
                if kind == DEVZONE and (
                    length < 3 or len(all_hits) > 1 or (length == 3 and not key.isalpha())
                ):
                    # a zone opens the text: only by a name of its own (杭州湾新区, 下沙区), not
                    # a generic one (经济开发区, 新区) nor a town's name written with digits (27区)
                    continue
                if h.level == TOWN and kind != FULL:
                    # 瓯北镇 (瓯北街道 today): a town name with its old suffix, or a rare town
                    # name opening the address (良渚莫干山路…)
                    if kind != SHORT:
                        continue
                    if not _town_suffix(text, end, n) and (pos != 0 or len(hits) > 3):
                        continue
                ok.append(h)
        flag = ""
        if not ok and relaxed:
            if relaxed[0].kind == FULL or _suffixed(text, end, n) or len(relaxed) == 1:
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
            # full names first; a retired name only when no place of today bears it (东山区:
            # 鹤岗's, not 广州's of before 2005, unless 广州 is read first)
            fulls = [h for h in ok if h.kind == FULL or h.kind == ABBREV]
            if not fulls:
                fulls = [h for h in ok if h.kind == RETIRED]
                if fulls:
                    # a county's short form of today beats a retired name (梅县: 梅县区)
                    today = [h for h in ok if h.kind == SHORT and h.level <= DISTRICT]
                    if today:
                        fulls = today
            if fulls:
                ok = fulls
        elif len(ok) > 1 and _full_and_retired(ok):
            # 河北省桥东区: 张家口's, not 邢台's old one; 广东省梅县: 梅县区, not the 梅江区 that
            # took part of the old 梅县 in 1983
            ok = [h for h in ok if h.kind != RETIRED]
        if len(ok) == 1:
            top = ok[0].level
        else:
            top = min_level(ok)
            ok = [h for h in ok if h.level == top]
        if not scope and top == TOWN and ok[0].kind == SHORT and weak is None:
            # a bare town name opening the text: only if no upper division starts here
            if not _town_suffix(text, end, n):
                weak = DivMatch(ok, pos, end)
                continue
        # an old suffix on a short form: 九堡镇 (now 九堡街道), 萧山市 (now 萧山区)
        if end < n and ok[0].kind in (SHORT, RETIRED_SHORT):
            if text[end] in _SUFFIX_ONE.get(top, ""):
                end += 1
            elif top == TOWN and text[end : end + 2] == "街道":
                end += 2
        if not flag:
            return DivMatch(ok, pos, end)
        return DivMatch(
            ok,
            pos,
            end,
            redistricted=flag == "redistricted",
            sibling=flag == "sibling",
            conflict=flag == "conflict",
        )
    return weak


def _town_suffix(text: str, end: int, n: int) -> bool:
    """镇 or 乡 at ``end``."""
    return end < n and (text[end] == "镇" or text[end] == "乡")


def _suffixed(text: str, end: int, n: int) -> bool:
    """A town's suffix at ``end``: 镇, 乡 or 街道."""
    if end >= n:
        return False
    return (
        text[end] == "镇"
        or text[end] == "乡"
        or (text[end] == "街" and text[end + 1 : end + 2] == "道")
    )


_ZONE: Final = rx.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新区|开发区|工业园区"
    r"|工业区|新区)"
)


_ROAD_END_BITS: Final = char_table("路街")
# one character before 路/街 that makes a street of the place, not a new name: the town's
# 新街, 老街, 横街, 东路…, its 铁路; or a division's suffix (大唐镇路西)
_STREET_WORD_BITS: Final = char_table("新旧老横正后前大小东西南北中上下铁镇乡区县市村")


def _one_more_then_road(text: str, end: int) -> bool:
    """One Han character, then 路 or 街, after a name (南滨江路, 余杭塘路): a road named after
    the place, not the place and a road of one character (``end + 2 < len(text)``)."""
    c = ord(text[end])
    if not 0x4E00 <= c <= 0x9FFF or _STREET_WORD_BITS[c]:
        return False
    if not _ROAD_END_BITS[min(ord(text[end + 1]), 0xFFFF)]:
        return False
    after = text[end + 2]
    return after not in "道区镇乡县口"


def _full_and_retired(hits: list[Hit]) -> bool:
    """Both a place of today (its name or short form) and a retired name among ``hits``."""
    full = retired = False
    for h in hits:
        if h.kind == FULL or h.kind == SHORT:
            full = True
        elif h.kind == RETIRED:
            retired = True
    return full and retired


_NUMERALS: Final = "一 二 三 四 五 六 七 八 九 十 十一 十二 十三 十四".split()
# words between divisions that name none: placeholders, and the Xinjiang Production and
# Construction Corps and its divisions before their cities (新疆生产建设兵团第八师石河子市)
_FILLERS: Final = (
    ("市辖区", "其它区", "其他区", "辖区", "中国", "生产建设兵团", "兵团")
    + tuple(f"第{n}师" for n in _NUMERALS)
    + tuple(f"农{n}师" for n in _NUMERALS)
)
_GAP_HINT: Final = rx.compile(r"(?=[省市区县镇乡街])(?:[省市区县镇乡]|街道)")
_FILLER_START: Final = {t[0] for t in _FILLERS}
_GAP_OK: Final = rx.compile(r"[A-Z]{1,6}|[\u4e00-\u9fff]{1,6}")


_GAP_BITS: Final = char_table("省市区县镇乡街")


def _gap_hint(text: str, lo: int, hi: int) -> bool:
    """``_GAP_HINT.search(text, lo, hi) is not None``, by a table scan."""
    if hi > len(text):
        hi = len(text)
    i = scan(text, _GAP_BITS, lo, hi)
    while i >= 0:
        if text[i] != "街" or (i + 1 < hi and text[i + 1] == "道"):
            return True
        i = scan(text, _GAP_BITS, i + 1, hi)
    return False


def _after_gap(g: Gazetteer, text: str, pos: int, scope: list[Hit]) -> DivMatch | None:
    """A full division name right after a little noise (浙江省委托件杭州市, 浙江杭州AAAA…)."""
    if not _gap_hint(text, pos + 1, pos + 16) or text[pos].isdigit():
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
