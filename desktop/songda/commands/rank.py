"""``songda rank``: re-rank all cases."""

from __future__ import annotations

import argparse
from typing import Any

from songda.commands.common import print_json, stderr_progress, store_from_args


def register(sub: Any) -> None:
    p = sub.add_parser("rank", help="re-rank all cases 重新排序全部案件")
    p.add_argument(
        "--reparse",
        action="store_true",
        help="parse every address again first (after an address-engine update) 重新解析地址",
    )
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_rank)


def cmd_rank(args: argparse.Namespace) -> int:
    from songda.services.rank_cases import rank_cases
    from songda.store import ranking as q

    store = store_from_args(args)
    try:
        if args.reparse:
            q.mark_unparsed(store)
        report = rank_cases(store, progress=stderr_progress())
    finally:
        store.close()
    if args.json:
        print_json(report.to_dict())
        return 0
    print(f"已排序案件 cases ranked: {report.cases}（地址 candidates {report.candidates}）")
    print(f"新解析地址 parsed: {report.parsed}")
    print(f"已确认 confirmed: {report.confirmed}")
    print(f"待审核 needs review: {report.needs_review}")
    print(f"无有效地址 no valid address: {report.no_valid_address}")
    print(f"保持人工选择或已发函 kept: {report.kept}")
    return 0
