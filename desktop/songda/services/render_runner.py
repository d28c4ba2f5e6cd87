"""Runs the rendering jobs of a batch: in this process, or in one process per job.

Two processes (letters and labels) use both cores of a typical office PC. Processes are
started with ``spawn`` (the only method on Windows, and safe from a Qt application);
progress, finished parts and errors come back through a queue, and a cancel sets an event
the jobs check between letters/pages.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_mod
from collections.abc import Callable
from typing import Any

from songda.domain.progress import CancelToken, Progress
from songda.errors import Cancelled, KnownError
from songda.letters.render import RenderJob, process_main, run_job

MESSAGES = {"letters": "正在生成函件", "labels": "正在生成面单"}


def run(
    jobs: list[RenderJob],
    items: int,
    workers: int,
    record_part: Callable[[str, dict[str, Any]], None],
    progress: Progress,
    cancel: CancelToken | None,
) -> None:
    total = items * 2
    done: dict[str, int] = {"letters": items, "labels": items}
    for job in jobs:
        done[job.kind] = job.start
    state = {"cancelled": False}

    def on_message(msg: tuple[str, str, Any]) -> None:
        what, kind, data = msg
        if what == "progress":
            done[kind] = int(data)
            progress(min(done["letters"] + done["labels"], total - 1), total, MESSAGES[kind])
        elif what == "part":
            record_part(kind, data)
        elif what == "cancelled":
            state["cancelled"] = True
        elif what == "error":
            if data.get("known"):
                raise KnownError(data["message"], data.get("english", ""), code=data["code"])
            raise RuntimeError(f"rendering {kind} failed:\n{data['message']}")

    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            run_job(job, on_message, lambda: cancel is not None and cancel.cancelled)
    else:
        _run_processes(jobs, on_message, cancel)
    if state["cancelled"] or (cancel is not None and cancel.cancelled):
        raise Cancelled()


def _run_processes(
    jobs: list[RenderJob],
    on_message: Callable[[tuple[str, str, Any]], None],
    cancel: CancelToken | None,
) -> None:
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    stop = ctx.Event()
    procs = [ctx.Process(target=process_main, args=(job, q, stop), daemon=True) for job in jobs]
    for p in procs:
        p.start()
    finished: set[str] = set()
    try:
        while len(finished) < len(jobs):
            if cancel is not None and cancel.cancelled:
                stop.set()
            try:
                msg = q.get(timeout=0.2)
            except queue_mod.Empty:
                dead = [
                    j.kind
                    for j, p in zip(jobs, procs, strict=True)
                    if not p.is_alive() and j.kind not in finished
                ]
                if dead and q.empty():
                    raise RuntimeError(f"rendering process for {', '.join(dead)} stopped") from None
                continue
            if msg[0] in ("done", "cancelled", "error"):
                finished.add(msg[1])
            on_message(msg)
    except BaseException:
        stop.set()
        raise
    finally:
        for p in procs:
            p.join(timeout=30)
            if p.is_alive():
                p.terminate()
                p.join()
        q.close()
