"""Below the divisions: road, road number, POI, building, unit, floor, room and the rest.

Works on the normalised remainder (digits already Arabic). Each field keeps the range of the
remainder it was read from so that spans can be mapped back to the input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HAN = "\u4e00-\u9fff"
_NUM = r"[0-9]+(?:-[0-9]+)?"

_ROAD = re.compile(
    rf"[{_HAN}A-Z0-9]{{1,12}}?(?:大道|大街|马路|公路|路|街(?!道)|巷|胡同|弄(?![0-9]))"
    rf"(?:[东西南北中]段|[0-9]+弄)?"
)
_ROAD_NO = re.compile(rf"{_NUM}(?:号(?!楼)|弄)(?:[0-9]+号)?")
_BUILDING = re.compile(
    r"(?:[A-Z]?[0-9]+(?:-[0-9]+)?|[A-Z]|[东西南北中])(?:号楼|栋|幢|座|号?楼(?=[0-9]+(?:单元|层|楼|室|号)))"
)
_UNIT = re.compile(r"(?:[0-9]+|[A-Z])(?:单元|梯)")
_FLOOR = re.compile(r"(?:-?[0-9]+|[A-Z])(?:层|楼(?![0-9]))|地下室|底商")
_ROOM = re.compile(r"[A-Z]?[0-9]+(?:-[0-9]+)?(?:室|房|户|号房?)?|[A-Z][0-9]*室")
_ROOM_SUFFIXED = re.compile(r"[A-Z]?[0-9]+(?:-[0-9]+)?(?:室|房|户)")
_POI_END = re.compile(
    r"(?:小区|花园|公寓|大厦|广场|家园|苑|园区|工业园|工业区|新村|山庄|中心|大楼|商城|市场|"
    r"公司|厂|医院|学校|中学|小学|大学|学院|酒店|宾馆|饭店|超市|银行|村|社区|城|府|庭|湾|"
    r"里|坊|院|楼|馆|站|所|局|部|店)"
)


@dataclass(slots=True)
class Detail:
    """Fine-grained fields: key → (value, start, end) in the remainder."""

    fields: dict[str, tuple[str, int, int]] = field(default_factory=dict)

    def put(self, key: str, value: str, a: int, b: int) -> None:
        if key not in self.fields and value:
            self.fields[key] = (value, a, b)


def parse_detail(text: str, offset: int = 0) -> Detail:
    """Parse the part of an address below the divisions (``offset`` shifts the ranges)."""
    d = Detail()
    n = len(text)
    pos = 0
    poi_start: int | None = None

    def flush_poi(upto: int) -> None:
        nonlocal poi_start
        if poi_start is not None and upto > poi_start:
            seg = text[poi_start:upto]
            if "poi" not in d.fields and re.search(f"[{_HAN}A-Z]", seg):
                d.put("poi", seg, offset + poi_start, offset + upto)
            elif "detail" not in d.fields:
                d.put("detail", seg, offset + poi_start, offset + upto)
        poi_start = None

    while pos < n:
        m = None
        if "road" not in d.fields and "building" not in d.fields:
            m = _ROAD.match(text, pos)
            if m and poi_start is None:
                d.put("road", m.group(0), offset + pos, offset + m.end())
                pos = m.end()
                r = _ROAD_NO.match(text, pos)
                if r:
                    d.put("road_no", r.group(0), offset + pos, offset + r.end())
                    pos = r.end()
                continue
            m = None
        for key, pat in (
            ("building", _BUILDING),
            ("unit", _UNIT),
            ("room", _ROOM_SUFFIXED),
            ("floor", _FLOOR),
            ("road_no", _ROAD_NO),
        ):
            if key in d.fields:
                continue
            m = pat.match(text, pos)
            if m:
                flush_poi(pos)
                d.put(key, m.group(0), offset + pos, offset + m.end())
                pos = m.end()
                break
        if m:
            continue
        if (
            "room" not in d.fields
            and text[pos].isdigit()
            and ("unit" in d.fields or "floor" in d.fields or "building" in d.fields)
        ):
            m = _ROOM.match(text, pos)
            if m:
                flush_poi(pos)
                d.put("room", m.group(0), offset + pos, offset + m.end())
                pos = m.end()
                continue
        if poi_start is None:
            poi_start = pos
        # a road right after a POI prefix (城西工业区蓝天路): close the POI at the road
        if "road" not in d.fields and poi_start is not None and poi_start < pos:
            rm = _ROAD.match(text, pos)
            pe = _POI_END.match(text, pos - 1) if pos >= 1 else None
            if rm and pe:
                flush_poi(pos)
                continue
        pos += 1
    flush_poi(n)
    return d
