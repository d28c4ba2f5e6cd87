"""Scoring weights are data (resources/ranking/weights.json), loaded and checked here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songda.errors import KnownError
from songda.paths import resource

WEIGHTS_FILE = ("ranking", "weights.json")

# Reason codes the scorer uses; a weights file must define every one of them.
REQUIRED_CODES: tuple[str, ...] = (
    *(
        f"level.{k}"
        for k in (
            "room floor unit building road_no poi village road town district city province none"
        ).split()
    ),
    "valid.invalid",
    "issue.junk",
    "issue.contradiction",
    "issue.ambiguous",
    "issue.typo_corrected",
    "parse.low_confidence",
    *(
        f"source.{k}"
        for k in "delivery residence household id_card work contact other operator feedback".split()
    ),
    "recency.recent",
    "recency.year",
    "recency.old",
    "agree.one",
    "agree.more",
    "agree.district",
    "identity.id_area_match",
    "identity.id_area_mismatch",
    "identity.phone_city",
    "blacklist.demolished",
    "blacklist.collective",
    "blacklist.institution",
    "blacklist.custom",
    "history.address_signed",
    "history.address_refused",
    "history.address_not_there",
    "history.address_bad",
    "history.community_good",
    "history.community_bad",
    "history.source_rate",
    "status.invalid",
    "status.returned",
    "status.removed",
)

REQUIRED_THRESHOLDS: tuple[str, ...] = (
    "weak_below",
    "close_margin",
    "confidence_scale",
    "agree_similarity",
    "blacklist_similarity",
    "recent_days",
    "year_days",
    "old_days",
    "parse_low_confidence",
    "history_min_sent",
    "history_community_min",
)


@dataclass(frozen=True, slots=True)
class ReasonWeight:
    points: float
    label: str
    why: str = ""


@dataclass(frozen=True, slots=True)
class Weights:
    """Points and Chinese label per reason code, plus decision thresholds."""

    reasons: Mapping[str, ReasonWeight]
    thresholds: Mapping[str, float]
    version: int = 1
    overridden: tuple[str, ...] = field(default=())

    def points(self, code: str) -> float:
        return self.reasons[code].points

    def label(self, code: str) -> str:
        return self.reasons[code].label

    def threshold(self, name: str) -> float:
        return self.thresholds[name]

    def with_overrides(self, overrides: Mapping[str, Any] | None) -> Weights:
        """A copy with some reasons' points replaced (``{code: points}``)."""
        if not overrides:
            return self
        reasons = dict(self.reasons)
        for code, value in overrides.items():
            if code not in reasons:
                raise KnownError(
                    f"排序权重设置中有未知的项目：{code}",
                    f"unknown ranking weight code in settings: {code}",
                    code="weights_unknown",
                )
            try:
                points = float(value)
            except (TypeError, ValueError):
                raise KnownError(
                    f"排序权重 {code} 的分值不是数字：{value!r}",
                    f"ranking weight {code} is not a number: {value!r}",
                    code="weights_bad",
                ) from None
            old = reasons[code]
            reasons[code] = ReasonWeight(points, old.label, old.why)
        return Weights(
            reasons, self.thresholds, self.version, tuple(sorted({*self.overridden, *overrides}))
        )


def parse_weights(data: Mapping[str, Any], origin: str = "weights") -> Weights:
    """Build :class:`Weights` from the JSON structure, checking every required entry."""
    try:
        raw_reasons = data["reasons"]
        raw_thresholds = data["thresholds"]
        reasons = {
            str(code): ReasonWeight(float(v["points"]), str(v["label"]), str(v.get("why", "")))
            for code, v in raw_reasons.items()
        }
        thresholds = {
            str(name): float(v["value"] if isinstance(v, Mapping) else v)
            for name, v in raw_thresholds.items()
        }
        version = int(data.get("version", 1))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise KnownError(
            f"排序权重文件格式错误：{origin}（{exc}）",
            f"bad ranking weights file {origin}: {exc!r}",
            code="weights_bad",
        ) from exc
    missing = [c for c in REQUIRED_CODES if c not in reasons]
    missing += [t for t in REQUIRED_THRESHOLDS if t not in thresholds]
    if missing:
        raise KnownError(
            f"排序权重文件缺少项目：{', '.join(missing)}",
            f"ranking weights file {origin} lacks: {', '.join(missing)}",
            code="weights_bad",
        )
    return Weights(reasons, thresholds, version)


_default: Weights | None = None


def load_weights(path: Path | None = None, overrides: Mapping[str, Any] | None = None) -> Weights:
    """Weights from ``path`` (default: the bundled resource), with optional overrides."""
    global _default
    if path is None:
        if _default is None:
            p = resource(*WEIGHTS_FILE)
            _default = parse_weights(json.loads(p.read_text(encoding="utf-8")), str(p))
        base = _default
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
            base = parse_weights(json.loads(text), str(path))
        except (OSError, json.JSONDecodeError) as exc:
            raise KnownError(
                f"无法读取排序权重文件：{path}",
                f"cannot read ranking weights {path}: {exc}",
                code="weights_bad",
            ) from exc
    return base.with_overrides(overrides)
