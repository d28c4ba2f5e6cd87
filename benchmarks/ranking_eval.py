"""How often the chosen address reaches the debtor, on synthetic cases with known truth.

    PYTHONPATH=desktop python benchmarks/ranking_eval.py [N_CASES] [--seed S] [--sensitivity]

Generates cases with ``benchmarks/synth_cases.py``, stores them in a temporary database,
runs ``rank_cases`` (parse + rank) and compares the chosen candidate with the truth, next to
simple baselines: the first address column of the file, always 户籍 (household, else the
first address), the longest text; and the oracle (any address reaches).

``--sensitivity`` repeats the comparison with the generator's main assumptions changed
(stale or fresh residences, stale deliveries, fewer migrants, families that rarely sign…),
to show that the ranking's advantage does not hang on one guess.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))

from songda.services.rank_cases import rank_cases  # noqa: E402
from songda.store import open_store  # noqa: E402
from synth_cases import (  # noqa: E402
    COLUMNS,
    REFERENCE_DATE,
    Assumptions,
    SynthAddress,
    SynthCase,
    generate,
    insert_cases,
)

ORDER = [c for c in COLUMNS if c.endswith("地址")]


def first_column(c: SynthCase) -> SynthAddress | None:
    by = {a.column: a for a in c.addresses}
    return next((by[col] for col in ORDER if col in by), None)


def household(c: SynthCase) -> SynthAddress | None:
    return c.address("household") or first_column(c)


def longest(c: SynthCase) -> SynthAddress | None:
    return max(c.addresses, key=lambda a: len(a.text), default=None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--sensitivity", action="store_true")
    args = ap.parse_args()
    if args.sensitivity:
        sensitivity(args.n, args.seed)
        return
    t0 = time.perf_counter()
    cases = generate(args.n, args.seed)
    t_gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "eval.db")
        ids = insert_cases(store, cases)
        report = rank_cases(store, today=REFERENCE_DATE)
        best = dict(store.conn.execute("SELECT id, best_candidate_id FROM cases").fetchall())
        review = dict(store.conn.execute("SELECT id, needs_review FROM cases").fetchall())
        status = dict(store.conn.execute("SELECT id, status FROM cases").fetchall())
        cand_pos: dict[int, tuple[int, int]] = {}
        for case_id, rows in _group(
            store.conn.execute("SELECT case_id, id FROM candidates ORDER BY case_id, id").fetchall()
        ).items():
            for pos, cid in enumerate(rows):
                cand_pos[cid] = (case_id, pos)
        store.close()

    hits = Counter()
    chosen_by = Counter()
    chosen_reach_by = Counter()
    for c in cases:
        case_id = ids[c.case_no]
        b = best[case_id]
        ours = c.addresses[cand_pos[b][1]] if b is not None else None
        if ours is not None:
            chosen_by[ours.source] += 1
            chosen_reach_by[ours.source] += ours.reaches
        rows = {
            "songda ranking": ours,
            "first address column": first_column(c),
            "always 户籍 (household)": household(c),
            "longest text": longest(c),
        }
        for k, a in rows.items():
            hits[k] += bool(a and a.reaches)
        hits["oracle (any address reaches)"] += c.reachable
        flagged = bool(review[case_id])
        hits["review:flagged"] += flagged
        hits["review:flagged_reach"] += flagged and bool(ours and ours.reaches)
        hits["review:auto_reach"] += (not flagged) and bool(ours and ours.reaches)
        hits["no_valid"] += status[case_id] == "no_valid_address"
        hits["no_valid_but_reachable"] += status[case_id] == "no_valid_address" and c.reachable

    n = len(cases)
    print(f"cases: {n} (seed {args.seed}), candidates: {sum(len(c.addresses) for c in cases)}")
    print(
        f"generate {t_gen:.1f}s, parse {report.parse_seconds:.1f}s, rank {report.rank_seconds:.1f}s"
    )
    print("\n| method | letters reaching the debtor |\n| --- | --- |")
    for k in (
        "songda ranking",
        "first address column",
        "always 户籍 (household)",
        "longest text",
        "oracle (any address reaches)",
    ):
        print(f"| {k} | {hits[k] / n:.1%} |")
    flagged = hits["review:flagged"]
    auto = n - flagged
    print(
        f"\nreview queue: {flagged / n:.1%} of cases"
        f" (no valid address {hits['no_valid'] / n:.1%}, of which reachable"
        f" {hits['no_valid_but_reachable']});"
        f" chosen reaches in {hits['review:auto_reach'] / max(auto, 1):.1%} of auto-confirmed"
        f" and {hits['review:flagged_reach'] / max(flagged, 1):.1%} of flagged cases"
    )
    print("\nchosen source: share of cases, and how often it reaches")
    for s, k in chosen_by.most_common():
        print(f"  {s:10s} {k / n:6.1%}  reaches {chosen_reach_by[s] / k:.1%}")


VARIANTS: list[tuple[str, Assumptions]] = [
    ("default assumptions", Assumptions()),
    ("residences mostly stale (fresh 0.6)", Assumptions(residence_fresh=0.6)),
    ("residences stay current (0.95, decay 0.1)", Assumptions(0.55, 0.45, 0.95, 0.1)),
    ("delivery addresses often old (0.5)", Assumptions(delivery_current=0.5)),
    ("few migrants, families sign (0.25, 0.7)", Assumptions(migrant=0.25, family_signs=0.7)),
    ("families rarely sign (0.2)", Assumptions(family_signs=0.2)),
    ("work letters reach (0.8)", Assumptions(work_reaches=0.8)),
]


def sensitivity(n: int, seed: int) -> None:
    print(f"{n} cases per variant (seed {seed}): share of letters reaching the debtor\n")
    print("| assumptions | songda | first column | always 户籍 | longest | oracle |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, assumptions in VARIANTS:
        cases = generate(n, seed, assumptions)
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(Path(tmp) / "eval.db")
            ids = insert_cases(store, cases)
            rank_cases(store, today=REFERENCE_DATE)
            best = dict(store.conn.execute("SELECT id, best_candidate_id FROM cases").fetchall())
            first_id = dict(
                store.conn.execute("SELECT case_id, min(id) FROM candidates GROUP BY case_id")
            )
            store.close()
        hits = Counter()
        for c in cases:
            b = best[ids[c.case_no]]
            ours = c.addresses[b - first_id[ids[c.case_no]]] if b is not None else None
            hits["songda"] += bool(ours and ours.reaches)
            for k, a in (
                ("first", first_column(c)),
                ("household", household(c)),
                ("longest", longest(c)),
            ):
                hits[k] += bool(a and a.reaches)
            hits["oracle"] += c.reachable
        cells = [
            f"{hits[k] / n:.1%}" for k in ("songda", "first", "household", "longest", "oracle")
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")


def _group(rows: list[tuple[int, int]]) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for case_id, cid in rows:
        out.setdefault(case_id, []).append(cid)
    return out


if __name__ == "__main__":
    main()
