"""Building cases, candidates, batches and results files for delivery tests.

Cases and candidates are inserted directly (ranked: rank = list order, the first chosen);
batches go through ``songda.store.delivery.record_batch``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from songda.store import Store
from songda.store import delivery as sql

NOW = "2026-11-01T00:00:00"


def add_case(
    store: Store,
    case_no: str,
    cands: list[dict[str, Any]],
    creditor: str = "甲银行",
    name: str = "张三",
) -> tuple[int, list[int]]:
    """A ranked case with candidates (rank = list order); the first is chosen."""
    cur = store.conn.execute(
        "INSERT INTO cases (case_no, creditor, debtor_name, status, created_at, updated_at)"
        " VALUES (?, ?, ?, 'confirmed', ?, ?)",
        (case_no, creditor, name, NOW, NOW),
    )
    case_id = int(cur.lastrowid or 0)
    ids = []
    for rank, c in enumerate(cands, start=1):
        cur = store.conn.execute(
            "INSERT INTO candidates (case_id, source, raw_text, standard, poi, adcode, valid,"
            " flags, score, rank, chosen, status, parsed_at, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)",
            (
                case_id,
                c.get("source", "residence"),
                c["standard"],
                c["standard"],
                c.get("poi"),
                c.get("adcode", "110108012001"),
                int(c.get("valid", True)),
                json.dumps(c.get("flags", [])),
                100 - rank,
                rank,
                int(rank == 1),
                NOW,
                NOW,
                NOW,
            ),
        )
        ids.append(int(cur.lastrowid or 0))
    store.conn.execute("UPDATE cases SET best_candidate_id = ? WHERE id = ?", (ids[0], case_id))
    return case_id, ids


def send(store: Store, name: str, items: list[tuple[int, int, str]], **kw: Any) -> int:
    return sql.record_batch(
        store,
        name,
        [
            {"case_id": c, "candidate_id": k, "tracking_no": t, "recipient": "张三", "address": "x"}
            for c, k, t in items
        ],
        **kw,
    )


def write_csv(path: Path, rows: list[str], encoding: str = "utf-8") -> Path:
    path.write_text(
        "邮件号,状态,处理时间,签收人,未妥投原因\n" + "\n".join(rows) + "\n", encoding=encoding
    )
    return path
