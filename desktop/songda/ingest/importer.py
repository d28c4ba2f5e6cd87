"""The importer: a case file → records (no database) → the store (one transaction).

:func:`prepare` reads and validates a file without touching the database, so an unreadable
file fails before anything is written; :func:`store_prepared` writes prepared files.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from songda.domain.progress import CancelToken, Progress, null_progress
from songda.errors import KnownError
from songda.ingest.columns import headers_key as make_headers_key
from songda.ingest.columns import propose_mapping
from songda.ingest.layout import locate, unique_headers
from songda.ingest.model import CaseRecord, FileReport
from songda.ingest.readers import Row, read_workbook
from songda.ingest.rows import build_cases, resolve
from songda.ingest.values import is_blank, json_cell, normalized_key
from songda.store import Store
from songda.store import bulk as bulk_sql
from songda.store import cases as case_sql
from songda.store import imports as import_sql

ProfileLookup = Callable[[str], tuple[str, dict[str, str | None]] | None]
WRITE_CHUNK = 500


@dataclass(slots=True)
class Prepared:
    report: FileReport
    rows: list[Row]  # the chosen sheet, every row
    cases: list[CaseRecord]


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _check(cancel: CancelToken | None) -> None:
    if cancel is not None:
        cancel.check()


def prepare(
    path: Path,
    *,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
    profile_lookup: ProfileLookup | None = None,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
    isolated: bool = False,
) -> Prepared:
    """Read, locate the table, map columns and build case records. Raises KnownError."""
    path = Path(path)
    progress(0, 1, f"读取 {path.name}")
    workbook = read_workbook(path, sheet_names=[sheet] if sheet else None, isolated=isolated)
    _check(cancel)
    given = {make_headers_key(list(mapping))} if mapping is not None else set()

    def known(key: str) -> bool:
        return key in given or (profile_lookup is not None and profile_lookup(key) is not None)

    chosen, header_idx = locate(workbook, sheet, known)
    headers = unique_headers(chosen.rows[header_idx])
    report = FileReport(
        path=str(path),
        file_name=path.name,
        sha256=file_sha256(path),
        sheet=chosen.name,
        header_row=header_idx + 1,
        encoding=workbook.encoding,
    )
    key = make_headers_key(headers)
    if mapping is None and profile_lookup is not None:
        found = profile_lookup(key)
        if found is not None:
            report.profile, mapping = found
    if mapping is None:
        mapping = {m.header: m.field for m in propose_mapping(headers)}
    mapping = {h: mapping.get(h) for h in headers}
    report.mapping = mapping
    fields = {f.split(".")[0] for f in mapping.values() if f}
    missing = [
        zh for f, zh in (("case_no", "案件编号"), ("debtor_name", "姓名")) if f not in fields
    ]
    if "address" not in fields:
        missing.append("地址")
    if missing:
        raise KnownError(
            f"{path.name}：找不到必需的列：{'、'.join(missing)}（请在导入对话框中指定列）",
            f"{path.name}: required columns not found: {', '.join(missing)}",
            code="mapping_incomplete",
        )
    plan = resolve(headers, mapping)
    report.layout = plan.layout
    data_rows = len(chosen.rows) - header_idx - 1

    def tick(done: int) -> None:
        progress(done, data_rows, f"解析 {path.name}")

    result = build_cases(chosen.rows, header_idx + 1, plan, check=lambda: _check(cancel), tick=tick)
    report.rows_total = result.total
    report.rows_skipped = result.skipped
    report.rejected = result.rejected
    report.rows_rejected = len(result.rejected)
    report.rows_imported = result.total - len(result.rejected)
    report.conflicts = result.conflicts
    report.warnings = result.warnings
    return Prepared(report, chosen.rows, result.cases)


def _test_pause(done: int) -> None:
    """Test hook: with SONGDA_TEST_IMPORT_PAUSE=N the writer announces itself on stdout and
    sleeps once N cases are written, so a test can kill the process mid-transaction."""
    at = os.environ.get("SONGDA_TEST_IMPORT_PAUSE")
    if at and done >= int(at):
        print("SONGDA-IMPORT-PAUSED", flush=True)
        time.sleep(60)


def store_prepared(
    store: Store,
    prep: Prepared,
    *,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
) -> None:
    """Write one prepared file. Call inside ``store.transaction()``."""
    rep = prep.report
    import_id = import_sql.create_import(
        store,
        file_name=rep.file_name,
        sha256=rep.sha256,
        sheet=rep.sheet,
        profile=rep.profile,
        mapping=rep.mapping,
    )
    rep.import_id = import_id
    import_sql.add_raw_rows(
        store,
        import_id,
        rep.sheet,
        (
            (i + 1, [json_cell(c) for c in row])
            for i, row in enumerate(prep.rows)
            if not all(is_blank(c) for c in row)
        ),
    )
    import_sql.add_rejected_rows(
        store,
        import_id,
        (
            (r.row_no, [{"code": x.code, "message": x.message} for x in r.reasons], r.data)
            for r in rep.rejected
        ),
    )
    total = len(prep.cases)
    existing = case_sql.cases_by_no(store, [c.case_no for c in prep.cases])
    texts = case_sql.candidate_texts(store, [int(r["id"]) for r in existing.values()])
    n_new = sum(1 for c in prep.cases if c.case_no not in existing)
    with bulk_sql.case_inserts(store, n_new, sum(len(c.candidates) for c in prep.cases)):
        _write_cases(store, prep, existing, texts, progress, cancel)
    _check(cancel)
    progress(total, total, f"写入 {rep.file_name}")
    import_sql.finish_import(store, import_id, _counts(rep))
    store.audit(
        "import",
        import_id,
        "import",
        None,
        {"file": rep.file_name, "sha256": rep.sha256, **_counts(rep)},
    )


def _write_cases(
    store: Store,
    prep: Prepared,
    existing: dict[str, dict[str, Any]],
    texts: dict[int, list[str]],
    progress: Progress,
    cancel: CancelToken | None,
) -> None:
    """Cases and candidates of one file, in chunks (new cases' index entries and counts are
    added when the :func:`bulk_sql.case_inserts` block ends)."""
    rep = prep.report
    import_id = rep.import_id
    assert import_id is not None
    total = len(prep.cases)
    for start in range(0, total, WRITE_CHUNK):
        _check(cancel)
        progress(start, total, f"写入 {rep.file_name}")
        _test_pause(start)
        new_cands: list[tuple[int, str, str | None, str, str | None, str | None]] = []
        chunk = prep.cases[start : start + WRITE_CHUNK]
        fresh = [(r.case_no, r.fields()) for r in chunk if r.case_no not in existing]
        new_ids = case_sql.insert_cases(store, fresh, import_id) if fresh else {}
        for rec in chunk:
            old = existing.get(rec.case_no)
            if old is None:
                case_id = new_ids[rec.case_no]
                rep.cases_new += 1
                seen: set[str] = set()
            else:
                case_id = int(old["id"])
                changes = _changes(old, rec)
                if changes:
                    case_sql.update_case(store, case_id, changes)
                    store.audit(
                        "case",
                        case_id,
                        "import_update",
                        {k: old.get(k) for k in changes},
                        {**changes, "import_id": import_id},
                    )
                    rep.cases_updated += 1
                else:
                    rep.cases_unchanged += 1
                seen = {normalized_key(t) for t in texts.get(case_id, [])}
            rep.case_ids.append(case_id)
            added = 0
            for c in rec.candidates:
                k = c.key or normalized_key(c.raw_text)
                if k in seen:
                    rep.candidates_duplicate += 1
                    continue
                seen.add(k)
                added += 1
                new_cands.append(
                    (
                        case_id,
                        c.source.value,
                        c.source_column,
                        c.raw_text,
                        c.raw_postcode,
                        c.address_date,
                    )
                )
            if old is not None and added:
                store.audit(
                    "case",
                    case_id,
                    "import_candidates",
                    None,
                    {"added": added, "import_id": import_id},
                )
            rep.candidates_new += added
        case_sql.insert_candidates(store, new_cands, import_id)


def _counts(rep: FileReport) -> dict[str, int]:
    return {k: int(getattr(rep, k)) for k in import_sql.IMPORT_COUNTS}


def _changes(old: dict[str, Any], rec: CaseRecord) -> dict[str, Any]:
    """Fields of an existing case that the newer file changes (blanks never erase)."""
    new = rec.fields()
    out: dict[str, Any] = {}
    for f, v in new.items():
        if f in ("phones", "phone_tail", "extra"):
            continue
        if v is None or v == "":
            continue
        if old.get(f) != v:
            out[f] = v
    phones = list(rec.phones) + [p for p in old.get("phones") or [] if p not in rec.phones]
    if phones != (old.get("phones") or []):
        out["phones"] = phones
        out["phone_tail"] = phones[0][-4:] if phones else None
    extra = {**(old.get("extra") or {}), **rec.extra}
    if extra != (old.get("extra") or {}):
        out["extra"] = extra
    return out
