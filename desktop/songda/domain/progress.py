"""Progress callbacks and cancel tokens shared by every long-running service."""

from __future__ import annotations

import threading
from typing import Protocol

from songda.errors import Cancelled


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str) -> None: ...


def null_progress(done: int, total: int, message: str) -> None:
    """A progress callback that ignores everything."""


class CancelToken:
    """Thread-safe flag a UI sets and a service checks between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was requested."""
        if self._event.is_set():
            raise Cancelled()
