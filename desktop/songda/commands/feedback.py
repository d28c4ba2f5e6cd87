"""``songda feedback import FILE [--json]``: delivery results."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands.common import print_json, stderr_progress, store_from_args


def register(sub: Any) -> None:
    p = sub.add_parser("feedback", help="delivery results 妥投反馈")
    fsub = p.add_subparsers(dest="feedback_command", metavar="ACTION", required=True)
    i = fsub.add_parser("import", help="apply a delivery results file 导入妥投结果")
    i.add_argument("file", type=Path, help="EMS / China Post results (xlsx, xls, csv)")
    i.add_argument("--json", action="store_true", help="print the result as JSON")
    i.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from songda.services.feedback import import_feedback

    store = store_from_args(args)
    try:
        report = import_feedback(store, args.file, progress=stderr_progress())
    finally:
        store.close()
    if args.json:
        print_json(report.to_dict())
        return 0
    print(f"文件 file: {report.file}  结果行 rows: {report.rows}")
    print(f"妥投 signed: {report.signed}")
    print(f"退回 returned: {report.returned}")
    for reason, n in report.returned_by_reason.items():
        print(f"  {reason}: {n}")
    print(f"在途 in transit: {report.in_transit}")
    print(
        f"新状态 new events: {report.new_events}  已导入过 already imported: "
        f"{report.duplicate_events}"
    )
    print(
        f"案件 cases: 已签收 signed {report.cases_signed}, 待重发 re-send "
        f"{report.cases_ready}, 已退回 returned {report.cases_returned}"
    )
    print(f"未知运单号 unknown numbers: {len(report.unknown_numbers)}")
    for number in report.unknown_numbers:
        print(f"  {number}")
    for text in report.proposals:
        print(f"黑名单提议 blacklist proposal: {text}")
    for text in report.blacklisted:
        print(f"已加入黑名单 blacklisted: {text}")
    for row_no, why in report.skipped_rows:
        print(f"跳过 skipped row {row_no}: {why}")
    return 0
