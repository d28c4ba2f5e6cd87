"""``songda batch create``: letters, labels and manifest for the cases ready to send."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands._pending import pending


def register(sub: Any) -> None:
    p = sub.add_parser("batch", help="print batches 打印批次")
    bsub = p.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    c = bsub.add_parser("create", help="create and render a batch 创建批次")
    c.add_argument("--template", required=True, help="template name 模板")
    c.add_argument("--label", required=True, help="label format, e.g. ems100x150 面单格式")
    c.add_argument("--tracking-start", required=True, help="first tracking number 起始运单号")
    c.add_argument("--out", type=Path, required=True, help="output folder")
    c.set_defaults(handler=cmd_create)


def cmd_create(args: argparse.Namespace) -> int:
    raise pending("batch create")
