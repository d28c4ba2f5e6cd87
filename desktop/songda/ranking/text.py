"""Text keys for matching: NFKC (full-width → half-width), lower case, no spaces or punctuation."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_NON_WORD: Final = re.compile(r"[\W_]+")


def match_key(text: str | None) -> str:
    """The form in which addresses and blacklist patterns are compared.

    >>> match_key("北京市 朝阳区（建国路）８８号")
    '北京市朝阳区建国路88号'
    """
    if not text:
        return ""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text)).lower()
