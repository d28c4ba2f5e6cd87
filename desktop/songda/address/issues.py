"""Stable issue codes of the address engine, with Chinese labels (never rename a code)."""

from __future__ import annotations

from typing import Final

JUNK: Final = "junk"
EMPTY: Final = "empty"
VAGUE: Final = "vague"
AMBIGUOUS: Final = "ambiguous"
TYPO_CORRECTED: Final = "typo_corrected"
INFERRED_UPPER: Final = "inferred_upper"
RETIRED_NAME: Final = "retired_name"
REDISTRICTED: Final = "redistricted"
CONTRADICTION: Final = "contradiction"
NO_DIVISION: Final = "no_division"
NO_DISTRICT: Final = "no_district"
CONTEXT_RESOLVED: Final = "context_resolved"
POSTCODE_FROM_CASE: Final = "postcode_from_case"
POSTCODE_MISMATCH: Final = "postcode_mismatch"
POSTCODE_CITY_LEVEL: Final = "postcode_city_level"
NO_POSTCODE: Final = "no_postcode"
PHONE_REMOVED: Final = "phone_removed"
NAME_REMOVED: Final = "name_removed"
TRADITIONAL: Final = "traditional_converted"
OVERSEAS: Final = "overseas"

ISSUE_LABELS: Final[dict[str, str]] = {
    JUNK: "无效地址（不详、同上、无等）",
    EMPTY: "地址为空",
    VAGUE: "地址过于笼统（只到区县或乡镇）",
    AMBIGUOUS: "行政区划有歧义（同名区划）",
    TYPO_CORRECTED: "已纠正区划名错字",
    INFERRED_UPPER: "已补全上级区划",
    RETIRED_NAME: "旧区划名已更新为现名",
    REDISTRICTED: "区划调整：乡镇已改属其他区县",
    CONTRADICTION: "区划前后矛盾（以区县为准）",
    NO_DIVISION: "缺少行政区划",
    NO_DISTRICT: "缺少区县",
    CONTEXT_RESOLVED: "根据案件信息确定了同名区划",
    POSTCODE_FROM_CASE: "邮编取自案件资料",
    POSTCODE_MISMATCH: "案件邮编与地址不符",
    POSTCODE_CITY_LEVEL: "邮编只到地市一级",
    NO_POSTCODE: "无邮编",
    PHONE_REMOVED: "已去除混入的电话号码",
    NAME_REMOVED: "已去除混入的姓名",
    TRADITIONAL: "已转换繁体字",
    OVERSEAS: "港澳台或境外地址",
}

# Issues that make an address undeliverable (valid=False).
INVALIDATING: Final = frozenset({JUNK, EMPTY, NO_DIVISION, OVERSEAS})


def label(code: str) -> str:
    """Chinese label of an issue code (the code itself when unknown)."""
    return ISSUE_LABELS.get(code, code)
