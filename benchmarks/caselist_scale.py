"""Case list at scale: open, filter and search a database of N cases (default 1,000,000).

    python benchmarks/caselist_scale.py [--cases 1000000] [--db /tmp/caselist-1m.db]

Builds the database once (direct SQL inserts through ``songda.store.synthetic``), then in a
fresh process measures, once with the store's queries alone (count + first page + status
counts) and once (``--qt``) through the real Cases page: opening, each filter / search
applied as the operator does until the list is usable (the page applied it, the table
painted its rows, the first case is in the detail panel; a count the page runs in the
background is reported after it), scrolling deep, and the peak memory (RSS) of the
process. Prints one line per measurement; record them in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "desktop"))


def build(db: Path, n: int) -> None:
    from songda.store import open_store
    from songda.store.synthetic import insert_synthetic_cases

    t = time.perf_counter()
    store = open_store(db, operator="bench")
    insert_synthetic_cases(store, n)
    store.conn.execute("PRAGMA optimize")
    store.close()
    print(
        f"built {n:,} cases in {time.perf_counter() - t:.1f} s ({db.stat().st_size / 1e6:.0f} MB)"
    )


NOTES: list[str] = []
AFTER: list = []  # type: ignore[type-arg]


def qt_page(db: Path):  # type: ignore[no-untyped-def]
    """The real Cases page (filters, status list with counts, table, detail panel) on
    ``db``; returns ``view(filter, sort, desc)`` that applies a filter as the operator does
    and returns when the list is usable: the page has applied it, the table has painted its
    rows and the first case is shown in the detail panel. A count that runs in the
    background (see ``CaseListModel``) is waited for after the timing (AFTER) and the
    time it took after the list is reported in NOTES."""
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from songda.store.caselist import CaseFilter
    from songda.ui.app import install_font
    from songda.ui.context import AppContext

    app = QApplication([])
    install_font(app)  # the bundled CJK font, as the app paints with
    tmp = tempfile.mkdtemp(prefix="caselist-bench-")
    settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db, operator="bench", settings=settings)
    import importlib

    page = importlib.import_module("songda.ui.pages.cases").Page(ctx, None)
    page.resize(1400, 800)
    page.show()
    app.processEvents()
    columns = {"case_no": 0, "debtor_name": 1, "best_score": 5}

    def choose(box, value) -> None:  # type: ignore[no-untyped-def]
        box.setCurrentIndex(max(0, box.findData(value)))

    def view(f: CaseFilter, sort: str = "case_no", desc: bool = False) -> int:
        page._loading = True  # set every widget, then apply once (as one operator action)
        page.search.setText(f.search)
        page._search_timer.stop()  # the typing pause is not part of the filter's time
        choose(page.creditor, f.creditor)
        choose(page.import_box, f.import_id)
        page.set_status_filter(f.status)
        page._loading = False
        page.apply_filter()
        order = Qt.SortOrder.DescendingOrder if desc else Qt.SortOrder.AscendingOrder
        if (sort, desc) != ("case_no", False):
            page.table.sortByColumn(columns[sort], order)
        page.table.viewport().repaint()
        app.processEvents()
        usable = time.perf_counter()

        def settle() -> int:
            if page.model.counting:
                loop = QEventLoop()
                page.model.count_ready.connect(loop.quit)
                QTimer.singleShot(10_000, loop.quit)
                loop.exec()
                page.model.count_ready.disconnect(loop.quit)
                NOTES.append(
                    f"(the count {page.model.rowCount():,} ran in the background and was"
                    f" shown {(time.perf_counter() - usable) * 1000:.0f} ms after the list)"
                )
            n = page.model.rowCount()
            if (sort, desc) != ("case_no", False):
                page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            return n

        AFTER.append(settle)
        return page.model.rowCount()

    return view, ctx.store


def measure(db: Path, with_qt: bool) -> None:
    from songda.store import open_store
    from songda.store.caselist import (
        CaseFilter,
        count_cases,
        fetch_page,
        search_too_broad,
        status_counts,
        total_cases,
    )

    def timed(label: str, fn):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        out = fn()
        ms = (time.perf_counter() - t) * 1000
        if AFTER:  # a count still running in the background: wait for it, report it
            out = AFTER.pop()()
        print(f"{label:<44} {ms:8.1f} ms  rows={out:,}", flush=True)
        while NOTES:
            print(f"{'':<6}{NOTES.pop(0)}", flush=True)
        return out

    t0 = time.perf_counter()
    if with_qt:
        view, store = qt_page(db)
        view(CaseFilter())
        n = AFTER.pop()()
    else:
        store = open_store(db, operator="bench")

        def view(f: CaseFilter, sort: str = "case_no", desc: bool = False) -> int:
            n = count_cases(store, f)
            fetch_page(
                store,
                f,
                sort=sort,
                descending=desc,
                offset=0,
                limit=200,
                count=n,
                total=total,
            )
            if not (f.search and search_too_broad(store, f)):
                status_counts(store, f)  # as the Cases page: skipped for very broad searches
            return n

        total = total_cases(store)
        n = view(CaseFilter())
    print(
        f"{'open (store + count + first page + counts)':<44}"
        f" {(time.perf_counter() - t0) * 1000:8.1f} ms  rows={n:,}",
        flush=True,
    )

    timed("filter status=needs_review", lambda: view(CaseFilter(status="needs_review")))
    timed("filter status=signed", lambda: view(CaseFilter(status="signed")))
    timed("filter creditor", lambda: view(CaseFilter(creditor="招联消费金融有限公司")))
    timed(
        "filter status+creditor",
        lambda: view(CaseFilter(status="confirmed", creditor="马上消费金融有限公司")),
    )
    timed("filter import", lambda: view(CaseFilter(import_id=2)))
    timed("search case number SD01000654321", lambda: view(CaseFilter(search="SD01000654321")))
    timed("search case number prefix SD010006543", lambda: view(CaseFilter(search="SD010006543")))
    timed("search name 王伟 (2 chars)", lambda: view(CaseFilter(search="王伟")))
    timed("search name 王芳 (2 chars)", lambda: view(CaseFilter(search="王芳")))
    timed("search 2 chars 海淀 (district fragment)", lambda: view(CaseFilter(search="海淀")))
    timed(
        "search 2 chars 海淀 + status",
        lambda: view(CaseFilter(search="海淀", status="needs_review")),
    )
    timed("search 2 chars 北京 (1 in 6 cases)", lambda: view(CaseFilter(search="北京")))
    timed("search phone tail 1234", lambda: view(CaseFilter(search="1234")))
    timed("search address 建设路12号", lambda: view(CaseFilter(search="建设路12号")))
    timed("search address 海淀区 (1 in 12 cases)", lambda: view(CaseFilter(search="海淀区")))
    timed(
        "search 海淀区 + status", lambda: view(CaseFilter(search="海淀区", status="needs_review"))
    )
    timed("sort by score desc", lambda: view(CaseFilter(), "best_score", True))
    timed(
        "sort by name, status=confirmed",
        lambda: view(CaseFilter(status="confirmed"), "debtor_name"),
    )
    if not with_qt:
        timed(
            "scroll to row 900,000 (one page)",
            lambda: len(fetch_page(store, CaseFilter(), offset=900_000, limit=200)),
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory (RSS)':<44} {rss:8.1f} MB", flush=True)
    store.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--db", type=Path, default=Path("/tmp/caselist-1m.db"))
    ap.add_argument("--measure-only", action="store_true")
    ap.add_argument("--qt", action="store_true", help="open through the Qt model and view")
    args = ap.parse_args()
    if not args.measure_only:
        if not args.db.exists():
            build(args.db, args.cases)
        from songda.store import open_store

        t = time.perf_counter()
        open_store(args.db).close()  # apply pending migrations before measuring
        print(f"migrations checked/applied in {time.perf_counter() - t:.1f} s", flush=True)
        # measure in a fresh process: cold Python, warm OS cache (as when reopening the app)
        for qt in (False, True):
            cmd = [sys.executable, __file__, "--measure-only", "--db", str(args.db)]
            print(f"--- {'through the Qt model/view' if qt else 'store queries only'}")
            subprocess.run(cmd + (["--qt"] if qt else []), check=True)
        return 0
    measure(args.db, args.qt)
    return 0


if __name__ == "__main__":
    sys.exit(main())
