"""Score and rank the candidates of one case; pick the best; decide the review flag.

The score of a candidate is the sum of its reasons' points. The best candidate is the
highest-scoring *eligible* one (active, valid, not blacklisted). Confidence is the margin
between the best and the best candidate at a *different* place (near-duplicates of the best do
not compete with it), scaled to [0, 1]. A case goes to review when it has no eligible
candidate (无有效地址), when its best is weak, or when the top two places are close.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from songda.domain.models import CaseStatus, Reason, Source
from songda.ranking.agreement import LEVEL_VALUE, group_places
from songda.ranking.blacklist import BlacklistMatcher
from songda.ranking.evidence import Evidence, ReasonTuple
from songda.ranking.inputs import CandidateInput, CaseContext
from songda.ranking.learning import OutcomeBook
from songda.ranking.weights import Weights, load_weights

SOURCE_SHORT_ZH: Final[dict[str, str]] = {
    Source.HOUSEHOLD.value: "户籍",
    Source.ID_CARD.value: "身份证",
    Source.RESIDENCE.value: "居住",
    Source.WORK.value: "单位",
    Source.DELIVERY.value: "收货",
    Source.CONTACT.value: "联系人",
    Source.OTHER.value: "其他",
    Source.OPERATOR.value: "人工",
    Source.FEEDBACK.value: "反馈",
}
# tie-break between equal scores: the more reliable source first
_SOURCE_ORDER: Final[dict[str, int]] = {
    s: i
    for i, s in enumerate(
        ["operator", "feedback", "delivery", "residence", "household", "id_card", "other"]
        + ["work", "contact"]
    )
}

REVIEW_NO_VALID: Final = ("review.no_valid", "无有效地址", 0.0)
REVIEW_WEAK: Final = "review.weak"
REVIEW_CLOSE: Final = "review.close"


@dataclass(slots=True)
class ScoredCandidate:
    input: CandidateInput
    total: float
    reasons: list[ReasonTuple]
    eligible: bool
    flags: list[str] = field(default_factory=list)  # blacklist kinds hit
    group: int = 0  # index (in input order) of the first member of its place group
    rank: int = 0
    dup_of: int | None = None  # id of the best-ranked candidate at the same place

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        input: CandidateInput,
        total: float,
        reasons: list[ReasonTuple],
        eligible: bool,
        flags: list[str] | None = None,
        group: int = 0,
        rank: int = 0,
        dup_of: int | None = None,
    ) -> None:
        self.input = input
        self.total = total
        self.reasons = reasons
        self.eligible = eligible
        self.flags = [] if flags is None else flags
        self.group = group
        self.rank = rank
        self.dup_of = dup_of

    def reason_objects(self) -> list[Reason]:
        return [Reason(code, label, points) for code, label, points in self.reasons]


@dataclass(slots=True)
class CaseRanking:
    ranked: list[ScoredCandidate]  # best first
    best: ScoredCandidate | None
    confidence: float
    needs_review: bool
    status: CaseStatus
    review: list[ReasonTuple] = field(default_factory=list)  # why it needs review

    # spelled out so that compiled code runs it natively (see songda.native)
    def __init__(
        self,
        ranked: list[ScoredCandidate],
        best: ScoredCandidate | None,
        confidence: float,
        needs_review: bool,
        status: CaseStatus,
        review: list[ReasonTuple] | None = None,
    ) -> None:
        self.ranked = ranked
        self.best = best
        self.confidence = confidence
        self.needs_review = needs_review
        self.status = status
        self.review = [] if review is None else review

    @property
    def best_id(self) -> int | None:
        return None if self.best is None else self.best.input.id


class Scorer:
    """Ranks cases. Build once per run with the weights, blacklist and outcome history."""

    def __init__(
        self,
        weights: Weights | None = None,
        blacklist: BlacklistMatcher | None = None,
        outcomes: OutcomeBook | None = None,
    ) -> None:
        self.weights = w = weights or load_weights()
        self.evidence = Evidence(w, blacklist, outcomes)
        self.similarity = w.threshold("agree_similarity")
        self.weak_below = w.threshold("weak_below")
        self.close_margin = w.threshold("close_margin")
        self.conf_scale = w.threshold("confidence_scale") or 1.0
        self.agree_one = ("agree.one", w.label("agree.one"), w.points("agree.one"))
        self.agree_more = ("agree.more", w.label("agree.more"), w.points("agree.more"))
        self.agree_district = (
            "agree.district",
            w.label("agree.district"),
            w.points("agree.district"),
        )

    def rank(self, candidates: Sequence[CandidateInput], ctx: CaseContext) -> CaseRanking:
        ev = self.evidence
        scored: list[ScoredCandidate] = []
        for c in candidates:
            reasons, eligible, hits = ev.candidate(c, ctx)
            flags = list(dict.fromkeys(h.kind.value for h in hits)) if hits else []
            scored.append(ScoredCandidate(c, 0.0, reasons, eligible, flags))
        n = len(scored)
        if n > 1:
            self._agreement(scored)
        else:
            for i, s in enumerate(scored):
                s.group = i
        for s in scored:
            s.total = round(sum([r[2] for r in s.reasons]), 1)
        if n > 1:
            order = sorted(
                range(n),
                key=lambda i: (
                    not scored[i].eligible,
                    -scored[i].total,
                    _SOURCE_ORDER.get(scored[i].input.source, 6),
                    i,
                ),
            )
            ranked = [scored[i] for i in order]
        else:
            ranked = scored
        top_of_group: dict[int, ScoredCandidate] = {}
        for pos, s in enumerate(ranked, 1):
            s.rank = pos
            top = top_of_group.setdefault(s.group, s)
            s.dup_of = None if top is s else top.input.id
        return self._decide(ranked)

    def _agreement(self, scored: list[ScoredCandidate]) -> None:
        keys: list[str] = []
        counties: list[str] = []
        levels: list[int] = []
        for s in scored:
            c = s.input
            if c.status == "active":
                keys.append(c.standard)
                counties.append((c.adcode or "")[:6])
                levels.append(LEVEL_VALUE.get(c.level, 0))
            else:
                keys.append("")
                counties.append("")
                levels.append(0)
        groups = group_places(keys, counties, levels, self.similarity)
        members: dict[int, list[int]] = {}
        for i, g in enumerate(groups):
            scored[i].group = g
            members.setdefault(g, []).append(i)
        if len(members) < len(groups):
            for idx in members.values():
                if len(idx) < 2:
                    continue
                names = sorted(
                    {scored[i].input.source for i in idx}, key=lambda s: _SOURCE_ORDER.get(s, 6)
                )
                label_sources = "+".join(SOURCE_SHORT_ZH.get(s, s) for s in names)
                code, label, points = self.agree_one if len(idx) == 2 else self.agree_more
                reason = (code, label.replace("{sources}", label_sources), points)
                for i in idx:
                    scored[i].reasons.append(reason)
        # another place (group) in the same county: a weak hint of ties to the area
        by_county: dict[str, set[int]] = {}
        for i, county in enumerate(counties):
            if len(county) == 6:
                by_county.setdefault(county, set()).add(groups[i])
        if any(len(g) > 1 for g in by_county.values()):
            for i, county in enumerate(counties):
                if len(county) == 6 and len(by_county[county]) > 1:
                    scored[i].reasons.append(self.agree_district)

    def _decide(self, ranked: list[ScoredCandidate]) -> CaseRanking:
        best = ranked[0] if ranked and ranked[0].eligible else None
        if best is None:
            return CaseRanking(
                ranked, None, 0.0, True, CaseStatus.NO_VALID_ADDRESS, [REVIEW_NO_VALID]
            )
        rival = next((s for s in ranked[1:] if s.eligible and s.group != best.group), None)
        margin = best.total - (rival.total if rival is not None else 0.0)
        confidence = round(max(0.0, min(1.0, margin / self.conf_scale)), 3)
        review: list[ReasonTuple] = []
        if best.total < self.weak_below:
            review.append((REVIEW_WEAK, f"最佳地址得分偏低（{best.total:g}分）", 0.0))
        if rival is not None and margin < self.close_margin:
            review.append((REVIEW_CLOSE, f"前两名得分接近（相差{margin:g}分）", 0.0))
        status = CaseStatus.NEEDS_REVIEW if review else CaseStatus.CONFIRMED
        return CaseRanking(ranked, best, confidence, bool(review), status, review)
