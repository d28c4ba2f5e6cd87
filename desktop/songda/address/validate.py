"""Junk detection: texts that are not an address at all (不详, 同上, 无, null, digits only…)."""

from __future__ import annotations

import re
from typing import Final

from songda import rx
from songda.address.chars import char_table, first_table, scan, search_from

_JUNK_WORDS: Final = frozenset(
    """不详 地址不详 详址不详 住址不详 不明 地址不明 未知 地址未知 不知道 不清楚 同上 同前 同左
    无 没有 暂无 无地址 空 空白 待补充 待定 略 详见身份证 见身份证 同身份证 同身份证地址
    同户籍 同户籍地址 同户籍地 同住址 同居住地 无固定住所 无固定住址 无固定居所 居无定所
    流动人口 外地 本地 其他 其它 测试 TEST NULL NONE NAN NA N/A NIL UNKNOWN""".split()
)
_JUNK_RE: Final = rx.compile(
    r"(?=[地住详不未暂无空同待见居户家现单通])"  # its first characters: the regex engine
    # skips to them
    r"(?:^(?:(?:详细|户籍|户口|家庭|现居住|现|单位|居住|通讯)?(?:地址|住址))?"
    r"(?:不详|不明|未知|暂无|无|空|同上|待定)$"
    r"|详见|见身份证|无固定|居无定所|^同(?:户籍|身份证|居住|住址|上))"
)
_JUNK_FIRST: Final = first_table(_JUNK_RE)
_STRIP: Final = rx.compile(r"[\s\W_]+", re.UNICODE)


_HAN: Final = rx.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LONG_JUNK: Final = rx.compile(r"详见|见身份证|无固定|居无定所")


_HAN_BITS: Final = char_table(ranges=((0x4E00, 0x9FFF), (0x3400, 0x4DBF)))


def _has_han(text: str) -> bool:
    """``_HAN.search(text) is not None``, by a table scan."""
    return scan(text, _HAN_BITS, 0, len(text)) >= 0


def _long_junk(raw: str) -> bool:
    """``_LONG_JUNK.search(raw)``, as plain substring tests (a literal alternation is tried in
    full at every position by the regex engine)."""
    return "详见" in raw or "见身份证" in raw or "无固定" in raw or "居无定所" in raw


def junk_reason(raw: str) -> str | None:
    """``"empty"`` or ``"junk"`` when ``raw`` cannot be an address, else None."""
    if len(raw) > 16 and (0x4E00 <= ord(raw[0]) <= 0x9FFF or _has_han(raw)):
        # long texts: only the phrases that say "no address here"
        return "junk" if _long_junk(raw) and len(_HAN.findall(raw)) < 14 else None
    # _STRIP removes exactly the characters that are not alphanumeric (\s and \W in Unicode
    # mode, and _): a text that is all alphanumeric, the usual case, needs no substitution
    compact = (raw if raw.isalnum() else _STRIP.sub("", raw)).upper()
    if not compact:
        return "empty"
    if compact in _JUNK_WORDS or search_from(_JUNK_RE, _JUNK_FIRST, compact, 0, len(compact)):
        return "junk"
    if not _has_han(compact):
        # digits, letters, punctuation only: not a Chinese postal address
        return "junk"
    if len(compact) <= 1 and compact not in "京沪津渝":
        return "junk"
    return None
