"""The delivery loop on synthetic cases whose truth is known: send, get results, learn, re-send.

    PYTHONPATH=desktop python benchmarks/delivery_loop.py [N_CASES] [--seed S]

1. Cases from ``benchmarks/synth_cases.py`` are stored and ranked (``rank_cases``).
2. Round one: every case with a valid address gets a letter to its ranked best address
   (``record_batch``). The truth decides: an address that reaches → 妥投; otherwise 退回 with
   a reason that follows from why it fails (old home → 人已他往/迁移新址不明, parcel station
   or a contact's home → 查无此人, collective household → 查无此人/查无此单位, demolished →
   地址有误 "已拆迁", vague or missing room → 地址不详, workplace → 人已他往 or 拒收, family
   home not signing → 逾期未领 or 拒收).
3. The results file (csv) goes through ``import_feedback``: outcomes are learned, returned
   cases are re-ranked with them and moved to their next-best address (the re-send list).
4. Round two: the re-send list is sent and the truth decides again.

Compared with, for the same round-one returns:
- "next column": the baseline that simply takes the next address in the file's column order
  (after the returned one, wrapping; no validity check);
- "next valid column": the same, skipping addresses the parser found invalid;
- "round-one order (no learning)": Songda's own round-one ranking, next eligible address
  at a different place, without what the results taught.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))

from songda.delivery.keys import address_key  # noqa: E402
from songda.services.feedback import import_feedback  # noqa: E402
from songda.services.rank_cases import rank_cases  # noqa: E402
from songda.store import Store, open_store  # noqa: E402
from songda.store import delivery as dsql  # noqa: E402
from synth_cases import (  # noqa: E402
    COLUMNS,
    REFERENCE_DATE,
    SynthAddress,
    SynthCase,
    generate,
    insert_cases,
)

ORDER = [c for c in COLUMNS if c.endswith("地址")]


def return_reason(a: SynthAddress, rng: random.Random) -> tuple[str, str]:
    """(code, text) a post office would give for an address that does not reach."""
    origin, _, how = a.why.partition("/")
    if how in ("junk", "vague", "no_room"):
        return "124", "地址不详"
    if origin == "demolished":
        return "101", "地址有误（已拆迁）"
    if origin == "collective":
        return ("102", "查无此人") if rng.random() < 0.7 else ("122", "查无此单位")
    if origin in ("station", "contact_home"):
        return "102", "查无此人"
    if origin == "old_home":
        return ("118", "人已他往") if rng.random() < 0.6 else ("126", "迁移新址不明")
    if origin == "work":
        return ("118", "人已他往") if rng.random() < 0.6 else ("104", "拒收退回")
    if origin == "family_home":
        return ("127", "逾期未领") if rng.random() < 0.6 else ("104", "拒收退回")
    return "102", "查无此人"


class World:
    """The store plus the truth: candidate id -> synthetic address."""

    def __init__(self, store: Store, cases: list[SynthCase], ids: dict[str, int]) -> None:
        self.store = store
        self.cases = {ids[c.case_no]: c for c in cases}
        self.truth: dict[int, SynthAddress] = {}
        self.cands_of: dict[int, list[int]] = {}
        for case_id, cid in store.conn.execute(
            "SELECT case_id, id FROM candidates ORDER BY case_id, id"
        ).fetchall():
            self.cands_of.setdefault(case_id, []).append(cid)
        for case_id, cids in self.cands_of.items():
            for cid, a in zip(cids, self.cases[case_id].addresses, strict=True):
                self.truth[cid] = a
        self.serial = 0

    def tracking(self) -> str:
        self.serial += 1
        return f"BM{self.serial:09d}CN"

    def send(self, name: str, picks: dict[int, int]) -> dict[int, str]:
        """Record a batch (case -> candidate); returns case -> tracking number."""
        numbers = {case_id: self.tracking() for case_id in picks}
        rows = self.store.query(
            "SELECT id, standard, raw_text FROM candidates WHERE id IN (SELECT value FROM"
            " json_each(?))",
            (str(list(picks.values())),),
        )
        text = {r["id"]: r["standard"] or r["raw_text"] for r in rows}
        dsql.record_batch(
            self.store,
            name,
            [
                {
                    "case_id": case_id,
                    "candidate_id": cid,
                    "tracking_no": numbers[case_id],
                    "recipient": self.cases[case_id].name,
                    "address": text[cid],
                }
                for case_id, cid in picks.items()
            ],
        )
        return numbers

    def results_file(
        self, path: Path, picks: dict[int, int], numbers: dict[int, str], rng: random.Random
    ) -> int:
        signed = 0
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["邮件号", "状态", "处理时间", "签收人", "未妥投原因代码", "未妥投原因"])
            for case_id, cid in picks.items():
                a = self.truth[cid]
                if a.reaches:
                    signed += 1
                    w.writerow([numbers[case_id], "妥投", "2026-11-20 10:00:00", "本人", "", ""])
                else:
                    code, text = return_reason(a, rng)
                    w.writerow([numbers[case_id], "未妥投", "2026-11-21 15:00:00", "", code, text])
        return signed


def next_column(
    c: SynthCase, returned: SynthAddress, valid: dict[int, bool] | None, cids: list[int]
) -> SynthAddress | None:
    by_col = {a.column: (a, cid) for a, cid in zip(c.addresses, cids, strict=True)}
    cols = [col for col in ORDER if col in by_col]
    start = cols.index(returned.column)
    for col in cols[start + 1 :] + cols[:start]:
        a, cid = by_col[col]
        if valid is None or valid.get(cid):
            return a
    return None


def _reach_of_best(store: Store, cases: list[SynthCase]) -> float:
    """Insert and rank ``cases``; the share whose best candidate reaches the debtor."""
    ids = insert_cases(store, cases)
    case_ids = sorted(ids.values())
    rank_cases(store, case_ids, today=REFERENCE_DATE)
    cands: dict[int, list[int]] = {}
    for case_id, cid in store.conn.execute(
        "SELECT case_id, id FROM candidates WHERE case_id >= ? ORDER BY case_id, id",
        (case_ids[0],),
    ).fetchall():
        cands.setdefault(case_id, []).append(cid)
    best = dict(
        store.conn.execute(
            "SELECT id, best_candidate_id FROM cases WHERE id >= ?", (case_ids[0],)
        ).fetchall()
    )
    hits = 0
    for c in cases:
        b = best.get(ids[c.case_no])
        if b is not None:
            hits += c.addresses[cands[ids[c.case_no]].index(b)].reaches
    return hits / len(cases)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("n", nargs="?", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20261128)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    cases = generate(args.n, args.seed)
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        store = open_store(tmp / "loop.db", operator="benchmark")
        ids = insert_cases(store, cases)
        t0 = time.perf_counter()
        rank_cases(store, today=REFERENCE_DATE)
        t_rank = time.perf_counter() - t0
        world = World(store, cases, ids)

        # round one: the ranked best of every case that has one
        best = {
            r["id"]: r["best_candidate_id"]
            for r in store.query(
                "SELECT id, best_candidate_id FROM cases WHERE best_candidate_id IS NOT NULL"
                " AND status != 'no_valid_address'"
            )
        }
        # what round one's ranking alone would send next (no learning)
        cand_rows = store.query(
            "SELECT id, case_id, standard, valid, status, flags, rank, score, dup_of"
            " FROM candidates ORDER BY case_id, rank IS NULL, rank"
        )
        by_case: dict[int, list[dict[str, Any]]] = {}
        for r in cand_rows:
            by_case.setdefault(r["case_id"], []).append(r)
        valid = {r["id"]: bool(r["valid"]) for r in cand_rows}

        numbers1 = world.send("第一轮", best)
        signed1 = world.results_file(tmp / "r1.csv", best, numbers1, rng)
        returned_cases = [cid for cid in best if not world.truth[best[cid]].reaches]

        t1 = time.perf_counter()
        rep = import_feedback(store, tmp / "r1.csv")
        t_feedback = time.perf_counter() - t1

        # round two: the re-send list
        resend = {
            r["id"]: r["best_candidate_id"]
            for r in store.query("SELECT id, best_candidate_id FROM cases WHERE status = 'ready'")
        }
        numbers2 = world.send("第二轮", resend)
        signed2 = world.results_file(tmp / "r2.csv", resend, numbers2, rng)
        import_feedback(store, tmp / "r2.csv")

        # baselines for the same returned cases
        base: Counter[str] = Counter()
        for case_id in returned_cases:
            c = world.cases[case_id]
            cids = world.cands_of[case_id]
            ret = world.truth[best[case_id]]
            a = next_column(c, ret, None, cids)
            base["next column: sent"] += a is not None
            base["next column: signed"] += bool(a and a.reaches)
            a = next_column(c, ret, valid, cids)
            base["next valid column: sent"] += a is not None
            base["next valid column: signed"] += bool(a and a.reaches)
            rows = by_case[case_id]
            me = next(r for r in rows if r["id"] == best[case_id])
            group = me["dup_of"] or me["id"]
            dead = address_key(me["standard"])
            nxt = next(
                (
                    r
                    for r in rows
                    if r["id"] != me["id"]
                    and r["id"] != group
                    and r["dup_of"] != group
                    and dsql.is_sendable(r)
                    and address_key(r["standard"]) != dead
                ),
                None,
            )
            base["no learning: sent"] += nxt is not None
            base["picks changed by learning"] += (nxt["id"] if nxt else None) != resend.get(case_id)
            base["no learning: signed"] += bool(nxt and world.truth[nxt["id"]].reaches)
            base["oracle: signed"] += any(a.reaches for a in c.addresses if a is not ret)
        learned = store.count("outcomes")
        # a later portfolio ranked with everything learned, vs the same cases without it
        later = generate(args.n, args.seed + 1)
        with_hist = _reach_of_best(store, later)
        store.close()
        fresh = open_store(tmp / "fresh.db", operator="benchmark")
        without_hist = _reach_of_best(fresh, later)
        fresh.close()

    n = len(cases)
    sent1 = len(best)
    r = len(returned_cases)
    print(
        f"cases: {n} (seed {args.seed}); rank {t_rank:.1f}s; feedback import of {sent1}"
        f" results (incl. re-ranking {r} returned cases) {t_feedback:.1f}s;"
        f" outcome keys learned: {learned}"
    )
    print(f"round one: {sent1} letters, signed {signed1} ({signed1 / sent1:.1%}), returned {r}")
    print(
        f"feedback: re-send list {rep.cases_ready}, no address left {rep.cases_returned},"
        f" blacklist proposals {len(rep.proposals)}"
    )
    print("\nround two, for the returned cases of round one:")
    print("| method | letters re-sent | signed | signed / returned cases |")
    print("| --- | --- | --- | --- |")

    def row(name: str, sent: int, signed: int) -> None:
        print(f"| {name} | {sent} | {signed} | {signed / max(r, 1):.1%} |")

    row("Songda: re-ranked with learned outcomes", len(resend), signed2)
    row(
        "Songda round-one order (no learning)",
        base["no learning: sent"],
        base["no learning: signed"],
    )
    row("next address in column order", base["next column: sent"], base["next column: signed"])
    row(
        "next valid address in column order",
        base["next valid column: sent"],
        base["next valid column: signed"],
    )
    row("oracle (any other address reaches)", r, base["oracle: signed"])
    print(f"\nround-two picks that learning changed: {base['picks changed by learning']}")
    print(
        f"later portfolio ({n} new cases, seed {args.seed + 1}): best address reaches in"
        f" {with_hist:.1%} ranked with the learned outcomes, {without_hist:.1%} without"
    )
    total = signed1 + signed2
    print(
        f"\nafter two rounds: {total} of {sent1} cases signed ({total / sent1:.1%});"
        f" letters {sent1 + len(resend)}; signature rate per letter"
        f" {total / (sent1 + len(resend)):.1%}"
    )


if __name__ == "__main__":
    main()
