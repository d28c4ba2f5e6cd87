"""``songda stats [--json]``: counts, validity rate, signature rate."""

from __future__ import annotations

import argparse
from typing import Any

from songda.commands.common import print_json, store_from_args


def register(sub: Any) -> None:
    p = sub.add_parser("stats", help="counts, validity rate, signature rate 统计")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(handler=cmd_stats)


def _pct(v: float | None) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


def cmd_stats(args: argparse.Namespace) -> int:
    from songda.services.stats import compute_stats

    store = store_from_args(args)
    try:
        s = compute_stats(store)
    finally:
        store.close()
    if args.json:
        print_json(s)
        return 0
    print(f"案件 cases: {s['cases']}  候选地址 candidates: {s['candidates']}")
    print(
        f"地址有效率 address validity: {_pct(s['validity_rate'])}"
        f" ({s['candidates_valid']}/{s['candidates_parsed']})"
    )
    print(
        f"有有效地址的案件 cases with a valid address: {_pct(s['valid_case_share'])}"
        f" ({s['cases_with_valid_candidate']}/{s['cases']})"
    )
    print(
        f"邮件 mailings: {s['mailings']}  妥投 signed: {s['signed']}  退回 returned:"
        f" {s['returned']}  在途 pending: {s['pending']}"
    )
    print(f"签收率 signature rate: {_pct(s['signature_rate'])}")
    for title, key in (
        ("批次 batch", "by_batch"),
        ("委托方 creditor", "by_creditor"),
        ("地址来源 source", "by_source"),
        ("月份 month", "by_month"),
    ):
        if s[key]:
            print(f"按{title}:")
            for r in s[key]:
                print(
                    f"  {r['label'] or '—'}: {_pct(r['signature_rate'])}"
                    f" ({r['signed']}/{r['signed'] + r['returned']}, 寄出 {r['mailed']})"
                )
    if s["return_reasons"]:
        print("退回原因 return reasons:")
        for r in s["return_reasons"]:
            print(f"  {r['label']}: {r['n']} ({_pct(r['share'])})")
    rs = s["resend"]
    print(
        f"重发挽回 re-send recovery: {_pct(rs['recovery_rate'])}"
        f" ({rs['recovered']}/{rs['resent_with_result']}; 待重发 awaiting {rs['awaiting_resend']})"
    )
    return 0
