"""Main-thread stalls during a GUI-style import, A/B, with a control process.

    PYTHONPATH=desktop python benchmarks/import_stall_ab.py child|thread FILE.xlsx DB

``thread``: ``import_jobs`` in a worker thread of this process (spreadsheet read in a child
process) — how the GUI imported before; ``child``: ``run_isolated(import_jobs)`` — how it
imports now. The main thread ticks every 5 ms and records its longest stall; a separate idle
process ticks the same way as a control: its stalls are the machine's (CPU contention), not
the import's. FILE: e.g. the ``cases-20000.xlsx`` that ``import_speed.py`` generates.
"""

import multiprocessing as mp
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))


def tick_until(stop, t0):
    """Tick every 5 ms until ``stop`` is set: (longest stall in ms, stalls over 50 ms)."""
    last = time.perf_counter()
    stalls = []
    worst = 0
    while not stop.is_set():
        time.sleep(0.005)
        now = time.perf_counter()
        if now - last > 0.05:
            stalls.append((round(last - t0, 2), round((now - last) * 1000)))
        worst = max(worst, now - last)
        last = now
    return round(worst * 1000, 1), stalls


def ticker(stop, out, t0):
    out.put(tick_until(stop, t0))


if __name__ == "__main__":
    variant, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
    from songda.services.import_file import ImportJob, import_jobs
    from songda.services.isolated import run_isolated
    from songda.store import open_store

    ctx = mp.get_context("spawn")
    stop = ctx.Event()
    out = ctx.Queue()
    T0 = time.perf_counter()
    control = ctx.Process(target=ticker, args=(stop, out, T0))
    control.start()
    time.sleep(1.0)
    done = threading.Event()

    def work():
        store = open_store(Path(db))
        try:
            if variant == "thread":
                import_jobs(store, [ImportJob(Path(path))], isolated=True)
            else:
                run_isolated(store, import_jobs, [ImportJob(Path(path))])
        finally:
            store.close()
            done.set()

    w = threading.Thread(target=work)
    w.start()
    worst, stalls = tick_until(done, T0)
    w.join()
    stop.set()
    cw, cst = out.get()
    control.join()
    print(
        f"{variant}: {time.perf_counter() - T0:.1f} s, GUI-thread max stall {worst} ms;"
        f" control process max stall {cw} ms; load {os.getloadavg()}"
    )
    print("  gui stalls >50ms:", stalls)
    print("  control stalls >50ms:", cst)
