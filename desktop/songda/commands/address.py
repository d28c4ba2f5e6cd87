"""``songda address parse``: one address per line on stdin, one JSON object per line out."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("address", help="address tools 地址工具")
    asub = p.add_subparsers(dest="address_command", metavar="ACTION", required=True)
    parse = asub.add_parser(
        "parse",
        help="parse addresses from stdin, one JSON object per line 解析地址",
        description="Reads one address per line (UTF-8) on stdin and writes one JSON object "
        "per line: province city district town village road road_no poi building unit floor "
        "room detail, spans, adcode, postcode, level, valid, issues, confidence.",
    )
    parse.set_defaults(handler=cmd_parse)


def cmd_parse(args: argparse.Namespace) -> int:
    from songda.address import parse

    data = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    if data.startswith("\ufeff"):
        data = data[1:]
    out = sys.stdout.buffer
    lines = data.splitlines()
    chunk: list[str] = []
    for i, line in enumerate(lines, 1):
        chunk.append(parse(line).to_json())
        if i % 2000 == 0:
            out.write(("\n".join(chunk) + "\n").encode("utf-8"))
            chunk.clear()
    if chunk:
        out.write(("\n".join(chunk) + "\n").encode("utf-8"))
    out.flush()
    return 0
