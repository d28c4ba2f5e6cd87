"""Compile ../shared/data/flags into resources/ranking/universities.json.

The app must not read ../shared (a user's machine has no shared/ folder): this build script
turns the Ministry of Education list of universities (全国普通高等学校名单, 2025-06-20) into the
small resource the blacklist matcher loads. Run from the repository root:

    python tools/build_flags.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
UNIVERSITIES = "flags/universities_2025-06-20.csv"
OUT = REPO / "resources" / "ranking" / "universities.json"


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text)).lower()


def build(shared: Path) -> dict[str, object]:
    names: set[str] = set()
    with (shared / UNIVERSITIES).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name = row["name"].strip()
            if not name:
                continue
            names.add(_key(name))
            # 中国矿业大学（北京）: addresses usually omit the campus in brackets
            base = re.split(r"[（(]", name, maxsplit=1)[0]
            if base != name and len(base) >= 4:
                names.add(_key(base))
    return {
        "source": "Ministry of Education 全国普通高等学校名单, 2025-06-20 "
        "(shared/data/flags/universities_2025-06-20.csv), names normalised (NFKC, "
        "punctuation removed); campus suffixes in brackets also added without them.",
        "names": sorted(names),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    args = ap.parse_args()
    data = build(args.shared)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['names'])} names)")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
