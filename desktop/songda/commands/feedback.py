"""``songda feedback import FILE [--json]``: delivery results."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands._pending import pending


def register(sub: Any) -> None:
    p = sub.add_parser("feedback", help="delivery results 妥投反馈")
    fsub = p.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    i = fsub.add_parser("import", help="apply a delivery results file 导入妥投结果")
    i.add_argument("file", type=Path, help="EMS / China Post results (xlsx, xls, csv)")
    i.add_argument("--json", action="store_true", help="print the result as JSON")
    i.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    raise pending("feedback import")
