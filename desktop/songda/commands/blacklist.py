"""``songda blacklist list|import|export``."""

from __future__ import annotations

import argparse
from typing import Any

from songda.commands._pending import pending


def register(sub: Any) -> None:
    p = sub.add_parser("blacklist", help="address blacklist 地址黑名单")
    bsub = p.add_subparsers(dest="blacklist_command", metavar="ACTION", required=True)
    ls = bsub.add_parser("list", help="list entries 列出")
    ls.set_defaults(handler=cmd_list)


def cmd_list(args: argparse.Namespace) -> int:
    raise pending("blacklist list")
