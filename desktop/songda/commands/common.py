"""Helpers shared by CLI commands."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from songda.paths import default_db_path
from songda.store import Store, open_store


def store_from_args(args: argparse.Namespace) -> Store:
    path = args.db if getattr(args, "db", None) else default_db_path()
    return open_store(path, operator=getattr(args, "operator", None))


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def stderr_progress(enabled: bool = True) -> Any:
    """A progress callback that writes a single updating line to stderr when it is a TTY."""
    tty = enabled and sys.stderr.isatty()
    last = [-1]

    def progress(done: int, total: int, message: str) -> None:
        if not tty:
            return
        pct = int(100 * done / total) if total else 0
        if pct != last[0]:
            last[0] = pct
            sys.stderr.write(f"\r{message} {done}/{total} ({pct}%)   ")
            sys.stderr.flush()
            if done >= total:
                sys.stderr.write("\n")

    return progress
