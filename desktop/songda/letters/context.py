"""The placeholder values of one letter, built from a case, its mailing and the sender."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

DEFAULT_SENDER: dict[str, str] = {
    "name": "示例律师事务所（样例）",
    "address": "北京市朝阳区建国路88号示例大厦8层",
    "postcode": "100022",
    "phone": "010-00000000",
    "lawyer": "王示例",
}

DEFAULT_LETTER_OPTIONS: dict[str, Any] = {
    "deadline_days": 7,
    "payment_account_name": None,  # None: the case's creditor
    "payment_bank": "示例银行北京朝阳支行（样例）",
    "payment_account_no": "6200 0000 0000 0000 000",
}


def merged_sender(sender: dict[str, Any] | None) -> dict[str, str]:
    out = dict(DEFAULT_SENDER)
    for k, v in (sender or {}).items():
        if v not in (None, ""):
            out[k] = str(v)
    return out


def merged_options(options: dict[str, Any] | None) -> dict[str, Any]:
    out = dict(DEFAULT_LETTER_OPTIONS)
    for k, v in (options or {}).items():
        if v not in (None, ""):
            out[k] = v
    return out


def mask_id_number(value: str | None) -> str | None:
    from songda.address.identity import mask_id_number as mask

    v = str(value).strip() if value else ""
    return mask(v) if v else None


def honorific(id_number: str | None) -> str:
    """先生 / 女士 from the 17th digit of an 18-digit ID number, else 先生/女士."""
    v = (id_number or "").strip()
    if len(v) == 18 and v[16].isdigit():
        return "先生" if int(v[16]) % 2 else "女士"
    if len(v) == 15 and v[14].isdigit():
        return "先生" if int(v[14]) % 2 else "女士"
    return "先生/女士"


def letter_no(batch_id: int, seq: int, year: int) -> str:
    return f"〔{year}〕送达字第{batch_id:04d}-{seq:05d}号"


def build_fields(
    case: dict[str, Any],
    mailing: dict[str, Any],
    sender: dict[str, Any],
    options: dict[str, Any],
    letter_date: date,
) -> dict[str, Any]:
    """Every placeholder with a value; missing values are left out (StrictUndefined)."""
    opts = merged_options(options)
    snd = merged_sender(sender)
    deadline_days = int(opts["deadline_days"])
    fields: dict[str, Any] = {
        "case_no": case.get("case_no"),
        "debtor_name": case.get("debtor_name"),
        "honorific": honorific(case.get("id_number")),
        "id_number_masked": mask_id_number(case.get("id_number")),
        "creditor": case.get("creditor"),
        "contract_no": case.get("contract_no"),
        "loan_date": (case.get("loan_date") or None) and str(case["loan_date"])[:10],
        "principal": case.get("principal"),
        "interest": case.get("interest"),
        "amount_due": case.get("amount_due"),
        "overdue_days": case.get("overdue_days"),
        "recipient": mailing.get("recipient"),
        "address": mailing.get("address"),
        "postcode": mailing.get("postcode"),
        "tracking_no": mailing.get("tracking_no"),
        "letter_no": letter_no(int(mailing["batch_id"]), int(mailing["seq"]), letter_date.year),
        "firm_name": snd["name"],
        "firm_address": snd["address"],
        "firm_postcode": snd["postcode"],
        "firm_phone": snd["phone"],
        "lawyer": snd.get("lawyer"),
        "payment_account_name": opts.get("payment_account_name") or case.get("creditor"),
        "payment_bank": opts.get("payment_bank"),
        "payment_account_no": opts.get("payment_account_no"),
        "deadline_days": deadline_days,
        "deadline_date": (letter_date + timedelta(days=deadline_days)).isoformat(),
        "letter_date": letter_date.isoformat(),
    }
    if fields["overdue_days"] is not None:
        fields["overdue_days"] = int(fields["overdue_days"])
    return {k: v for k, v in fields.items() if v is not None and v != ""}
