"""A status-bar widget that shows running background tasks with a Cancel button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from songda.ui.workers import Task


class TaskProgress(QWidget):
    """Shows the most recent running task: message, progress bar and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMinimumWidth(180)
        self.bar.setMaximumWidth(260)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self._cancel)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel_button)
        self._tasks: list[Task] = []
        self.hide()

    def track(self, task: Task) -> None:
        self._tasks.append(task)
        task.signals.progress.connect(lambda d, t, m, task=task: self._on_progress(task, d, t, m))
        task.signals.finished.connect(lambda task=task: self._on_finished(task))
        self.label.setText(task.title)
        self.bar.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(True)
        self.show()

    @property
    def current(self) -> Task | None:
        return self._tasks[-1] if self._tasks else None

    def _on_progress(self, task: Task, done: int, total: int, message: str) -> None:
        if task is not self.current:
            return
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        self.label.setText(message or task.title)

    def _on_finished(self, task: Task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if not self._tasks:
            self.hide()
        elif self.current is not None:
            self.label.setText(self.current.title)

    def _cancel(self) -> None:
        if self.current is not None:
            self.current.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))
