"""One parsed address as a compact JSON line (``songda address parse`` prints one per address).

The output is exactly ``json.dumps(address.to_dict(), ensure_ascii=False, separators=(",", ":"))``
(tests/unit/address/test_properties.py checks it), written without the JSON encoder: for each
pattern of missing values a template of literal segments is made once (``,"road_no":null`` and
the quotes around each value are part of the literals), so a line is one join of the values
present and the segments between them.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Final

# Fields of a standard address in output order (the `songda address parse` contract;
# songda.domain.models exports them)
ADDRESS_FIELDS: Final[tuple[str, ...]] = (
    "province",
    "city",
    "district",
    "town",
    "village",
    "road",
    "road_no",
    "poi",
    "building",
    "unit",
    "floor",
    "room",
    "detail",
)
# the parts of a line with a text value or null, in output order: the address fields, their
# spans, the adcode and the postcode (their keys, and what comes before each key)
_HEADS: Final = (
    tuple(("{" if i == 0 else ",") + f'"{k}":' for i, k in enumerate(ADDRESS_FIELDS))
    + tuple((',"spans":{' if i == 0 else ",") + f'"{k}":' for i, k in enumerate(ADDRESS_FIELDS))
    + ('},"adcode":', ',"postcode":')
)
SLOTS: Final = len(_HEADS)  # 28
_VALID: Final = 1 << SLOTS  # the mask bit for valid=true
_TEMPLATES: Final[dict[int, tuple[str, ...]]] = {}


def _template(mask: int) -> tuple[str, ...]:
    """The literal segments for one pattern: before the first value present, between two,
    and up to the level's value, then the ones around the issues and the confidence."""
    segs: list[str] = []
    cur = ""
    for i in range(SLOTS):
        if mask >> i & 1:
            segs.append(cur + _HEADS[i] + '"')
            cur = '"'
        else:
            cur += _HEADS[i] + "null"
    segs.append(cur + ',"level":"')
    valid = "true" if mask & _VALID else "false"
    segs.append(f'","valid":{valid},"issues":[')
    segs.append('],"confidence":')
    segs.append("}")
    if len(_TEMPLATES) > 4096:
        _TEMPLATES.clear()
    out = tuple(segs)
    _TEMPLATES[mask] = out
    return out


def _inner(v: str) -> str:
    """``v`` as it reads between the quotes of a JSON string (``encode_basestring`` without
    its quotes): itself unless it holds a quote, a backslash or a control character."""
    for i in range(len(v)):
        c = ord(v[i])
        if c < 0x20 or c == 0x22 or c == 0x5C:
            return encode_basestring(v)[1:-1]
    return v


def json_str(v: str) -> str:
    """``encode_basestring(v)``: ``v`` quoted, escaped where needed."""
    inner = _inner(v)
    return f'"{inner}"'


def json_line(
    values: list[str | None], level: str, valid: bool, issues: list[str], confidence: str
) -> str:
    """The line for ``values`` (the SLOTS texts or None, in output order), the level, the
    validity, the issue codes and the confidence already written as JSON (``0.85``)."""
    parts: list[str] = []
    json_parts(parts, values, level, valid, issues, confidence)
    return "".join(parts)


def json_parts(
    parts: list[str],
    values: list[str | None],
    level: str,
    valid: bool,
    issues: list[str],
    confidence: str,
) -> None:
    """:func:`json_line`'s pieces appended to ``parts`` (a batch joins many lines at once)."""
    mask = _VALID if valid else 0
    bit = 1
    for v in values:
        if v is not None:
            mask |= bit
        bit <<= 1
    segs = _TEMPLATES.get(mask)
    if segs is None:
        segs = _template(mask)
    k = 0
    for v in values:
        if v is not None:
            parts.append(segs[k])
            parts.append(_inner(v))
            k += 1
    parts.append(segs[k])
    parts.append(_inner(level))
    parts.append(segs[k + 1])
    if issues:
        parts.append(",".join([json_str(i) for i in issues]))
    parts.append(segs[k + 2])
    parts.append(confidence)
    parts.append(segs[k + 3])


_CONFIDENCE_TEXTS: Final[dict[float, str]] = {}


def confidence_text(conf: float) -> str:
    """``repr(round(conf, 3))``, remembered (a confidence takes a few hundred values; round()
    with digits and repr() each convert to decimal)."""
    got = _CONFIDENCE_TEXTS.get(conf)
    if got is None:
        if len(_CONFIDENCE_TEXTS) > 10_000:
            _CONFIDENCE_TEXTS.clear()
        got = _CONFIDENCE_TEXTS[conf] = repr(round(conf, 3))
    return got
