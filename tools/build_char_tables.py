"""Build the two small character tables the address engine ships (committed under
resources/gazetteer/), so that the app needs neither OpenCC nor pypinyin at run time:

- ``t2s.txt``: traditional → simplified, one pair per line (from OpenCC's TSCharacters.txt,
  Apache-2.0), leaving out characters that are valid simplified characters themselves (著, 乾…)
  and every character used in a current division name;
- ``pinyin.txt.gz``: toneless pinyin → characters, used to break ties between typo
  corrections (杭洲 → 杭州 rather than 株洲: 洲 and 州 sound alike).

Run with an environment that has the build-time packages (not Songda dependencies):
    /work/venv-peers/bin/pip install opencc-python-reimplemented pypinyin
    /work/venv-peers/bin/python tools/build_char_tables.py
"""

from __future__ import annotations

import gzip
import os
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "resources" / "gazetteer"


def division_chars() -> set[str]:
    raw = (OUT / "divisions.txt").read_bytes().decode("utf-8")
    names = raw.split("\x1e")[2]
    return set(names) - {"\n"}


def build_t2s() -> int:
    import opencc  # type: ignore[import-not-found]

    d = Path(os.path.dirname(opencc.__file__)) / "dictionary"
    simplified: set[str] = set()
    for line in (d / "STCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line.strip():
            simplified.add(line.split("\t")[0])
    keep = division_chars()
    pairs: list[str] = []
    for line in (d / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        trad, targets = line.split("\t")
        simp = targets.split(" ")[0]
        if len(trad) != 1 or len(simp) != 1 or trad == simp:
            continue
        if trad in simplified or trad in keep:
            continue
        pairs.append(trad + simp)
    (OUT / "t2s.txt").write_text("\n".join(sorted(pairs)) + "\n", encoding="utf-8")
    return len(pairs)


def build_pinyin() -> int:
    from pypinyin import Style, pinyin  # type: ignore[import-not-found]

    groups: dict[str, list[str]] = defaultdict(list)
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        py = pinyin(ch, style=Style.NORMAL, heteronym=False, errors="ignore")
        if py and py[0] and py[0][0].isascii():
            groups[py[0][0]].append(ch)
    text = "".join(f"{k}\t{''.join(v)}\n" for k, v in sorted(groups.items()))
    with gzip.GzipFile(OUT / "pinyin.txt.gz", "wb", compresslevel=9, mtime=0) as f:
        f.write(text.encode("utf-8"))
    return sum(len(v) for v in groups.values())


def main() -> None:
    print(f"t2s: {build_t2s()} pairs; pinyin: {build_pinyin()} characters")


if __name__ == "__main__":
    main()
