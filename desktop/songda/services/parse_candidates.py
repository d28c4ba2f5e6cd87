"""Parse a case's candidates not parsed yet, with a ParseContext built from the case
(``rank_cases`` calls this per chunk, in its worker processes, just before scoring).

Each case's context: the ID number's area (first six digits), the phones' cities, the
adcodes of the case's other candidates and the postcode given in the file. Two passes: all
new candidates first, then those still ambiguous or without an adcode again with their new
siblings' adcodes (a 户籍 address "朝阳区…" is settled by a residence in 北京市).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Final

from songda.address import ParseContext, parse
from songda.domain.models import StandardAddress
from songda.ranking.context import phone_cities


def _case_facts(id_number: str | None, phones: object) -> tuple[str | None, tuple[str, ...]]:
    """The ID number's area and the phones' cities: the same for every candidate of a case."""
    area = (id_number or "")[:6]
    return (area if len(area) == 6 and area.isdigit() else None), tuple(
        sorted(phone_cities(phones))
    )


def _context(
    facts: tuple[str | None, tuple[str, ...]],
    siblings: Sequence[str],
    postcode: str | None,
) -> ParseContext:
    return ParseContext(
        id_area=facts[0],
        phone_cities=facts[1],
        sibling_adcodes=tuple(dict.fromkeys(siblings)),
        postcode=postcode or None,
    )


# one encoder each, not one per call (json.dumps with options builds a new one every time)
_COMPACT_JSON: Final = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_JSON: Final = json.JSONEncoder(ensure_ascii=False).encode


def _needs_second_pass(std: StandardAddress) -> bool:
    return not std.adcode or "ambiguous" in std.issues


def _spans_json(spans: dict[str, str | None]) -> str | None:
    """Only the fields read from the text (a missing key = inferred or absent), compact."""
    kept = {k: v for k, v in spans.items() if v is not None}
    return _COMPACT_JSON(kept) if kept else None


def parsed_row(std: StandardAddress, parsed_at: str) -> tuple[Any, ...]:
    """Values for :data:`songda.store.ranking.PARSED_FIELDS` (without the id)."""
    return (
        std.province,
        std.city,
        std.district,
        std.town,
        std.village,
        std.road,
        std.road_no,
        std.poi,
        std.building,
        std.unit,
        std.floor,
        std.room,
        std.detail,
        std.text() or None,
        _spans_json(std.spans),
        std.adcode,
        std.postcode,
        std.level,
        1 if std.valid else 0,
        _JSON(list(std.issues)),
        float(std.confidence),
        parsed_at,
    )


def parse_case_rows(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Parse the unparsed candidates among one case's rows (``PARSE_INPUT_COLUMNS``)."""
    if not rows:
        return []
    facts = _case_facts(rows[0][7], rows[0][8])
    known = [r[6] for r in rows if r[5] and r[6]]
    todo = [r for r in rows if not r[5]]
    results: dict[int, StandardAddress] = {}
    for r in todo:
        ctx = _context(facts, known, r[3])
        results[r[0]] = parse(r[2] or "", ctx)
    if len(rows) > 1:
        for r in todo:
            std = results[r[0]]
            if not _needs_second_pass(std):
                continue
            siblings = known + [s.adcode for cid, s in results.items() if cid != r[0] and s.adcode]
            if siblings:
                results[r[0]] = parse(r[2] or "", _context(facts, siblings, r[3]))
    now = datetime.now().isoformat(timespec="seconds")
    return [(*parsed_row(results[r[0]], now), r[0]) for r in todo]


def parse_chunk(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Parse results (rows for ``write_parsed``) of a chunk of ``parse_inputs`` rows."""
    out: list[tuple[Any, ...]] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j][1] == rows[i][1]:
            j += 1
        out.extend(parse_case_rows(rows[i:j]))
        i = j
    return out
