"""AppContext: what every page shares (database, operator, settings, background tasks)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QSettings, QThreadPool, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from songda.errors import KnownError
from songda.store import Store, open_store
from songda.ui.workers import ServiceRunnable, Task

log = logging.getLogger(__name__)


def optional(module: str, attr: str) -> Any | None:
    """``module.attr`` when that module is part of this build, else None (a missing module
    is normal while the project grows; any other import error is a bug and is raised)."""
    import importlib

    try:
        mod = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise
    return getattr(mod, attr, None)


class AppContext(QObject):
    """Shared by the main window and every page (``Page(ctx, parent)``).

    * ``db_path`` / ``store``: the database and a Store for the UI thread (quick queries
      only; work that grows with data goes through :meth:`run_task`).
    * ``operator``: the name written to the audit log.
    * ``settings``: QSettings for window state (sizes, splitters, last folders).
    * ``data_changed``: emitted after anything changed the database; pages refresh.
    * :meth:`run_task`: run a service on the thread pool with progress and cancel.
    * ``undo_stack``: one QUndoStack for operator actions (Edit menu, Ctrl+Z / Ctrl+Y).
    """

    data_changed = Signal()
    task_started = Signal(object)  # Task
    operator_changed = Signal(str)

    def __init__(
        self,
        db_path: Path,
        *,
        operator: str | None = None,
        store: Store | None = None,
        settings: QSettings | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.store = store if store is not None else open_store(self.db_path, operator=operator)
        if operator:
            self.store.operator = operator
        self.settings = settings if settings is not None else QSettings("Songda", "Songda")
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._tasks: set[Task] = set()
        self.closed = False
        self._runnables: list[ServiceRunnable] = []  # kept alive until shutdown
        # review actions (accept, choose, edit, blacklist...) push undoable commands here
        self.undo_stack = QUndoStack(self)

    # -- operator -------------------------------------------------------------
    @property
    def operator(self) -> str:
        return self.store.operator

    def set_operator(self, name: str) -> None:
        name = name.strip() or "operator"
        self.store.set_setting("operator", name)
        self.store.operator = name
        self.operator_changed.emit(name)

    # -- background work --------------------------------------------------------
    def run_task(
        self,
        fn: Callable[..., Any],
        *args: Any,
        title: str = "",
        writes: bool = True,
        with_store: bool = True,
        on_success: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        """Run ``fn([store,] *args, progress=, cancel=, **kwargs)`` in a worker thread.

        The worker opens its own Store on ``db_path``. Results, errors and cancellation
        arrive on the UI thread through ``task.signals``; ``data_changed`` is emitted after
        a task that ``writes`` finishes (even when cancelled or failed: a partial change
        may have been committed by the service).
        """
        task = Task(title or getattr(fn, "__name__", "task"), self)
        self._tasks.add(task)
        if on_success is not None:
            task.signals.succeeded.connect(on_success)
        if on_error is not None:
            task.signals.failed.connect(on_error)

        def finished() -> None:
            self._tasks.discard(task)
            if writes:
                self.data_changed.emit()

        task.signals.finished.connect(finished)
        runnable = ServiceRunnable(
            task, self.db_path, self.operator, fn, args, kwargs, with_store=with_store
        )
        self.task_started.emit(task)
        # Start on the next turn of the event loop, so that whoever called run_task can
        # connect to task.signals first (a fast service could otherwise finish unheard).
        QTimer.singleShot(0, self, lambda: self._start(task, runnable))
        return task

    def _start(self, task: Task, runnable: ServiceRunnable) -> None:
        if self.closed:
            return
        # Python keeps the runnable (autoDelete off) until a while after it finished, so
        # neither Qt nor Python frees it while a pool thread may still touch it.
        self._runnables.append(runnable)

        def release() -> None:
            QTimer.singleShot(2000, self, lambda: self._release(runnable))

        task.signals.finished.connect(release)
        self.pool.start(runnable)

    def _release(self, runnable: ServiceRunnable) -> None:
        if runnable in self._runnables:
            self._runnables.remove(runnable)

    @property
    def running_tasks(self) -> list[Task]:
        return [t for t in self._tasks if not t.done]

    def shutdown(self, timeout_ms: int = 10000) -> None:
        """Cancel running tasks, wait for the pool and close the UI store."""
        self.closed = True
        for task in list(self._tasks):
            task.cancel()
        self.pool.waitForDone(timeout_ms)
        self.undo_stack.clear()
        self._runnables.clear()
        try:
            self.store.close()
        except Exception:  # pragma: no cover
            log.exception("closing store")

    # -- errors -------------------------------------------------------------------
    @staticmethod
    def error_text(error: BaseException) -> tuple[str, str]:
        """(summary, details) for a message box."""
        if isinstance(error, KnownError):
            return error.message, error.english
        tb = getattr(error, "__songda_traceback__", "") or repr(error)
        return QCoreApplication.translate("AppContext", "An unexpected error occurred: {0}").format(
            error
        ), tb

    def show_error(self, parent: QWidget | None, error: BaseException) -> None:
        summary, details = self.error_text(error)
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Songda"))
        box.setText(summary)
        if details:
            box.setDetailedText(details)
        box.open()
