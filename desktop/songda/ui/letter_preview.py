"""Paint a laid-out letter (songda.letters.letter_pdf.LaidOut) on a QImage.

The preview uses the SAME layout as the PDF (same line breaks, positions and images); only
the final painting is Qt's, with the same bundled fonts loaded into Qt.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPen

from songda.letters.fonts import FONTS, SANS, SONG
from songda.letters.letter_pdf import PAGE_H, PAGE_W, SEAL_D, TEXT_W, LaidOut
from songda.paths import resource

log = logging.getLogger(__name__)
_families: dict[str, str] = {}


def qt_family(font_name: str) -> str:
    """The Qt family of a bundled font, loading the file into Qt once."""
    fam = _families.get(font_name)
    if fam is None:
        fam = "serif" if font_name == SONG else "sans-serif"
        f = FONTS.get(font_name)
        if f is not None:
            fid = QFontDatabase.addApplicationFont(str(resource("fonts", f.file)))
            names = QFontDatabase.applicationFontFamilies(fid) if fid >= 0 else []
            if names:
                fam = names[min(f.subfont, len(names) - 1)]
            else:  # pragma: no cover - the bundled font is always there
                log.warning("could not load %s into Qt", f.file)
        _families[font_name] = fam
    return fam


def paint_pages(
    laid: LaidOut,
    *,
    letterhead: Path | None,
    seal: Path | None,
    scale: float = 1.0,
    page: int | None = None,
) -> QImage:
    """All pages side by side (or one ``page``) at ``scale`` pixels per point."""
    pages = laid.pages if page is None else [laid.pages[page]]
    w = int(PAGE_W * scale)
    h = int(PAGE_H * scale)
    gap = int(12 * scale)
    img = QImage(len(pages) * w + (len(pages) - 1) * gap, h, QImage.Format.Format_RGB32)
    # 72 dots per inch: a Qt point is then one PDF point in the painter's coordinates
    dpm = round(72 / 0.0254)
    img.setDotsPerMeterX(dpm)
    img.setDotsPerMeterY(dpm)
    img.fill(QColor("#d0d0d0"))
    head = QImage(str(letterhead)) if letterhead else QImage()
    stamp = QImage(str(seal)) if seal else QImage()
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for k, ops in enumerate(pages):
        p.save()
        p.translate(k * (w + gap), 0)
        p.fillRect(QRectF(0, 0, w, h), QColor("white"))
        p.scale(scale, scale)
        for op in ops:
            y = PAGE_H - op.y
            if op.kind == "text":
                font = QFont(qt_family(op.font))
                font.setPointSizeF(op.size)
                if op.char_space:
                    font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, op.char_space)
                p.setFont(font)
                p.setPen(QColor("black"))
                x = op.x
                if op.align == "right":
                    x -= p.fontMetrics().horizontalAdvance(op.text)
                p.drawText(QPointF(x, y), op.text)
            elif op.kind == "form" and op.text == "letterhead" and not head.isNull():
                hh = TEXT_W * head.height() / max(1, head.width())
                p.drawImage(QRectF(op.x, y - hh, TEXT_W, hh), head)
            elif op.kind == "form" and op.text == "seal" and not stamp.isNull():
                p.drawImage(QRectF(op.x, y - SEAL_D, SEAL_D, SEAL_D), stamp)
            elif op.kind == "rect":
                p.setPen(QPen(QColor("black"), 0.6))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(QRectF(op.x, y - op.h, op.w, op.h))
            elif op.kind == "line":
                p.setPen(QPen(QColor("black"), 0.4))
                p.drawLine(QPointF(op.x, y), QPointF(op.x + op.w, y))
            elif op.kind == "vline":
                p.setPen(QPen(QColor("black"), 0.4))
                p.drawLine(QPointF(op.x, y), QPointF(op.x, y - op.h))
        p.restore()
    p.end()
    return img


__all__ = ["SANS", "SONG", "paint_pages", "qt_family"]
