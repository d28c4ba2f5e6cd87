"""Tracking numbers for a batch: from the registered ranges or from ``--tracking-start``."""

from __future__ import annotations

from typing import Any

from songda.errors import KnownError
from songda.letters.tracking import TrackingSpec, allot, parse_tracking
from songda.store import Store
from songda.store import letters as sql


def allot_numbers(
    store: Store, tracking_start: str | None, count: int
) -> tuple[list[str], dict[str, Any]]:
    """``count`` unused numbers and a record of where they came from (not committed yet)."""
    range_id: int | None = None
    if tracking_start:
        spec = parse_tracking(tracking_start)
        ranges = sql.ranges_for(store, spec.kind, spec.prefix)
        last: int | None = None
        if ranges:
            hit = [r for r in ranges if r["first_serial"] <= spec.serial <= r["last_serial"]]
            if not hit:
                raise KnownError(
                    f"起始运单号 {spec.number()} 不在已登记的号段内。",
                    f"start number {spec.number()} is outside the registered ranges",
                    code="tracking_outside",
                )
            range_id = int(hit[0]["id"])
            last = int(hit[0]["last_serial"])
    else:
        spec, range_id, last = _from_ranges(store, count)
    numbers = allot(spec, count, last)
    used = sql.used_tracking_numbers(store, numbers)
    if used:
        raise KnownError(
            f"运单号已被使用过，不能重复使用：{'、'.join(sorted(used)[:5])}"
            f"{' 等' if len(used) > 5 else ''}（共 {len(used)} 个）。请换一个起始号码。",
            f"{len(used)} tracking numbers already used, e.g. {sorted(used)[0]}",
            code="tracking_used",
        )
    record = {
        "kind": spec.kind,
        "prefix": spec.prefix,
        "first": numbers[0],
        "last": numbers[-1],
        "first_serial": spec.serial,
        "last_serial": spec.serial + count - 1,
        "range_id": range_id,
        "given": tracking_start,
        "check_corrected": spec.check_corrected,
    }
    return numbers, record


def _from_ranges(store: Store, count: int) -> tuple[TrackingSpec, int, int]:
    ranges = sql.tracking_ranges(store)
    for r in ranges:
        left = int(r["last_serial"]) - int(r["next_serial"]) + 1
        if left >= count:
            spec = TrackingSpec(str(r["kind"]), str(r["prefix"] or ""), int(r["next_serial"]))
            return spec, int(r["id"]), int(r["last_serial"])
    if not ranges:
        raise KnownError(
            "没有登记运单号段，请在设置中登记邮局分配的号段，或指定起始运单号。",
            "no tracking range registered; register one or give --tracking-start",
            code="tracking_no_range",
        )
    raise KnownError(
        f"已登记的运单号段都不够 {count} 个号码，请登记新的号段。",
        f"no registered range has {count} numbers left",
        code="tracking_exhausted",
    )


def commit_allotment(store: Store, record: dict[str, Any], numbers: list[str]) -> None:
    """Inside the batch transaction: move the range past the numbers just used."""
    if record.get("range_id"):
        sql.advance_range(store, int(record["range_id"]), int(record["last_serial"]) + 1)


def add_range(store: Store, first: str, last: str, note: str = "") -> int:
    """Register a range the post office allotted, e.g. EA000000001CN … EA000099999CN."""
    a, b = parse_tracking(first), parse_tracking(last)
    if (a.kind, a.prefix) != (b.kind, b.prefix) or b.serial < a.serial:
        raise KnownError(
            f"号段无效：{first} … {last}",
            f"invalid range {first} .. {last}",
            code="tracking_range_invalid",
        )
    for r in sql.ranges_for(store, a.kind, a.prefix):
        if not (b.serial < r["first_serial"] or a.serial > r["last_serial"]):
            raise KnownError(
                f"号段与已登记的号段重叠：{first} … {last}",
                f"range {first} .. {last} overlaps a registered range",
                code="tracking_range_overlap",
            )
    return sql.add_tracking_range(store, a.kind, a.prefix, a.serial, b.serial, note)


def describe_ranges(store: Store) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in sql.tracking_ranges(store):
        spec = TrackingSpec(str(r["kind"]), str(r["prefix"] or ""), int(r["first_serial"]))
        out.append(
            {
                "id": r["id"],
                "kind": r["kind"],
                "first": spec.number(int(r["first_serial"])),
                "last": spec.number(int(r["last_serial"])),
                "next": spec.number(int(r["next_serial"]))
                if r["next_serial"] <= r["last_serial"]
                else None,
                "left": int(r["last_serial"]) - int(r["next_serial"]) + 1,
                "note": r["note"],
            }
        )
    return out
