"""Reasons to and from the JSON stored in ``candidates.reasons`` / ``cases.review_reasons``.

The JSON is a list of ``{"code", "label", "points"}``. Writing 500,000 candidates' reasons
goes through a cache of the constant part of each reason, which is several times faster than
``json.dumps`` on dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from songda.domain.models import Reason

ReasonTuple = tuple[str, str, float]
_cache: dict[ReasonTuple, str] = {}


def _points(p: float) -> str:
    return str(int(p)) if p == int(p) else repr(round(p, 2))


def _fragment(reason: ReasonTuple) -> str:
    code, label, points = reason
    text = (
        '{"code":'
        + json.dumps(code)
        + ',"label":'
        + json.dumps(label, ensure_ascii=False)
        + ',"points":'
        + _points(points)
        + "}"
    )
    if len(_cache) < 200_000:
        _cache[reason] = text
    return text


_lists: dict[tuple[ReasonTuple, ...], str] = {}


def reasons_json(reasons: Sequence[ReasonTuple]) -> str:
    """Compact JSON list of ``{"code", "label", "points"}`` (as ``json.dumps`` with
    ``ensure_ascii=False`` and no spaces). Whole lists are cached: most candidates share one."""
    key = tuple(reasons)
    text = _lists.get(key)
    if text is None:
        cache = _cache
        text = "[" + ",".join([cache.get(r) or _fragment(r) for r in reasons]) + "]"
        if len(_lists) < 200_000:
            _lists[key] = text
    return text


def reasons_from_json(text: str | None) -> list[Reason]:
    if not text:
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return []
    return [
        Reason(str(d.get("code", "")), str(d.get("label", "")), float(d.get("points", 0)))
        for d in data
        if isinstance(d, dict)
    ]


def reasons_text(reasons: Iterable[Reason], *, with_points: bool = True) -> str:
    """One line for an operator: ``精确到室/户(+30)；收货地址(+20)``."""
    out = []
    for r in reasons:
        if with_points and r.points:
            out.append(f"{r.label}({r.points:+g})")
        else:
            out.append(r.label)
    return "；".join(out)
