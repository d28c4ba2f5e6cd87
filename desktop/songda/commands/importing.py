"""``songda import FILE… [--json]``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands._pending import pending


def register(sub: Any) -> None:
    p = sub.add_parser("import", help="import case files (xlsx/xls/ods/csv) 导入案件文件")
    p.add_argument("files", type=Path, nargs="+", metavar="FILE", help="case files")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    raise pending("import")
