"""``songda import FILE… [--json]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from songda.commands.common import print_json, stderr_progress, store_from_args
from songda.ingest.readers import read_workbook


def register(sub: Any) -> None:
    p = sub.add_parser(
        "import",
        help="import case files (xlsx/xlsm/xls/ods/csv/txt) 导入案件文件",
        description="导入案件文件；逐行报告被拒绝的行。文件无法读取时退出码为 2，且不写入任何数据。"
        " Import case files; unreadable file → exit status 2 and nothing written.",
    )
    p.add_argument("files", type=Path, nargs="+", metavar="FILE", help="case files")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--sheet", default=None, help="sheet name (default: detected) 工作表")
    p.add_argument(
        "--force", action="store_true", help="import again a file imported before 重复导入"
    )
    p.add_argument("--error-report", type=Path, default=None, help="write rejected rows (xlsx)")
    p.set_defaults(handler=cmd_import)


def cmd_import(args: argparse.Namespace) -> int:
    from songda.services.import_file import import_files

    for f in args.files:  # fail before opening the database when a file is unreadable
        if not Path(f).is_file() or Path(f).stat().st_size == 0:
            read_workbook(Path(f))
    store = store_from_args(args)
    try:
        report = import_files(
            store,
            args.files,
            sheet=args.sheet,
            force=args.force,
            progress=stderr_progress(not args.json),
        )
    finally:
        store.close()
    if args.error_report:
        from songda.ingest.error_report import write_error_report

        rows = [
            {"row_no": r.row_no, "reasons": [vars_reason(x) for x in r.reasons], "data": r.data}
            for f in report.files
            for r in f.rejected
        ]
        write_error_report(args.error_report, rows)
    if args.json:
        print_json(report.to_dict())
        return 0
    out = sys.stdout
    for f in report.files:
        out.write(f"{f.file_name}（工作表 {f.sheet}，表头第 {f.header_row} 行，")
        out.write("长表" if f.layout == "long" else "宽表")
        out.write(f"{'，编码 ' + f.encoding if f.encoding else ''}）\n")
        if f.already_imported:
            ids = ", ".join(str(i) for i in f.already_imported)
            note = "未重复导入（--force 可强制）" if f.skipped else "已再次导入"
            out.write(f"  此文件已导入过（导入编号 {ids}），{note}\n")
            out.write(f"  already imported (import {ids})\n")
            if f.skipped:
                continue
        out.write(
            f"  行 rows: {f.rows_total} 读取, {f.rows_imported} 导入, {f.rows_rejected} 拒绝,"
            f" {f.rows_skipped} 跳过（合计行）\n"
            f"  案件 cases: {f.cases_new} 新增, {f.cases_updated} 更新,"
            f" {f.cases_unchanged} 无变化\n"
            f"  地址 candidates: {f.candidates_new} 新增, {f.candidates_duplicate} 重复未加\n"
        )
        for c in f.conflicts:
            out.write(f"  冲突 conflict: {c}\n")
        for r in f.rejected:
            out.write(f"  拒绝 rejected 第 {r.row_no} 行: {r.reason_text}\n")
        for w in f.warnings[:50]:
            out.write(f"  注意 warning: {w}\n")
    if report.rank_note:
        out.write(f"{report.rank_note}\n")
    elif report.ranked:
        status = ", ".join(f"{k} {v}" for k, v in sorted(report.by_status.items()))
        out.write(f"已解析地址 parsed: {report.parsed}；已排序 ranked: {report.ranked} 个案件")
        out.write(f"（{status}）\n" if status else "\n")
    return 0


def vars_reason(reason: Any) -> dict[str, str]:
    return {"code": reason.code, "message": reason.message}
