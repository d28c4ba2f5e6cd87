"""``rank_cases``: parse what is not parsed yet, then score, rank and pick each case's best.

Contract (docs/CONTRACTS.md): ``rank_cases(store, case_ids=None, *, weights=None, progress,
cancel) -> RankReport``. Cases an operator confirmed (a candidate with ``chosen = 1``) and
cases in the mail flow (ready / sent / signed / returned) keep their choice and status; their
candidates' scores and reasons are still refreshed. Writes go in chunks of cases, one
transaction each, with ``executemany``; only rows whose values changed are written.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from songda.domain.models import CaseStatus
from songda.domain.progress import CancelToken, Progress, null_progress
from songda.ranking.blacklist import BlacklistMatcher, load_builtin_rules
from songda.ranking.context import case_context
from songda.ranking.inputs import CandidateInput
from songda.ranking.learning import OutcomeBook, OutcomeCounts
from songda.ranking.score import CaseRanking, Scorer
from songda.ranking.serialize import reasons_json
from songda.ranking.weights import Weights, load_weights
from songda.services.parse_candidates import parse_pending
from songda.store import Store
from songda.store import blacklist as bl_store
from songda.store import ranking as q

WEIGHTS_SETTING = "ranking.weights"  # {reason code: points} overrides
CHUNK_CASES = 2000


@dataclass(slots=True)
class RankReport:
    cases: int = 0  # cases ranked
    candidates: int = 0  # candidates scored
    parsed: int = 0  # candidates parsed first
    confirmed: int = 0
    needs_review: int = 0
    no_valid_address: int = 0
    kept: int = 0  # operator-confirmed or in the mail flow: choice and status kept
    candidates_written: int = 0
    cases_written: int = 0
    parse_seconds: float = 0.0
    rank_seconds: float = 0.0
    by_status: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_scorer(store: Store, weights: Weights | None = None) -> Scorer:
    """A scorer with the store's blacklist, outcome history and weight overrides."""
    if weights is None:
        weights = load_weights(overrides=store.get_setting(WEIGHTS_SETTING, None))
    matcher = BlacklistMatcher(
        bl_store.list_entries(store, active_only=True),
        load_builtin_rules(),
        similarity=weights.threshold("blacklist_similarity"),
    )
    outcomes = OutcomeBook((r[0], r[1], OutcomeCounts(*r[2:])) for r in q.load_outcomes(store))
    return Scorer(weights, matcher, outcomes)


_DATES: dict[str, date | None] = {}
_ISSUES: dict[str, tuple[str, ...]] = {}


def _date(v: Any) -> date | None:
    if not v:
        return None
    key = str(v)[:10]
    try:
        return _DATES[key]
    except KeyError:
        pass
    try:
        d: date | None = date.fromisoformat(key)
    except ValueError:
        d = None
    if len(_DATES) < 100_000:
        _DATES[key] = d
    return d


def _issues(v: Any) -> tuple[str, ...]:
    if not v or v == "[]":
        return ()
    try:
        return _ISSUES[v]
    except KeyError:
        pass
    try:
        got = tuple(str(x) for x in json.loads(v))
    except (json.JSONDecodeError, TypeError):
        got = ()
    if len(_ISSUES) < 100_000:
        _ISSUES[v] = got
    return got


def candidate_input(row: Sequence[Any]) -> CandidateInput:
    """From a :data:`songda.store.ranking.CANDIDATE_COLUMNS` row."""
    return CandidateInput(
        row[0],
        row[2],
        row[4] or "",
        row[5] or "",
        row[6],
        row[7] or "none",
        bool(row[8]),
        _issues(row[9]),
        row[10] or 0.0,
        row[11],
        None,
        None,
        _date(row[12]) if row[12] else None,
        row[13] or "active",
        bool(row[14]),
        row[3],
    )


def rank_cases(
    store: Store,
    case_ids: Sequence[int] | None = None,
    *,
    weights: Weights | None = None,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
    today: date | None = None,
) -> RankReport:
    """Parse pending candidates, then rank all cases (or ``case_ids``)."""
    report = RankReport()
    t0 = time.perf_counter()
    report.parsed = parse_pending(store, case_ids, progress=progress, cancel=cancel)
    report.parse_seconds = round(time.perf_counter() - t0, 3)
    t1 = time.perf_counter()
    scorer = build_scorer(store, weights)
    day = today or date.today()
    total = q.count_cases(store, case_ids)
    done = 0
    progress(0, total, "地址排序")
    for cases, cands in q.rank_chunks(store, case_ids, CHUNK_CASES):
        if cancel is not None:
            cancel.check()
        cand_rows, case_rows = _rank_chunk(scorer, cases, cands, day, report)
        with store.transaction():
            if cand_rows:
                q.write_candidate_scores(store, cand_rows)
            if case_rows:
                q.write_case_results(store, case_rows)
        report.candidates_written += len(cand_rows)
        report.cases_written += len(case_rows)
        done += len(cases)
        progress(done, total, "地址排序")
    report.rank_seconds = round(time.perf_counter() - t1, 3)
    store.audit(
        "ranking",
        None,
        "rank",
        None,
        {
            "cases": report.cases,
            "parsed": report.parsed,
            "confirmed": report.confirmed,
            "needs_review": report.needs_review,
            "no_valid_address": report.no_valid_address,
            "kept": report.kept,
            "weights_overridden": list(scorer.weights.overridden),
        },
    )
    return report


def _rank_chunk(
    scorer: Scorer,
    cases: list[tuple[Any, ...]],
    cands: list[tuple[Any, ...]],
    today: date,
    report: RankReport,
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    by_case: dict[int, list[tuple[Any, ...]]] = {}
    for row in cands:
        by_case.setdefault(row[1], []).append(row)
    cand_out: list[tuple[Any, ...]] = []
    case_out: list[tuple[Any, ...]] = []
    for case in cases:
        case_id, id_number, phones, status = case[0], case[1], case[2], case[3]
        rows = by_case.get(case_id, [])
        ctx = case_context(id_number, phones, today)
        ranking = scorer.rank([candidate_input(r) for r in rows], ctx)
        report.cases += 1
        report.candidates += len(rows)
        old = {r[0]: r for r in rows}
        for s in ranking.ranked:
            cid = s.input.id
            new = (
                s.total,
                s.rank,
                reasons_json(s.reasons),
                json.dumps(s.flags) if s.flags else None,
                s.dup_of,
            )
            o = old[cid]
            if o[15:20] != new:
                cand_out.append((*new, cid))
        locked = status in q.LOCKED_STATUSES or any(r[14] for r in rows)
        if locked:
            report.kept += 1
            report.by_status[status] = report.by_status.get(status, 0) + 1
            continue
        new_case = _case_values(ranking)
        _count(report, ranking.status)
        if tuple(case[4:10]) != new_case or status != ranking.status.value:
            case_out.append((*new_case[:4], ranking.status.value, *new_case[4:], case_id))
    return cand_out, case_out


def _case_values(r: CaseRanking) -> tuple[Any, ...]:
    """(best_candidate_id, best_score, best_address, needs_review, confidence, review JSON)."""
    best = r.best
    return (
        None if best is None else best.input.id,
        None if best is None else best.total,
        None if best is None else (best.input.standard or best.input.raw),
        1 if r.needs_review else 0,
        r.confidence,
        reasons_json(r.review) if r.review else None,
    )


def _count(report: RankReport, status: CaseStatus) -> None:
    report.by_status[status.value] = report.by_status.get(status.value, 0) + 1
    if status is CaseStatus.CONFIRMED:
        report.confirmed += 1
    elif status is CaseStatus.NEEDS_REVIEW:
        report.needs_review += 1
    elif status is CaseStatus.NO_VALID_ADDRESS:
        report.no_valid_address += 1
