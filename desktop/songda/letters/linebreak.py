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

from dataclasses import dataclass

from songda.letters.fonts import Metrics

NO_START = frozenset("，。、；：？！）》」』”’〉】〕］｝,.;:?!)]}%…·～")
NO_END = frozenset("（《「『“‘〈【〔［｛([{")
# characters that glue onto a Latin/digit run (HT-2023-001, 12,345.67, 3.5%)
_WORD_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./,:#@&+%*"
)


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    width: float  # natural width at the given size, points
    indent: float  # points from the left margin
    last: bool  # last line of its paragraph (not justified)


def _units(text: str) -> list[str]:
    out: list[str] = []
    word: list[str] = []
    for ch in text:
        if ch in _WORD_CHARS:
            word.append(ch)
            continue
        if word:
            out.extend(_split_word("".join(word)))
            word.clear()
        out.append(ch)
    if word:
        out.extend(_split_word("".join(word)))
    return out


def _split_word(word: str) -> list[str]:
    """A trailing , . : belongs to the text, not the word (HT-001，vs HT-001, …)."""
    tail: list[str] = []
    while word and word[-1] in ",.:;":
        tail.insert(0, word[-1])
        word = word[:-1]
    return ([word] if word else []) + tail


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
        char = self.metrics.char
        units: list[str] = []
        widths: list[float] = []
        for u in _units(text):
            w = (char(u) if len(u) == 1 else self.metrics.text(u)) * size
            limit = width - first_indent if not units else width
            if len(u) > 1 and w > limit:
                # an overlong word: break it by characters
                for c in u:
                    units.append(c)
                    widths.append(char(c) * size)
                continue
            units.append(u)
            widths.append(w)
        n = len(units)
        out: list[Line] = []
        s = 0
        indent = first_indent
        while s < n:
            while s < n and units[s] == " ":
                s += 1
            if s >= n:
                break
            avail = width - indent
            acc = 0.0
            i = s
            while i < n and acc + widths[i] <= avail + 1e-6:
                acc += widths[i]
                i += 1
            if i == s:  # a single unit wider than the line
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
            end = i
            while end > s and units[end - 1] == " ":
                end -= 1
            line_text = "".join(units[s:end])
            out.append(Line(line_text, sum(widths[s:end]), indent, i >= n))
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
