"""Below the divisions: road, road number, POI, building, unit, floor, room and the rest.

Works on the normalised remainder (digits already Arabic). Anchors with a clear shape (a road
with its number, 3幢, 2单元, 5楼, 502室) are found first; the free text between them is then
read as a development zone, a village, a POI (community, complex, company) or left as detail.
Each field keeps its range in the remainder so that spans map back to the input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

from songda import rx
from songda.address.chars import char_table, first_table, scan, search_from

_H: Final = "\u4e00-\u9fff"
# characters that end a POI or a zone rather than sit inside a road name
_NOT_ROAD: Final = "楼栋幢室层"
_ROAD_BODY: Final = rf"(?![{_NOT_ROAD}])[{_H}0-9A-Z]"  # one character: no nested repeats
_ROAD: Final = rx.compile(
    rf"(?:{_ROAD_BODY}){{1,9}}?(?:大道|大街|马路|公路|路(?![口])|街(?![道区坊])(?!路(?!口))|巷|胡同|里弄"
    rf"|[一二三四五六七八九十0-9]道|(?<![街道])道(?=[0-9]+号)|环线|[0-9]线)"
    rf"(?:[东西南北中一二三四五六七八九十0-9]段)?"
)
_LANE: Final = rx.compile(r"[0-9]+弄(?=[0-9]+号(?!楼))")  # 宛平南路100弄5号: 100弄 is a lane
_ROAD_NO: Final = rx.compile(r"[0-9]+(?:-[0-9]+)?(?:号(?![楼院])|弄(?![0-9]+号(?!楼)))")
_BUILDING: Final = rx.compile(
    r"(?:[A-Z]?[0-9]+(?:-[0-9]+)?[A-Z]?|[A-Z]|[东西南北中前后])(?:号楼|栋|幢|座|号馆|号厂房)"
    r"|[0-9]+号(?![楼院])"
)
_UNIT: Final = rx.compile(r"(?:[0-9]+|[A-Z])(?:单元|梯)")
_FLOOR: Final = rx.compile(
    r"(?:-?[0-9]+|[A-Z]|地下|负[0-9]+|首)(?:层|楼)(?![0-9]*(?:单元|号))|地下室|底商"
)
_ROOM: Final = rx.compile(r"[A-Z]?[0-9]+(?:-[0-9]+)?(?:室|房|户)|[A-Z]?[0-9]{3,5}$")
# A pattern whose alternatives start differently is tried in full at every position; a
# lookahead on the set of its first characters (``(?=[…])``) lets the regex engine skip to the
# candidates (tests/unit/address/test_prefilters.py checks each set is complete).
_ANCHORS: Final = rx.compile(
    r"(?=[-0-9A-Z东西南北中前后地负首底])"
    r"(?P<building>(?:[A-Z]?[0-9]+(?:-[0-9]+)?[A-Z]?|[A-Z]|[东西南北中前后])(?:号楼|栋|幢|座|号馆|号厂房))"
    r"|(?P<unit>(?:[0-9]+|[A-Z])(?:单元|梯)|(?<![东西南北A-Z0-9])[0-9]{1,2}门(?=[0-9]|$))"
    r"|(?P<room>[A-Z]?[0-9]+(?:-[0-9]+)?(?:室|房|户))"
    r"|(?P<floor>(?:-?[0-9]+|[A-Z]|地下|负[0-9]+|首)(?:层|楼)|[0-9]{1,3}F(?![A-Z])|地下室|底商)"
    r"|(?P<houseno>[0-9]+(?:-[0-9]+)?号(?![楼院]))"
)
_DEVZONE: Final = rx.compile(
    rf"[{_H}A-Z0-9]{{0,8}}?(?:经济技术开发区|经济开发区|高新技术产业开发区|高新技术开发区|高新区"
    rf"|开发区|工业园区|工业区|工业园|工业城|科技园区|科技园|创业园|产业园|物流园|园区|新区)"
)
_VILLAGE: Final = rx.compile(
    rf"[{_H}]{{1,5}}?(?<!新)(?:村(?:委会|民委员会)?(?![委民])|社区(?:居委会)?|居委会)(?=[{_H}0-9A-Z]|$)"
)
_CROSSING: Final = rx.compile(
    rf"[与和][{_H}0-9]{{1,8}}?(?:大道|路|街)(?:交汇处|交叉口|交界处|路口|口)?"
    rf"|[{_H}0-9]{{1,6}}?(?:路口|交叉口|交汇处)"
)
_ASSIST: Final = rx.compile(
    r"(?=[-0-9斜对旁附隔后前门大西东南北左右楼往交路电麻请有谢])"
    r"(?:斜?对面|旁边|旁|附近|隔壁|后面|后门|前门|门口|大门|西大门|东大门|南大门|北大门|左侧|右侧"
    r"|[东西南北]侧|[东西南北]面|楼下|往[东西南北前后左右].*|[东西南北]?[0-9]+米.*|交汇处.*|交叉口.*"
    r"|路口.*|电联.*|麻烦.*|请.*|有问题.*|谢谢.*|[0-9-]{5,}$)"
)
# Every road match contains one of these characters and every anchor ends with one of those:
# searching for them (a fast character-set scan) spares the full pattern's search, several
# microseconds on a long remainder, where none is left.
_ROAD_HINT: Final = rx.compile("[道街路巷同弄线]")
_ANCHOR_HINT: Final = rx.compile("[楼栋幢座馆房元梯室户层商号F门]")
# the same character sets as tables for scan() (a test checks each against its pattern)
_ROAD_HINT_BITS: Final = char_table("道街路巷同弄线")
_ANCHOR_HINT_BITS: Final = char_table("楼栋幢座馆房元梯室户层商号F门")
_SUB: Final = rx.compile(
    r"(?=[0-9A-Z一二三四五六七八九十东西南北])[0-9A-Z一二三四五六七八九十东西南北]{1,3}(?:区|期)"
)
_POI_CUT: Final = rx.compile(
    r"(?=[广大市花小公山家新苑商酒宾医中])"
    r"(?:广场|大厦|市场|花园|小区|公寓|山庄|家园|新村|苑|大楼|商城|酒店|宾馆|医院|中学|小学)"
)
_POI_CUT_SUB: Final = rx.compile(r"(?=[城园中])(?:城|园|中心)")
_NAME_CHAR: Final = rx.compile(f"[{_H}A-Z]")
_NAME_CHAR_BITS: Final = char_table(ranges=((0x4E00, 0x9FFF), (0x41, 0x5A)))
_NUMBER_NO: Final = rx.compile(r"[0-9]+号?")
_ROOM_AFTER: Final = rx.compile(r"-?([A-Z]?[0-9]{2,5})(?:室|房|户)?(?![0-9单元层楼号栋幢])")


@dataclass(slots=True)
class Detail:
    """Fine-grained fields: key → (value, start, end) in the remainder."""

    fields: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def __init__(self, fields: dict[str, tuple[str, int, int]] | None = None) -> None:
        # spelled out so that compiled code runs it natively (see songda.native)
        self.fields = {} if fields is None else fields

    def put(self, key: str, value: str, a: int, b: int) -> None:
        if not value:
            return
        got = self.fields.get(key)
        if got is None:
            self.fields[key] = (value, a, b)
        elif key == "detail" and a >= got[2]:
            # more text nothing else took (下沙开发区…花园峻景湾): added, never dropped; the
            # span runs from the first piece to the last
            self.fields[key] = (got[0] + value, got[1], b)


_CROSSING_END: Final = char_table("口处")
_DEVZONE_END: Final = char_table("区园城")
_VILLAGE_END: Final = char_table("村社居")


def _has_any(text: str, table: bytes, lo: int, hi: int, end: int) -> bool:
    """A character of ``table`` in text[lo:min(hi, end)]."""
    return scan(text, table, lo, min(hi, end)) >= 0


_ASSIST_FIRST: Final = first_table(_ASSIST)
_POI_CUT_FIRST: Final = first_table(_POI_CUT)
_POI_CUT_SUB_FIRST: Final = first_table(_POI_CUT_SUB)
_SUB_FIRST: Final = first_table(_SUB)


# building-unit-room written with dashes (阳光小区3-2-301), or building-room after a complex
# (阳光小区3-301)
_DASHED: Final = rx.compile(r"([0-9]{1,3})-(?:([0-9]{1,2})-)?([0-9]{3,4})(?:室|房)?")


def _is_digit(text: str, i: int) -> bool:
    return 48 <= ord(text[i]) <= 57


def _dashed(d: Detail, text: str, a: int, b: int, offset: int, after_poi: bool) -> bool:
    """Put the building, unit and room of text[a:b] when it is all ``_DASHED`` (a unit
    needed unless a complex's name comes right before): 3栋, 2单元, 301室."""
    if (
        not 48 <= ord(text[a]) <= 57
        or not 48 <= ord(text[b - 1]) <= 57
        and text[b - 1] not in "室房"
    ):
        return False
    m = _DASHED.fullmatch(text, a, b)
    if m is None or (m.group(2) is None and not after_poi):
        return False
    fields = d.fields
    if "building" in fields or "unit" in fields or "room" in fields:
        return False
    d.put("building", m.group(1) + "栋", offset + m.start(1), offset + m.end(1))
    if m.group(2) is not None:
        d.put("unit", m.group(2) + "单元", offset + m.start(2), offset + m.end(2))
    d.put("room", m.group(3) + "室", offset + m.start(3), offset + m.end())
    return True


def _free(d: Detail, text: str, a: int, b: int, offset: int) -> None:
    """Classify the free text text[a:b] (between anchors)."""
    while a < b and (
        text[a] == "-"
        # 与/和/及 joining two roads (文三路与学院路交叉口), not opening a name (和平小区)
        or (text[a] in "与和及" and a > 0 and text[a - 1] in "路街道巷")
    ):
        a += 1
    while a < b and text[b - 1] == "-":
        b -= 1
    if a >= b or _dashed(d, text, a, b, offset, False):
        return
    fields = d.fields
    # each pattern below ends with one of a few characters, a few places in: look for those
    # first (tests/unit/address/test_prefilters.py checks these windows against the patterns)
    m = _CROSSING.match(text, a, b) if _has_any(text, _CROSSING_END, a + 2, a + 9, b) else None
    if m and "road" in fields:
        e = m.end()
        d.put("detail", text[a:e], offset + a, offset + e)
        a = e
        if a >= b:
            return
    m = _DEVZONE.match(text, a, b) if _has_any(text, _DEVZONE_END, a + 1, a + 17, b) else None
    if m:
        e = m.end()
        d.put("detail", text[a:e], offset + a, offset + e)
        a = e
        if a >= b:
            return
    if "village" not in fields and "poi" not in fields:
        m = _VILLAGE.match(text, a, b) if _has_any(text, _VILLAGE_END, a + 1, a + 6, b) else None
        if m:
            e = m.end()
            d.put("village", text[a:e], offset + a, offset + e)
            a = e
    # assist words end the name (对面, 旁边, 往前100米…)
    am = search_from(_ASSIST, _ASSIST_FIRST, text, a + 2, b) if a + 2 < b else None
    end = am.start() if am is not None else b
    if end <= a:
        d.put("detail", text[a:b], offset + a, offset + b)
        return
    if "poi" in fields or scan(text, _NAME_CHAR_BITS, a, end) < 0:
        d.put("detail", text[a:b], offset + a, offset + b)
        return
    cut = end
    m = search_from(_POI_CUT, _POI_CUT_FIRST, text, a + 1, end)
    e = m.end() if m else end
    if e < end:
        cut = e
    else:
        m2 = search_from(_POI_CUT_SUB, _POI_CUT_SUB_FIRST, text, a + 1, end)
        e2 = m2.end() if m2 else end
        if e2 < end:
            rest = text[e2:end]
            if _SUB.match(rest) or (len(rest) >= 2 and rest[-1] in "苑园" or rest.endswith("小区")):
                cut = e2
    if cut == end:
        sm = search_from(_SUB, _SUB_FIRST, text, a + 2, end)
        if sm:
            s0, s1 = sm.span()
            if s1 == end:
                cut = s0
    d.put("poi", text[a:cut], offset + a, offset + cut)
    if cut < b and not _dashed(d, text, cut, b, offset, True):
        d.put("detail", text[cut:b], offset + cut, offset + b)


_ROAD_SUFFIX: Final = rx.compile(
    r"(?=[东西南北中大马公路街巷胡里一二三四五六七八九十0-9环线道])"
    r"(?:[东西南北中]?(?:大道|大街|马路|公路|路|街|巷|胡同|里弄|[一二三四五六七八九十0-9]?道|环线|线))"
    r"(?:[东西南北中一二三四五六七八九十0-9]段)?$"
)


_ROAD_SUFFIX_FIRST: Final = first_table(_ROAD_SUFFIX)
_ANCHORS_FIRST: Final = first_table(_ANCHORS)


def _road_start(text: str, a: int, b: int) -> int:
    """Where a road name really starts: place names glued in front are not part of it
    (黄田黄田南路 → 黄田南路, 城西工业区蓝天路 → 蓝天路): keep at most three characters."""
    if b - a <= 4:
        # a road match ends with a road suffix (_ROAD_SUFFIX finds it): what comes before it
        # is three characters at most, and kept whole
        return a
    m = search_from(_ROAD_SUFFIX, _ROAD_SUFFIX_FIRST, text, a, b)
    return _road_name_start(text, a, m.start() if m else b)


def _road_name_start(text: str, a: int, core_end: int) -> int:
    """:func:`_road_start` once the suffix is found at ``core_end``."""
    if core_end - a >= 4 and not text[a:core_end].isdigit() and "门" not in text[a:core_end]:
        if _NUMBER_NO.fullmatch(text, a, core_end):
            return a
        name_end = core_end
        while name_end > a + 1 and text[name_end - 1] in _ROAD_NUMERALS:
            name_end -= 1
        if name_end == core_end:
            return core_end - 2
        if core_end - name_end >= 2 and "十" not in text[name_end:core_end]:
            return name_end  # 五一路, 六二路: the numerals are the name
        return _numbered_road_start(text, name_end)
    return a


_ROAD_NUMERALS: Final = "一二三四五六七八九十"
# characters that end what comes before a numbered road's name (工业园区纬五路, 开发区十二路);
# 园 and 城 only when not right before the numeral (工业园兴五路, 鞋城北三路; but 西园三路, 金城一路)
_ROAD_NAME_STOP: Final = "区村处期楼_"
_ROAD_NAME_STOP_INSIDE: Final = "区村处期楼_园城"


def _numbered_road_start(text: str, name_end: int) -> int:
    """Where the name of a numbered road starts, its numeral at ``name_end``: two characters
    (天府二街, 新兴三路), one for the grid roads (纬五路, 经八路), a direction after the name
    kept with it (中山东三路); never across the end of a zone or place before it (工业区文三路)."""
    c = text[name_end - 1]
    if c == "经" or c == "纬":
        return name_end - 1
    start = name_end - (3 if c in "东西南北中" else 2)
    if text[name_end - 1] in _ROAD_NAME_STOP:
        return name_end
    for k in range(name_end - 2, start - 1, -1):
        if text[k] in _ROAD_NAME_STOP_INSIDE:
            return k + 1
    return start


_LANE_CHAR: Final = ord("弄")
_NUMBER_CHAR: Final = ord("号")


def _digits_end(text: str, i: int) -> int:
    """Where the ASCII digits from ``i`` on end (``i`` when there are none)."""
    n = len(text)
    while i < n and 48 <= ord(text[i]) <= 57:
        i += 1
    return i


def _may_be_lane(text: str, pos: int) -> bool:
    """``_LANE`` needs digits then 弄 at ``pos`` (a test checks it never refuses a match)."""
    k = _digits_end(text, pos)
    return pos < k < len(text) and ord(text[k]) == _LANE_CHAR


def _may_be_road_no(text: str, pos: int) -> bool:
    """``_ROAD_NO`` needs digits, maybe a dash and digits, then 号 or 弄 at ``pos``."""
    n = len(text)
    k = _digits_end(text, pos)
    if k == pos or k >= n:
        return False
    if ord(text[k]) == 0x2D:  # -digits
        k2 = _digits_end(text, k + 1)
        if k2 > k + 1:
            k = k2
            if k >= n:
                return False
    c = ord(text[k])
    return c == _NUMBER_CHAR or c == _LANE_CHAR


def _room_may_follow(text: str, pos: int) -> bool:
    """``_ROOM_AFTER`` starts with a dash, a capital letter or a digit."""
    if pos >= len(text):
        return False
    c = ord(text[pos])
    return c == 0x2D or 48 <= c <= 57 or 65 <= c <= 90


def parse_detail(text: str, offset: int = 0) -> Detail:
    """Parse the part of an address below the divisions (``offset`` shifts the ranges)."""
    d = Detail()
    fields = d.fields
    n = len(text)
    pos = 0
    free_start = 0
    while pos < n:
        if "road" not in fields and "building" not in fields:
            hint = scan(text, _ROAD_HINT_BITS, pos, n)
            # every road ends with a hint character and is at most 11 characters long before
            # it: no match starts earlier than 10 characters before the first hint
            m = _ROAD.search(text, max(pos, hint - 10)) if hint >= 0 else None
            if m is None:
                pass
            else:
                ms, me = m.span()
                # anchors before the road are handled by the generic loop below
                am = search_from(_ANCHORS, _ANCHORS_FIRST, text, pos, ms) if ms > pos else None
                if am is None:
                    rs = _road_start(text, ms, me)
                    _free(d, text, free_start, rs, offset)
                    d.put("road", text[rs:me], offset + rs, offset + me)
                    pos = me
                    lane = _LANE.match(text, pos) if _may_be_lane(text, pos) else None
                    lane_at = pos
                    if lane:
                        pos = lane.end()
                    r = _ROAD_NO.match(text, pos) if _may_be_road_no(text, pos) else None
                    if r:
                        re_ = r.end()
                        # 宛平南路100弄5号: the lane and the house in it make the number
                        d.put("road_no", text[lane_at:re_], offset + lane_at, offset + re_)
                        pos = re_
                    free_start = pos
                    continue
        am = (
            search_from(_ANCHORS, _ANCHORS_FIRST, text, pos, n)
            if scan(text, _ANCHOR_HINT_BITS, pos, n) >= 0
            else None
        )
        if am is None:
            break
        a0, a1 = am.span()
        key = am.lastgroup or ""
        if key == "houseno":
            key = "building" if "road_no" in fields or "road" not in fields else "road_no"
        if key in fields:
            # a second value of the same kind: leave it in the free text
            pos = a1
            continue
        if key == "room" and a0 >= 2 and text[a0 - 1] == "-" and _is_digit(text, a0 - 2):
            # 阳光小区3-2-301室: the room anchor found 2-301室; the building is before it
            s0 = a0 - 2
            while s0 > free_start and _is_digit(text, s0 - 1):
                s0 -= 1
            if "-" in text[a0:a1] and (s0 == 0 or text[s0 - 1] != "-"):
                _free(d, text, free_start, s0, offset)
                if _dashed(d, text, s0, a1, offset, False):
                    pos = free_start = a1
                    continue
                free_start = s0
        _free(d, text, free_start, a0, offset)
        d.put(key, text[a0:a1], offset + a0, offset + a1)
        pos = free_start = a1
        # digits right after a unit or floor are the room (3单元502, 5楼503)
        if (
            key in ("unit", "floor", "building")
            and "room" not in fields
            and _room_may_follow(text, pos)
        ):
            rm = _ROOM_AFTER.match(text, pos)
            if rm:
                r1 = rm.end()
                a = pos + (1 if text[pos] == "-" else 0)
                d.put("room", text[a:r1], offset + a, offset + r1)
                pos = free_start = r1
    _free(d, text, free_start, n, offset)
    return d
