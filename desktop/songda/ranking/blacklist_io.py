"""Blacklist import and export as spreadsheets (xlsx/xls/ods/csv in, xlsx/csv out).

Columns (Chinese headers; the English names are accepted too): 类型 kind, 匹配方式 match,
内容 pattern, 区划代码 division_code, 备注 note, 来源 origin, 启用 active, 添加人 created_by,
添加时间 created_at. Only 内容 or 区划代码 is required; 类型 defaults to 自定义, 匹配方式 is
guessed (a code → 行政区划; text with a house number → 地址, fuzzy; other text → 关键词).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from songda.domain.blacklist import (
    KIND_LABELS_ZH,
    MATCH_LABELS_ZH,
    ORIGIN_LABELS_ZH,
    BlacklistEntry,
    BlacklistKind,
    MatchKind,
    Origin,
)
from songda.errors import KnownError
from songda.tables import write_table

HEADERS = ("类型", "匹配方式", "内容", "区划代码", "备注", "来源", "启用", "添加人", "添加时间")
_FIELDS = (
    "kind",
    "match",
    "pattern",
    "division_code",
    "note",
    "origin",
    "active",
    "created_by",
    "created_at",
)
_HEADER_ALIASES: dict[str, str] = {
    **{h: f for h, f in zip(HEADERS, _FIELDS, strict=True)},
    **{f: f for f in _FIELDS},
    "种类": "kind",
    "黑名单类型": "kind",
    "匹配": "match",
    "地址": "pattern",
    "关键词": "pattern",
    "规则": "pattern",
    "区划": "division_code",
    "行政区划代码": "division_code",
    "说明": "note",
    "原因": "note",
}
_KIND_WORDS: dict[str, BlacklistKind] = {
    **{v: k for k, v in KIND_LABELS_ZH.items()},
    **{k.value: k for k in BlacklistKind},
    "拆迁": BlacklistKind.DEMOLISHED,
    "已拆迁区域": BlacklistKind.DEMOLISHED,
    "集体户口": BlacklistKind.COLLECTIVE,
    "机关": BlacklistKind.INSTITUTION,
    "监所": BlacklistKind.INSTITUTION,
    "监狱": BlacklistKind.INSTITUTION,
    "其他": BlacklistKind.CUSTOM,
    "": BlacklistKind.CUSTOM,
}
_MATCH_WORDS: dict[str, MatchKind] = {
    **{v: k for k, v in MATCH_LABELS_ZH.items()},
    **{k.value: k for k in MatchKind},
    "区划": MatchKind.DIVISION,
    "区划代码": MatchKind.DIVISION,
    "模糊": MatchKind.ADDRESS,
    "fuzzy": MatchKind.ADDRESS,
    "包含": MatchKind.KEYWORD,
}
_TRUE = {"1", "是", "true", "yes", "y", "启用", "有效", ""}
_HOUSE_NUMBER = re.compile(r"\d+\s*[号號栋幢室]")
_CODE = re.compile(r"^\d{2,12}$")


def entry_row(e: BlacklistEntry) -> list[Any]:
    return [
        e.kind.label_zh,
        e.match.label_zh,
        e.pattern or "",
        e.division_code or "",
        e.note or "",
        ORIGIN_LABELS_ZH.get(e.origin, e.origin.value),
        "是" if e.active else "否",
        e.created_by or "",
        e.created_at or "",
    ]


def write_entries(path: Path, entries: Iterable[BlacklistEntry]) -> int:
    """Export entries to .xlsx or .csv; returns the number written."""
    return write_table(path, HEADERS, (entry_row(e) for e in entries), sheet="黑名单")


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def _read_rows(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise KnownError(f"找不到文件：{path}", f"file not found: {path}", code="file_missing")
    try:
        if path.suffix.lower() in (".csv", ".txt"):
            raw = path.read_bytes()
            for enc in ("utf-8-sig", "gb18030"):
                try:
                    text = raw.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                raise ValueError("unknown encoding")
            return [[c.strip() for c in r] for r in csv.reader(text.splitlines())]
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_path(str(path))
        rows = wb.get_sheet_by_index(0).to_python(skip_empty_area=True)
        return [[_cell(c) for c in r] for r in rows]
    except KnownError:
        raise
    except Exception as exc:  # any reader failure is a file the operator must fix
        raise KnownError(
            f"无法读取黑名单文件：{path.name}（{type(exc).__name__}）",
            f"cannot read blacklist file {path}: {exc}",
            code="file_unreadable",
        ) from exc


def read_entries(path: Path, *, origin: Origin = Origin.IMPORTED) -> list[BlacklistEntry]:
    """Entries from a spreadsheet; raises :class:`KnownError` on a bad file or row."""
    rows = [r for r in _read_rows(path) if any(r)]
    if not rows:
        raise KnownError(f"黑名单文件为空：{path.name}", f"empty blacklist file {path}")
    header = [_HEADER_ALIASES.get(h.strip().lower() if h.isascii() else h.strip()) for h in rows[0]]
    if "pattern" not in header and "division_code" not in header:
        raise KnownError(
            f"黑名单文件缺少“内容”或“区划代码”列：{path.name}",
            f"blacklist file {path} has no 内容 (pattern) or 区划代码 column",
            code="blacklist_columns",
        )
    out: list[BlacklistEntry] = []
    errors: list[str] = []
    for n, row in enumerate(rows[1:], start=2):
        rec = {f: row[i] if i < len(row) else "" for i, f in enumerate(header) if f}
        try:
            entry = _entry_from(rec, origin)
        except ValueError as exc:
            errors.append(f"第{n}行：{exc}")
            continue
        if entry is not None:
            out.append(entry)
    if errors:
        raise KnownError(
            "黑名单文件有错误，未导入：" + "；".join(errors[:5]) + ("…" if len(errors) > 5 else ""),
            f"{len(errors)} bad rows in {path}",
            code="blacklist_rows",
        )
    return out


def _entry_from(rec: dict[str, str], origin: Origin) -> BlacklistEntry | None:
    pattern = rec.get("pattern", "").strip()
    code = rec.get("division_code", "").strip()
    if not pattern and not code:
        return None
    kind_word = rec.get("kind", "").strip()
    kind = _KIND_WORDS.get(kind_word) or _KIND_WORDS.get(kind_word.lower())
    if kind is None:
        raise ValueError(f"未知类型“{kind_word}”（可用：已拆迁、集体户、机关/监所、自定义）")
    match_word = rec.get("match", "").strip()
    if match_word:
        match = _MATCH_WORDS.get(match_word) or _MATCH_WORDS.get(match_word.lower())
        if match is None:
            raise ValueError(f"未知匹配方式“{match_word}”（可用：关键词、行政区划、地址）")
    else:
        match = guess_match(pattern, code)
    if code and not _CODE.match(code):
        raise ValueError(f"区划代码“{code}”应为2至12位数字")
    if match is MatchKind.DIVISION and not code:
        raise ValueError("按行政区划匹配时必须填写区划代码")
    return BlacklistEntry(
        kind=kind,
        match=match,
        pattern=pattern or None,
        division_code=code or None,
        note=rec.get("note", "").strip() or None,
        origin=origin,
        active=rec.get("active", "").strip().lower() in _TRUE,
        created_by=rec.get("created_by", "").strip() or None,
    )


def guess_match(pattern: str, division_code: str | None) -> MatchKind:
    """Division code alone → division; text with a house number → address; else keyword."""
    if not pattern and division_code:
        return MatchKind.DIVISION
    if _HOUSE_NUMBER.search(pattern) and len(pattern) >= 8:
        return MatchKind.ADDRESS
    return MatchKind.KEYWORD


def kinds_help() -> Sequence[str]:
    return [f"{k.value}={k.label_zh}" for k in BlacklistKind]
