"""Import case files: read and validate every file, store them in one transaction, then
parse and rank the touched cases — one progress display (read, parsed, stored, ranked)."""

from __future__ import annotations

import gc
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from songda.domain.progress import CancelToken, Progress, null_progress
from songda.errors import Cancelled
from songda.ingest.columns import ColumnMatch
from songda.ingest.importer import Prepared, file_sha256, prepare, store_prepared
from songda.ingest.layout import Inspection, inspect
from songda.ingest.model import ImportReport
from songda.ingest.readers import read_workbook
from songda.services.rank_cases import rank_cases
from songda.store import Store
from songda.store import imports as import_sql
from songda.store.ranking import bulk_writes

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ImportJob:
    """One file with the operator's choices from the mapping dialog."""

    path: Path
    sheet: str | None = None
    mapping: dict[str, str | None] | None = None
    profile: str | None = None  # the saved profile the mapping came from


def import_files(
    store: Store,
    paths: Sequence[Path | str],
    *,
    mapping: dict[str, str | None] | None = None,
    sheet: str | None = None,
    profile: str | None = None,
    force: bool = False,
    rank: bool = True,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Import ``paths``. Raises KnownError (nothing written) when a file cannot be read,
    has no case table or lacks required columns; Cancelled (nothing written) when
    cancelled before the rows are stored.

    A file whose sha256 matches an earlier import is reported (``already_imported``) and not
    stored again unless ``force``. ``mapping`` (header → field) and ``sheet`` apply to every
    file; without a mapping a saved profile for identical headers is reused, else the
    automatic proposal. ``profile`` names the profile the mapping came from (recorded).
    """
    jobs = [ImportJob(Path(p), sheet, mapping, profile) for p in paths]
    return import_jobs(store, jobs, force=force, rank=rank, progress=progress, cancel=cancel)


def import_jobs(
    store: Store,
    jobs: Sequence[ImportJob],
    *,
    force: bool = False,
    rank: bool = True,
    isolated: bool = False,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Like :func:`import_files` with a sheet and mapping per file (the GUI's dialog).
    ``isolated``: parse spreadsheets in a child process (keeps a GUI responsive)."""

    gc.freeze()  # see _import_jobs; balanced by the unfreeze in the finally below
    try:
        return _import_jobs(store, jobs, force, rank, isolated, progress, cancel)
    finally:
        gc.unfreeze()


def _import_jobs(
    store: Store,
    jobs: Sequence[ImportJob],
    force: bool,
    rank: bool,
    isolated: bool,
    outer: Progress,
    cancel: CancelToken | None,
) -> ImportReport:
    """The body of :func:`import_jobs`.

    Garbage collection: the rows of a big file are long-lived objects; every full
    collection would scan them all while holding the GIL (100–300 ms pauses that freeze a
    GUI). ``gc.freeze()`` at every progress report moves what exists out of the
    collector's sight until the import ends (reference counting still frees it as usual).
    """

    def progress(done: int, total: int, message: str) -> None:
        gc.freeze()
        outer(done, total, message)

    def lookup(key: str) -> tuple[str, dict[str, str | None]] | None:
        found = import_sql.profile_for_headers(store, key)
        return (str(found["name"]), found["mapping"]) if found else None

    report = ImportReport()
    prepared: list[Prepared] = []
    for job in jobs:
        prep = prepare(
            Path(job.path),
            sheet=job.sheet,
            mapping=job.mapping,
            profile_lookup=None if job.mapping is not None else lookup,
            progress=progress,
            cancel=cancel,
            isolated=isolated,
        )
        if job.mapping is not None and job.profile:
            prep.report.profile = job.profile
        prep.report.already_imported = import_sql.imports_with_sha(store, prep.report.sha256)
        prep.report.skipped = bool(prep.report.already_imported) and not force
        prepared.append(prep)
        report.files.append(prep.report)
    try:
        with bulk_writes(store, 64), store.transaction():
            for prep in prepared:
                if not prep.report.skipped:
                    store_prepared(store, prep, progress=progress, cancel=cancel)
    except Cancelled:
        for f in report.files:
            f.import_id = None
        raise
    del prepared
    if rank and report.case_ids:
        _rank(store, report, progress, cancel)
    return report


def inspect_import(
    store: Store,
    path: Path | str,
    *,
    sheet: str | None = None,
    isolated: bool = False,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
) -> Inspection:
    """Read a file for the mapping dialog: sheets, header row, the proposed mapping (a saved
    profile for identical headers wins), the first rows, and earlier imports of it."""
    path = Path(path)
    progress(0, 1, f"读取 {path.name}")

    def known(key: str) -> bool:
        return import_sql.profile_for_headers(store, key) is not None

    ins = inspect(read_workbook(path, isolated=isolated), sheet, known)
    if cancel is not None:
        cancel.check()
    found = import_sql.profile_for_headers(store, ins.headers_key)
    if found is not None:
        mapping: dict[str, str | None] = found["mapping"]
        ins.profile = str(found["name"])
        ins.matches = [
            ColumnMatch(m.column, m.header, mapping.get(m.header), 1.0, "profile")
            for m in ins.matches
        ]
    ins.already_imported = import_sql.imports_with_sha(store, file_sha256(path))
    progress(1, 1, f"读取 {path.name}")
    return ins


def _rank(
    store: Store, report: ImportReport, progress: Progress, cancel: CancelToken | None
) -> None:
    try:
        result = rank_cases(store, report.case_ids, progress=progress, cancel=cancel)
    except Cancelled:
        report.cancelled = True
        report.rank_note = "排序已取消；案件已导入，可稍后重新排序"
        return
    report.ranked = result.cases
    report.parsed = result.parsed
    report.by_status = dict(result.by_status)
