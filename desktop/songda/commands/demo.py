"""``songda demo --out DIR``: the bundled demo data end to end.

Imports ``resources/demo/demo_cases.xlsx`` into the selected database (``--db``; without it a
fresh ``DIR/songda-demo.db``, so the demo never mixes into the operator's data), ranks the
cases, creates one batch with the default template (律师函) and label format (EMS 100×150)
and writes its letters PDF, labels PDF and manifest into DIR, then prints a summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from songda.commands.common import stderr_progress
from songda.errors import KnownError
from songda.paths import resource
from songda.store import Store, open_store

if TYPE_CHECKING:  # the services are imported when the command runs: `songda --help` stays fast
    from songda.services.batch import BatchReport
    from songda.services.rank_cases import RankReport

DEMO_FILE = ("demo", "demo_cases.xlsx")
DEMO_DB = "songda-demo.db"
DEMO_TEMPLATE = "律师函"
DEMO_LABEL = "ems100x150"
# A demo S10 range (EA…CN); the check digit is recomputed by the batch service.
DEMO_TRACKING_START = "EA100000000CN"
RECORD = "songda-demo.json"  # what the last demo run wrote here, so a re-run can replace it


def register(sub: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="demo end to end: import, rank, one batch 演示",
        description="Import the bundled demo cases, rank them and print one batch "
        "(letters PDF, labels PDF, manifest) into DIR. Without --db a fresh database "
        f"DIR/{DEMO_DB} is used. 导入演示数据、排序并生成一个批次。",
    )
    p.add_argument("--out", type=Path, required=True, help="output folder 输出文件夹")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    demo_file = resource(*DEMO_FILE)
    if not demo_file.is_file():
        raise KnownError(f"找不到演示数据：{demo_file}", f"demo data not found: {demo_file}")
    fresh = not getattr(args, "db", None)
    db_path = out / DEMO_DB if fresh else Path(args.db)
    if fresh:
        _clear_previous_demo(out)
    if not (out / RECORD).is_file() and any(out.glob("*.pdf")):
        raise KnownError(
            f"输出文件夹 {out} 里已有 PDF 文件，请换一个空文件夹。",
            f"output folder {out} already holds PDF files; use an empty folder",
        )
    store = open_store(db_path, operator=getattr(args, "operator", None) or "demo")
    try:
        summary = run_demo(store, demo_file, out, quiet=bool(args.json))
    finally:
        store.close()
    summary["database"] = str(db_path)
    _write_record(out, summary)
    if args.json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_summary(summary))
    return 0


def run_demo(store: Store, demo_file: Path, out: Path, *, quiet: bool = False) -> dict[str, Any]:
    """Import, rank and batch; returns the summary (paths as strings)."""
    from songda.services.batch import create_batch
    from songda.services.import_file import import_files
    from songda.services.rank_cases import rank_cases
    from songda.store import letters as letters_sql

    progress = stderr_progress(not quiet)
    imported = import_files(store, [demo_file], rank=False, progress=progress)
    case_ids = imported.case_ids
    ranked = rank_cases(store, case_ids or None, progress=progress)
    batch = create_batch(
        store,
        template=DEMO_TEMPLATE,
        label_format=DEMO_LABEL,
        tracking_start=None if letters_sql.tracking_ranges(store) else DEMO_TRACKING_START,
        out_dir=out,
        progress=progress,
    )
    return _summary(imported.to_dict(), ranked, batch)


def _summary(imported: dict[str, Any], ranked: RankReport, batch: BatchReport) -> dict[str, Any]:
    files = imported.get("files") or [{}]
    return {
        "import": {
            **imported["totals"],
            "already_imported": bool(files[0].get("skipped")),
        },
        "rank": {
            "cases": ranked.cases,
            "candidates": ranked.candidates,
            "confirmed": ranked.confirmed,
            "needs_review": ranked.needs_review,
            "no_valid_address": ranked.no_valid_address,
        },
        "batch": {
            "id": batch.batch_id,
            "name": batch.name,
            "letters": batch.cases,
            "first_tracking": batch.first_tracking,
            "last_tracking": batch.last_tracking,
            "skipped": len(batch.skipped),
        },
        "files": {
            "letters": [str(p) for p in batch.letters_files],
            "labels": [str(p) for p in batch.labels_files],
            "manifest_csv": str(batch.manifest_csv) if batch.manifest_csv else None,
            "manifest_xlsx": str(batch.manifest_xlsx) if batch.manifest_xlsx else None,
        },
    }


def format_summary(s: dict[str, Any]) -> str:
    i, r, b, f = s["import"], s["rank"], s["batch"], s["files"]
    lines = [
        "演示完成 demo done",
        f"  导入 imported: {i['cases_new'] + i['cases_updated']} 案件 cases, "
        f"{i['candidates_new']} 地址 addresses, {i['rows_rejected']} 行被拒 rows rejected"
        + ("（此前已导入 already imported）" if i["already_imported"] else ""),
        f"  排序 ranked: {r['cases']} 案件 cases — 已确认 confirmed {r['confirmed']}, "
        f"待审核 needs review {r['needs_review']}, 无有效地址 no valid address "
        f"{r['no_valid_address']}",
        f"  批次 batch {b['name']}: {b['letters']} 封律师函 letters, 运单号 tracking "
        f"{b['first_tracking']} – {b['last_tracking']}",
    ]
    lines += [f"  律师函 letters PDF: {p}" for p in f["letters"]]
    lines += [f"  面单 labels PDF: {p}" for p in f["labels"]]
    for key in ("manifest_csv", "manifest_xlsx"):
        if f[key]:
            lines.append(f"  交寄清单 manifest: {f[key]}")
    lines.append(f"  数据库 database: {s['database']}")
    return "\n".join(lines) + "\n"


def _write_record(out: Path, summary: dict[str, Any]) -> None:
    f = summary["files"]
    written = [*f["letters"], *f["labels"], f["manifest_csv"], f["manifest_xlsx"]]
    record = {"written": [p for p in written if p], "summary": summary}
    (out / RECORD).write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")


def _clear_previous_demo(out: Path) -> None:
    """Remove what an earlier ``songda demo`` wrote into ``out`` (and only that)."""
    record_file = out / RECORD
    if not record_file.is_file():
        if (out / DEMO_DB).exists():
            raise KnownError(
                f"{out} 里已有演示数据库 {DEMO_DB}，请换一个空文件夹。",
                f"{out} already holds {DEMO_DB}; use an empty folder",
            )
        return
    try:
        written = json.loads(record_file.read_text(encoding="utf-8")).get("written", [])
    except (ValueError, OSError):
        written = []
    for name in written:
        p = Path(name)
        if p.parent.resolve() == out.resolve() and p.is_file():
            p.unlink()
    for name in (DEMO_DB, DEMO_DB + "-wal", DEMO_DB + "-shm", "batch.json", RECORD):
        (out / name).unlink(missing_ok=True)
