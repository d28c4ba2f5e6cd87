"""A fast path for drawing text with the embedded subset TrueType fonts.

reportlab's ``drawString`` goes through a text object that shapes, measures and
re-encodes every string; for tens of thousands of lines that is most of the rendering
time. Here the PDF operators are written directly (BT … Tf … Tj … ET) using the font's
own subset encoding, so the output is the same kind of PDF reportlab writes.
"""

from __future__ import annotations

from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

# Binary (Flate only) streams: ASCII85 makes files 25% larger and costs time.
rl_config.useA85 = 0

_fonts: dict[str, Any] = {}


def _font(name: str) -> Any:
    f = _fonts.get(name)
    if f is None:
        f = _fonts[name] = pdfmetrics.getFont(name)
    return f


def _encoded(c: Canvas, font_name: str, size: float, text: str) -> str:
    """The Tf/Tj operators for ``text``; cached per document (subset codes never change)."""
    cache: dict[tuple[str, float, str], str] | None = getattr(c, "_songda_text_cache", None)
    if cache is None:
        cache = {}
        c._songda_text_cache = cache  # type: ignore[attr-defined]
    key = (font_name, size, text)
    ops = cache.get(key)
    if ops is None:
        font = _font(font_name)
        doc = c._doc
        escape = c._escape
        out: list[str] = []
        current = None
        size_s = fp_str(size)
        for subset, t in font.splitString(text, doc):
            if subset != current:
                out.append(f"{font.getSubsetInternalName(subset, doc)} {size_s} Tf")
                current = subset
            out.append(f"({escape(t)}) Tj")
        ops = " ".join(out)
        cache[key] = ops
    return ops


def draw_text(
    c: Canvas,
    font_name: str,
    size: float,
    x: float,
    y: float,
    text: str,
    char_space: float = 0.0,
) -> None:
    """Draw ``text`` with its baseline starting at (x, y), in the current fill colour."""
    if not text:
        return
    ops = _encoded(c, font_name, size, text)
    if char_space:
        # Tc persists in the text state: set it back to 0 for the next line
        c._code.append(f"BT {fp_str(x, y)} Td {fp_str(char_space)} Tc {ops} 0 Tc ET")
    else:
        c._code.append(f"BT {fp_str(x, y)} Td {ops} ET")


def draw_right(c: Canvas, font_name: str, size: float, x: float, y: float, text: str) -> None:
    w = pdfmetrics.stringWidth(text, font_name, size)
    draw_text(c, font_name, size, x - w, y, text)


def draw_centred(c: Canvas, font_name: str, size: float, x: float, y: float, text: str) -> None:
    w = pdfmetrics.stringWidth(text, font_name, size)
    draw_text(c, font_name, size, x - w / 2, y, text)
