"""``songda export best --out FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands.common import store_from_args


def register(sub: Any) -> None:
    p = sub.add_parser("export", help="export results 导出")
    esub = p.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    best = esub.add_parser("best", help="one row per case with its best address 导出最佳地址")
    best.add_argument("--out", type=Path, required=True, help="output .csv or .xlsx")
    best.set_defaults(handler=cmd_export_best)


def cmd_export_best(args: argparse.Namespace) -> int:
    from songda.services.export_best import export_best

    store = store_from_args(args)
    try:
        n = export_best(store, args.out)
    finally:
        store.close()
    print(f"已导出 exported: {n} cases -> {args.out}")
    return 0
