"""Ranking speed: 100,000 cases × 5 candidates, parsing measured separately.

    PYTHONPATH=desktop python benchmarks/ranking_speed.py [N_CASES] [--pool 2000]

1. Parsing: ``--pool`` synthetic cases (benchmarks/synth_cases.py) are parsed and ranked by
   ``rank_cases``; reported as candidates per second (wall) and the address engine's own
   time summed over the processes.
2. Ranking: a database of N_CASES cases × 5 already-parsed candidates is built by drawing
   from that parsed pool (a pool case's candidates, topped up to five with other pool
   cases' ones), then ``rank_cases`` is timed: the first run writes every score, a second
   run over unchanged data writes nothing. Wall and CPU time are printed.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))

from songda.services.rank_cases import rank_cases  # noqa: E402
from songda.store import open_store  # noqa: E402
from synth_cases import REFERENCE_DATE, generate, insert_cases  # noqa: E402

PARSED = (
    "source source_column raw_text raw_postcode address_date province city district town"
    " village road road_no poi building unit floor room detail standard spans adcode postcode"
    " level valid issues confidence parsed_at"
).split()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--pool", type=int, default=2000)
    ap.add_argument("--per-case", type=int, default=5)
    ap.add_argument(
        "--workers", type=int, default=None, help="scoring processes (default: rank_cases decides)"
    )
    args = ap.parse_args()
    logging.disable(logging.ERROR)  # the address engine logs its own parse failures
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        pool_store = open_store(Path(tmp) / "pool.db")
        insert_cases(pool_store, generate(args.pool, 11))
        t0 = time.perf_counter()
        c0 = time.process_time()
        rep = rank_cases(pool_store, today=REFERENCE_DATE)
        wall = time.perf_counter() - t0
        print(
            f"parse + rank of the pool: {rep.parsed} candidates in {wall:.1f}s wall"
            f" = {rep.parsed / wall:,.0f}/s; address engine {rep.parse_seconds:.1f}s summed over"
            f" processes = {rep.parsed / max(rep.parse_seconds, 1e-9):,.0f}/s per process"
            f" (this process CPU {time.process_time() - c0:.1f}s)"
        )
        cases = pool_store.query("SELECT id, id_number, phones FROM cases ORDER BY id")
        cols = ", ".join(PARSED)
        by_case: dict[int, list[dict[str, object]]] = {}
        for r in pool_store.query(f"SELECT case_id, {cols} FROM candidates ORDER BY case_id, id"):
            by_case.setdefault(int(r.pop("case_id")), []).append(r)  # type: ignore[arg-type]
        pool_store.close()
        all_cands = [c for v in by_case.values() for c in v]

        store = open_store(Path(tmp) / "speed.db")
        t0 = time.perf_counter()
        now = "2026-11-28T00:00:00"
        with store.transaction():
            case_rows = []
            cand_rows = []
            for i in range(args.n):
                base = cases[rng.randrange(len(cases))]
                case_rows.append(
                    {
                        "id": i + 1,
                        "case_no": f"S{i:07d}",
                        "debtor_name": "某某",
                        "id_number": base["id_number"],
                        "phones": base["phones"],
                        "status": "new",
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                mine = list(by_case.get(int(base["id"]), []))  # type: ignore[call-overload]
                while len(mine) < args.per_case:
                    mine.append(all_cands[rng.randrange(len(all_cands))])
                for c in mine[: args.per_case]:
                    cand_rows.append({**c, "case_id": i + 1, "created_at": now, "updated_at": now})
            store.db["cases"].insert_all(case_rows, batch_size=10_000)
            store.db["candidates"].insert_all(cand_rows, batch_size=10_000)
        n_cands = len(cand_rows)
        print(
            f"built {args.n:,} cases × {args.per_case} = {n_cands:,} candidates in"
            f" {time.perf_counter() - t0:.0f}s"
        )
        for label in ("first ranking (writes everything)", "re-ranking, nothing changed"):
            t0 = time.perf_counter()
            c0 = time.process_time()
            rep = rank_cases(store, today=REFERENCE_DATE, workers=args.workers)
            wall = time.perf_counter() - t0
            cpu = time.process_time() - c0  # this process only (not the workers)
            print(
                f"{label}: {wall:.1f}s wall, {cpu:.1f}s CPU, {n_cands / wall:,.0f} candidates/s;"
                f" written {rep.candidates_written:,} candidates, {rep.cases_written:,} cases;"
                f" {json.dumps(rep.by_status)}; load average {os.getloadavg()[0]:.1f}"
            )
        store.close()


if __name__ == "__main__":
    main()
