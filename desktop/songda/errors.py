"""Errors an operator can fix carry a clear Chinese message (and an English one)."""

from __future__ import annotations


class KnownError(Exception):
    """An error the operator can fix: bad file, unknown column, missing placeholder.

    ``message`` is Chinese (the UI language); ``english`` is an optional English
    rendering for logs and the CLI's second line.
    """

    def __init__(self, message: str, english: str = "", *, code: str = "error") -> None:
        super().__init__(message)
        self.message = message
        self.english = english
        self.code = code

    def __str__(self) -> str:
        return f"{self.message} ({self.english})" if self.english else self.message


class Cancelled(Exception):
    """Raised inside a service when its cancel token was set."""
