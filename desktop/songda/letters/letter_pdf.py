"""Letters drawn on a reportlab canvas directly (no platypus): fast and deterministic.

Each letter is laid out into pages of drawing operations first (so the page count is
known for "第 1 页 共 2 页"), then drawn. Letterhead and seal are PDF form XObjects
defined once per file and reused on every page. Text lines come from
:class:`~songda.letters.linebreak.LineBreaker`, which keeps the 禁则 rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from songda.letters.fonts import SANS, SONG, metrics, register_fonts
from songda.letters.linebreak import LineBreaker
from songda.letters.pdftext import draw_centred, draw_right, draw_text
from songda.letters.templates import Block

PAGE_W, PAGE_H = A4
LEFT = 25 * mm
RIGHT = 25 * mm
TOP = 14 * mm
BOTTOM = 18 * mm
TEXT_W = PAGE_W - LEFT - RIGHT

BODY_SIZE = 11.5
BODY_LEADING = 18.0
TITLE_SIZE = 20.0
SMALL_SIZE = 10.0
SEAL_D = 40 * mm


@dataclass(slots=True)
class Op:
    kind: str  # text / rect / line / form
    x: float = 0.0
    y: float = 0.0
    text: str = ""
    font: str = SONG
    size: float = BODY_SIZE
    char_space: float = 0.0
    w: float = 0.0
    h: float = 0.0
    align: str = "left"


@dataclass
class LaidOut:
    pages: list[list[Op]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # every body line, for rule checks


class LetterImages:
    """Letterhead and seal, registered once per canvas as form XObjects."""

    def __init__(self, letterhead: Path | None, seal: Path | None) -> None:
        self.letterhead = ImageReader(str(letterhead)) if letterhead else None
        self.seal = ImageReader(str(seal)) if seal else None
        self.letterhead_h = 0.0
        if self.letterhead is not None:
            iw, ih = self.letterhead.getSize()
            self.letterhead_h = TEXT_W * ih / iw

    def define(self, c: Canvas) -> None:
        # once per canvas, marked on the canvas itself (object ids are reused)
        if getattr(c, "_songda_letter_forms", False):
            return
        c._songda_letter_forms = True  # type: ignore[attr-defined]
        if self.letterhead is not None:
            c.beginForm("letterhead")
            c.drawImage(self.letterhead, 0, 0, TEXT_W, self.letterhead_h, mask="auto")
            c.endForm()
        if self.seal is not None:
            c.beginForm("seal")
            c.drawImage(self.seal, 0, 0, SEAL_D, SEAL_D, mask="auto")
            c.endForm()


class LetterLayout:
    def __init__(self, images: LetterImages) -> None:
        self.images = images
        self.body = LineBreaker(metrics(SONG), BODY_SIZE)
        self.small = LineBreaker(metrics(SONG), SMALL_SIZE)

    def layout(self, blocks: list[Block]) -> LaidOut:
        out = LaidOut()
        page: list[Op] = []
        y = PAGE_H - TOP
        if self.images.letterhead is not None:
            y -= self.images.letterhead_h
            page.append(Op("form", LEFT, y, text="letterhead"))
            y -= 3 * mm

        def new_page() -> None:
            nonlocal page, y
            out.pages.append(page)
            page = []
            y = PAGE_H - TOP

        def need(h: float) -> None:
            if y - h < BOTTOM:
                new_page()

        for block in blocks:
            if block.kind == "title":
                for text in block.lines:
                    need(TITLE_SIZE * 2)
                    y -= TITLE_SIZE * 1.4
                    cs = TITLE_SIZE * 0.5
                    w = metrics(SANS).text(text) * TITLE_SIZE + cs * (len(text) - 1)
                    page.append(Op("text", LEFT + (TEXT_W - w) / 2, y, text, SANS, TITLE_SIZE, cs))
                    y -= TITLE_SIZE * 0.8
            elif block.kind == "right":
                for text in block.lines:
                    need(SMALL_SIZE * 1.8)
                    y -= SMALL_SIZE * 1.6
                    page.append(Op("text", LEFT + TEXT_W, y, text, SONG, SMALL_SIZE, align="right"))
            elif block.kind in ("plain", "paragraph"):
                indent = 2 * BODY_SIZE if block.kind == "paragraph" else 0.0
                for para in block.lines:
                    for ln in self.body.lines(para, TEXT_W, indent):
                        need(BODY_LEADING)
                        y -= BODY_LEADING
                        cs = 0.0
                        n = len(ln.text)
                        if not ln.last and n > 1:
                            cs = (TEXT_W - ln.indent - ln.width) / (n - 1)
                            if cs > BODY_SIZE * 0.15:
                                cs = 0.0
                        page.append(Op("text", LEFT + ln.indent, y, ln.text, SONG, BODY_SIZE, cs))
                        out.lines.append(ln.text)
            elif block.kind == "amounts":
                need((BODY_LEADING + 2) * (len(block.lines) + 1) + 12)
                y = self._amounts(block, page, y, out)
            elif block.kind == "signature":
                h = BODY_LEADING * (len(block.lines) + 1)
                need(h)
                y -= BODY_LEADING
                right = LEFT + TEXT_W - 4 * BODY_SIZE
                first_y = y
                widest = 0.0
                for text in block.lines:
                    y -= BODY_LEADING
                    page.append(Op("text", right, y, text, SONG, BODY_SIZE, align="right"))
                    widest = max(widest, self.body.width(text))
                if self.images.seal is not None:
                    cx = right - widest / 2
                    cy = (first_y + y) / 2 + BODY_LEADING / 2
                    page.append(Op("form", cx - SEAL_D / 2, cy - SEAL_D / 2, text="seal"))
        out.pages.append(page)
        return out

    def _amounts(self, block: Block, page: list[Op], y: float, out: LaidOut) -> float:
        rows = [[c.strip() for c in line.split("|")] for line in block.lines]
        rows.insert(0, ["项目", "金额（元）", "大写金额"])
        cols = (0.24 * TEXT_W, 0.22 * TEXT_W, 0.54 * TEXT_W)
        row_h = BODY_LEADING + 2
        size = BODY_SIZE - 1
        y -= 6
        top = y
        for r, cells in enumerate(rows):
            y -= row_h
            x = LEFT
            for k, cell in enumerate(cells[:3]):
                font = SANS if r == 0 else SONG
                if k == 1 and r > 0:
                    w = metrics(font).text(cell) * size
                    page.append(Op("text", x + cols[k] - 6 - w, y + 6, cell, font, size))
                else:
                    page.append(Op("text", x + 6, y + 6, cell, font, size))
                out.lines.append(cell)
                x += cols[k]
        page.append(Op("rect", LEFT, y, w=TEXT_W, h=top - y))
        for r in range(1, len(rows)):
            yy = top - r * row_h
            page.append(Op("line", LEFT, yy, w=TEXT_W))
        x = LEFT
        for k in range(2):
            x += cols[k]
            page.append(Op("vline", x, y, h=top - y))
        return y - 6


def draw_pages(c: Canvas, laid: LaidOut, images: LetterImages, footer: str = "") -> int:
    """Draw one laid-out letter, one canvas page per page; returns the page count."""
    images.define(c)
    n = len(laid.pages)
    for k, page in enumerate(laid.pages):
        for op in page:
            if op.kind == "text":
                if op.align == "right":
                    draw_right(c, op.font, op.size, op.x, op.y, op.text)
                else:
                    draw_text(c, op.font, op.size, op.x, op.y, op.text, op.char_space)
            elif op.kind == "form":
                c.saveState()
                c.translate(op.x, op.y)
                c.doForm(op.text)
                c.restoreState()
            elif op.kind == "rect":
                c.setLineWidth(0.6)
                c.rect(op.x, op.y, op.w, op.h)
            elif op.kind == "line":
                c.setLineWidth(0.4)
                c.line(op.x, op.y, op.x + op.w, op.y)
            elif op.kind == "vline":
                c.setLineWidth(0.4)
                c.line(op.x, op.y, op.x, op.y + op.h)
        if n > 1 or footer:
            label = f"第 {k + 1} 页 共 {n} 页" if n > 1 else ""
            text = "　".join(t for t in (footer, label) if t)
            draw_centred(c, SONG, 9, PAGE_W / 2, BOTTOM / 2, text)
        c.showPage()
    return n


def new_canvas(path: Path | str, title: str) -> Canvas:
    register_fonts(SONG, SANS)
    c = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1, initialFontName=SONG)
    c.setTitle(title)
    c.setAuthor("Songda")
    c.setCreator("Songda")
    return c
