"""Run a headless service on a thread pool; progress and results come back as Qt signals.

The service is called as ``fn(store, *args, progress=..., cancel=..., **kwargs)`` in a
worker thread with its OWN :class:`~songda.store.Store` opened on the database path (SQLite
connections are not shared between threads). Signals are emitted from the worker thread and
delivered (queued) on the UI thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Signal

from songda.domain.progress import CancelToken
from songda.errors import Cancelled, KnownError

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Signals of one task. ``finished`` fires last, whatever the outcome."""

    progress = Signal(int, int, str)  # done, total, message
    succeeded = Signal(object)  # the service's return value
    failed = Signal(object)  # a KnownError (operator can fix) or another exception
    cancelled = Signal()
    finished = Signal()


class Task(QObject):
    """A handle on one background job: its signals, cancel token and outcome."""

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.signals = TaskSignals(self)
        self.token = CancelToken()
        self.result: Any = None
        self.error: BaseException | None = None
        self.traceback: str = ""
        self.was_cancelled = False
        self.done = False
        self.signals.succeeded.connect(self._on_succeeded)
        self.signals.failed.connect(self._on_failed)
        self.signals.cancelled.connect(self._on_cancelled)
        self.signals.finished.connect(self._on_finished)

    def cancel(self) -> None:
        self.token.cancel()

    def _on_succeeded(self, result: object) -> None:
        self.result = result

    def _on_failed(self, error: object) -> None:
        self.error = error if isinstance(error, BaseException) else RuntimeError(str(error))

    def _on_cancelled(self) -> None:
        self.was_cancelled = True

    def _on_finished(self) -> None:
        self.done = True


class ServiceRunnable(QRunnable):
    """Opens a Store on ``db_path`` in the worker thread and runs the service with it."""

    def __init__(
        self,
        task: Task,
        db_path: Path,
        operator: str,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        *,
        with_store: bool = True,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)  # AppContext holds and releases it
        self._signals = task.signals  # keep the QObject alive while we run
        self._token = task.token
        self._title = task.title
        self._db_path = db_path
        self._operator = operator
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._with_store = with_store

    def _progress(self, done: int, total: int, message: str) -> None:
        self._signals.progress.emit(int(done), int(total), str(message))

    def run(self) -> None:  # runs in a pool thread
        store = None
        try:
            self._token.check()
            args: tuple[Any, ...] = self._args
            if self._with_store:
                from songda.store import open_store

                store = open_store(self._db_path, operator=self._operator)
                args = (store, *args)
            result = self._fn(*args, progress=self._progress, cancel=self._token, **self._kwargs)
            if self._token.cancelled:
                self._signals.cancelled.emit()
            else:
                self._signals.succeeded.emit(result)
        except Cancelled:
            self._signals.cancelled.emit()
        except KnownError as exc:
            self._signals.failed.emit(exc)
        except Exception as exc:  # a bug: log with its traceback, report to the UI
            tb = traceback.format_exc()
            log.error("task %s failed:\n%s", self._title, tb)
            exc.__songda_traceback__ = tb  # type: ignore[attr-defined]
            self._signals.failed.emit(exc)
        finally:
            if store is not None:
                try:
                    store.close()
                except Exception:  # pragma: no cover - closing never matters to the user
                    log.exception("closing worker store")
            self._signals.finished.emit()
