"""Test configuration shared by unit, gui and e2e tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Qt must never try to open a real display in tests; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "desktop"))
sys.path.insert(0, str(REPO / "tests" / "helpers"))  # shared test helpers


@pytest.fixture()
def tmp_db(tmp_path: Path) -> Path:
    return tmp_path / "songda.db"


@pytest.fixture()
def store(tmp_db: Path):  # type: ignore[no-untyped-def]
    from songda.store import open_store

    s = open_store(tmp_db, operator="tester")
    yield s
    s.close()


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the real user data folder or database from a test."""
    home = tmp_path_factory.mktemp("songda-home")
    monkeypatch.setenv("SONGDA_DB", str(home / "songda.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


# PySide6 can abort while the interpreter tears down Qt objects after the whole run has
# finished and reported (seen rarely as "bool_dealloc", exit 134). Every test has run and the
# summary is printed by then, so leave with pytest's own status and skip that teardown.
_EXIT_STATUS: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _EXIT_STATUS.append(int(exitstatus))


def pytest_unconfigure(config: pytest.Config) -> None:
    if _EXIT_STATUS and "PySide6" in sys.modules and not os.environ.get("SONGDA_TEST_NO_FAST_EXIT"):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])
