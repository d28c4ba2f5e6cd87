"""China Post / EMS delivery statuses and return-reason codes, and what each one means.

A reason is classified into one of five kinds, each with an effect on what Songda learns:

- ``not_there``  查无此人 / 人已他往 / 迁移新址不明: the address exists, the debtor is not
  there (any more). Negative evidence for the person at this address.
- ``bad_address`` 地址有误 / 地址不详 / 查无此单位 / 已拆迁: the address itself cannot be
  delivered to. Negative evidence for the address for everyone.
- ``refused``    拒收: the debtor is there and refused the letter. A signal that the address
  is right, not a bad address.
- ``uncollected`` 逾期未领 / 逾期投递员收回: nobody collected the item. Weak negative.
- ``other``      anything else (unknown codes keep their text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class ReasonKind(StrEnum):
    NOT_THERE = "not_there"
    BAD_ADDRESS = "bad_address"
    REFUSED = "refused"
    UNCOLLECTED = "uncollected"
    OTHER = "other"

    @property
    def label_zh(self) -> str:
        return REASON_KIND_LABELS_ZH[self]

    @property
    def effect_zh(self) -> str:
        return REASON_KIND_EFFECTS_ZH[self]


REASON_KIND_LABELS_ZH: dict[ReasonKind, str] = {
    ReasonKind.NOT_THERE: "人不在此地址",
    ReasonKind.BAD_ADDRESS: "地址无效",
    ReasonKind.REFUSED: "拒收",
    ReasonKind.UNCOLLECTED: "无人领取",
    ReasonKind.OTHER: "其他原因",
}

REASON_KIND_EFFECTS_ZH: dict[ReasonKind, str] = {
    ReasonKind.NOT_THERE: "此人不在该地址：该地址对本案降权，改寄下一个地址",
    ReasonKind.BAD_ADDRESS: "地址本身无法投递：该地址对所有案件降权，可提议加入黑名单",
    ReasonKind.REFUSED: "本人在该地址但拒收：地址有效，不视为坏地址",
    ReasonKind.UNCOLLECTED: "逾期无人领取：弱负面信号",
    ReasonKind.OTHER: "其他原因：记录原因文字",
}

# Which outcomes-table column a kind increments.
KIND_COLUMN: dict[ReasonKind, str] = {
    ReasonKind.NOT_THERE: "not_there",
    ReasonKind.BAD_ADDRESS: "bad_address",
    ReasonKind.REFUSED: "refused",
    ReasonKind.UNCOLLECTED: "other_returned",
    ReasonKind.OTHER: "other_returned",
}


@dataclass(frozen=True, slots=True)
class ReasonCode:
    code: str
    text_zh: str
    kind: ReasonKind


REASON_CODES: dict[str, ReasonCode] = {
    c.code: c
    for c in (
        ReasonCode("101", "地址有误", ReasonKind.BAD_ADDRESS),
        ReasonCode("102", "查无此人", ReasonKind.NOT_THERE),
        ReasonCode("104", "拒收退回", ReasonKind.REFUSED),
        ReasonCode("118", "人已他往", ReasonKind.NOT_THERE),
        ReasonCode("122", "查无此单位", ReasonKind.BAD_ADDRESS),
        ReasonCode("124", "地址不详", ReasonKind.BAD_ADDRESS),
        ReasonCode("126", "迁移新址不明", ReasonKind.NOT_THERE),
        ReasonCode("127", "逾期未领", ReasonKind.UNCOLLECTED),
        ReasonCode("129", "逾期投递员收回", ReasonKind.UNCOLLECTED),
    )
}

# Keyword rules for reason text that comes without a code; the first match wins, so the
# more specific phrases come first. (code, keywords, kind) — code None keeps the text only.
_KEYWORDS: tuple[tuple[str | None, tuple[str, ...], ReasonKind], ...] = (
    ("126", ("迁移新址不明", "迁移", "搬迁", "新址不明", "已搬走", "搬走"), ReasonKind.NOT_THERE),
    (None, ("拆迁", "已拆", "拆除"), ReasonKind.BAD_ADDRESS),
    ("104", ("拒收", "拒签", "拒绝签收", "拒绝接收"), ReasonKind.REFUSED),
    ("118", ("人已他往", "他往", "已离开", "不在此处", "已离职"), ReasonKind.NOT_THERE),
    ("122", ("查无此单位", "无此单位", "单位不存在"), ReasonKind.BAD_ADDRESS),
    ("102", ("查无此人", "无此人", "收件人不详", "无人认识"), ReasonKind.NOT_THERE),
    ("124", ("地址不详", "地址不全", "地址不清", "门牌不详"), ReasonKind.BAD_ADDRESS),
    (
        "101",
        ("地址有误", "地址错误", "地址不对", "查无此地址", "无此地址", "错址"),
        ReasonKind.BAD_ADDRESS,
    ),
    ("129", ("投递员收回", "收回"), ReasonKind.UNCOLLECTED),
    ("127", ("逾期未领", "未领", "无人领取", "招领", "逾期"), ReasonKind.UNCOLLECTED),
)

_CODE_RE = re.compile(r"^\s*[\[【(（]?\s*(\d{2,4})\s*[\]】)）]?\s*[-—:：、.\s]*(.*)$")

# Text hints that an area is gone (demolished) rather than an address merely wrong.
DEMOLISHED_WORDS: tuple[str, ...] = ("拆迁", "已拆", "拆除")


@dataclass(frozen=True, slots=True)
class Reason:
    """A return reason as understood: code (None when only text was given), text, kind."""

    code: str | None
    text: str
    kind: ReasonKind
    known: bool  # a code from the table, or text matched by a keyword rule

    @property
    def key(self) -> str:
        """Stable key for counting: the code, else the text, else ``other``."""
        return self.code or self.text or "other"

    @property
    def demolished(self) -> bool:
        return any(w in self.text for w in DEMOLISHED_WORDS)


def _by_keywords(text: str) -> tuple[str | None, ReasonKind] | None:
    for code, words, kind in _KEYWORDS:
        if any(w in text for w in words):
            return code, kind
    return None


def classify_reason(code: object = None, text: object = None) -> Reason | None:
    """Understand a return reason given as a code, a text, or both (``"102 查无此人"``).

    Unknown codes are kept with their text (kind from the text's keywords, else ``other``).
    Returns ``None`` when neither a code nor a text is given.
    """
    code_s = _clean_code(code)
    text_s = "" if text is None else str(text).strip()
    if code_s is None and text_s:
        m = _CODE_RE.match(text_s)
        if m and (m.group(1) in REASON_CODES or m.group(2)):
            code_s, text_s = m.group(1), m.group(2).strip()
    if code_s is None and not text_s:
        return None
    if code_s is not None and code_s in REASON_CODES:
        rc = REASON_CODES[code_s]
        kind = rc.kind
        # a free text that says demolished overrides a generic address code's kind
        if text_s and any(w in text_s for w in DEMOLISHED_WORDS):
            kind = ReasonKind.BAD_ADDRESS
        return Reason(code_s, text_s or rc.text_zh, kind, True)
    hit = _by_keywords(text_s) if text_s else None
    if code_s is not None:  # unknown code: keep it with its text
        kind = hit[1] if hit else ReasonKind.OTHER
        return Reason(code_s, text_s, kind, False)
    if hit is None:
        return Reason(None, text_s, ReasonKind.OTHER, False)
    return Reason(hit[0], text_s, hit[1], True)


def _clean_code(code: object) -> str | None:
    if code is None:
        return None
    if isinstance(code, float) and code.is_integer():
        code = int(code)
    s = str(code).strip()
    if s.endswith(".0") and s[:-2].isdigit():
        s = s[:-2]
    return s or None


class DeliveryStatus(StrEnum):
    """A results-file status, normalised. Values equal ``MailingStatus`` values."""

    POSTED = "posted"
    IN_TRANSIT = "in_transit"
    SIGNED = "signed"
    RETURNED = "returned"

    @property
    def terminal(self) -> bool:
        return self in (DeliveryStatus.SIGNED, DeliveryStatus.RETURNED)

    @property
    def precedence(self) -> int:
        """Tie-break between events at the same time: a final status wins."""
        return _PRECEDENCE[self]


_PRECEDENCE = {
    DeliveryStatus.POSTED: 0,
    DeliveryStatus.IN_TRANSIT: 1,
    DeliveryStatus.RETURNED: 2,
    DeliveryStatus.SIGNED: 3,
}

DELIVERY_STATUS_LABELS_ZH: dict[str, str] = {
    "created": "已制单",
    "posted": "已交寄",
    "in_transit": "在途",
    "signed": "妥投",
    "returned": "退回",
}

# Order matters: 未妥投 contains 妥投, 拒签 contains 签.
_STATUS_WORDS: tuple[tuple[tuple[str, ...], DeliveryStatus], ...] = (
    (
        ("未妥投", "未投", "退回", "退件", "退还", "返回", "拒收", "拒签", "投递失败", "无法投递"),
        DeliveryStatus.RETURNED,
    ),
    (("妥投", "签收", "已签", "代收", "投递成功", "已投递"), DeliveryStatus.SIGNED),
    (("收寄", "揽收", "交寄"), DeliveryStatus.POSTED),
    (
        ("在途", "运输", "投递中", "派送", "到达", "转运", "离开", "处理中", "待投递"),
        DeliveryStatus.IN_TRANSIT,
    ),
)


def parse_status(value: object) -> DeliveryStatus | None:
    """Map a results-file status (妥投/签收/未妥投/退回/在途 …, or an English value)."""
    if value is None:
        return None
    s = str(value).strip()
    if not s:
        return None
    low = s.lower()
    for st in DeliveryStatus:
        if low == st.value:
            return st
    english = {"delivered": DeliveryStatus.SIGNED, "returned": DeliveryStatus.RETURNED}
    if low in english:
        return english[low]
    for words, st in _STATUS_WORDS:
        if any(w in s for w in words):
            return st
    return None
