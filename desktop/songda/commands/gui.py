"""``songda gui [--demo] [--smoke]``: the desktop app."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("gui", help="open the desktop app 打开桌面程序")
    p.add_argument(
        "--demo", action="store_true", help="open with the bundled demo data 载入演示数据"
    )
    p.add_argument(
        "--smoke", action="store_true", help="quit with status 0 once the main window has shown"
    )
    p.set_defaults(handler=run_gui)


def run_gui(args: argparse.Namespace) -> int:
    from songda.ui.app import run  # Qt is imported only here

    return run(args)
