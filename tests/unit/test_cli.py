"""The command line registers only the command it runs (start-up of ``address parse``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from songda.cli import COMMAND_MODULES, COMMAND_NAMES, _command_module, build_parser


def _commands(parser: object) -> set[str]:
    import argparse

    assert isinstance(parser, argparse.ArgumentParser)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def test_every_command_maps_to_its_module() -> None:
    full = _commands(build_parser())
    assert full == {COMMAND_NAMES.get(m, m) for m in COMMAND_MODULES}
    for module in COMMAND_MODULES:
        assert _commands(build_parser(module)) == {COMMAND_NAMES.get(module, module)}


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["address", "parse"], "address"),
        (["--db", "x.db", "import", "cases.xlsx"], "importing"),
        (["--db=x.db", "rank"], "rank"),
        (["-v", "--operator", "张三", "feedback", "import", "r.csv"], "feedback"),
        (["stats", "--json"], "stats"),
        ([], None),
        (["--help"], None),
        (["--version"], None),
        (["--db", "x.db"], None),
        (["nosuch"], None),
    ],
)
def test_command_module_is_read_from_the_arguments(argv: list[str], module: str | None) -> None:
    assert _command_module(argv) == module


def test_address_parse_does_not_load_the_store() -> None:
    code = (
        "import io, sys\n"
        "sys.stdin = io.TextIOWrapper(io.BytesIO('北京市东城区东华门街道\\n'.encode('utf-8')))\n"
        "out = io.BytesIO()\n"
        "sys.stdout = io.TextIOWrapper(out, encoding='utf-8')\n"
        "from songda.cli import main\n"
        "rc = main(['address', 'parse'])\n"
        "sys.stdout.flush()\n"
        "assert rc == 0\n"
        'assert b\'"district":"\\xe4\\xb8\\x9c\\xe5\\x9f\\x8e\\xe5\\x8c\\xba"\' in out.getvalue()\n'
        "assert 'sqlite_utils' not in sys.modules and 'songda.store' not in sys.modules\n"
    )
    desktop = Path(__file__).resolve().parents[2] / "desktop"
    env = {**os.environ, "PYTHONPATH": str(desktop)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
