"""Normalisation of raw address text, keeping a map back to the input for spans.

Full-width → half-width (NFKC), traditional → simplified characters (a compact table built by
tools/build_t2s.py), whitespace, brackets and punctuation removed, ASCII letters upper-cased,
Chinese numerals before a unit word turned into digits (十九号 → 19号, 三单元 → 3单元), phone
numbers and a person's name mixed into the field removed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from songda import rx
from songda.address.chars import all_in, char_table, digit_run, scan
from songda.paths import resource

_HAN: Final = "\u4e00-\u9fff"
# Anything outside this set sends the text through the slow path.
_CLEAN: Final = rx.compile(rf"[{_HAN}0-9A-Z#\-]*")
_NUM_UNIT: Final = "号楼|号|栋|幢|单元|层|楼|室|弄|组|座|户|排|巷|期|区"
_CN_NUM: Final = rx.compile(rf"[零〇一二两三四五六七八九十百千]+(?=(?:{_NUM_UNIT}))")
_CN_NUM_AFTER: Final = rx.compile(r"(?<=[第])[零〇一二两三四五六七八九十百千]+")
_PHONE: Final = rx.compile(
    r"(?<![0-9])(?:\+?86-?)?1[3-9][0-9]{9}(?![0-9])|(?<![0-9])0[0-9]{2,3}-[0-9]{7,8}(?![0-9])"
)
_LABELS: Final = rx.compile(
    r"(?=[收联电手固TP姓详地户身家单公工现居常通邮送住经])"  # its first characters: the regex
    # engine skips to them
    r"(?:收货人|收件人|联系人|联系电话|电话|手机号码|手机号|手机|固话|TEL|PHONE|姓名"
    # the address's own label, as case files write it (户籍地址, 现住址, 单位地址, 送达地址)
    r"|(?:详细|户籍|户口|身份证|家庭|工作单位|单位|公司|工作|现居住|现居|现|居住|常住|通讯|通信"
    r"|邮寄|收件|收货|送达|联系)?(?:地址|住址)"
    r"|户籍所在地|经常居住地|住所地)[:：]?"
)
_CITY_DISTRICTS: Final = rx.compile(r"(?<=[京津沪渝海庆]市)辖区|(?<=[京津海庆]市)市辖区")
_COUNTRY: Final = rx.compile(r"^(?:中华人民共和国|中国)(?=[\u4e00-\u9fff]{2})")
_DROP: Final = set(
    " \t\r\n\u3000\u00a0\ufeff()[]{}<>《》【】〔〕「」『』\"'“”‘’`,，.。;；:：、!！?？|~～_=+*^$@&%\\/"
)
_DIGITS: Final = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS.update({"六": 6, "七": 7, "八": 8, "九": 9})
_ADDRESS_END: Final = set("省市区县镇乡村路街道巷弄号室楼栋幢层元园苑庄里湾厦场坊")


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """Traditional → simplified single-character table (resources/gazetteer/t2s.txt)."""
    path = resource("gazetteer", "t2s.txt")
    table: dict[int, str] = {}
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if len(line) == 2:
                table[ord(line[0])] = line[1]
    return table


@lru_cache(maxsize=1)
def _trad_chars() -> frozenset[str]:
    return frozenset(chr(c) for c in t2s_table())


def chinese_number(s: str) -> int | None:
    """十九 → 19, 一百零五 → 105, 五零二 → 502; None when not a number."""
    if not s:
        return None
    if not any(c in "十百千" for c in s):
        out = 0
        for c in s:
            d = _DIGITS.get(c)
            if d is None:
                return None
            out = out * 10 + d
        return out
    total, cur = 0, 0
    for c in s:
        if c in _DIGITS:
            cur = _DIGITS[c]
        elif c in "十百千":
            mult = {"十": 10, "百": 100, "千": 1000}[c]
            total += (cur or 1) * mult
            cur = 0
        else:
            return None
    return total + cur


@dataclass(slots=True)
class Normalized:
    """Normalised text with, for each character, the input range it came from."""

    text: str
    starts: list[int] | None = None  # None: identical to the input
    ends: list[int] | None = None
    removed: list[str] = field(default_factory=list)  # "phone", "name", "traditional"

    def __init__(
        self,
        text: str,
        starts: list[int] | None = None,
        ends: list[int] | None = None,
        removed: list[str] | None = None,
    ) -> None:
        # spelled out so that compiled code runs it natively (see songda.native)
        self.text = text
        self.starts = starts
        self.ends = ends
        self.removed = [] if removed is None else removed

    def span(self, raw: str, a: int, b: int) -> str:
        """The input substring that produced ``text[a:b]``."""
        if self.starts is None or self.ends is None:
            return raw[a:b]
        if a >= b:
            return ""
        return raw[self.starts[a] : self.ends[b - 1]]


class _Buf:
    """Characters with their input ranges, edited by regex substitutions."""

    __slots__ = ("chars", "starts", "ends", "joined")

    def __init__(self, chars: list[str], starts: list[int], ends: list[int]) -> None:
        self.chars, self.starts, self.ends = chars, starts, ends
        self.joined: str | None = None  # the text, joined once per change

    def text(self) -> str:
        if self.joined is None:
            self.joined = "".join(self.chars)
        return self.joined

    def sub(
        self, pattern: re.Pattern[str], repl: str | None, fn: object = None, hint: str = ""
    ) -> bool:
        """Replace each match (by ``repl``, or by ``fn(match)`` unless that is None);
        ``hint``: a string every match contains, looked for first."""
        text = self.text()
        if hint and hint not in text:
            return False
        if pattern.search(text) is None:
            return False
        changed = False
        for m in reversed(list(pattern.finditer(text))):
            a, b = m.span()
            if a == b:
                continue
            new = repl if repl is not None else fn(m.group(0))  # type: ignore[operator]
            if new is None:
                continue
            s0, e0 = self.starts[a], self.ends[b - 1]
            self.chars[a:b] = list(new)
            self.starts[a:b] = [s0] * len(new)
            self.ends[a:b] = [e0] * len(new)
            changed = True
        if changed:
            self.joined = None
        return changed


_PERSON_LABEL: Final = rx.compile(r"(?:收货人|收件人|联系人|姓名)[:：]?")


def _strip_name(raw: str) -> tuple[str, int, int] | None:
    """A person's name standing as its own token at either end: (name, start, end)."""
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[^\s,，;；]+", raw)]
    if len(tokens) < 2:
        return None
    longest = max(len(t[0]) for t in tokens)
    if longest < 5:
        return None
    ends = [tokens[0], tokens[-1]]
    # a phone number at an end: the name may stand next to it (…1号 张三 13800138000)
    if tokens[-1][0].isdigit() and len(tokens) > 2:
        ends.append(tokens[-2])
    if tokens[0][0].isdigit() and len(tokens) > 2:
        ends.append(tokens[1])
    for tok in ends:
        word = tok[0]
        label = _PERSON_LABEL.match(word)
        if label is not None:
            word = word[label.end() :]  # 收件人:张三
        if (
            2 <= len(word) <= 4
            and re.fullmatch(rf"[{_HAN}]+", word)
            and word[-1] not in _ADDRESS_END
            and not word.startswith(("浙江", "江苏", "广东", "北京", "上海"))
        ):
            from songda.address.gazetteer import get_gazetteer

            if not get_gazetteer().has_alias(word):
                return tok
    return None


def _num_repl(s: str) -> str | None:
    n = chinese_number(s)
    return None if n is None else str(n)


# A numeral or a phone number needs one of these (a phone has seven digits in a row at least)
_SLOW_HINT: Final = rx.compile(r"[零〇一二两三四五六七八九十百千]|[0-9]{7}")
# the same as two patterns that each start with a character set: the regex engine scans for
# those quickly, where the alternation above is tried in full at every position
_NUMERAL_HINT: Final = rx.compile(r"[零〇一二两三四五六七八九十百千]")
_PHONE_HINT: Final = rx.compile(r"[0-9]{7}")
_NUMERAL_BITS: Final = char_table("零〇一二两三四五六七八九十百千")


@lru_cache(maxsize=1)
def _plain_table() -> bytes:
    """``_CLEAN``'s characters without the traditional ones of the table, by code point (the
    table's characters outside the Han block are outside ``_CLEAN`` already): the clean check
    is one compiled loop over the text, not a set look-up per character."""
    table = bytearray(
        char_table("#-", ((0x4E00, 0x9FFF), (ord("0"), ord("9")), (ord("A"), ord("Z"))))
    )
    for c in _trad_chars():
        if "\u4e00" <= c <= "\u9fff":
            table[ord(c)] = 0
    return bytes(table)


def normalize_mapped(raw: str) -> Normalized:
    """Normalise ``raw`` and keep the map back to it."""
    # clean: nothing to drop, convert or upper-case (every character in ``_plain_table``:
    # ``_CLEAN`` without the traditional characters)
    clean = all_in(raw, _plain_table())
    if clean and not raw.startswith("中国"):
        # a Chinese numeral before a unit needs a numeral, a phone number seven digits in a
        # row: two cheap scans decide the common case
        numeral = scan(raw, _NUMERAL_BITS, 0, len(raw)) >= 0
        phone = digit_run(raw, 7)
        if (not numeral or _CN_NUM.search(raw) is None) and (
            not phone or _PHONE.search(raw) is None
        ):
            return Normalized(raw)
    removed: list[str] = []
    trad = False
    name = None
    if clean:
        # only numerals, a phone or a country name to handle: no per-character pass
        chars = list(raw)
        starts = list(range(len(raw)))
        ends = list(range(1, len(raw) + 1))
    else:
        chars, starts, ends = [], [], []
        name = _strip_name(raw)
        skip = None if name is None else (name[1], name[2])
        # a phone number after a space, before the spaces go: dropped they would glue it to
        # the digits before (阳光小区3-2-301 13812345678)
        spaced = _spaced_phone(raw)
        if spaced is not None and skip is not None and spaced[0] < skip[1] and skip[0] < spaced[1]:
            spaced = None  # overlapping the name: left to the phone pattern below
        if spaced is not None:
            removed.append("phone")
        trad = _per_char(raw, skip, chars, starts, ends, spaced)
    buf = _Buf(chars, starts, ends)
    if _PHONE_HINT.search(buf.text()) is not None and buf.sub(_PHONE, ""):
        if "phone" not in removed:
            removed.append("phone")
    buf.sub(_LABELS, "")
    buf.sub(_CITY_DISTRICTS, "", hint="辖区")
    buf.sub(_COUNTRY, "", hint="中")
    buf.sub(_CN_NUM, None, _num_repl)
    buf.sub(_CN_NUM_AFTER, None, _num_repl, hint="第")
    if name is not None:
        removed.append("name")
    if trad:
        removed.append("traditional")
    return Normalized(buf.text(), buf.starts, buf.ends, removed)


def _spaced_phone(raw: str) -> tuple[int, int] | None:
    """Where a phone number stands after whitespace that follows a digit (the number would
    join that digit once spaces are dropped), None when none does."""
    m = _PHONE_AFTER_SPACE.search(raw)
    return None if m is None else (m.start(1), m.end(1))


_PHONE_AFTER_SPACE: Final = rx.compile(
    r"[0-9][\s\u3000]+((?:\+?86-?)?1[3-9][0-9]{9}|0[0-9]{2,3}-[0-9]{7,8})(?![0-9])"
)


def _per_char(
    raw: str,
    skip: tuple[int, int] | None,
    chars: list[str],
    starts: list[int],
    ends: list[int],
    skip2: tuple[int, int] | None = None,
) -> bool:
    """Width, case, traditional characters and dropped punctuation, one character at a time,
    leaving out the ranges ``skip`` and ``skip2`` (a name, a phone number); True when a
    traditional character was converted."""
    table = t2s_table()
    trad = False
    for i, c in enumerate(raw):
        if skip is not None and skip[0] <= i < skip[1]:
            continue
        if skip2 is not None and skip2[0] <= i < skip2[1]:
            continue
        o = ord(c)
        if 0x4E00 <= o <= 0x9FEF:
            # a CJK ideograph (assigned since Unicode 10): NFKC keeps it, it is no space,
            # punctuation, control or lower-case character; only the traditional table applies
            t = table.get(o)
            if t is not None:
                trad = True
                c = t
            chars.append(c)
            starts.append(i)
            ends.append(i + 1)
            continue
        if c in _DROP:
            continue
        n = unicodedata.normalize("NFKC", c) if o > 0x7F else c
        for ch in n:
            if ch in _DROP or ch.isspace() or unicodedata.category(ch)[0] == "C":
                continue
            t = table.get(ord(ch))
            if t is not None:
                trad = True
                ch = t
            if "a" <= ch <= "z":
                ch = ch.upper()
            chars.append(ch)
            starts.append(i)
            ends.append(i + 1)
    return trad


def normalize(text: str) -> str:
    """The normalised form of ``text`` (idempotent)."""
    out = normalize_mapped(text).text
    for _ in range(4):
        again = normalize_mapped(out).text
        if again == out:
            break
        out = again
    return out
