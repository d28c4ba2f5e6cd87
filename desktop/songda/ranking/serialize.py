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
_prefix_cache: dict[tuple[str, str], str] = {}


def _points(p: float) -> str:
    return str(int(p)) if p == int(p) else repr(round(p, 2))


def reasons_json(reasons: Sequence[ReasonTuple]) -> str:
    parts = []
    for code, label, points in reasons:
        prefix = _prefix_cache.get((code, label))
        if prefix is None:
            prefix = (
                '{"code": '
                + json.dumps(code)
                + ', "label": '
                + json.dumps(label, ensure_ascii=False)
                + ', "points": '
            )
            if len(_prefix_cache) < 100_000:
                _prefix_cache[(code, label)] = prefix
        parts.append(prefix + _points(points) + "}")
    return "[" + ", ".join(parts) + "]"


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
