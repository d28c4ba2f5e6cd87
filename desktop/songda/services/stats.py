"""Dashboard figures: ``compute_stats(store) -> dict`` (also ``songda stats --json``).

Rates are fractions in [0, 1] (None when there is nothing to divide by). The signature rate
is signed / (signed + returned): mailings still in transit do not count yet.
"""

from __future__ import annotations

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
