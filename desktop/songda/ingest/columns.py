"""Column mapping: which header means which case field, with a confidence.

The synonym table is data (``resources/ingest/columns.json``). Field keys:

* single fields: ``case_no debtor_name id_number creditor amount_due principal interest
  overdue_days loan_date contract_no``; ``phone`` may map several columns;
* ``address.<source>`` — an address column of that :class:`~songda.domain.models.Source`;
* ``address`` + ``address_type`` — long layout (one row per address, a type column);
  ``address`` alone is an address of source ``other``;
* ``postcode[.<source>]`` and ``address_date[.<source>]`` — attached to the address column
  of that source, or to the nearest address column on their left;
* ``ignore`` — dropped on purpose. Anything unmapped is kept in ``cases.extra``.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from rapidfuzz import fuzz, process

from songda.domain.models import Source
from songda.paths import resource

SINGLE_FIELDS = (
    "case_no",
    "debtor_name",
    "id_number",
    "creditor",
    "amount_due",
    "principal",
    "interest",
    "overdue_days",
    "loan_date",
    "contract_no",
    "address_type",
)
IMPORT_SOURCES = (
    Source.HOUSEHOLD,
    Source.ID_CARD,
    Source.RESIDENCE,
    Source.WORK,
    Source.DELIVERY,
    Source.CONTACT,
    Source.OTHER,
)
IGNORE = "ignore"

FIELD_LABELS_ZH: dict[str, str] = {
    "case_no": "案件编号",
    "debtor_name": "姓名",
    "id_number": "身份证号",
    "phone": "手机号",
    "creditor": "委托方",
    "amount_due": "欠款金额",
    "principal": "本金",
    "interest": "利息",
    "overdue_days": "逾期天数",
    "loan_date": "借款日期",
    "contract_no": "合同编号",
    "address": "地址（长表）",
    "address_type": "地址类型（长表）",
    "postcode": "邮编",
    "address_date": "地址更新日期",
    IGNORE: "忽略",
}
for _s in IMPORT_SOURCES:
    FIELD_LABELS_ZH[f"address.{_s.value}"] = _s.label_zh
    FIELD_LABELS_ZH[f"postcode.{_s.value}"] = f"邮编（{_s.label_zh}）"
    FIELD_LABELS_ZH[f"address_date.{_s.value}"] = f"地址日期（{_s.label_zh}）"

AUTO_THRESHOLD = 0.6  # below this a proposal is shown but not applied


def all_fields() -> list[str]:
    """Every field key an operator can choose, in display order."""
    out = ["case_no", "debtor_name", "id_number", "phone", "creditor", "amount_due"]
    out += ["principal", "interest", "overdue_days", "loan_date", "contract_no"]
    out += [f"address.{s.value}" for s in IMPORT_SOURCES]
    out += ["address", "address_type", "postcode", "address_date"]
    out += [f"postcode.{s.value}" for s in IMPORT_SOURCES]
    out += [f"address_date.{s.value}" for s in IMPORT_SOURCES]
    return [*out, IGNORE]


@dataclass(frozen=True, slots=True)
class Synonyms:
    fields: dict[str, list[str]]
    sources: list[tuple[Source, list[str]]]
    third_party: list[str]
    total_row: list[str]


@cache
def synonyms() -> Synonyms:
    raw: dict[str, Any] = json.loads(resource("ingest", "columns.json").read_text(encoding="utf-8"))
    fields = {k: [norm_header(v) for v in vs] for k, vs in raw["fields"].items()}
    sources = [(Source(k), vs) for k, vs in raw["sources"].items() if not k.startswith("_")]
    return Synonyms(fields, sources, list(raw["third_party"]), list(raw["total_row"]))


_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_JUNK = re.compile(r"[\s*＊:：_\-—.。·•]")


def norm_header(text: object) -> str:
    """Header text for matching: NFKC, no bracketed notes like（元）, no spaces or marks."""
    t = unicodedata.normalize("NFKC", "" if text is None else str(text))
    t = _BRACKETS.sub("", t)
    return _JUNK.sub("", t).lower()


def source_of(text: str) -> Source | None:
    """The address source a header or an address-type value names (户籍 → household…)."""
    t = norm_header(text)
    if not t:
        return None
    for src, words in synonyms().sources:
        if any(w in t for w in words):
            return src
    return None


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    column: int
    header: str
    field: str | None  # None = not mapped: kept in extra
    confidence: float
    how: str  # exact / contains / fuzzy / keyword / profile / manual / none


def _is_third_party(h: str) -> bool:
    return any(w in h for w in synonyms().third_party)


def score_header(header: object) -> tuple[str | None, float, str]:
    """Best field for one header: (field, confidence, how)."""
    h = norm_header(header)
    if not h:
        return None, 0.0, "none"
    syn = synonyms()
    third = _is_third_party(h)
    if third:
        # a contact person's phone or name is not the debtor's: only their address maps
        if any(w in h for w in ("地址", "住址", "地点")):
            return "address.contact", 0.9, "keyword"
        return None, 0.0, "none"
    for field, words in syn.fields.items():
        if h in words:
            return field, 1.0, "exact"
    # address-like headers: classify by source keyword
    if "邮编" in h or "邮政编码" in h:
        src = source_of(h)
        return (f"postcode.{src.value}" if src else "postcode"), 0.9, "keyword"
    if ("地址" in h or "住址" in h) and ("日期" in h or "时间" in h):
        src = source_of(h)
        return (f"address_date.{src.value}" if src else "address_date"), 0.85, "keyword"
    if "地址" in h or "住址" in h or h.endswith("所在地"):
        if "类型" in h or "来源" in h or "类别" in h:
            return "address_type", 0.85, "keyword"
        src = source_of(h)
        return (f"address.{src.value}" if src else "address"), 0.85, "keyword"
    best: tuple[str | None, float, str] = (None, 0.0, "none")
    # a synonym inside the header ("借款人身份证号码" ⊃ "身份证号码")
    for field, words in syn.fields.items():
        for w in words:
            if len(w) >= 2 and w in h:
                conf = 0.6 + 0.35 * len(w) / len(h)
                if conf > best[1]:
                    best = (field, conf, "contains")
    choices = {(f, w): w for f, ws in syn.fields.items() for w in ws}
    hit = process.extractOne(h, choices, scorer=fuzz.ratio, score_cutoff=70)
    if hit is not None:
        conf = hit[1] / 100 * 0.85
        if conf > best[1]:
            best = (hit[2][0], conf, "fuzzy")
    return best


def propose_mapping(headers: list[str]) -> list[ColumnMatch]:
    """A field for every header; single fields go to their best column only."""
    scored = [score_header(h) for h in headers]
    syn = synonyms()
    taken: dict[str, int] = {}
    order = sorted(range(len(headers)), key=lambda i: -scored[i][1])
    result: dict[int, ColumnMatch] = {}
    for i in order:
        field, conf, how = scored[i]
        if field is None or conf < AUTO_THRESHOLD:
            result[i] = ColumnMatch(i, headers[i], None, conf, how)
            continue
        if field in SINGLE_FIELDS or field.startswith("address."):
            if field in taken:
                alt = "contract_no" if field == "case_no" else None
                h = norm_header(headers[i])
                if alt and alt not in taken and h in syn.fields[alt]:
                    taken[alt] = i
                    result[i] = ColumnMatch(i, headers[i], alt, conf, how)
                elif field.startswith("address."):
                    # a second household column etc.: still an address of that source
                    result[i] = ColumnMatch(i, headers[i], field, conf, how)
                else:
                    result[i] = ColumnMatch(i, headers[i], None, conf, how)
                continue
            taken[field] = i
        result[i] = ColumnMatch(i, headers[i], field, conf, how)
    return [result[i] for i in range(len(headers))]


def header_score(row: list[object]) -> float:
    """How much a row looks like a header row: the sum of its confident field matches,
    with a bonus for the fields every case file has."""
    total = 0.0
    fields: set[str] = set()
    for cell in row:
        if not isinstance(cell, str) or not cell.strip() or len(cell) > 40:
            continue
        field, conf, _ = score_header(cell)
        if field and conf >= 0.75:
            total += conf
            fields.add(field.split(".")[0])
    if "case_no" in fields or "debtor_name" in fields:
        total += 1
    if "address" in fields:
        total += 1
    return total


def headers_key(headers: list[str]) -> str:
    """A signature of a header row: identical headers reuse a saved mapping profile."""
    joined = "\x1f".join(norm_header(h) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]
