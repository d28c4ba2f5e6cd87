"""Dashboard figures: ``compute_stats(store) -> dict`` (also ``songda stats --json``).

Rates are fractions in [0, 1] (None when there is nothing to divide by). The signature rate
is signed / (signed + returned): mailings still in transit do not count yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from songda.delivery.codes import REASON_CODES, ReasonKind, classify_reason
from songda.domain.models import SOURCE_LABELS_ZH, Source
from songda.services.feedback import reason_label
from songda.store import Store
from songda.store import stats as sql


def rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _rows(rows: list[dict[str, Any]], label: Any = None) -> list[dict[str, Any]]:
    out = []
    for r in rows:
        signed, returned = int(r["signed"] or 0), int(r["returned"] or 0)
        key = "" if r["grp"] is None else str(r["grp"])
        item: dict[str, Any] = {
            "key": key,
            "label": label(key) if label else key,
            "mailed": int(r["mailed"]),
            "signed": signed,
            "returned": returned,
            "signature_rate": rate(signed, signed + returned),
        }
        if "batch_id" in r:
            item["batch_id"] = r["batch_id"]
        out.append(item)
    return out


def _source_label(key: str) -> str:
    try:
        return SOURCE_LABELS_ZH[Source(key)]
    except ValueError:
        return key


def compute_stats(store: Store) -> dict[str, Any]:
    by_status = sql.case_counts(store)
    cases = sum(by_status.values())
    cand = sql.candidate_validity(store)
    with_valid = sql.cases_with_valid_candidate(store)
    totals = sql.mailing_totals(store)
    reasons = []
    kinds: dict[str, int] = {k.value: 0 for k in ReasonKind}
    for r in sql.return_reasons(store):
        reason = classify_reason(r["reason_code"], r["reason_text"])
        kind = reason.kind if reason else ReasonKind.OTHER
        kinds[kind.value] += int(r["n"])
        text = r["reason_text"] or (
            REASON_CODES[r["reason_code"]].text_zh if r["reason_code"] in REASON_CODES else None
        )
        reasons.append(
            {
                "code": r["reason_code"],
                "text": text,
                "label": reason_label(r["reason_code"], text),
                "kind": kind.value,
                "n": int(r["n"]),
                "share": rate(int(r["n"]), totals["returned"]),
            }
        )
    resend: dict[str, Any] = dict(sql.resend_recovery(store))
    resend["recovery_rate"] = rate(resend["recovered"], resend["resent_with_result"])
    return {
        "cases": cases,
        "cases_by_status": by_status,
        "candidates": cand["total"],
        "candidates_parsed": cand["parsed"],
        "candidates_valid": cand["valid"],
        "validity_rate": rate(cand["valid"], cand["parsed"]),
        "cases_with_valid_candidate": with_valid,
        "valid_case_share": rate(with_valid, cases),
        "mailings": totals["mailed"],
        "signed": totals["signed"],
        "returned": totals["returned"],
        "pending": totals["pending"],
        "signature_rate": rate(totals["signed"], totals["signed"] + totals["returned"]),
        "by_batch": _rows(sql.signature_by_batch(store)),
        "by_creditor": _rows(sql.signature_by_creditor(store)),
        "by_source": _rows(sql.signature_by_source(store), _source_label),
        "by_month": _rows(sql.signature_by_month(store)),
        "return_reasons": reasons,
        "return_kinds": kinds,
        "resend": resend,
    }


SUMMARY_LABELS_ZH: tuple[tuple[str, str], ...] = (
    ("cases", "案件数"),
    ("candidates", "候选地址数"),
    ("validity_rate", "地址有效率"),
    ("valid_case_share", "有有效地址的案件占比"),
    ("mailings", "已寄出邮件"),
    ("signed", "妥投"),
    ("returned", "退回"),
    ("pending", "在途/未反馈"),
    ("signature_rate", "签收率"),
)
_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("by_batch", "按批次", "批次"),
    ("by_creditor", "按委托方", "委托方"),
    ("by_source", "按地址来源", "地址来源"),
    ("by_month", "按月份", "月份"),
)


def write_stats_xlsx(stats: dict[str, Any], path: Path) -> Path:
    """The dashboard figures as an xlsx workbook (one sheet per breakdown)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "概览"
    ws.append(["指标", "数值"])
    for key, label in SUMMARY_LABELS_ZH:
        ws.append([label, stats.get(key)])
    rs = stats["resend"]
    ws.append(["重发挽回率", rs.get("recovery_rate")])
    ws.append(["退回案件", rs.get("returned_cases")])
    ws.append(["已重发案件", rs.get("resent_cases")])
    ws.append(["重发后签收", rs.get("recovered")])
    ws.append(["待重发", rs.get("awaiting_resend")])
    for key, title, head in _GROUPS:
        sh = wb.create_sheet(title)
        sh.append([head, "寄出", "妥投", "退回", "签收率"])
        for r in stats[key]:
            sh.append([r["label"], r["mailed"], r["signed"], r["returned"], r["signature_rate"]])
    sh = wb.create_sheet("退回原因")
    sh.append(["原因", "代码", "类别", "件数", "占退回比例"])
    for r in stats["return_reasons"]:
        sh.append([r["label"], r["code"], r["kind"], r["n"], r["share"]])
    for sheet in wb.worksheets:
        sheet.column_dimensions["A"].width = 28
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float) and cell.value <= 1:
                    cell.number_format = "0.0%"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
