"""Reasons to and from the JSON stored in ``candidates.reasons`` / ``cases.review_reasons``.

Stored compactly, one ``[code, points]`` list per reason, with the Chinese label as a third
element only when it differs from the label the bundled weights give that code (labels that
name a source or a blacklist entry, like ``多来源一致(居住+户籍)``): a first ranking writes
500,000 candidates' reasons, and the labels were two-thirds of those bytes (a quarter of the
rows' size). Read them back with :func:`reasons_from_json` (also reads the older
``{"code", "label", "points"}`` objects), never with ``json.loads`` alone.

Writing goes through a cache of each reason's fragment and of whole lists, several times
faster than ``json.dumps``: most candidates share their reasons with many others.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from songda.domain.models import Reason
from songda.ranking.weights import load_weights

ReasonTuple = tuple[str, str, float]
_cache: dict[ReasonTuple, str] = {}
_labels: dict[str, str] = {}


def default_labels() -> Mapping[str, str]:
    """Code → Chinese label of the bundled weights (labels a stored reason may leave out)."""
    if not _labels:
        _labels.update({code: w.label for code, w in load_weights().reasons.items()})
    return _labels


def _points(p: float) -> str:
    return str(int(p)) if p == int(p) else repr(round(p, 2))


def _fragment(reason: ReasonTuple) -> str:
    code, label, points = reason
    text = "[" + json.dumps(code, ensure_ascii=False) + "," + _points(points)
    if default_labels().get(code) != label:
        text += "," + json.dumps(label, ensure_ascii=False)
    text += "]"
    if len(_cache) < 200_000:
        _cache[reason] = text
    return text


_lists: dict[tuple[ReasonTuple, ...], str] = {}


def reasons_json(reasons: Sequence[ReasonTuple]) -> str:
    """Compact JSON of ``(code, label, points)`` reasons: ``[[code, points(, label)], …]``
    with no spaces (see the module docstring). Whole lists are cached."""
    key = tuple(reasons)
    text = _lists.get(key)
    if text is None:
        cache = _cache
        text = "[" + ",".join([cache.get(r) or _fragment(r) for r in reasons]) + "]"
        if len(_lists) < 200_000:
            _lists[key] = text
    return text


def _reason(item: Any, labels: Mapping[str, str]) -> Reason | None:
    if isinstance(item, list) and len(item) >= 2:
        code = str(item[0])
        label = str(item[2]) if len(item) > 2 else labels.get(code, code)
        try:
            return Reason(code, label, float(item[1]))
        except (TypeError, ValueError):
            return None
    if isinstance(item, dict):  # the format before compact storage
        code = str(item.get("code", ""))
        label = str(item.get("label") or labels.get(code, code))
        try:
            return Reason(code, label, float(item.get("points", 0)))
        except (TypeError, ValueError):
            return None
    return None


def reasons_from_json(text: str | None) -> list[Reason]:
    """The stored reasons with their labels (either storage format; [] for NULL or junk)."""
    if not text:
        return []
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return []
    if not isinstance(data, list):
        return []
    labels = default_labels()
    return [r for r in (_reason(x, labels) for x in data) if r is not None]


def reasons_text(reasons: Iterable[Reason], *, with_points: bool = True) -> str:
    """One line for an operator: ``精确到室/户(+30)；收货地址(+20)``."""
    out = []
    for r in reasons:
        if with_points and r.points:
            out.append(f"{r.label}({r.points:+g})")
        else:
            out.append(r.label)
    return "；".join(out)
