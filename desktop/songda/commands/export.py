"""``songda export best --out FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands._pending import pending


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="export results 导出")
    esub = p.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    best = esub.add_parser("best", help="one row per case with its best address 导出最佳地址")
    best.add_argument("--out", type=Path, required=True, help="output .csv or .xlsx")
    best.set_defaults(handler=cmd_export_best)


def cmd_export_best(args: argparse.Namespace) -> int:
    raise pending("export best")
