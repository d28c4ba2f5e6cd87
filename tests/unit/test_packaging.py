"""Static checks of the packaging files (the build itself is packaging/build.sh)."""

from __future__ import annotations

import configparser
import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PKG = REPO / "packaging"


def test_desktop_entry_is_complete() -> None:
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(PKG / "songda.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application"
    assert d["Exec"].split()[0] == "songda" and d["Icon"] == "songda"
    assert d["Name[zh_CN]"] == "送达" and d["Terminal"] == "false"
    assert d["Categories"].endswith(";")


def test_spec_bundles_resources_and_entry_point() -> None:
    spec = (PKG / "songda.spec").read_text(encoding="utf-8")
    assert 'RES = REPO / "resources"' in spec and "RES.rglob" in spec
    assert 'collect_submodules("songda"' in spec
    assert (PKG / "songda_main.py").is_file()
    assert "freeze_support" in (PKG / "songda_main.py").read_text(encoding="utf-8")


def test_inno_setup_script_is_utf8_bom_and_points_at_real_files() -> None:
    raw = (PKG / "windows" / "songda.iss").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert f'#define AppVersion "{version}"' in text
    icon = re.search(r"^SetupIconFile=(.+)$", text, re.MULTILINE)
    assert icon is not None
    assert (PKG / "windows" / icon.group(1).replace("\\", "/")).resolve().is_file()
    assert "{autopf}" in text and "[Icons]" in text and "{uninstallexe}" in text
