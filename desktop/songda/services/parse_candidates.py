"""Parse the candidates not parsed yet, with a ParseContext built from their case.

Each case's context: the ID number's area (first six digits), the phones' cities, the
adcodes of the case's other candidates and the postcode given in the file. Two passes: all
new candidates first, then those still ambiguous or without an adcode again with their new
siblings' adcodes (a 户籍 address "朝阳区…" is settled by a residence in 北京市).
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from songda.address import ParseContext, parse
from songda.domain.models import StandardAddress
from songda.domain.progress import CancelToken, Progress, null_progress
from songda.ranking.context import phone_cities
from songda.store import Store
from songda.store import ranking as q

CHUNK_CASES = 1000


def _context(
    id_number: str | None,
    phones: object,
    siblings: Sequence[str],
    postcode: str | None,
) -> ParseContext:
    area = (id_number or "")[:6]
    return ParseContext(
        id_area=area if len(area) == 6 and area.isdigit() else None,
        phone_cities=tuple(sorted(phone_cities(phones))),
        sibling_adcodes=tuple(dict.fromkeys(siblings)),
        postcode=postcode or None,
    )


def _needs_second_pass(std: StandardAddress) -> bool:
    return not std.adcode or "ambiguous" in std.issues


def _spans_json(spans: dict[str, str | None]) -> str | None:
    """Only the fields read from the text (a missing key = inferred or absent), compact."""
    kept = {k: v for k, v in spans.items() if v is not None}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":")) if kept else None


def parsed_row(std: StandardAddress, parsed_at: str) -> tuple[Any, ...]:
    """Values for :data:`songda.store.ranking.PARSED_FIELDS` (without the id)."""
    return (
        std.province,
        std.city,
        std.district,
        std.town,
        std.village,
        std.road,
        std.road_no,
        std.poi,
        std.building,
        std.unit,
        std.floor,
        std.room,
        std.detail,
        std.text() or None,
        _spans_json(std.spans),
        std.adcode,
        std.postcode,
        std.level,
        1 if std.valid else 0,
        json.dumps(list(std.issues), ensure_ascii=False),
        float(std.confidence),
        parsed_at,
    )


def parse_case_rows(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Parse the unparsed candidates among one case's rows (``PARSE_INPUT_COLUMNS``)."""
    if not rows:
        return []
    id_number, phones = rows[0][7], rows[0][8]
    known = [r[6] for r in rows if r[5] and r[6]]
    todo = [r for r in rows if not r[5]]
    results: dict[int, StandardAddress] = {}
    for r in todo:
        ctx = _context(id_number, phones, known, r[3])
        results[r[0]] = parse(r[2] or "", ctx)
    if len(rows) > 1:
        for r in todo:
            std = results[r[0]]
            if not _needs_second_pass(std):
                continue
            siblings = known + [s.adcode for cid, s in results.items() if cid != r[0] and s.adcode]
            if siblings:
                results[r[0]] = parse(r[2] or "", _context(id_number, phones, siblings, r[3]))
    now = datetime.now().isoformat(timespec="seconds")
    return [(*parsed_row(results[r[0]], now), r[0]) for r in todo]


def parse_chunk(rows: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Parse results (rows for ``write_parsed``) of a chunk of ``parse_inputs`` rows."""
    out: list[tuple[Any, ...]] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and rows[j][1] == rows[i][1]:
            j += 1
        out.extend(parse_case_rows(rows[i:j]))
        i = j
    return out


_worker: dict[str, Store] = {}


def _init_worker(db_path: str) -> None:
    from songda.store import open_store

    _worker["store"] = open_store(Path(db_path))


def _work(case_ids: list[int]) -> tuple[int, list[tuple[Any, ...]]]:
    return len(case_ids), parse_chunk(q.parse_inputs(_worker["store"], case_ids))


def parse_pending(
    store: Store,
    case_ids: Sequence[int] | None = None,
    *,
    progress: Progress = null_progress,
    cancel: CancelToken | None = None,
    workers: int = 0,
) -> int:
    """Parse every candidate with ``parsed_at IS NULL`` (of these cases). Returns the count.

    ``workers`` > 0 parses chunks in that many processes (spawn) while this one writes.
    """
    ids = q.unparsed_case_ids(store, case_ids)
    total = len(ids)
    done = 0
    parsed = 0
    progress(0, total, "解析地址")
    chunks = [ids[i : i + CHUNK_CASES] for i in range(0, total, CHUNK_CASES)]
    for n_cases, out in _parsed_chunks(store, chunks, workers, cancel):
        with store.transaction():
            q.write_parsed(store, out)
        parsed += len(out)
        done += n_cases
        progress(done, total, "解析地址")
    return parsed


def _parsed_chunks(
    store: Store, chunks: list[list[int]], workers: int, cancel: CancelToken | None
) -> Iterator[tuple[int, list[tuple[Any, ...]]]]:
    if workers <= 0 or len(chunks) < 2 or store.path is None:
        for chunk in chunks:
            if cancel is not None:
                cancel.check()
            yield len(chunk), parse_chunk(q.parse_inputs(store, chunk))
        return
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(str(store.path),)) as pool:
        try:
            for result in pool.imap(_work, chunks):
                if cancel is not None:
                    cancel.check()
                yield result
        except BaseException:
            pool.terminate()
            raise
