"""``songda stats [--json]``: counts, validity rate, signature rate."""

from __future__ import annotations

import argparse
from typing import Any

from songda.commands.common import print_json, store_from_args


def register(sub: Any) -> None:
    p = sub.add_parser("stats", help="counts, validity rate, signature rate 统计")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(handler=cmd_stats)


def cmd_stats(args: argparse.Namespace) -> int:
    store = store_from_args(args)
    try:
        figures = {
            "cases": store.count("cases"),
            "candidates": store.count("candidates"),
            "mailings": store.count("mailings"),
        }
    finally:
        store.close()
    if args.json:
        print_json(figures)
    else:
        for k, v in figures.items():
            print(f"{k}: {v}")
    return 0
