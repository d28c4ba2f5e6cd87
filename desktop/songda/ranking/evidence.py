"""Evidence about one candidate, each piece an explainable reason (code, Chinese label, points).

Everything here looks at one candidate alone (plus the debtor's ID area and phone cities);
agreement between a case's candidates is in :mod:`songda.ranking.agreement` and the whole case
is put together in :mod:`songda.ranking.score`. The points come from
:class:`songda.ranking.weights.Weights` (resources/ranking/weights.json).
"""

from __future__ import annotations

from typing import Final

from songda.domain.blacklist import BlacklistKind
from songda.domain.models import Source
from songda.ranking.blacklist import BlacklistHit, BlacklistMatcher
from songda.ranking.inputs import CandidateInput, CaseContext
from songda.ranking.learning import ADDRESS, COMMUNITY, SOURCE, OutcomeBook, outcome_keys
from songda.ranking.weights import Weights

# (code, Chinese label, points)
ReasonTuple = tuple[str, str, float]

_ID_SOURCES: Final = frozenset({Source.HOUSEHOLD.value, Source.ID_CARD.value})
_PHONE_SOURCES: Final = frozenset({Source.RESIDENCE.value, Source.DELIVERY.value})
_ISSUE_CODES: Final = ("contradiction", "ambiguous", "typo_corrected")


class Evidence:
    """Evaluates single candidates; build once per ranking run (weights are pre-resolved)."""

    def __init__(
        self,
        weights: Weights,
        blacklist: BlacklistMatcher | None = None,
        outcomes: OutcomeBook | None = None,
    ) -> None:
        w = weights
        self.w = w

        def r(code: str) -> ReasonTuple:
            return (code, w.label(code), w.points(code))

        self._r = r
        self.level = {
            k: r(f"level.{k}")
            for k in "room floor unit building road_no poi village road town district "
            "city province none".split()
        }
        self.source = {s.value: r(f"source.{s.value}") for s in Source}
        self.status = {k: r(f"status.{k}") for k in ("invalid", "returned", "removed")}
        self.issue = {k: r(f"issue.{k}") for k in _ISSUE_CODES}
        self.junk = r("issue.junk")
        self.invalid = r("valid.invalid")
        self.low_conf = r("parse.low_confidence")
        self.low_conf_below = w.threshold("parse_low_confidence")
        self.recent = r("recency.recent")
        self.year = r("recency.year")
        self.old = r("recency.old")
        self.recent_days = w.threshold("recent_days")
        self.year_days = w.threshold("year_days")
        self.old_days = w.threshold("old_days")
        self.id_match = r("identity.id_area_match")
        self.id_mismatch = r("identity.id_area_mismatch")
        self.phone_city = r("identity.phone_city")
        self.blacklist_reason = {k: r(f"blacklist.{k.value}") for k in BlacklistKind}
        self.matcher = blacklist if blacklist is not None and not blacklist.empty else None
        self.outcomes = outcomes if outcomes is not None and not outcomes.empty else None
        self.hist = {
            k: r(f"history.{k}")
            for k in (
                "address_signed",
                "address_refused",
                "address_not_there",
                "address_bad",
                "community_good",
                "community_bad",
            )
        }
        self.source_rate_weight = w.points("history.source_rate")
        self.source_rate_label = w.label("history.source_rate")
        self.hist_min_sent = w.threshold("history_min_sent")
        self.hist_comm_min = w.threshold("history_community_min")

    def candidate(
        self, c: CandidateInput, ctx: CaseContext
    ) -> tuple[list[ReasonTuple], bool, list[BlacklistHit]]:
        """Reasons, eligibility (may be sent to) and blacklist hits of one candidate."""
        reasons: list[ReasonTuple] = []
        eligible = c.valid
        if c.status != "active":
            st = self.status.get(c.status)
            if st is not None:
                reasons.append(st)
            eligible = False
        reasons.append(self.level.get(c.level) or self.level["none"])
        issues = c.issues
        if issues and "junk" in issues:
            reasons.append(self.junk)
        elif not c.valid:
            reasons.append(self.invalid)
        if issues:
            for code in _ISSUE_CODES:
                if code in issues:
                    reasons.append(self.issue[code])
        if c.valid and c.confidence < self.low_conf_below:
            reasons.append(self.low_conf)
        reasons.append(self.source.get(c.source) or self.source["other"])
        if c.address_date is not None:
            age = (ctx.today - c.address_date).days
            if age <= self.recent_days:
                reasons.append(self.recent)
            elif age <= self.year_days:
                reasons.append(self.year)
            elif age > self.old_days:
                reasons.append(self.old)
        adcode = c.adcode
        if adcode:
            if c.source in _ID_SOURCES and ctx.id_area_codes:
                codes = ctx.id_area_codes
                if adcode[:6] in codes or adcode[:4] + "00" in codes:
                    reasons.append(self.id_match)
                elif len(adcode) >= 2 and all(adcode[:2] != a[:2] for a in ctx.id_area_codes):
                    reasons.append(self.id_mismatch)
            elif c.source in _PHONE_SOURCES and adcode[:4] in ctx.phone_cities:
                reasons.append(self.phone_city)
        hits: list[BlacklistHit] = []
        if self.matcher is not None:
            hits = self.matcher.hits(c.source, c.raw, c.standard, adcode)
            for kind in dict.fromkeys(h.kind for h in hits):
                code, label, points = self.blacklist_reason[kind]
                matched = "、".join(dict.fromkeys(h.matched for h in hits if h.kind is kind))
                reasons.append((code, f"{label}（{matched}）" if matched else label, points))
            if hits:
                eligible = False
        if self.outcomes is not None:
            reasons.extend(self._history(c))
        return reasons, eligible, hits

    def _history(self, c: CandidateInput) -> list[ReasonTuple]:
        book = self.outcomes
        assert book is not None
        out: list[ReasonTuple] = []
        keys = outcome_keys(c.source, c.standard, c.adcode, c.poi)
        a = book.get(ADDRESS, keys.get(ADDRESS))
        if a is not None and a.sent:
            bad = a.not_there + a.bad_address
            if a.signed and a.signed >= bad:
                out.append(self.hist["address_signed"])
            elif a.bad_address and a.bad_address >= a.not_there:
                out.append(self.hist["address_bad"])
            elif a.not_there:
                out.append(self.hist["address_not_there"])
            if a.refused and not a.signed:
                out.append(self.hist["address_refused"])
        m = book.get(COMMUNITY, keys.get(COMMUNITY))
        if m is not None and m.sent >= self.hist_comm_min:
            if m.signed / m.sent >= 0.6:
                out.append(self.hist["community_good"])
            elif (m.not_there + m.bad_address) / m.sent >= 0.5:
                out.append(self.hist["community_bad"])
        s = book.get(SOURCE, keys[SOURCE])
        if s is not None and s.sent >= self.hist_min_sent and book.overall_rate is not None:
            rate = s.signed / s.sent
            points = round(self.source_rate_weight * (rate - book.overall_rate), 1)
            if points:
                label = self.source_rate_label.replace("{rate}", f"{rate:.0%}")
                out.append(("history.source_rate", label, points))
        return out
