"""The computing half of ranking, free of database writes: it runs in the main process or in
worker processes (``multiprocessing`` spawn, so it behaves the same on Windows).

A worker opens its own read connection (SQLite WAL lets it read while the main process
writes), fetches its chunk of cases, parses the candidates not parsed yet, scores them and
returns only the rows that changed: a candidate parsed here comes back as ONE row with its
parse results and its score (one write per candidate, not a parse write and a score write).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from songda.domain.blacklist import BlacklistEntry
from songda.domain.models import CaseStatus
from songda.native import reduce_frozen
from songda.ranking.blacklist import BlacklistMatcher, load_builtin_rules
from songda.ranking.context import case_context
from songda.ranking.inputs import CandidateInput
from songda.ranking.learning import OutcomeBook, OutcomeCounts
from songda.ranking.score import CaseRanking, Scorer
from songda.ranking.serialize import reasons_json
from songda.ranking.weights import Weights
from songda.services.parse_candidates import parse_case_rows
from songda.store import Store, open_store
from songda.store import ranking as q


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
    parse_seconds: float = 0.0  # time in the address engine, summed over processes
    rank_seconds: float = 0.0  # wall time of the whole run (parsing included)
    by_status: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def add(self, other: RankReport) -> None:
        """Add another chunk's counts and parse time."""
        self.parse_seconds += other.parse_seconds
        for name in (
            "cases",
            "candidates",
            "confirmed",
            "needs_review",
            "no_valid_address",
            "kept",
            "candidates_written",
            "cases_written",
            "parsed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.by_status.items():
            self.by_status[k] = self.by_status.get(k, 0) + v


@dataclass(frozen=True, slots=True)
class ScorerRecipe:
    """Everything a worker needs to build the same :class:`Scorer` (picklable)."""

    weights: Weights
    entries: tuple[BlacklistEntry, ...]
    outcomes: tuple[tuple[Any, ...], ...]
    today: date

    def build(self) -> Scorer:
        matcher = BlacklistMatcher(
            self.entries,
            load_builtin_rules(),
            similarity=self.weights.threshold("blacklist_similarity"),
        )
        book = OutcomeBook((r[0], r[1], OutcomeCounts(*r[2:])) for r in self.outcomes)
        return Scorer(self.weights, matcher, book)

    def __reduce__(self) -> tuple[object, ...]:
        return reduce_frozen(self)


_DATES: Final[dict[str, date | None]] = {}
_ISSUES: Final[dict[str, tuple[str, ...]]] = {}


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


# Where a parse result's values go in a CANDIDATE_COLUMNS row (scoring inputs).
_SUBSTITUTE: Final = tuple(
    (pos, q.PARSED_FIELDS.index(name)) for name, pos in q.PARSED_INTO_CANDIDATE.items()
)

Rows = list[tuple[Any, ...]]


def _parse_case(
    case: Sequence[Any], rows: list[tuple[Any, ...]]
) -> tuple[list[tuple[Any, ...]], dict[int | None, tuple[Any, ...]]]:
    """Parse a case's unparsed candidates; returns the rows with the parse results put in
    and the parse rows (``PARSED_FIELDS`` values, then the id) by candidate id."""
    inputs = [
        (
            r[0],
            r[1],
            r[4],
            r[q.CANDIDATE_POSTCODE],
            r[2],
            r[q.CANDIDATE_PARSED],
            r[6],
            case[1],
            case[2],
        )
        for r in rows
    ]
    fresh: dict[int | None, tuple[Any, ...]] = {p[-1]: p for p in parse_case_rows(inputs)}
    out: list[tuple[Any, ...]] = []
    for r in rows:
        p = fresh.get(r[0])
        if p is None:
            out.append(r)
            continue
        new = list(r)
        for pos, src in _SUBSTITUTE:
            new[pos] = p[src]
        new[q.CANDIDATE_PARSED] = 1
        out.append(tuple(new))
    return out, fresh


def rank_chunk(
    scorer: Scorer,
    cases: list[tuple[Any, ...]],
    cands: list[tuple[Any, ...]],
    today: date,
    report: RankReport,
) -> tuple[Rows, Rows, Rows]:
    """Parse (what is not parsed yet) and rank one chunk of cases.

    Returns ``(parsed rows, score rows, case rows)``: parsed rows hold the parse results and
    the scores of candidates parsed now (for ``write_parsed_scores``), score rows the new
    scores of already parsed candidates whose scores changed, case rows the changed cases.
    """
    by_case: dict[int, list[tuple[Any, ...]]] = {}
    for row in cands:
        by_case.setdefault(row[1], []).append(row)
    parsed_out: Rows = []
    cand_out: Rows = []
    case_out: Rows = []
    for case in cases:
        case_id, id_number, phones, status = case[0], case[1], case[2], case[3]
        rows = by_case.get(case_id, [])
        fresh: dict[int | None, tuple[Any, ...]] = {}
        if any(not r[q.CANDIDATE_PARSED] for r in rows):
            t0 = time.perf_counter()
            rows, fresh = _parse_case(case, rows)
            report.parse_seconds += time.perf_counter() - t0
            report.parsed += len(fresh)
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
            p = fresh.get(cid)
            if p is not None:
                parsed_out.append((*p[:-1], *new, cid))
            elif old[cid][15:20] != new:
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
    return parsed_out, cand_out, case_out


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


# --- worker processes ---------------------------------------------------------------------

_worker: dict[str, Any] = {}


def init_worker(db_path: str, recipe: ScorerRecipe) -> None:
    """Pool initializer: a read connection and the scorer, once per process.

    Workers run at a lower priority than the writing process: on two cores, two workers
    and the writer compete; the writer is the bottleneck of a first ranking (it writes every
    row) and must not wait for a core, while a re-ranking that writes little still gets
    both cores for its workers."""
    if hasattr(os, "nice"):  # POSIX; Windows keeps the normal priority
        try:
            os.nice(5)
        except OSError:
            pass
    _worker["store"] = open_store(Path(db_path))
    _worker["scorer"] = recipe.build()
    _worker["today"] = recipe.today


def work(spec: q.ChunkSpec) -> tuple[Rows, Rows, Rows, RankReport]:
    """Parse and score one chunk in a worker; returns the rows to write and the counts."""
    store: Store = _worker["store"]
    cases, cands = q.fetch_chunk(store, spec)
    report = RankReport()
    rows = rank_chunk(_worker["scorer"], cases, cands, _worker["today"], report)
    return (*rows, report)
