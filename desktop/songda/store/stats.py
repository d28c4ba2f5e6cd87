"""SQL for the dashboard figures (``services/stats.py`` turns them into rates)."""

from __future__ import annotations

from typing import Any

from songda.store.db import Store

# a mailing's final result: 1 signed / 0 returned / NULL none yet
_FINAL = "CASE m.status WHEN 'signed' THEN 1 WHEN 'returned' THEN 0 END"


def case_counts(store: Store) -> dict[str, int]:
    return {
        r["status"]: int(r["n"])
        for r in store.query("SELECT status, count(*) AS n FROM cases GROUP BY status")
    }


def candidate_validity(store: Store) -> dict[str, int]:
    row = store.query(
        "SELECT count(*) AS total, sum(valid IS NOT NULL) AS parsed,"
        " sum(valid = 1) AS valid FROM candidates"
    )[0]
    return {k: int(row[k] or 0) for k in ("total", "parsed", "valid")}


def cases_with_valid_candidate(store: Store) -> int:
    return int(
        store.scalar(
            "SELECT count(DISTINCT case_id) FROM candidates WHERE valid = 1 AND status != 'removed'"
        )
        or 0
    )


def _grouped(store: Store, group_sql: str, joins: str = "") -> list[dict[str, Any]]:
    return store.query(
        f"SELECT {group_sql} AS grp, count(*) AS mailed,"
        " sum(m.status = 'signed') AS signed, sum(m.status = 'returned') AS returned"
        f" FROM mailings m {joins} GROUP BY grp ORDER BY grp"
    )


def signature_by_batch(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT b.id AS batch_id, b.name AS grp, b.created_at, count(*) AS mailed,"
        " sum(m.status = 'signed') AS signed, sum(m.status = 'returned') AS returned"
        " FROM mailings m JOIN batches b ON b.id = m.batch_id GROUP BY b.id ORDER BY b.id"
    )


def signature_by_creditor(store: Store) -> list[dict[str, Any]]:
    return _grouped(store, "ifnull(k.creditor, '')", "JOIN cases k ON k.id = m.case_id")


def signature_by_source(store: Store) -> list[dict[str, Any]]:
    return _grouped(store, "c.source", "JOIN candidates c ON c.id = m.candidate_id")


def signature_by_month(store: Store) -> list[dict[str, Any]]:
    """By the month the batch was created (sent)."""
    return _grouped(store, "substr(b.created_at, 1, 7)", "JOIN batches b ON b.id = m.batch_id")


def return_reasons(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT reason_code, reason_text, count(*) AS n FROM mailings WHERE status = 'returned'"
        " GROUP BY reason_code, reason_text ORDER BY n DESC, reason_code"
    )


def mailing_totals(store: Store) -> dict[str, int]:
    row = store.query(
        "SELECT count(*) AS mailed, sum(status = 'signed') AS signed,"
        " sum(status = 'returned') AS returned,"
        " sum(status NOT IN ('signed', 'returned')) AS pending FROM mailings"
    )[0]
    return {k: int(row[k] or 0) for k in ("mailed", "signed", "returned", "pending")}


def resend_recovery(store: Store) -> dict[str, int]:
    """Cases with a returned mailing: how many were sent again, and how those ended."""
    row = store.query(
        f"""
        WITH first_return AS (
            SELECT case_id, min(id) AS mid FROM mailings WHERE status = 'returned'
            GROUP BY case_id
        ),
        later AS (
            SELECT f.case_id, max({_FINAL.replace("m.status", "m2.status")}) AS best,
                   count(*) AS n
            FROM first_return f JOIN mailings m2 ON m2.case_id = f.case_id AND m2.id > f.mid
            GROUP BY f.case_id
        )
        SELECT
            (SELECT count(*) FROM first_return) AS returned_cases,
            (SELECT count(*) FROM later) AS resent_cases,
            (SELECT count(*) FROM later WHERE best = 1) AS recovered,
            (SELECT count(*) FROM later WHERE best IS NOT NULL) AS resent_with_result,
            (SELECT count(*) FROM cases WHERE status = 'ready'
                AND id IN (SELECT case_id FROM first_return)) AS awaiting_resend
        """
    )[0]
    return {k: int(v or 0) for k, v in row.items()}
