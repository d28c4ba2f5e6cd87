"""The headless command line (contract in DESIGN.md). ``songda`` alone opens the GUI.

Each sub-command lives in ``songda/commands/<module>.py`` with ``register(subparsers)``;
handlers receive the parsed ``argparse.Namespace`` and return an exit status.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from songda import __version__
from songda.errors import KnownError

# Order here is the order in ``songda --help``.
COMMAND_MODULES = (
    "gui",
    "demo",
    "importing",
    "address",
    "rank",
    "export",
    "batch",
    "template",
    "feedback",
    "stats",
    "evidence",
    "blacklist",
    "db",
)

# The command each module registers, where it differs from the module's name.
COMMAND_NAMES = {"importing": "import"}

EXIT_KNOWN_ERROR = 2


def _command_module(args_list: Sequence[str]) -> str | None:
    """The module of the command named in ``args_list``, or None (no command, ``--help``,
    ``--version``, an unknown name). Only that module is then imported: the others pull in
    the store, sqlite-utils and the spreadsheet readers, about 0.2 s of start-up that a
    ``songda address parse`` in a shell pipeline would pay on every call."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--db")
    pre.add_argument("--operator")
    pre.add_argument("-v", "--verbose", action="store_true")
    try:
        _, rest = pre.parse_known_args(list(args_list))
    except SystemExit:  # a malformed global option: the full parser reports it
        return None
    if not rest or rest[0].startswith("-"):
        return None
    by_command = {COMMAND_NAMES.get(m, m): m for m in COMMAND_MODULES}
    return by_command.get(rest[0])


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; ``only`` registers that command module alone (see _command_module)."""
    parser = argparse.ArgumentParser(
        prog="songda",
        description="送达 Songda — 地址清洗、排序、律师函打印与妥投反馈。"
        " Address cleaning, ranking, letters and delivery feedback.",
    )
    parser.add_argument("--version", action="version", version=f"songda {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database file (default: $SONGDA_DB or the user data folder) 数据库文件",
    )
    parser.add_argument("--operator", default=None, help="operator name for the audit log 操作员")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if only is None else (only,):
        module = importlib.import_module(f"songda.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_module(args_list))
    args = parser.parse_args(args_list)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8")
    handler = getattr(args, "handler", None)
    if handler is None:
        # no sub-command: open the GUI
        from songda.commands.gui import run_gui

        return run_gui(args)
    # argv None: the process's own command line (the entry points), not a call from code or
    # a test; a handler may then end the process itself when done (``address parse`` does)
    args.owns_process = argv is None
    try:
        rc: int = handler(args)
        return rc
    except KnownError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        if exc.english:
            print(f"error: {exc.english}", file=sys.stderr)
        return EXIT_KNOWN_ERROR
    except KeyboardInterrupt:
        print("已取消 (cancelled)", file=sys.stderr)
        return 130
