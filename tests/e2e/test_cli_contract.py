"""Every contract command exists, has help text and is documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_kit import songda as run

REPO = Path(__file__).resolve().parents[2]
CONTRACT = [
    ["gui"],
    ["demo"],
    ["import"],
    ["address", "parse"],
    ["rank"],
    ["export", "best"],
    ["batch", "create"],
    ["feedback", "import"],
    ["stats"],
]


@pytest.mark.parametrize("cmd", CONTRACT, ids=" ".join)
def test_command_has_help(cmd: list[str]) -> None:
    r = run(*cmd, "--help")
    assert r.returncode == 0, r.stderr
    assert "usage: songda " + " ".join(cmd) in r.stdout


@pytest.mark.parametrize("cmd", CONTRACT, ids=" ".join)
def test_command_is_documented_in_readme(cmd: list[str]) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"songda {' '.join(cmd)}" in readme
