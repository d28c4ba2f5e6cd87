"""Every UI source string has Chinese in resources/translations/zh_CN/*.tsv, and the
compiled .qm is shipped."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _tool() -> object:
    spec = importlib.util.spec_from_file_location(
        "build_translations", REPO / "tools" / "build_translations.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_translations"] = mod
    spec.loader.exec_module(mod)
    return mod


def test_every_ui_string_has_chinese() -> None:
    bt = _tool()
    table = bt.load_tsv()  # type: ignore[attr-defined]
    sources = bt.source_strings()  # type: ignore[attr-defined]
    assert "Review" in sources  # lupdate really saw the UI
    missing = sorted(s for s in sources if not table.get(s))
    assert missing == [], (
        "add these to resources/translations/zh_CN/<area>.tsv and run"
        f" python tools/build_translations.py: {missing}"
    )


def test_qm_is_shipped() -> None:
    qm = REPO / "resources" / "translations" / "songda_zh_CN.qm"
    assert qm.is_file() and qm.stat().st_size > 100


def test_qm_is_up_to_date(tmp_path: Path) -> None:
    """The committed .qm is what the current sources and .tsv files compile to."""
    bt = _tool()
    fresh = tmp_path / "songda_zh_CN.qm"
    bt.build(fresh)  # type: ignore[attr-defined]
    committed = REPO / "resources" / "translations" / "songda_zh_CN.qm"
    assert fresh.read_bytes() == committed.read_bytes(), (
        "run python tools/build_translations.py and commit resources/translations"
    )
