"""House rules from DESIGN.md, enforced."""

from __future__ import annotations

import re
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "desktop" / "songda"
QT_IMPORT = re.compile(r"^\s*(from|import)\s+PySide6", re.MULTILINE)
SQL_CALL = re.compile(r"\b(execute|executemany|executescript)\(|sqlite3\.connect")


def _modules() -> list[Path]:
    return sorted(PKG.rglob("*.py"))


def test_pyside6_only_in_ui() -> None:
    offenders = [
        str(p.relative_to(PKG))
        for p in _modules()
        if "ui" not in p.relative_to(PKG).parts[:1]
        and QT_IMPORT.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_sql_only_in_store() -> None:
    offenders = [
        str(p.relative_to(PKG))
        for p in _modules()
        if p.relative_to(PKG).parts[0] != "store" and SQL_CALL.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_core_does_not_import_qt_at_runtime() -> None:
    import subprocess
    import sys

    code = (
        "import sys, songda.cli, songda.store, songda.domain;"
        "songda.cli.build_parser();"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PKG.parent)
