"""Build the zh_CN translation of the UI.

1. ``pyside6-lupdate`` over ``desktop/songda/ui`` collects every ``tr()`` /
   ``QCoreApplication.translate`` source string into a .ts file (kept in a temp folder);
2. the Chinese for each source string comes from ``resources/translations/zh_CN/*.tsv``
   (``English<TAB>中文`` one per line; ``\\n`` and ``\\t`` escapes; ``#`` starts a comment);
3. ``pyside6-lrelease`` compiles ``resources/translations/songda_zh_CN.qm`` (committed).

``python tools/build_translations.py --check`` only lists source strings without Chinese
(exit 1 when any). Run it after adding UI strings and commit the .tsv and .qm files.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UI_DIR = REPO / "desktop" / "songda" / "ui"
TSV_DIR = REPO / "resources" / "translations" / "zh_CN"
QM_FILE = REPO / "resources" / "translations" / "songda_zh_CN.qm"


def _tool(name: str) -> str:
    """Path of a Qt tool shipped with the PySide6 wheel (pyside6-lupdate / lrelease)."""
    found = shutil.which(f"pyside6-{name}")
    if found:
        return found
    here = Path(sys.executable).parent / f"pyside6-{name}"
    if here.exists():
        return str(here)
    import PySide6

    return str(Path(PySide6.__file__).parent / name)


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def load_tsv(folder: Path = TSV_DIR) -> dict[str, str]:
    """English source -> Chinese, from every .tsv file in ``folder``."""
    out: dict[str, str] = {}
    for path in sorted(folder.glob("*.tsv")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            if "\t" not in line:
                raise SystemExit(f"{path.name}:{n}: expected English<TAB>中文")
            en, zh = line.split("\t", 1)
            out[_unescape(en)] = _unescape(zh.strip())
    return out


def ui_sources() -> list[Path]:
    return sorted(UI_DIR.rglob("*.py"))


def run_lupdate(ts_file: Path) -> None:
    files = [str(p) for p in ui_sources()]
    subprocess.run(
        [_tool("lupdate"), "-silent", "-locations", "none", *files, "-ts", str(ts_file)],
        check=True,
        capture_output=True,
    )


def source_strings(ts_file: Path | None = None) -> set[str]:
    """Every translatable source string in the UI code."""
    with tempfile.TemporaryDirectory() as tmp:
        ts = ts_file or Path(tmp) / "songda_zh_CN.ts"
        if ts_file is None:
            run_lupdate(ts)
        tree = ET.parse(ts)
        return {
            (m.findtext("source") or "")
            for m in tree.getroot().iter("message")
            if m.findtext("source")
        }


def fill_ts(ts_file: Path, table: dict[str, str]) -> list[str]:
    """Put the Chinese into the .ts; return the source strings left untranslated."""
    tree = ET.parse(ts_file)
    root = tree.getroot()
    root.set("language", "zh_CN")
    missing: list[str] = []
    for msg in root.iter("message"):
        src = msg.findtext("source") or ""
        tr = msg.find("translation")
        if tr is None:
            tr = ET.SubElement(msg, "translation")
        zh = table.get(src)
        if zh:
            tr.text = zh
            tr.attrib.pop("type", None)
        else:
            missing.append(src)
            tr.set("type", "unfinished")
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return sorted(set(missing))


def build(qm_file: Path = QM_FILE) -> list[str]:
    table = load_tsv()
    with tempfile.TemporaryDirectory() as tmp:
        ts = Path(tmp) / "songda_zh_CN.ts"
        run_lupdate(ts)
        missing = fill_ts(ts, table)
        qm_file.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [_tool("lrelease"), "-silent", str(ts), "-qm", str(qm_file)],
            check=True,
            capture_output=True,
        )
    return missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--check", action="store_true", help="only list missing translations")
    args = ap.parse_args(argv)
    if args.check:
        table = load_tsv()
        missing = sorted(s for s in source_strings() if s not in table)
    else:
        missing = build()
        print(f"wrote {QM_FILE.relative_to(REPO)}")
    for s in missing:
        print(f"missing zh_CN: {s!r}", file=sys.stderr)
    return 1 if (missing and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
