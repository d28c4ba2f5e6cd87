"""Import case files: read and validate every file, store them in one transaction, then
parse and rank the touched cases — one progress display (read, parsed, stored, ranked)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from songda.domain.progress import CancelToken, Progress, null_progress
from songda.errors import Cancelled
from songda.ingest.importer import Prepared, prepare, store_prepared
from songda.ingest.model import ImportReport
from songda.services.rank_cases import rank_cases
from songda.store import Store
from songda.store import imports as import_sql

log = logging.getLogger(__name__)


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

    def lookup(key: str) -> tuple[str, dict[str, str | None]] | None:
        found = import_sql.profile_for_headers(store, key)
        return (str(found["name"]), found["mapping"]) if found else None

    report = ImportReport()
    prepared: list[Prepared] = []
    for path in paths:
        prep = prepare(
            Path(path),
            sheet=sheet,
            mapping=mapping,
            profile_lookup=None if mapping is not None else lookup,
            progress=progress,
            cancel=cancel,
        )
        if mapping is not None and profile:
            prep.report.profile = profile
        prep.report.already_imported = import_sql.imports_with_sha(store, prep.report.sha256)
        prep.report.skipped = bool(prep.report.already_imported) and not force
        prepared.append(prep)
        report.files.append(prep.report)
    try:
        with store.transaction():
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
