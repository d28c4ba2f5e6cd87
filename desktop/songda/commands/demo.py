"""``songda demo --out DIR``: the bundled demo data end to end."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands._pending import pending


def register(sub: Any) -> None:
    p = sub.add_parser("demo", help="demo end to end: import, rank, one batch 演示")
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    raise pending("demo")
