"""``rank_cases``: parse what is not parsed yet, then score, rank and pick each case's best.

Contract (docs/CONTRACTS.md): ``rank_cases(store, case_ids=None, *, weights=None, progress,
cancel) -> RankReport``. Cases an operator confirmed (a candidate with ``chosen = 1``) and
cases in the mail flow (ready / sent / signed / returned) keep their choice and status; their
candidates' scores and reasons are still refreshed. Writes go in chunks of cases, one
transaction each, with ``executemany``; only rows whose values changed are written.

Parsing and scoring go together, chunk by chunk: a chunk's unparsed candidates are parsed
and the chunk is scored at once, and a candidate parsed in the run is written once, parse
results and score in one row. Big runs on a database file (from ``PARALLEL_MIN_PARSE``
cases to parse or ``PARALLEL_MIN_CASES`` cases) do this in worker processes (spawn, as on
Windows) while this process writes the results; ``workers=0`` or ``SONGDA_RANK_WORKERS=0``
keeps everything in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from songda.domain.progress import CancelToken, Progress, null_progress
from songda.ranking.weights import Weights, load_weights
from songda.services.rank_compute import (
    RankReport,
    ScorerRecipe,
    candidate_input,
    init_worker,
    rank_chunk,
    work,
)
from songda.store import Store
from songda.store import blacklist as bl_store
from songda.store import ranking as q

__all__ = ["RankReport", "candidate_input", "rank_cases", "scorer_recipe"]

WEIGHTS_SETTING = "ranking.weights"  # {reason code: points} overrides
CHUNK_CASES = 2000
PARALLEL_MIN_CASES = 20_000  # ranking: ~40 µs per candidate, workers pay off from here
PARALLEL_MIN_PARSE = 2_000  # parsing: ~0.5 ms per candidate, a pool pays off much sooner


def scorer_recipe(
    store: Store, weights: Weights | None = None, today: date | None = None
) -> ScorerRecipe:
    """The store's blacklist, outcome history and weight overrides, ready to build a scorer."""
    if weights is None:
        weights = load_weights(overrides=store.get_setting(WEIGHTS_SETTING, None))
    return ScorerRecipe(
        weights,
        tuple(bl_store.list_entries(store, active_only=True)),
        tuple(tuple(r) for r in q.load_outcomes(store)),
        today or date.today(),
    )


def _workers(requested: int | None, big: bool, store: Store) -> int:
    if store.path is None:
        return 0
    if requested is not None:
        return max(0, requested)
    env = os.environ.get("SONGDA_RANK_WORKERS")
    if env is not None and env.strip().isdigit():
        return int(env)
    if not big:
        return 0
    return min(2, os.cpu_count() or 1)


def rank_cases(
    store: Store,
    case_ids: Sequence[int] | None = None,
    *,
    weights: Weights | None = None,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
    today: date | None = None,
    workers: int | None = None,
) -> RankReport:
    """Parse pending candidates, then rank all cases (or ``case_ids``).

    ``workers``: processes that parse and score chunks (0 = in this process; default: two
    for big runs, none for small ones).
    """
    report = RankReport()
    t0 = time.perf_counter()
    n_unparsed = len(q.unparsed_case_ids(store, case_ids))
    recipe = scorer_recipe(store, weights, today)
    specs = q.chunk_specs(store, case_ids, CHUNK_CASES)
    total = q.count_cases(store, case_ids)
    big = n_unparsed >= PARALLEL_MIN_PARSE or total >= PARALLEL_MIN_CASES
    n_workers = _workers(workers, big, store)
    message = "解析地址" if n_unparsed else "地址排序"  # parsing, then scoring, per chunk
    done = 0
    progress(0, total, message)
    with q.bulk_writes(store):
        for parsed_rows, cand_rows, case_rows, part in _results(
            store, specs, recipe, n_workers, cancel
        ):
            with store.transaction():
                if parsed_rows:
                    q.write_parsed_scores(store, parsed_rows)
                if cand_rows:
                    q.write_candidate_scores(store, cand_rows)
                if case_rows:
                    q.write_case_results(store, case_rows)
            part.candidates_written = len(parsed_rows) + len(cand_rows)
            part.cases_written = len(case_rows)
            report.add(part)
            done += part.cases
            progress(done, total, message)
    report.parse_seconds = round(report.parse_seconds, 3)
    report.rank_seconds = round(time.perf_counter() - t0, 3)
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
            "weights_overridden": list(recipe.weights.overridden),
        },
    )
    return report


Result = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], RankReport]


def _results(
    store: Store,
    specs: list[q.ChunkSpec],
    recipe: ScorerRecipe,
    n_workers: int,
    cancel: CancelToken | None,
) -> Iterator[Result]:
    if n_workers <= 0 or len(specs) < 2:
        scorer = recipe.build()
        for spec in specs:
            if cancel is not None:
                cancel.check()
            cases, cands = q.fetch_chunk(store, spec)
            part = RankReport()
            yield (*rank_chunk(scorer, cases, cands, recipe.today, part), part)
        return
    # spawn (not fork) everywhere: the same behaviour as on Windows, no inherited connection
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(n_workers, initializer=init_worker, initargs=(str(store.path), recipe)) as pool:
        try:
            for result in pool.imap(work, specs):
                if cancel is not None:
                    cancel.check()
                yield result
        except BaseException:
            pool.terminate()
            raise
