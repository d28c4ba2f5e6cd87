"""Character classes for compiled code: a membership table by code point and scans over it.

``c in "镇乡"`` or ``pattern.search(text)`` for a one-character class costs, in compiled code,
a new one-character string (a CJK character is not cached) and its hash, or a regex call.
Reading ``ord(text[i])`` makes no object, and a 64 KiB table answers membership in one index.
Tests (tests/unit/address/test_prefilters.py) check each table against the pattern it
replaces.
"""

from __future__ import annotations

import re


def char_table(chars: str | frozenset[str] = "", ranges: tuple[tuple[int, int], ...] = ()) -> bytes:
    """A membership table by code point for the characters of the Basic Multilingual Plane:
    ``table[min(ord(c), 0xFFFF)]`` is 1 for a member. Compiled code reads it without making a
    one-character string (``c in chars`` makes one and hashes it); U+FFFF, which stands for
    every character beyond the plane, is never a member. ``ranges``: inclusive code point
    ranges, set a block at a time."""
    table = bytearray(0x10000)
    for lo, hi in ranges:
        hi = min(hi, 0xFFFE)
        if hi >= lo:
            table[lo : hi + 1] = b"\x01" * (hi - lo + 1)
    for c in chars:
        if ord(c) < 0xFFFF:
            table[ord(c)] = 1
    return bytes(table)


def all_in(text: str, table: bytes) -> bool:
    """Every character of ``text`` is in ``table`` (true for ''): ``[…]*`` fully matched."""
    for i in range(len(text)):
        c = ord(text[i])
        if c > 0xFFFF:
            c = 0xFFFF
        if not table[c]:
            return False
    return True


def scan(text: str, table: bytes, lo: int, hi: int) -> int:
    """The first index in ``text[lo:hi]`` whose character is in ``table`` (:func:`char_table`),
    -1 when none: what ``re.compile("[…]").search(text, lo, hi)`` finds, with no regex call
    (one compiled loop over the code points)."""
    if hi > len(text):
        hi = len(text)
    i = lo
    while i < hi:
        c = ord(text[i])
        if c > 0xFFFF:
            c = 0xFFFF
        if table[c]:
            return i
        i += 1
    return -1


def digit_run(text: str, k: int) -> bool:
    """``k`` ASCII digits in a row somewhere in ``text`` (``[0-9]{k}``)."""
    run = 0
    for i in range(len(text)):
        c = ord(text[i])
        if 48 <= c <= 57:
            run += 1
            if run >= k:
                return True
        else:
            run = 0
    return False


def first_table(pattern: re.Pattern[str]) -> bytes:
    """The table of a pattern's first-character lookahead ``(?=[…])`` (characters and
    ``a-z`` ranges; a test checks each against the pattern)."""
    body = pattern.pattern[4 : pattern.pattern.index("])")]
    chars: list[str] = []
    ranges: list[tuple[int, int]] = []
    i = 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            ranges.append((ord(body[i]), ord(body[i + 2])))
            i += 3
        else:
            chars.append(body[i])
            i += 1
    return char_table("".join(chars), tuple(ranges))


def search_from(
    pattern: re.Pattern[str], first: bytes, text: str, lo: int, hi: int
) -> re.Match[str] | None:
    """``pattern.search(text, lo, hi)``, called only from the first character that can
    start a match (none: no call)."""
    i = scan(text, first, lo, hi)
    return pattern.search(text, i, hi) if i >= 0 else None
