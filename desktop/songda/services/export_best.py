"""``export_best``: one row per case with its chosen or best address (CSV or xlsx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from songda.domain.progress import CancelToken, Progress, null_progress
from songda.ranking.serialize import reasons_from_json, reasons_text
from songda.store import Store
from songda.store import ranking as q
from songda.tables import table_format, write_table

# DESIGN.md's columns, in order
HEADERS = (
    "case_no",
    "candidate_id",
    "source",
    "source_column",
    "raw_address",
    "address",
    "postcode",
    "score",
    "confidence",
    "needs_review",
    "reasons",
)


def best_rows(store: Store) -> Iterator[list[Any]]:
    for r in q.export_best_rows(store):
        (case_no, cid, source, column, raw, standard, postcode, score, conf, review) = r[:10]
        reasons_json, review_json, _status, chosen = r[10:]
        reasons = reasons_from_json(reasons_json)
        text = reasons_text(reasons)
        if chosen:
            text = "人工选定" + ("；" + text if text else "")
        review_reasons = reasons_from_json(review_json)
        if review and review_reasons:
            note = "待审核：" + reasons_text(review_reasons, with_points=False)
            text = note + ("；" + text if text else "")
        yield [
            case_no,
            cid,
            source,
            column,
            raw,
            standard,
            postcode,
            score,
            None if conf is None else round(float(conf), 3),
            int(review or 0),
            text,
        ]


def export_best(
    store: Store,
    out: Path,
    *,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
) -> int:
    """Write the best-address table to ``out`` (.csv UTF-8 with BOM, or .xlsx)."""
    table_format(out)  # refuse an unknown extension before any work
    total = store.count("cases")
    progress(0, total, "导出最佳地址")

    def rows() -> Iterator[list[Any]]:
        for i, row in enumerate(best_rows(store), 1):
            if cancel is not None and i % 5000 == 0:
                cancel.check()
                progress(i, total, "导出最佳地址")
            yield row

    n = write_table(out, HEADERS, rows(), sheet="最佳地址")
    progress(n, total, "导出最佳地址")
    return n
