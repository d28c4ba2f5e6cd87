"""``songda rank``: re-rank all cases."""

from __future__ import annotations

import argparse
from typing import Any

from songda.commands._pending import pending


def register(sub: Any) -> None:
    p = sub.add_parser("rank", help="re-rank all cases 重新排序全部案件")
    p.set_defaults(handler=cmd_rank)


def cmd_rank(args: argparse.Namespace) -> int:
    raise pending("rank")
