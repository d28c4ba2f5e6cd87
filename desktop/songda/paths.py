"""Where things live: bundled resources and the user's data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Songda"
APP_AUTHOR = "Songda"


def resources_dir() -> Path:
    """The bundled ``resources/`` folder (source checkout, installed package or PyInstaller)."""
    env = os.environ.get("SONGDA_RESOURCES")
    if env:
        return Path(env)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve()
    # desktop/songda/paths.py -> repository root
    repo = here.parent.parent.parent / "resources"
    if repo.is_dir():
        return repo
    return here.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    import platformdirs  # here, not at the top: the address engine imports this module

    d = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    d.mkdir(parents=True, exist_ok=True)
    return d


def default_db_path() -> Path:
    env = os.environ.get("SONGDA_DB")
    if env:
        return Path(env)
    return data_dir() / "songda.db"


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"
