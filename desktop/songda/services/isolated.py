"""Run a long service in a child process, so the calling process stays responsive.

A GUI runs services in worker threads; but every Python thread of a process shares one
interpreter lock, and an import keeps it busy for minutes (row checks, SQLite writes,
unpickling the results of its parse workers). On a busy machine the thread holding the
lock is descheduled now and then while the GUI thread waits for it: measured stalls of the
event loop up to 200 ms. :func:`run_isolated` runs the service in a child process (spawn,
as on Windows) with its own Store on the same database, at a lower CPU priority; the
calling thread only relays progress, forwards a cancel and returns the result (or raises
the error) — the GUI process's lock stays free.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from songda.domain.progress import CancelToken, Progress, null_progress
from songda.errors import Cancelled
from songda.store import Store

POLL_SECONDS = 0.1
# The child (and the parse/rank workers it starts, which inherit it) runs at a lower CPU
# priority: on a two-core machine three busy processes would otherwise compete with the GUI.
BACKGROUND_NICENESS = 5


class _SharedToken(CancelToken):
    """A cancel token whose flag is a multiprocessing Event (set by the parent)."""

    def __init__(self, event: Any) -> None:
        super().__init__()
        self._event = event


def _child(
    fn: Callable[..., Any],
    path: str,
    operator: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    conn: Connection,
    stop: Any,
) -> None:
    from songda.store import open_store

    if hasattr(os, "nice"):  # POSIX: the GUI that waits for us gets the CPU first
        os.nice(BACKGROUND_NICENESS)
    token = _SharedToken(stop)

    def progress(done: int, total: int, message: str) -> None:
        conn.send(("progress", (int(done), int(total), str(message))))

    try:
        store = open_store(Path(path), operator=operator)
        try:
            result = fn(store, *args, progress=progress, cancel=token, **kwargs)
        finally:
            store.close()
        conn.send(("cancelled", None) if token.cancelled else ("ok", result))
    except Cancelled:
        conn.send(("cancelled", None))
    except BaseException as exc:  # report every failure to the parent
        text = traceback.format_exc()
        try:
            conn.send(("error", (exc, text)))
        except Exception:  # not picklable: send its text
            conn.send(("error", (RuntimeError(repr(exc)), text)))
    finally:
        conn.close()


def run_isolated(
    store: Store,
    fn: Callable[..., Any],
    *args: Any,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
    **kwargs: Any,
) -> Any:
    """``fn(store, *args, progress=, cancel=, **kwargs)`` in a child process on the same
    database (``store.path``; an in-memory store runs ``fn`` here). Returns what ``fn``
    returns; raises what it raised (:class:`Cancelled` when cancelled). ``fn``, the
    arguments and the result must be picklable (module-level functions, dataclasses)."""
    if store.path is None:
        return fn(store, *args, progress=progress, cancel=cancel, **kwargs)
    mp = multiprocessing.get_context("spawn")
    receive, send = mp.Pipe(duplex=False)
    stop = mp.Event()
    proc = mp.Process(
        target=_child,
        args=(fn, str(store.path), store.operator, args, kwargs, send, stop),
        name="songda-service",
    )
    proc.start()
    send.close()  # the child holds the sending end now
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                stop.set()
            if not receive.poll(POLL_SECONDS):
                if not proc.is_alive() and not receive.poll(0):
                    raise RuntimeError(f"service process ended unexpectedly ({proc.exitcode})")
                continue
            try:
                kind, payload = receive.recv()
            except EOFError:
                raise RuntimeError(
                    f"service process ended unexpectedly ({proc.exitcode})"
                ) from None
            if kind == "progress":
                progress(*payload)
            elif kind == "ok":
                return payload
            elif kind == "cancelled":
                raise Cancelled()
            else:
                exc, text = payload
                if isinstance(exc, BaseException):
                    exc.__songda_traceback__ = text  # type: ignore[attr-defined]
                    raise exc
                raise RuntimeError(text)
    finally:
        receive.close()
        proc.join(30)
        if proc.is_alive():  # pragma: no cover - the child always ends after replying
            proc.terminate()
            proc.join()
