"""Rendering jobs: the letters file(s) and the labels file(s) of one batch.

A job is plain data (picklable) so the two jobs can run in two processes. A job writes
parts of at most ``max_pages`` pages (``letters-001.pdf``, ``letters-002.pdf`` …), each
first to a temporary name and renamed when complete, and reports through ``emit``:

- ``("progress", kind, items_done)``
- ``("part", kind, {"file", "first", "last", "pages", "sha256"})`` — ``first``/``last`` are
  item indexes, so an interrupted job resumes after its last complete part
- ``("done", kind, pages)`` or ``("cancelled", kind, None)``

The split points depend only on the items, so a resumed job writes the same bytes as an
uninterrupted one.
"""

from __future__ import annotations

import hashlib
import json
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from songda.errors import KnownError
from songda.letters.formats import Calibration, Grid, get_format
from songda.letters.labels import LabelItem, LabelRenderer
from songda.letters.letter_pdf import LetterImages, LetterLayout, draw_pages, new_canvas
from songda.letters.templates import CompiledTemplate, LetterTemplate

Emit = Callable[[tuple[str, str, Any]], None]
MAX_PAGES = 1000
PROGRESS_EVERY = 20


@dataclass
class RenderJob:
    kind: str  # letters / labels
    out_dir: str
    title: str
    items: list[dict[str, Any]]
    label_format: str = ""
    template: dict[str, Any] | None = None
    sender: dict[str, str] = field(default_factory=dict)
    grid: dict[str, Any] | None = None
    calibration: dict[str, Any] | None = None
    start: int = 0  # first item to render (resume)
    part_no: int = 1  # number of the first part written
    max_pages: int = MAX_PAGES


def part_name(kind: str, part_no: int) -> str:
    return f"{kind}-{part_no:03d}.pdf"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class _Part:
    def __init__(self, job: RenderJob, part_no: int, first: int, make: Callable[[Path], Any]):
        self.final = Path(job.out_dir) / part_name(job.kind, part_no)
        self.tmp = self.final.with_name(self.final.name + ".tmp")
        self.canvas = make(self.tmp)
        self.first = first
        self.pages = 0

    def finish(self, last: int) -> dict[str, Any]:
        self.canvas.save()
        os.replace(self.tmp, self.final)
        return {
            "file": self.final.name,
            "first": self.first,
            "last": last,
            "pages": self.pages,
            "sha256": _sha256(self.final),
        }

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def letter_template(snapshot: dict[str, Any]) -> LetterTemplate:
    return LetterTemplate(
        name=snapshot["name"],
        kind=snapshot["kind"],
        body=snapshot["body"],
        letterhead=snapshot.get("letterhead"),
        seal=snapshot.get("seal"),
        builtin=bool(snapshot.get("builtin", True)),
    )


def run_job(job: RenderJob, emit: Emit, stop: Callable[[], bool]) -> None:
    if job.kind == "letters":
        _letters(job, emit, stop)
    else:
        _labels(job, emit, stop)


def _letters(job: RenderJob, emit: Emit, stop: Callable[[], bool]) -> None:
    assert job.template is not None
    tpl = letter_template(job.template)
    compiled = CompiledTemplate(tpl)
    images = LetterImages(tpl.image_path("letterhead"), tpl.image_path("seal"))
    layout = LetterLayout(images)

    def make(path: Path) -> Any:
        return new_canvas(path, job.title)

    part_no = job.part_no
    part: _Part | None = None
    total_pages = 0
    n = len(job.items)
    for i in range(job.start, n):
        if stop():
            if part is not None:
                part.discard()
            emit(("cancelled", job.kind, None))
            return
        fields = job.items[i]["fields"]
        if isinstance(fields, str):  # JSON as stored in mailings.fields (less memory)
            fields = json.loads(fields)
        laid = layout.layout(compiled.render_blocks(fields))
        pages = len(laid.pages)
        if part is not None and part.pages + pages > job.max_pages:
            emit(("part", job.kind, part.finish(i - 1)))
            part_no += 1
            part = None
        if part is None:
            part = _Part(job, part_no, i, make)
        draw_pages(part.canvas, laid, images)
        part.pages += pages
        total_pages += pages
        if (i + 1) % PROGRESS_EVERY == 0:
            emit(("progress", job.kind, i + 1))
    if part is not None:
        emit(("part", job.kind, part.finish(n - 1)))
    emit(("progress", job.kind, n))
    emit(("done", job.kind, total_pages))


def _labels(job: RenderJob, emit: Emit, stop: Callable[[], bool]) -> None:
    fmt = get_format(job.label_format)
    renderer = LabelRenderer(
        fmt,
        job.sender,
        grid=Grid.from_setting(job.grid),
        calibration=Calibration.from_setting(job.calibration),
    )

    def make(path: Path) -> Any:
        return renderer.new_canvas(path, job.title)

    per_page = renderer.per_page()
    per_part = per_page * job.max_pages
    part_no = job.part_no
    part: _Part | None = None
    total_pages = 0
    n = len(job.items)
    i = job.start
    while i < n:
        if stop():
            if part is not None:
                part.discard()
            emit(("cancelled", job.kind, None))
            return
        if part is None:
            part = _Part(job, part_no, i, make)
        chunk = job.items[i : min(n, i + per_page)]
        renderer.draw_page(part.canvas, [LabelItem(**it) for it in chunk])
        part.pages += 1
        total_pages += 1
        i += len(chunk)
        if part.pages >= job.max_pages or (i - part.first) >= per_part:
            emit(("part", job.kind, part.finish(i - 1)))
            part_no += 1
            part = None
        if i % PROGRESS_EVERY < per_page or i >= n:
            emit(("progress", job.kind, i))
    if part is not None:
        emit(("part", job.kind, part.finish(n - 1)))
    emit(("done", job.kind, total_pages))


def process_main(job: RenderJob, queue: Any, stop_event: Any) -> None:
    """Entry point of a rendering process (spawned): messages go through ``queue``."""
    try:
        run_job(job, queue.put, stop_event.is_set)
    except KnownError as exc:
        queue.put(
            (
                "error",
                job.kind,
                {"known": True, "message": exc.message, "english": exc.english, "code": exc.code},
            )
        )
    except BaseException:  # reported to the parent, which raises
        queue.put(("error", job.kind, {"known": False, "message": traceback.format_exc()}))
