"""审核 Review: the queue of cases that need review, one after another, keyboard only.

1–9 select a candidate · Enter accept it (the best unless another is selected) and go on ·
E edit · A add · I invalid · B blacklist · R restore · N / P next / previous ·
Ctrl+Z undo · Ctrl+Y redo.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from songda.store import caselist
from songda.store.caselist import CaseFilter
from songda.ui.review_panel import ReviewPanel

QUEUE_LIMIT = 5000


class Page(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.queue: list[int] = []
        self.at = 0
        self.reviewed: set[int] = set()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.progress_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(320)
        self.progress.setTextVisible(False)
        top.addWidget(self.progress_label)
        top.addWidget(self.progress)
        top.addStretch(1)
        lay.addLayout(top)
        self.keys_help = QLabel(
            self.tr(
                "Keys: 1–9 select · Enter accept and next · E edit · A add · I invalid ·"
                " B blacklist · R restore · N/P next/previous · Ctrl+Z undo"
            ),
            self,
        )
        self.keys_help.setWordWrap(True)
        self.keys_help.setStyleSheet("color:#555555;")
        lay.addWidget(self.keys_help)
        self.panel = ReviewPanel(ctx, self)
        self.panel.changed.connect(self._on_changed)
        lay.addWidget(self.panel, 1)
        ctx.data_changed.connect(self._update_progress)
        self.load_queue()

    # -- queue ----------------------------------------------------------------------
    def load_queue(self) -> None:
        current = self.current_case_id()
        self.queue = caselist.case_ids(
            self.ctx.store, CaseFilter(status="needs_review"), limit=QUEUE_LIMIT
        )
        self.at = self.queue.index(current) if current in self.queue else 0
        self.show_current()

    def current_case_id(self) -> int | None:
        return self.queue[self.at] if 0 <= self.at < len(self.queue) else None

    def show_current(self) -> None:
        self.panel.set_case(self.current_case_id())
        self._update_progress()

    def go(self, step: int) -> None:
        if not self.queue:
            return
        self.at = max(0, min(len(self.queue) - 1, self.at + step))
        self.show_current()

    def next_open(self) -> None:
        """The next case in the queue not reviewed yet (stays when none is left)."""
        for i in range(self.at + 1, len(self.queue)):
            if self.queue[i] not in self.reviewed:
                self.at = i
                break
        else:
            for i in range(0, self.at):
                if self.queue[i] not in self.reviewed:
                    self.at = i
                    break
        self.show_current()

    def _on_changed(self) -> None:
        case = self.panel.case
        if case is not None and case["status"] != "needs_review":
            self.reviewed.add(int(case["id"]))
        elif case is not None:
            self.reviewed.discard(int(case["id"]))
        self._update_progress()

    def _update_progress(self) -> None:
        if not self.isVisible() and self.queue:
            return  # counted again when shown
        remaining = caselist.count_cases(self.ctx.store, CaseFilter(status="needs_review"))
        done = len(self.reviewed)
        self.progress_label.setText(
            self.tr("Reviewed {0} · remaining {1} · case {2} of {3}").format(
                done, remaining, self.at + 1 if self.queue else 0, len(self.queue)
            )
        )
        self.progress.setRange(0, max(1, done + remaining))
        self.progress.setValue(done)

    def activated(self) -> None:
        self._update_progress()
        if not self.queue or self.current_case_id() in self.reviewed:
            self.load_queue()
        self.setFocus()

    # -- keyboard -------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.matches(QKeySequence.StandardKey.Undo):
            self.ctx.undo_stack.undo()
            self.panel.reload()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.ctx.undo_stack.redo()
            self.panel.reload()
        elif mods != Qt.KeyboardModifier.NoModifier:
            super().keyPressEvent(event)
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.panel.select(key - Qt.Key.Key_1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            case = self.panel.case
            if case is not None and self.panel.accept_or_choose():
                self.reviewed.add(int(case["id"]))
                self.next_open()
        elif key == Qt.Key.Key_E:
            self.panel.edit_selected()
        elif key == Qt.Key.Key_A:
            self.panel.add_address()
        elif key == Qt.Key.Key_I:
            self.panel.invalid_selected()
        elif key == Qt.Key.Key_B:
            self.panel.blacklist_selected()
        elif key == Qt.Key.Key_R:
            self.panel.restore_selected()
        elif key == Qt.Key.Key_N:
            self.go(1)
        elif key == Qt.Key.Key_P:
            self.go(-1)
        elif key == Qt.Key.Key_Down:
            self.panel.select(self.panel.selected + 1)
        elif key == Qt.Key.Key_Up:
            self.panel.select(self.panel.selected - 1)
        else:
            super().keyPressEvent(event)

    def save_state(self) -> None:
        self.ctx.settings.setValue("review/pos", self.at)
