"""Print batches: letters, labels and the post-office manifest for the cases ready to send.

``create_batch`` checks everything that can fail (template, placeholders of every case,
label format, tracking numbers), then records the batch and its mailings in one
transaction BEFORE anything is rendered, then renders. ``render_batch`` (re)renders a
recorded batch: after a cancel it resumes after the last complete file; on a finished
batch it writes the same bytes again.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from songda.domain.progress import CancelToken, Progress, null_progress
from songda.errors import Cancelled, KnownError
from songda.letters.context import build_fields, merged_options, merged_sender
from songda.letters.formats import Calibration, Grid, get_format
from songda.letters.manifest import write_csv, write_xlsx
from songda.letters.render import MAX_PAGES, RenderJob
from songda.letters.templates import PLACEHOLDERS, CompiledTemplate
from songda.letters.wording import check_wording
from songda.services import batch_tracking, render_runner
from songda.services.templates import get_template
from songda.store import Store
from songda.store import letters as sql
from songda.store.db import now_iso

MARKER = "batch.json"
PARALLEL_FROM = 400  # mailings: below this, render in this process


@dataclass
class BatchReport:
    batch_id: int
    name: str
    out_dir: Path
    cases: int
    letters_files: list[Path] = field(default_factory=list)
    labels_files: list[Path] = field(default_factory=list)
    manifest_csv: Path | None = None
    manifest_xlsx: Path | None = None
    letter_pages: int = 0
    label_pages: int = 0
    first_tracking: str = ""
    last_tracking: str = ""
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (case, reason)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "name": self.name,
            "out_dir": str(self.out_dir),
            "cases": self.cases,
            "letters_files": [str(p) for p in self.letters_files],
            "labels_files": [str(p) for p in self.labels_files],
            "manifest_csv": str(self.manifest_csv) if self.manifest_csv else None,
            "manifest_xlsx": str(self.manifest_xlsx) if self.manifest_xlsx else None,
            "letter_pages": self.letter_pages,
            "label_pages": self.label_pages,
            "first_tracking": self.first_tracking,
            "last_tracking": self.last_tracking,
            "skipped": [list(s) for s in self.skipped],
            "warnings": self.warnings,
            "seconds": round(self.seconds, 2),
        }


def _address(row: dict[str, Any]) -> str:
    return str(row.get("best_address") or row.get("standard") or row.get("raw_text") or "")


def _postcode(row: dict[str, Any]) -> str | None:
    for key in ("cand_postcode", "raw_postcode"):
        v = row.get(key)
        if v and str(v).strip() not in ("", "000000"):
            return str(v).strip()
    return None


def _skipped(store: Store, case_ids: Sequence[int], taken: set[int]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    statuses = sql.case_statuses(store, [i for i in case_ids if i not in taken])
    for cid in sorted(set(case_ids) - taken):
        st = statuses.get(cid)
        if st is None:
            out.append((str(cid), "案件不存在"))
        elif st not in sql.SENDABLE_CASE_STATUSES:
            out.append((str(cid), f"状态为 {st}，只有已确认/待发函的案件可以发函"))
        elif sql.batch_of_case(store, cid):
            out.append((str(cid), "已在未完成的批次中"))
        else:
            out.append((str(cid), "没有选定的地址"))
    return out


def _missing_error(template: str, missing: dict[str, list[str]]) -> KnownError:
    parts = []
    for n, cases in sorted(missing.items()):
        more = f" 等 {len(cases)} 件" if len(cases) > 3 else ""
        parts.append(f"{PLACEHOLDERS[n][0]}（{n}）：{'、'.join(cases[:3])}{more}")
    return KnownError(
        f"模板“{template}”需要的字段在这些案件中没有值，未打印任何内容：" + "；".join(parts),
        "missing placeholder values: "
        + "; ".join(f"{n}: {len(c)} cases" for n, c in sorted(missing.items())),
        code="template_missing",
    )


def _check_out_dir(out_dir: Path, batch_id: int | None) -> None:
    marker = out_dir / MARKER
    if marker.is_file():
        try:
            other = json.loads(marker.read_text(encoding="utf-8")).get("batch_id")
        except (ValueError, OSError):
            other = None
        if other != batch_id:
            raise KnownError(
                f"输出文件夹 {out_dir} 里已有另一个批次的文件，请换一个空文件夹。",
                f"output folder {out_dir} holds another batch's files; use an empty folder",
                code="out_dir_used",
            )
    elif out_dir.is_dir() and any(out_dir.glob("*.pdf")):
        raise KnownError(
            f"输出文件夹 {out_dir} 不是空的，请换一个空文件夹。",
            f"output folder {out_dir} is not empty",
            code="out_dir_used",
        )


def create_batch(
    store: Store,
    *,
    template: str,
    label_format: str,
    tracking_start: str | None,
    out_dir: Path | str,
    case_ids: Sequence[int] | None = None,
    sender: dict[str, Any] | None = None,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    printer: str | None = None,
) -> BatchReport:
    """Record a batch of the sendable cases, then render it (see module docstring)."""
    t0 = time.perf_counter()
    out = Path(out_dir)
    _check_out_dir(out, None)
    tpl = get_template(store, template)
    compiled = CompiledTemplate(tpl)  # unknown placeholders / syntax: KnownError now
    tpl.image_path("letterhead")
    tpl.image_path("seal")
    fmt = get_format(label_format)
    grid_setting = store.get_setting("a4_grid")
    Grid.from_setting(grid_setting)
    printer_name = printer or fmt.name
    calibration = (store.get_setting("calibration") or {}).get(printer_name)
    Calibration.from_setting(calibration)
    snd = merged_sender(sender if sender is not None else store.get_setting("sender"))
    options = merged_options(store.get_setting("letter_options"))
    warnings = [w.message() for w in check_wording(tpl.body)]

    progress(0, 1, "选择案件")
    rows = sql.sendable_cases(store, case_ids)
    skipped = _skipped(store, case_ids, {int(r["case_id"]) for r in rows}) if case_ids else []
    if not rows:
        raise KnownError(
            "没有可以发函的案件（需要已确认或待发函、且不在未完成批次中的案件）。",
            "no cases to send (confirmed or ready, not in an open batch)",
            code="batch_empty",
        )
    created_at = now_iso()
    letter_date = date.fromisoformat(created_at[:10])
    numbers, allotment = batch_tracking.allot_numbers(store, tracking_start, len(rows))

    batch_options: dict[str, Any] = {
        "template": {
            "name": tpl.name,
            "kind": tpl.kind,
            "body": tpl.body,
            "letterhead": tpl.letterhead,
            "seal": tpl.seal,
            "builtin": tpl.builtin,
        },
        "sender": snd,
        "letter_options": options,
        "grid": grid_setting,
        "printer": printer_name,
        "calibration": calibration,
        "letter_date": letter_date.isoformat(),
        "tracking": allotment,
        "parts": {"letters": [], "labels": []},
        "warnings": warnings,
    }
    # One transaction: the batch, its mailings and the tracking range. Every letter's
    # text is rendered here; a missing placeholder or a value that cannot be formatted
    # rolls everything back, so nothing is recorded or printed.
    with store.transaction():
        batch_id = sql.insert_batch(
            store,
            template=tpl.name,
            label_format=fmt.name,
            case_count=len(rows),
            out_dir=str(out.resolve()),
            options=batch_options,
            created_at=created_at,
        )
        missing: dict[str, list[str]] = {}
        mailings: list[dict[str, Any]] = []
        no_postcode = 0
        for seq, (row, number) in enumerate(zip(rows, numbers, strict=True), start=1):
            if cancel is not None and seq % 100 == 0:
                cancel.check()
            m: dict[str, Any] = {
                "batch_id": batch_id,
                "case_id": int(row["case_id"]),
                "candidate_id": int(row["candidate_id"]),
                "seq": seq,
                "tracking_no": number,
                "recipient": str(row["debtor_name"]),
                "address": _address(row),
                "postcode": _postcode(row),
                "created_at": created_at,
            }
            if m["postcode"] is None:
                no_postcode += 1
            fields = build_fields(row, m, snd, options, letter_date)
            absent = [n for n in compiled.used if n not in fields]
            if absent:
                for n in absent:
                    missing.setdefault(n, []).append(str(row["case_no"]))
                continue
            text = compiled.render_text(fields)
            m["letter_sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
            m["fields"] = json.dumps(fields, ensure_ascii=False, sort_keys=True)
            mailings.append(m)
            if seq % 500 == 0:
                progress(seq, len(rows), "检查模板字段")
        if missing:
            raise _missing_error(tpl.name, missing)
        if no_postcode:
            warnings.append(f"{no_postcode} 件没有邮编，面单和信封上的邮编栏将留空。")
            sql.set_batch_status(store, batch_id, "created", options=batch_options)
        batch_tracking.commit_allotment(store, allotment, numbers)
        sql.insert_mailings(store, mailings)
        store.audit(
            "batch",
            batch_id,
            "create",
            None,
            {
                "template": tpl.name,
                "label_format": fmt.name,
                "cases": len(mailings),
                "tracking": [numbers[0], numbers[-1]],
            },
        )
    del rows, mailings, numbers  # free memory before rendering (render reads the record)
    report = render_batch(
        store, batch_id, out_dir=out, progress=progress, cancel=cancel, workers=workers
    )
    report.skipped = skipped
    report.warnings = warnings + report.warnings
    report.seconds = time.perf_counter() - t0
    return report


def render_batch(
    store: Store,
    batch_id: int,
    *,
    out_dir: Path | str | None = None,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
    workers: int | None = None,
    max_pages: int = MAX_PAGES,
) -> BatchReport:
    """Render (or resume, or re-render) a recorded batch. Same batch → same bytes.

    Files are split every ``max_pages`` pages (at letter boundaries).
    """
    t0 = time.perf_counter()
    batch = sql.get_batch(store, batch_id)
    if batch is None:
        raise KnownError(f"批次不存在：{batch_id}", f"no batch {batch_id}", code="batch_missing")
    if batch["status"] == "cancelled":
        raise KnownError(
            f"批次 {batch['name']} 已作废，不能再打印。",
            f"batch {batch['name']} was cancelled",
            code="batch_cancelled",
        )
    out = Path(out_dir) if out_dir is not None else Path(batch["out_dir"])
    _check_out_dir(out, batch_id)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(
        json.dumps({"batch_id": batch_id, "name": batch["name"]}, ensure_ascii=False),
        encoding="utf-8",
    )
    opts: dict[str, Any] = batch["options"]
    rows = sql.batch_mailings(store, batch_id, parse_fields=False)
    finished = batch["status"] == "rendered"
    same_dir = str(out.resolve()) == str(batch["out_dir"])
    parts: dict[str, list[dict[str, Any]]] = opts.get("parts") or {"letters": [], "labels": []}
    if finished or not same_dir:
        parts = {"letters": [], "labels": []}  # full re-render
    parts = {k: _valid_parts(out, v) for k, v in parts.items()}

    manifest_rows = [
        {
            "tracking_no": r["tracking_no"],
            "case_no": r["case_no"],
            "candidate_id": r["candidate_id"],
            "recipient": r["recipient"],
            "address": r["address"],
            "postcode": r["postcode"],
        }
        for r in rows
    ]
    write_csv(out / "manifest.csv", manifest_rows)
    write_xlsx(
        out / "manifest.xlsx",
        manifest_rows,
        {
            "name": batch["name"],
            "created_at": batch["created_at"],
            "sender_name": opts["sender"].get("name"),
        },
    )
    with store.transaction():
        sql.set_batch_status(store, batch_id, "rendering" if not finished else "rendered")

    title = f"{batch['name']} {opts['template']['name']}"
    jobs: list[RenderJob] = []
    for kind in ("letters", "labels"):
        done = parts[kind]
        start = done[-1]["last"] + 1 if done else 0
        if start >= len(rows):
            continue
        common: dict[str, Any] = {
            "kind": kind,
            "out_dir": str(out),
            "title": title if kind == "letters" else f"{batch['name']} 面单",
            "start": start,
            "part_no": len(done) + 1,
            "max_pages": max_pages,
        }
        if kind == "letters":
            items = [{"fields": r["fields"]} for r in rows]
            jobs.append(RenderJob(items=items, template=opts["template"], **common))
        else:
            items = [
                {
                    "tracking_no": r["tracking_no"],
                    "recipient": r["recipient"],
                    "address": r["address"],
                    "postcode": r["postcode"],
                    "seq": r["seq"],
                }
                for r in rows
            ]
            jobs.append(
                RenderJob(
                    items=items,
                    label_format=batch["label_format"],
                    sender=opts["sender"],
                    grid=opts.get("grid"),
                    calibration=opts.get("calibration"),
                    **common,
                )
            )

    def record_part(kind: str, info: dict[str, Any]) -> None:
        parts[kind].append(info)
        opts["parts"] = parts
        with store.transaction():
            sql.set_batch_status(store, batch_id, "rendering", options=opts)

    n_workers = workers
    if n_workers is None:
        n_workers = 2 if len(rows) >= PARALLEL_FROM and (os.cpu_count() or 1) >= 2 else 1
    try:
        render_runner.run(jobs, len(rows), n_workers, record_part, progress, cancel)
    except Cancelled:
        raise
    opts["parts"] = parts
    with store.transaction():
        sql.set_batch_status(store, batch_id, "rendered", rendered_at=now_iso(), options=opts)
        if not finished:
            sql.mark_cases_sent(store, batch_id)
            store.audit("batch", batch_id, "rendered", None, {"out_dir": str(out)})
    progress(1, 1, "完成")
    return BatchReport(
        batch_id=batch_id,
        name=batch["name"],
        out_dir=out,
        cases=len(rows),
        letters_files=[out / p["file"] for p in parts["letters"]],
        labels_files=[out / p["file"] for p in parts["labels"]],
        manifest_csv=out / "manifest.csv",
        manifest_xlsx=out / "manifest.xlsx",
        letter_pages=sum(int(p["pages"]) for p in parts["letters"]),
        label_pages=sum(int(p["pages"]) for p in parts["labels"]),
        first_tracking=rows[0]["tracking_no"] if rows else "",
        last_tracking=rows[-1]["tracking_no"] if rows else "",
        warnings=list(opts.get("warnings") or []) if finished else [],
        seconds=time.perf_counter() - t0,
    )


def _valid_parts(out: Path, parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Complete parts whose file is still there unchanged (a resume skips them)."""
    ok: list[dict[str, Any]] = []
    for p in parts:
        f = out / p["file"]
        if not f.is_file() or hashlib.sha256(f.read_bytes()).hexdigest() != p["sha256"]:
            break
        ok.append(p)
    return ok


def cancel_batch(store: Store, batch_id: int) -> int:
    """Abandon an unfinished batch: its cases can go into another batch; numbers stay used."""
    batch = sql.get_batch(store, batch_id)
    if batch is None:
        raise KnownError(f"批次不存在：{batch_id}", f"no batch {batch_id}", code="batch_missing")
    if batch["status"] not in sql.OPEN_BATCH_STATUSES:
        raise KnownError(
            f"批次 {batch['name']} 已{('完成打印' if batch['status'] == 'rendered' else '作废')}，不能作废。",
            f"batch {batch['name']} is {batch['status']}",
            code="batch_not_open",
        )
    return sql.cancel_batch(store, batch_id)


def list_batches(store: Store) -> list[dict[str, Any]]:
    return sql.list_batches(store)


def sendable_count(store: Store) -> int:
    return sql.count_sendable(store)


def batch_date(batch: dict[str, Any]) -> date:
    return datetime.fromisoformat(batch["created_at"]).date()
