"""Wording check: collection rules forbid threatening, insulting or privacy-breaking words.

The check warns; it does not block (a reviewer decides). Each rule has a reason an
operator can read.
"""

from __future__ import annotations

from dataclasses import dataclass

# word → why it is a problem
FORBIDDEN: dict[str, str] = {
    "暴力": "暴力催收用语",
    "威胁": "威胁性用语",
    "恐吓": "威胁性用语",
    "曝光": "以曝光相威胁，侵犯隐私",
    "通知单位": "向第三方（工作单位）透露债务，侵犯隐私",
    "通知家人": "向第三方（家人）透露债务，侵犯隐私",
    "告知家人": "向第三方（家人）透露债务，侵犯隐私",
    "联系家人": "向第三方（家人）透露债务，侵犯隐私",
    "告知亲友": "向第三方（亲友）透露债务，侵犯隐私",
    "通讯录": "以通讯录联系人相威胁，侵犯隐私",
    "上门催收": "以上门相威胁",
    "上门": "以上门相威胁",
    "坐牢": "夸大法律后果、威胁性用语",
    "抓捕": "夸大法律后果、威胁性用语",
    "后果自负": "威胁性用语",
    "走着瞧": "威胁性用语",
    "老赖": "侮辱性用语",
    "骗子": "侮辱性用语",
    "无赖": "侮辱性用语",
    "不要脸": "侮辱性用语",
    "诈骗": "未经裁判的罪名指控",
    "全家": "牵连家人，威胁性用语",
}


@dataclass(frozen=True)
class WordingWarning:
    word: str
    reason: str
    position: int  # character offset in the checked text
    context: str  # a few characters either side

    def message(self) -> str:
        return f"“{self.word}”：{self.reason}（…{self.context}…）"


def check_wording(text: str) -> list[WordingWarning]:
    """Every forbidden word in ``text`` (longest match first, no overlapping repeats)."""
    found: list[WordingWarning] = []
    taken: set[int] = set()
    for word in sorted(FORBIDDEN, key=len, reverse=True):
        start = 0
        while True:
            i = text.find(word, start)
            if i < 0:
                break
            start = i + 1
            span = set(range(i, i + len(word)))
            if span & taken:
                continue
            taken |= span
            ctx = text[max(0, i - 8) : i + len(word) + 8].replace("\n", " ")
            found.append(WordingWarning(word, FORBIDDEN[word], i, ctx))
    found.sort(key=lambda w: w.position)
    return found
