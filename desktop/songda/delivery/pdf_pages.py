"""Finding one mailing's pages in a batch's letters / labels PDFs and copying them out.

A batch PDF holds many letters. Each letter carries its letter number
(``〔2026〕送达字第0001-00001号``: batch id and sequence); a letter runs from the page showing
its number to the page before the next letter's number. Labels are found by their tracking
number. The search starts at the page where the item should be (from the part's item range)
and widens, so a 1,000-page part is not read whole for one case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LETTER_MARK = re.compile(r"送达字第(\d{4})-(\d{5})号")
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Part:
    file: Path
    first: int  # index of the first item (0-based, batch order)
    last: int
    pages: int | None
    sha256: str | None


def parts_from_options(out_dir: Path, options: dict[str, Any], kind: str) -> list[Part]:
    """The part files a batch recorded (``options["parts"][kind]``), else the PDFs found."""
    recorded = (options.get("parts") or {}).get(kind) or []
    if recorded:
        return [
            Part(
                out_dir / p["file"],
                int(p["first"]),
                int(p["last"]),
                p.get("pages"),
                p.get("sha256"),
            )
            for p in recorded
        ]
    files = sorted(out_dir.glob(f"{kind}*.pdf")) if out_dir.is_dir() else []
    return [Part(f, 0, 10**9, None, None) for f in files]


def _order(n: int, guess: int) -> list[int]:
    guess = min(max(guess, 0), max(n - 1, 0))
    out = [guess]
    for d in range(1, n):
        for i in (guess - d, guess + d):
            if 0 <= i < n:
                out.append(i)
    return out


class _Doc:
    def __init__(self, path: Path) -> None:
        from pypdf import PdfReader

        self.reader = PdfReader(str(path))
        self.n = len(self.reader.pages)
        self._text: dict[int, str] = {}

    def text(self, i: int) -> str:
        if i not in self._text:
            raw = self.reader.pages[i].extract_text() or ""
            self._text[i] = _WS.sub("", raw)
        return self._text[i]


def find_letter_pages(
    part: Part, item_index: int, batch_id: int, seq: int, needles: tuple[str, ...] = ()
) -> list[int]:
    """Page indexes of one letter in ``part`` (empty when not found)."""
    doc = _Doc(part.file)
    count = max(1, min(part.last, 10**6) - part.first + 1)
    guess = (item_index - part.first) * doc.n // count if part.last < 10**9 else 0
    mark = f"送达字第{batch_id:04d}-{seq:05d}号"
    start = next((i for i in _order(doc.n, guess) if mark in doc.text(i)), None)
    if start is None and needles:
        hits = [i for i in range(doc.n) if any(n and n in doc.text(i) for n in needles)]
        return hits
    if start is None:
        return []
    pages = [start]
    for i in range(start + 1, doc.n):
        if LETTER_MARK.search(doc.text(i)):
            break
        pages.append(i)
    return pages


TRACKING_RE = re.compile(r"[A-Z]{2}\d{9}[A-Z]{2}|(?<!\d)\d{13}(?!\d)")


def find_label_pages(part: Part, item_index: int, tracking_no: str) -> tuple[list[int], bool]:
    """(page indexes, shared): ``shared`` when the page also shows other people's labels
    (an A4 sheet of labels), which must not go into one debtor's evidence pack."""
    doc = _Doc(part.file)
    count = max(1, min(part.last, 10**6) - part.first + 1)
    guess = (item_index - part.first) * doc.n // count if part.last < 10**9 else 0
    hit = next((i for i in _order(doc.n, guess) if tracking_no in doc.text(i)), None)
    if hit is None:
        return [], False
    others = set(TRACKING_RE.findall(doc.text(hit))) - {tracking_no}
    return [hit], bool(others)


def copy_pages(src: Path, pages: list[int], dst: Path) -> None:
    """Write ``pages`` of ``src`` as a new PDF (deterministic: no new metadata)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(src))
    writer = PdfWriter()
    for i in pages:
        writer.add_page(reader.pages[i])
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("wb") as fh:
        writer.write(fh)
