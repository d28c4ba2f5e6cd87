"""Raised by commands whose implementation has not landed yet (replaced issue by issue)."""

from __future__ import annotations

from songda.errors import KnownError


def pending(name: str) -> KnownError:
    return KnownError(f"命令 {name} 尚未实现", f"command {name} is not implemented yet")
