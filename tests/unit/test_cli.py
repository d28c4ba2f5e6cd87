"""The command line registers only the command it runs (start-up of ``address parse``)."""

from __future__ import annotations

import json
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
        "sys.__stdout__.write('checked\\n')\n"  # main() returned: called from code, it must
    )
    r = subprocess.run(
        [sys.executable, "-c", code], check=True, env=ENV, capture_output=True, text=True
    )
    assert r.stdout == "checked\n"


DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
ENV = {**os.environ, "PYTHONPATH": str(DESKTOP)}
ADDRESSES = [
    "浙江省杭州市余杭区仓前街道文一西路1500号",
    "北京市东城区东华门街道多福巷社区",
    "广东省东莞市虎门镇",
    "",
    "not an address",
    "上海市闸北区天目中路100号3幢2单元502室",
]


def _parse_cli(lines: list[str], code: str | None = None) -> subprocess.CompletedProcess[bytes]:
    cmd = [sys.executable, "-m", "songda", "address", "parse"]
    if code is not None:
        cmd = [sys.executable, "-c", code]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return subprocess.run(cmd, input=data, env=ENV, capture_output=True, timeout=300)


def test_address_parse_writes_every_line_and_exits_0() -> None:
    # the command ends its process itself (os._exit, no interpreter teardown): all the
    # output must be out by then
    lines = ADDRESSES * 700  # 4,200 lines: more than one 2,000-line chunk
    r = _parse_cli(lines)
    assert r.returncode == 0, r.stderr
    assert r.stderr == b""
    assert r.stdout.endswith(b"\n")
    out = r.stdout.decode("utf-8").split("\n")[:-1]
    assert len(out) == len(lines)
    parsed = [json.loads(line) for line in out]
    assert parsed[0]["district"] == "余杭区" and parsed[0]["adcode"] == "330110012"
    assert parsed[1]["village"] == "多福巷社区居委会"
    assert parsed == parsed[: len(ADDRESSES)] * 700


def _parse_all_after(prelude: str) -> subprocess.CompletedProcess[bytes]:
    """``songda address parse`` through ``songda.cli.main`` after ``prelude``, in a process
    of its own; every address gets its line."""
    code = prelude + (
        "sys.argv = ['songda', 'address', 'parse']\nfrom songda.cli import main\nsys.exit(main())\n"
    )
    r = _parse_cli(ADDRESSES, code)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count(b"\n") == len(ADDRESSES)
    return r


def test_address_parse_runs_atexit_and_logging_before_it_ends() -> None:
    code = (
        "import atexit, logging, sys\n"
        "atexit.register(lambda: sys.stderr.write('atexit ran\\n'))\n"
        "handler = logging.StreamHandler(sys.stderr)\n"
        "logging.getLogger('t').addHandler(handler)\n"
        "logging.getLogger('t').warning('logged')\n"
    )
    r = _parse_all_after(code)
    assert r.stderr.decode("utf-8").splitlines() == ["logged", "atexit ran"]


def test_address_parse_waits_for_other_threads() -> None:
    # another thread running: no early end (the normal exit waits for it)
    code = (
        "import sys, threading, time\n"
        "def late():\n"
        "    time.sleep(0.5)\n"
        "    sys.stderr.write('thread done\\n')\n"
        "threading.Thread(target=late).start()\n"
    )
    r = _parse_all_after(code)
    assert r.stderr == b"thread done\n"
