"""Speed, size and memory of one big print batch: N letters + N labels.

    PYTHONPATH=desktop:tests/helpers python benchmarks/batch_speed.py [--n 10000] [--label ems100x150]

Creates N confirmed cases in a temporary database (tests/helpers/letters_kit.py), runs
``create_batch`` (2 rendering processes by default) and prints seconds, pages, bytes per
page and peak memory (this process and the largest rendering process, from getrusage).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "desktop"))
sys.path.insert(0, str(REPO / "tests" / "helpers"))

from letters_kit import add_ready_cases  # noqa: E402

from songda.services.batch import create_batch  # noqa: E402
from songda.store import open_store  # noqa: E402


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


class PeakSampler(threading.Thread):
    """Peak of (this process + its children) resident memory, sampled every 50 ms (Linux)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(0.05):
            total = _rss_kb(me) + sum(_rss_kb(c) for c in _children(me))
            self.peak_kb = max(self.peak_kb, total)


def _cpu() -> float:
    a = resource.getrusage(resource.RUSAGE_SELF)
    b = resource.getrusage(resource.RUSAGE_CHILDREN)
    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--label", default="ems100x150")
    ap.add_argument("--template", default="律师函")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        t = time.perf_counter()
        add_ready_cases(store, args.n)
        print(f"setup: {args.n} cases in {time.perf_counter() - t:.1f} s")
        sampler = PeakSampler()
        sampler.start()
        cpu0 = _cpu()
        t = time.perf_counter()
        report = create_batch(
            store,
            template=args.template,
            label_format=args.label,
            tracking_start="EA000000001CN",
            out_dir=Path(tmp) / "out",
            workers=args.workers,
        )
        seconds = time.perf_counter() - t
        cpu = _cpu() - cpu0
        sampler.stop.set()
        letters = sum(p.stat().st_size for p in report.letters_files)
        labels = sum(p.stat().st_size for p in report.labels_files)
        self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"batch: {report.cases} letters + {report.cases} labels in {seconds:.1f} s")
        print(
            f"  letters: {report.letter_pages} pages in {len(report.letters_files)} files,"
            f" {letters / report.letter_pages / 1024:.1f} KB/page"
        )
        print(
            f"  labels:  {report.label_pages} pages in {len(report.labels_files)} files,"
            f" {labels / report.label_pages / 1024:.1f} KB/page"
        )
        print(
            f"  peak RSS: main {self_mb:.0f} MB, largest renderer {child_mb:.0f} MB;"
            f" peak of the sum (sampled) {sampler.peak_kb / 1024:.0f} MB"
        )
        print(f"  CPU time (this process + renderers): {cpu:.1f} s")
        print(f"  load average at the end: {os.getloadavg()[0]:.1f} (2 cores, shared)")
        store.close()


if __name__ == "__main__":
    main()
