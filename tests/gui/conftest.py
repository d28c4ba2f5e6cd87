"""Fixtures for GUI tests: an AppContext on a temporary database, the main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture()
def ctx(tmp_path: Path, qapp: Any) -> Iterator[Any]:
    """An AppContext on a fresh database, with its own QSettings file."""
    from PySide6.QtCore import QSettings

    from songda.ui.context import AppContext

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    c = AppContext(tmp_path / "songda.db", operator="tester", settings=settings)
    yield c
    c.shutdown()


@pytest.fixture()
def main_window(ctx: Any, qtbot: Any) -> Any:
    from songda.ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w
