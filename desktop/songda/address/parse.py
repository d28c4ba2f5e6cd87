"""``parse``: raw text → :class:`StandardAddress` (divisions, detail, validity, confidence)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from songda.address import issues as I
from songda.address.chain import find_divisions
from songda.address.detail import parse_detail
from songda.address.gazetteer import (
    CITY,
    DISTRICT,
    LEVEL_KEYS,
    PROVINCE,
    RETIRED,
    RETIRED_SHORT,
    TOWN,
    Gazetteer,
    Hit,
    get_gazetteer,
    min_level,
    prefix,
)
from songda.address.match import CORPS_CITIES, DivMatch
from songda.address.normalize import Normalized, normalize_mapped
from songda.address.validate import junk_reason
from songda.domain.models import StandardAddress
from songda.native import reduce_frozen

log = logging.getLogger(__name__)

DETAIL_KEYS: Final = ("road", "road_no", "poi", "building", "unit", "floor", "room", "detail")
_DETAIL_SET: Final = frozenset(DETAIL_KEYS)
# finest first: the level reported is the first key that has a value
LEVEL_ORDER: Final = (
    "room",
    "floor",
    "unit",
    "building",
    "road_no",
    "poi",
    "road",
    "village",
    "town",
    "district",
    "city",
    "province",
)
BASE_CONFIDENCE: Final = {
    "room": 0.95,
    "floor": 0.93,
    "unit": 0.93,
    "building": 0.92,
    "road_no": 0.9,
    "poi": 0.85,
    "road": 0.78,
    "village": 0.72,
    "town": 0.6,
    "district": 0.5,
    "city": 0.3,
    "province": 0.15,
    "none": 0.0,
}
_PENALTY: Final = {
    I.AMBIGUOUS: 0.5,
    I.TYPO_CORRECTED: 0.85,
    I.INFERRED_UPPER: 0.97,
    I.RETIRED_NAME: 0.95,
    I.REDISTRICTED: 0.9,
    I.NO_DISTRICT: 0.8,
    I.CONTEXT_RESOLVED: 0.9,
    I.NO_DIVISION: 0.3,
    I.POSTCODE_MISMATCH: 0.95,
}


@dataclass(frozen=True)
class ParseContext:
    """What the case knows besides this address (all optional)."""

    id_area: str | None = None  # first 6 digits of the debtor's ID number (may be retired)
    phone_cities: tuple[str, ...] = ()  # city adcodes (4 or 6 digits) of the debtor's phones
    sibling_adcodes: tuple[str, ...] = ()  # adcodes found in the case's other candidates
    postcode: str | None = None  # postcode given in the case file for this address

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        id_area: str | None = None,
        phone_cities: tuple[str, ...] = (),
        sibling_adcodes: tuple[str, ...] = (),
        postcode: str | None = None,
    ) -> None:
        object.__setattr__(self, "id_area", id_area)
        object.__setattr__(self, "phone_cities", phone_cities)
        object.__setattr__(self, "sibling_adcodes", sibling_adcodes)
        object.__setattr__(self, "postcode", postcode)

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


def parse(text: object, context: ParseContext | None = None) -> StandardAddress:
    """Parse one address. Never raises: unexpected input gives an invalid address
    (``text`` is typed ``object`` so that compiled code accepts anything too: None, numbers).

    The last few hundred results are remembered: case files repeat addresses (the ID card's
    address is the household address, a family shares one), and a repeat costs a copy.
    Every call returns its own object, safe to change.
    """
    try:
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        return _parse_remembered(text, context).copy()
    except Exception:  # pragma: no cover - a bug; logged, never propagated
        log.exception("address parse failed for %r", text)
        out = StandardAddress(raw=text if isinstance(text, str) else "")
        out.issues.append(I.JUNK)
        return out


def parse_json_into(text: str, parts: list[str]) -> None:
    """``parse(text).to_json()`` appended to ``parts`` in pieces (a batch joins them once),
    written from the remembered result without the copy that protects it from its caller
    (``songda address parse`` only prints it)."""
    n0 = len(parts)
    try:
        _parse_remembered(text, None).write_json(parts)
    except Exception:  # pragma: no cover - a bug; logged, never propagated
        del parts[n0:]
        parts.append(parse(text).to_json())


def parse_json_lines(lines: list[str], start: int, stop: int, parts: list[str]) -> None:
    """:func:`parse_json_into` for ``lines[start:stop]``, each line's JSON followed by a line
    feed (the batch loop of ``songda address parse``, compiled with the rest)."""
    for i in range(start, min(stop, len(lines))):
        parse_json_into(lines[i], parts)
        parts.append("\n")


@lru_cache(maxsize=512)
def _parse_remembered(text: str, context: ParseContext | None) -> StandardAddress:
    return _parse(text, context)


def _road_not_village(text: str, end: int) -> bool:
    """A committee named after its road (漕宝路居委会), its core written without the
    committee's word: 七宝镇漕宝路3366号 names the road, not the committee."""
    return text[end - 1] in "路街道" and text[end : end + 1] not in ("居", "社", "村")


def _context_codes(g: Gazetteer, ctx: ParseContext) -> list[str]:
    codes: list[str] = []
    if ctx.id_area:
        codes.extend(g.current_codes(ctx.id_area[:6]))
    for c in ctx.phone_cities:
        codes.append(c[:4])
    for c in ctx.sibling_adcodes:
        codes.append(c)
    return [c for c in codes if c]


def _resolve(g: Gazetteer, hits: list[Hit], ctx: ParseContext | None) -> tuple[list[Hit], bool]:
    """Narrow ambiguous candidates with the case context; (hits, decided_by_context)."""
    if len(hits) <= 1 or ctx is None:
        return hits, False
    codes = _context_codes(g, ctx)
    if not codes:
        return hits, False
    scored: list[tuple[int, Hit]] = []
    for h in hits:
        score = 0
        for c in codes:
            # agreement at city level counts double, at province level once
            if c[:4] == h.code[:4]:
                score += 2
            elif c[:2] == h.code[:2]:
                score += 1
        scored.append((score, h))
    best = max(s for s, _ in scored)
    top = [h for s, h in scored if s == best]
    if best > 0 and len(top) < len(hits):
        return top, True
    return hits, False


def _common_ancestor(g: Gazetteer, hits: list[Hit]) -> str | None:
    chains = [list(reversed(g.ancestors(h.code))) for h in hits]
    common: str | None = None
    for level_codes in zip(*chains, strict=False):
        if all(c == level_codes[0] for c in level_codes):
            common = level_codes[0]
        else:
            break
    return common


def _parse(raw: str, ctx: ParseContext | None) -> StandardAddress:
    out = StandardAddress(raw=raw)
    reason = junk_reason(raw)
    if reason is not None:
        out.issues.append(reason)
        out.level = "none"
        return out
    g = get_gazetteer()
    norm = normalize_mapped(raw)
    text = norm.text
    matches, dstart, dend = find_divisions(g, text)
    issues: list[str] = []
    if "phone" in norm.removed:
        issues.append(I.PHONE_REMOVED)
    if "name" in norm.removed:
        issues.append(I.NAME_REMOVED)
    if "traditional" in norm.removed:
        issues.append(I.TRADITIONAL)

    code: str | None = None
    ambiguous_names: dict[str, str] = {}
    if matches:
        code = _apply_divisions(g, out, raw, norm, matches, ctx, issues, ambiguous_names)
        # villages under a known town
        if code and g.level(code) == TOWN:
            v = g.village_at(code, text, dend)
            if v is not None and _road_not_village(text, v[2]):
                v = None
            if v is not None:
                vname, vcode, vend = v
                out.village = vname
                out.spans["village"] = norm.span(raw, dend, vend)
                code, dend = vcode, vend
    # fine-grained fields
    detail = parse_detail(text[dend:], dend)
    if dstart > 0:
        before = parse_detail(text[:dstart], 0)
        for k, (val, a0, b0) in before.fields.items():
            detail.put(k, val, a0, b0)
    spans = out.spans
    for key, (value, a, b) in detail.fields.items():
        if key not in _DETAIL_SET:
            # a village the gazetteer does not list (张家村, 李庄村委会) is still part of
            # the address: never drop it from the standard form
            if key != "village" or out.village:
                continue
        out.set_field(key, value)
        spans[key] = norm.span(raw, a, b)

    out.adcode = code
    if code is not None and code[:2] in ("71", "81", "82"):
        issues.append(I.OVERSEAS)
        out.adcode = None
    _finish(g, out, issues, ctx, code)
    return out


def _apply_divisions(
    g: Gazetteer,
    out: StandardAddress,
    raw: str,
    norm: Normalized,
    matches: list[DivMatch],
    ctx: ParseContext | None,
    issues: list[str],
    ambiguous_names: dict[str, str],
) -> str | None:
    last = matches[-1]
    hits, by_context = _resolve(g, last.hits, ctx)
    retired = all(h.kind in (RETIRED, RETIRED_SHORT) for h in hits)
    if len(hits) > 1 and retired:
        hits = hits[:1]
    if by_context:
        issues.append(I.CONTEXT_RESOLVED)
    if len(hits) > 1:
        issues.append(I.AMBIGUOUS)
        code = _common_ancestor(g, hits)
        # names shared by every candidate are still known (朝阳区 is 朝阳区 either way)
        names = {g.name(h.code) for h in hits}
        if len(names) == 1:
            ambiguous_names[LEVEL_KEYS[hits[0].level]] = names.pop()
    else:
        code = hits[0].code
    # fill names from the chosen code upward
    chain = g.chain(code) if code is not None else ()
    for key, _c, name in chain:
        out.set_field(key, name)
    for key, name in ambiguous_names.items():
        out.set_field(key, name)
    if code is not None and not out.city and out.province and g.level(code) == PROVINCE:
        # 北京市 with nothing below: the municipality's city is the municipality (as for
        # 北京市海淀区), when every city-level part carries its name (重庆市: 市辖区 and 县)
        if {g.name(c) for c in g.children(code)} == {out.province}:
            out.city = out.province
    # spans and notes per match
    chosen = {c for _k, c, _n in chain}
    for m in matches:
        span = norm.span(raw, m.start, m.end)
        if not m.hits:  # contradicted by the county read after it (衢州德清县)
            issues.append(I.CONTRADICTION)
            out.notes["contradiction"] = span
            continue
        lv = m.level
        key = LEVEL_KEYS[lv]
        if key in out.spans:
            continue
        out.spans[key] = span
        mh = [h for h in m.hits if h.code in chosen] or m.hits
        if lv == CITY and code and code[:4] == CORPS_CITIES and mh[0].code not in chosen:
            out.city = g.name(mh[0].code)  # 阿克苏地区阿拉尔市: the prefecture written around it
        name = out.field(key)
        if m.typo_from is not None:
            issues.append(I.TYPO_CORRECTED)
            out.notes[key] = f"{span}→{name}"
        elif m.seat:
            out.notes[key] = f"{span}→{name}"
        elif mh[0].kind in (RETIRED, RETIRED_SHORT):
            issues.append(I.RETIRED_NAME)
            out.notes[key] = f"{span}→{name}"
        if m.redistricted:
            issues.append(I.REDISTRICTED)
            out.notes["district"] = f"{out.spans.get('district')}→{out.district}"
    # upper levels not read from the text
    deepest = min_level(hits) if hits else PROVINCE
    for lv in range(PROVINCE, deepest):
        key = LEVEL_KEYS[lv]
        if out.field(key) and key not in out.spans:
            if lv == CITY and (out.city == out.province or out.city == out.district):
                # municipalities: the city is the province; counties under the province
                # directly (湖北省仙桃市): the city is the county-level city read
                continue
            issues.append(I.INFERRED_UPPER)
            out.notes.setdefault(key, "inferred")
    return code


_NO_SPANS: Final[dict[str, str | None]] = dict.fromkeys(
    ("province", "city", "district", "town", "village", *DETAIL_KEYS)
)


def _finest(out: StandardAddress) -> str:
    """The first key of LEVEL_ORDER with a value (spelled out: getattr by name is slow in
    compiled code; a test checks the order against LEVEL_ORDER)."""
    if out.room:
        return "room"
    if out.floor:
        return "floor"
    if out.unit:
        return "unit"
    if out.building:
        return "building"
    if out.road_no:
        return "road_no"
    if out.poi:
        return "poi"
    if out.road:
        return "road"
    if out.village:
        return "village"
    if out.town:
        return "town"
    if out.district:
        return "district"
    if out.city:
        return "city"
    if out.province:
        return "province"
    return "none"


_ROUNDED: Final[dict[float, float]] = {}


def _rounded(conf: float) -> float:
    """``round(conf, 3)``, remembered: a confidence is one of a few hundred products of the
    base and the penalties, and round() with digits costs a decimal conversion each time."""
    got = _ROUNDED.get(conf)
    if got is None:
        if len(_ROUNDED) > 10_000:
            _ROUNDED.clear()
        got = _ROUNDED[conf] = round(conf, 3)
    return got


def _finish(
    g: Gazetteer,
    out: StandardAddress,
    issues: list[str],
    ctx: ParseContext | None,
    code: str | None,
) -> None:
    level = _finest(out)
    out.level = level
    if code is None and not (out.province or out.city or out.district or out.town):
        issues.append(I.NO_DIVISION)
    if code is not None and out.city and not out.district and g.level(code) == CITY:
        if g.children(code):
            issues.append(I.NO_DISTRICT)
    if not (
        out.village
        or out.road
        or out.road_no
        or out.poi
        or out.building
        or out.unit
        or out.floor
        or out.room
    ):
        issues.append(I.VAGUE)
    # postcode
    pc = g.postcode(code) if code else None
    want = ctx.postcode.strip() if ctx and ctx.postcode else None
    if want and (len(want) != 6 or not want.isdigit() or want == "000000"):
        want = None
    if want:
        if pc is None or want[:3] == pc[:3]:
            pc = want
            issues.append(I.POSTCODE_FROM_CASE)
        else:
            issues.append(I.POSTCODE_MISMATCH)
    if pc is None and code is not None:
        issues.append(I.NO_POSTCODE)
    elif pc is not None and pc.endswith("0000") and I.POSTCODE_FROM_CASE not in issues:
        issues.append(I.POSTCODE_CITY_LEVEL)
    out.postcode = pc
    found: list[str] = []
    for i in issues:  # in order, without repeats (a handful: a list beats dict.fromkeys)
        if i not in found:
            found.append(i)
    out.issues = found
    out.valid = valid = I.INVALIDATING.isdisjoint(found)
    conf = BASE_CONFIDENCE.get(level, 0.0)
    for i in found:
        conf *= _PENALTY.get(i, 1.0)
    if not valid:
        conf = min(conf, 0.1)
    out.confidence = _rounded(max(0.0, min(1.0, conf)))
    spans = dict(_NO_SPANS)
    spans.update(out.spans)
    out.spans = spans
    _ = DISTRICT, prefix
