"""``songda evidence CASE_NO --out DIR [--zip]`` and ``songda evidence attach CASE_NO FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from songda.commands.common import print_json, store_from_args
from songda.errors import KnownError


def register(sub: Any) -> None:
    p = sub.add_parser(
        "evidence",
        help="evidence pack per case; attach receipt scans 送达证据",
        description="songda evidence CASE_NO --out DIR [--zip]: letter pages, SHA-256, label,"
        " manifest line, status history and receipt scans of one case."
        " songda evidence attach CASE_NO FILE [--tracking-no N]: attach a receipt scan.",
    )
    p.add_argument("args", nargs="+", metavar="CASE_NO | attach CASE_NO FILE")
    p.add_argument("--out", type=Path, help="output folder 输出文件夹")
    p.add_argument("--zip", action="store_true", help="write a .zip instead of a folder")
    p.add_argument("--tracking-no", help="(attach) the mailing the scan belongs to")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=cmd_evidence)


def cmd_evidence(args: argparse.Namespace) -> int:
    from songda.services.evidence import attach_receipt, export_evidence

    words: list[str] = args.args
    if words[0] == "attach":
        if len(words) != 3:
            raise KnownError(
                "用法：songda evidence attach 案件编号 文件", "usage: evidence attach CASE_NO FILE"
            )
        store = store_from_args(args)
        try:
            info = attach_receipt(store, words[1], Path(words[2]), tracking_no=args.tracking_no)
        finally:
            store.close()
        if args.json:
            print_json(info)
        else:
            print(f"已附加 attached: {info['path']}  SHA-256 {info['sha256']}")
        return 0
    if len(words) != 1 or args.out is None:
        raise KnownError(
            "用法：songda evidence 案件编号 --out 文件夹", "usage: evidence CASE_NO --out DIR"
        )
    store = store_from_args(args)
    try:
        report = export_evidence(store, words[0], args.out, as_zip=args.zip)
    finally:
        store.close()
    if args.json:
        print_json(report.to_dict())
        return 0
    print(f"送达证据 evidence pack: {report.path}")
    for name, digest in report.files:
        print(f"  {digest}  {name}")
    for why in report.missing:
        print(f"未收入 missing: {why}")
    return 0
