"""``songda address parse``: one address per line on stdin, one JSON object per line out."""

from __future__ import annotations

import argparse
from typing import Any

from songda.commands._pending import pending


def register(sub: Any) -> None:
    p = sub.add_parser("address", help="address tools 地址工具")
    asub = p.add_subparsers(dest="address_command", metavar="ACTION", required=True)
    parse = asub.add_parser(
        "parse", help="parse addresses from stdin, one JSON object per line 解析地址"
    )
    parse.set_defaults(handler=cmd_parse)


def cmd_parse(args: argparse.Namespace) -> int:
    raise pending("address parse")
