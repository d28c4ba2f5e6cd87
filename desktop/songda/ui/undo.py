"""Review actions as undoable commands on the shared QUndoStack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from songda.errors import KnownError
from songda.services import review
from songda.store import Store

log = logging.getLogger(__name__)


class ReviewCommand(QUndoCommand):
    """Wraps a :class:`songda.services.review.Change` that already happened."""

    def __init__(self, ctx: Any, text: str, change: review.Change) -> None:
        super().__init__(text)
        self.ctx = ctx
        self.change = change
        self._done = True  # the action ran before the push

    def redo(self) -> None:
        if self._done:
            self._done = False  # QUndoStack.push calls redo once: already applied
            return
        review.redo(self.ctx.store, self.change)
        self.ctx.data_changed.emit()

    def undo(self) -> None:
        review.undo(self.ctx.store, self.change)
        self.ctx.data_changed.emit()


def perform(
    ctx: Any, text: str, action: Callable[[Store], review.Change], parent: Any = None
) -> review.Change | None:
    """Run a review action on the UI store, push it for undo, tell the pages.

    A KnownError (e.g. the case was already sent) is shown to the operator; nothing is
    pushed then."""
    try:
        change = action(ctx.store)
    except KnownError as exc:
        ctx.show_error(parent, exc)
        return None
    ctx.undo_stack.push(ReviewCommand(ctx, text, change))
    ctx.data_changed.emit()
    return change
