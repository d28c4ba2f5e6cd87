"""Blacklist entries (黑名单): addresses or areas not to send letters to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class BlacklistKind(StrEnum):
    DEMOLISHED = "demolished"  # 已拆迁
    COLLECTIVE = "collective"  # 集体户
    INSTITUTION = "institution"  # 机关/监所
    CUSTOM = "custom"  # 自定义

    @property
    def label_zh(self) -> str:
        return KIND_LABELS_ZH[self]


KIND_LABELS_ZH: dict[BlacklistKind, str] = {
    BlacklistKind.DEMOLISHED: "已拆迁",
    BlacklistKind.COLLECTIVE: "集体户",
    BlacklistKind.INSTITUTION: "机关/监所",
    BlacklistKind.CUSTOM: "自定义",
}


class MatchKind(StrEnum):
    KEYWORD = "keyword"  # the normalised pattern occurs in the address
    DIVISION = "division"  # the address's division code starts with division_code
    ADDRESS = "address"  # the standard address is (fuzzily) this address

    @property
    def label_zh(self) -> str:
        return MATCH_LABELS_ZH[self]


MATCH_LABELS_ZH: dict[MatchKind, str] = {
    MatchKind.KEYWORD: "关键词",
    MatchKind.DIVISION: "行政区划",
    MatchKind.ADDRESS: "地址",
}


class Origin(StrEnum):
    MANUAL = "manual"  # typed by an operator
    IMPORTED = "imported"  # from an xlsx list
    LEARNED = "learned"  # proposed by delivery feedback
    BUILTIN = "builtin"  # shipped keyword rules (resources/ranking)

    @property
    def label_zh(self) -> str:
        return ORIGIN_LABELS_ZH[self]


ORIGIN_LABELS_ZH: dict[Origin, str] = {
    Origin.MANUAL: "手工添加",
    Origin.IMPORTED: "文件导入",
    Origin.LEARNED: "妥投反馈",
    Origin.BUILTIN: "内置规则",
}


@dataclass(slots=True)
class BlacklistEntry:
    """One row of the ``blacklist`` table (or a built-in rule shown alongside)."""

    kind: BlacklistKind
    match: MatchKind
    pattern: str | None = None
    division_code: str | None = None
    note: str | None = None
    origin: Origin = Origin.MANUAL
    active: bool = True
    id: int | None = None
    created_by: str | None = None
    created_at: str | None = None

    def describe(self) -> str:
        """What the entry matches, for display."""
        if self.match is MatchKind.DIVISION:
            return f"{self.division_code or ''} {self.pattern or ''}".strip()
        return self.pattern or ""
