"""Chinese line breaking with 禁则 (kinsoku), measured with the real font widths.

No line starts with closing punctuation (，。、；：？！）》」』” …) and none ends with an
opening one (（《「『“ …). reportlab's own wrapping ignores this, so letters are laid
out here and drawn line by line. The breaker works on units: every CJK character and
punctuation mark is a unit, a run of Latin letters/digits (a contract number, an
amount in figures) is one unbreakable unit unless it is wider than the line.

When the greedy break would leave a closing mark at the start of the next line, the
character before it moves down with it (推出); when that is impossible (a line of
nothing but marks) the mark stays on the line and the line is squeezed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from songda.letters.fonts import Metrics

NO_START = frozenset("，。、；：？！）》」』”’〉】〕］｝,.;:?!)]}%…·～")
NO_END = frozenset("（《「『“‘〈【〔［｛([{")


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    width: float  # natural width at the given size, points
    indent: float  # points from the left margin
    last: bool  # last line of its paragraph (not justified)


# a Latin/digit run never ends in , . : ; (HT-001，/ "12.5." keep the mark separate)
_UNIT = re.compile(r"[A-Za-z0-9_\-./,:#@&+%*]*[A-Za-z0-9_\-/#@&+%*]|.", re.DOTALL)


def _units(text: str) -> list[str]:
    return _UNIT.findall(text)


def _bad(units: list[str], i: int) -> bool:
    """Is a break before units[i] forbidden?"""
    if i < len(units) and units[i][0] in NO_START:
        return True
    return units[i - 1][-1] in NO_END


class LineBreaker:
    """Lays out paragraphs for one font and size; caches repeated paragraphs."""

    def __init__(self, metrics: Metrics, size: float, cache_size: int = 4096) -> None:
        self.metrics = metrics
        self.size = size
        self._cache: dict[tuple[str, float, float], list[Line]] = {}
        self._unit_widths: dict[str, float] = {}  # unit → width at this size
        self._cache_size = cache_size

    def width(self, s: str) -> float:
        return self.metrics.text(s) * self.size

    def lines(self, text: str, width: float, first_indent: float = 0.0) -> list[Line]:
        key = (text, width, first_indent)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        result = self._break(text, width, first_indent)
        if len(self._cache) >= self._cache_size:
            self._cache.clear()
        self._cache[key] = result
        return result

    def _break(self, text: str, width: float, first_indent: float) -> list[Line]:
        size = self.size
        cw = self._unit_widths
        units: list[str] = []
        widths: list[float] = []
        for u in _units(text):
            w = cw.get(u)
            if w is None:
                if len(cw) > 50_000:
                    cw.clear()
                w = cw[u] = self.metrics.text(u) * size
            if w > width - first_indent and len(u) > 1:
                # an overlong word: break it by characters
                for c in u:
                    units.append(c)
                    widths.append(self.metrics.char(c) * size)
                continue
            units.append(u)
            widths.append(w)
        n = len(units)
        prefix = [0.0, *accumulate(widths)]  # prefix[i] = width of units[:i]
        out: list[Line] = []
        s = 0
        indent = first_indent
        while s < n:
            while s < n and units[s] == " ":
                s += 1
            if s >= n:
                break
            avail = width - indent
            # first i with prefix[i] - prefix[s] > avail, minus one
            i = bisect_right(prefix, prefix[s] + avail + 1e-6, lo=s) - 1
            if i <= s:  # a single unit wider than the line
                i = s + 1
            if i < n:
                j = i
                while j - 1 > s and _bad(units, j):
                    j -= 1
                if _bad(units, j):
                    # nothing to push down: keep the marks on this line (squeezed)
                    j = i
                    while j < n and _bad(units, j):
                        j += 1
                i = j
            else:
                i = n
            end = i
            while end > s and units[end - 1] == " ":
                end -= 1
            out.append(Line("".join(units[s:end]), prefix[end] - prefix[s], indent, i >= n))
            s = i
            indent = 0.0
        return out


def violations(lines: list[str]) -> list[tuple[int, str]]:
    """Lines that break the rule: (index, text). Used by tests and the template editor."""
    bad: list[tuple[int, str]] = []
    for k, ln in enumerate(lines):
        if not ln:
            continue
        if ln[0] in NO_START or ln[-1] in NO_END:
            bad.append((k, ln))
    return bad
