"""``songda gui [--demo] [--smoke]``: the desktop app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("gui", help="open the desktop app 打开桌面程序")
    p.add_argument(
        "--demo", action="store_true", help="open with the bundled demo data 载入演示数据"
    )
    p.add_argument(
        "--smoke", action="store_true", help="quit with status 0 once the main window has shown"
    )
    # also accepted after the sub-command (``songda gui --db X``); SUPPRESS keeps the
    # top-level value when not given here
    p.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="database file 数据库文件")
    p.add_argument("--operator", default=argparse.SUPPRESS, help="operator name 操作员")
    p.set_defaults(handler=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    from songda.ui.app import run  # Qt is imported only here

    return run(args)
