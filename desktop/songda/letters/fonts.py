"""Fonts bundled in resources/fonts, registered with reportlab from file.

Output never depends on fonts installed on the machine: both faces are TrueType
collections shipped with Songda, registered by subfont index and embedded as subsets.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from songda.errors import KnownError
from songda.paths import resource

SONG = "SongdaSong"  # AR PL UMing CN: body text of letters
SANS = "SongdaSans"  # WenQuanYi Zen Hei: labels, envelopes, headings


@dataclass(frozen=True)
class FontFile:
    name: str
    file: str
    subfont: int


FONTS: dict[str, FontFile] = {
    SONG: FontFile(SONG, "uming.ttc", 0),
    SANS: FontFile(SANS, "wqy-zenhei.ttc", 0),
}

_lock = threading.Lock()
_widths: dict[str, dict[str, float]] = {}


def register_fonts(*names: str) -> None:
    """Register bundled faces with reportlab (once per process); all of them by default."""
    with _lock:
        registered = set(pdfmetrics.getRegisteredFontNames())
        for f in FONTS.values():
            if f.name in registered or (names and f.name not in names):
                continue
            path = resource("fonts", f.file)
            if not path.is_file():
                raise KnownError(
                    f"缺少字体文件：{path}，请重新安装送达。",
                    f"bundled font missing: {path}",
                    code="font_missing",
                )
            pdfmetrics.registerFont(TTFont(f.name, str(path), subfontIndex=f.subfont))
            _widths[f.name] = {}


class Metrics:
    """Fast per-character widths (in points at size 1) for one registered font."""

    def __init__(self, font_name: str) -> None:
        register_fonts(font_name)
        self.font_name = font_name
        self._font = pdfmetrics.getFont(font_name)
        self._cache = _widths.setdefault(font_name, {})
        face = self._font.face
        self._char_widths: dict[int, float] = face.charWidths
        self._default = float(face.defaultWidth)
        self._has_glyph: dict[int, int] = face.charToGlyph

    def char(self, ch: str) -> float:
        w = self._cache.get(ch)
        if w is None:
            w = self._char_widths.get(ord(ch), self._default) / 1000.0
            self._cache[ch] = w
        return w

    def text(self, s: str) -> float:
        char = self.char
        return sum(char(c) for c in s)

    def has_glyph(self, ch: str) -> bool:
        return ord(ch) in self._has_glyph


_metrics: dict[str, Metrics] = {}


def metrics(font_name: str) -> Metrics:
    m = _metrics.get(font_name)
    if m is None:
        m = Metrics(font_name)
        _metrics[font_name] = m
    return m
