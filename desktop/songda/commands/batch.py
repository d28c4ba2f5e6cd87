"""``songda batch …``: create, list, render (resume), cancel; tracking ranges; calibration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from songda.commands.common import print_json, stderr_progress, store_from_args
from songda.letters.formats import FORMATS


def register(sub: Any) -> None:
    p = sub.add_parser("batch", help="print batches 打印批次")
    bsub = p.add_subparsers(dest="batch_command", metavar="ACTION", required=True)
    c = bsub.add_parser("create", help="create and render a batch 创建批次")
    c.add_argument("--template", required=True, help="template name, e.g. 律师函 模板")
    c.add_argument(
        "--label",
        required=True,
        help=f"label format 面单格式: {', '.join(FORMATS)}",
    )
    c.add_argument(
        "--tracking-start",
        default=None,
        help="first tracking number (S10 check digit recomputed) 起始运单号;"
        " without it numbers come from the registered ranges",
    )
    c.add_argument("--out", type=Path, required=True, help="output folder (empty) 输出文件夹")
    c.add_argument("--case", type=int, action="append", help="only these case ids (repeatable)")
    c.add_argument("--printer", default=None, help="calibration profile 打印机校准名称")
    c.add_argument("--workers", type=int, default=None, help="rendering processes (1 or 2)")
    c.add_argument("--json", action="store_true", help="print the result as JSON")
    c.set_defaults(handler=cmd_create)

    ls = bsub.add_parser("list", help="list batches 批次列表")
    ls.add_argument("--json", action="store_true", help="print as JSON")
    ls.set_defaults(handler=cmd_list)

    r = bsub.add_parser("render", help="resume or re-render a batch (same bytes) 续打/重打")
    r.add_argument("batch_id", type=int)
    r.add_argument("--out", type=Path, default=None, help="output folder (default: the batch's)")
    r.add_argument("--workers", type=int, default=None)
    r.set_defaults(handler=cmd_render)

    x = bsub.add_parser("cancel", help="abandon an unfinished batch 作废未完成批次")
    x.add_argument("batch_id", type=int)
    x.set_defaults(handler=cmd_cancel)

    rg = bsub.add_parser("ranges", help="tracking-number ranges 运单号段")
    rg.add_argument("--add", nargs=2, metavar=("FIRST", "LAST"), help="register a range")
    rg.add_argument("--note", default="", help="note for --add")
    rg.set_defaults(handler=cmd_ranges)

    cal = bsub.add_parser("calibrate", help="print a calibration test page 打印校准测试页")
    cal.add_argument("--label", required=True, help="label format")
    cal.add_argument("--printer", default=None, help="calibration profile (default: format)")
    cal.add_argument("--out", type=Path, required=True, help="PDF file to write")
    cal.set_defaults(handler=cmd_calibrate)


def cmd_create(args: argparse.Namespace) -> int:
    from songda.services.batch import create_batch

    store = store_from_args(args)
    try:
        report = create_batch(
            store,
            template=args.template,
            label_format=args.label,
            tracking_start=args.tracking_start,
            out_dir=args.out,
            case_ids=args.case,
            progress=stderr_progress(),
            workers=args.workers,
            printer=args.printer,
        )
    finally:
        store.close()
    if args.json:
        print_json(report.to_dict())
        return 0
    _print_report(report)
    return 0


def _print_report(report: Any) -> None:
    print(f"批次 batch: {report.name} (id {report.batch_id})  件数 cases: {report.cases}")
    print(f"运单号 tracking: {report.first_tracking} … {report.last_tracking}")
    for f in report.letters_files:
        print(f"函件 letters: {f}")
    for f in report.labels_files:
        print(f"面单 labels: {f}")
    print(f"交寄清单 manifest: {report.manifest_csv}  {report.manifest_xlsx}")
    print(f"页数 pages: letters {report.letter_pages}, labels {report.label_pages}")
    for case, why in report.skipped:
        print(f"未纳入 skipped case {case}: {why}")
    for w in report.warnings:
        print(f"提醒 warning: {w}", file=sys.stderr)


def cmd_list(args: argparse.Namespace) -> int:
    from songda.services.batch import list_batches

    store = store_from_args(args)
    try:
        rows = list_batches(store)
    finally:
        store.close()
    if args.json:
        print_json(rows)
        return 0
    print("id\tname\tstatus\tcases\ttemplate\tlabel\tfirst\tlast\tcreated")
    for r in rows:
        print(
            f"{r['id']}\t{r['name']}\t{r['status']}\t{r['case_count']}\t{r['template']}\t"
            f"{r['label_format']}\t{r['first_tracking']}\t{r['last_tracking']}\t{r['created_at']}"
        )
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    from songda.services.batch import render_batch

    store = store_from_args(args)
    try:
        report = render_batch(
            store, args.batch_id, out_dir=args.out, progress=stderr_progress(), workers=args.workers
        )
    finally:
        store.close()
    _print_report(report)
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    from songda.services.batch import cancel_batch

    store = store_from_args(args)
    try:
        n = cancel_batch(store, args.batch_id)
    finally:
        store.close()
    print(f"已作废 cancelled batch {args.batch_id}: {n} 件回到待发函队列 (numbers stay used)")
    return 0


def cmd_ranges(args: argparse.Namespace) -> int:
    from songda.services.batch_tracking import add_range, describe_ranges

    store = store_from_args(args)
    try:
        if args.add:
            add_range(store, args.add[0], args.add[1], args.note)
        rows = describe_ranges(store)
    finally:
        store.close()
    print("id\tkind\tfirst\tlast\tnext\tleft\tnote")
    for r in rows:
        print(
            f"{r['id']}\t{r['kind']}\t{r['first']}\t{r['last']}\t{r['next'] or '-'}\t"
            f"{r['left']}\t{r['note'] or ''}"
        )
    return 0


def cmd_calibrate(args: argparse.Namespace) -> int:
    from songda.services.calibration import write_calibration_page

    store = store_from_args(args)
    try:
        path = write_calibration_page(store, args.label, args.out, printer=args.printer)
    finally:
        store.close()
    print(f"校准测试页 calibration page: {path}")
    return 0
