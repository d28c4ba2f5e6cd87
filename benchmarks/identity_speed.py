"""Speed of ID-number checks, phone normalisation and prefix lookups, and table load times.

Run: ``PYTHONPATH=desktop python benchmarks/identity_speed.py [N]``. Generates N synthetic
inputs (valid and damaged ID numbers, phones in several spellings); needs no ../shared.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
import timeit
from datetime import date, timedelta


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    t0 = time.perf_counter()
    from songda.address import area_codes, phone_table
    from songda.address.identity import (
        check_digit,
        check_id_number,
        normalize_phone,
        phone_location,
        resolve_area,
    )

    t_import = time.perf_counter() - t0

    loads_phone, loads_area = [], []
    for _ in range(5):
        phone_table._cache.clear()
        area_codes._cache.clear()
        t = time.perf_counter()
        phone_table.load_phone_table()
        loads_phone.append(time.perf_counter() - t)
        t = time.perf_counter()
        area_codes._load()
        loads_area.append(time.perf_counter() - t)

    rng = random.Random(42)
    areas = ["110101", "310108", "330104", "440305", "510104", "650102", "341400", "110103"]
    ids: list[object] = []
    for i in range(n):
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
        first17 = f"{rng.choice(areas)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        number = first17 + check_digit(first17)
        kind = i % 10 if not number.endswith("X") else 0
        if kind == 7:
            ids.append(float(number))
        elif kind == 8:
            ids.append(f"{float(number):.5E}")
        elif kind == 9:
            ids.append(number[:17] + str((int(number[17]) + 1) % 10))
        else:
            ids.append(number)
    prefixes = ["138", "139", "150", "186", "199", "177", "135", "189"]
    phones: list[object] = []
    for i in range(n):
        body = f"{rng.choice(prefixes)}{rng.randrange(10**8):08d}"
        kind = i % 5
        if kind == 1:
            phones.append(float(body))
        elif kind == 2:
            phones.append(f"+86 {body[:3]}-{body[3:7]}-{body[7:]}")
        elif kind == 3:
            phones.append(f"0571-{rng.randrange(2 * 10**7, 9 * 10**7)}")
        else:
            phones.append(body)
    normalised = [p for p in (normalize_phone(x) for x in phones) if p]

    def rate(fn, items) -> float:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        for x in items:
            fn(x)
        return len(items) / (time.perf_counter() - t)

    calib = min(timeit.repeat("sum(range(100))", number=20000, repeat=5)) / 20000 * 1e6
    print(f"machine load check: sum(range(100)) takes {calib:.2f} µs (lower = quieter machine)")
    print(f"inputs: {n:,} ID values (30% damaged or invalid), {n:,} phone values")
    print(f"import songda.address.identity: {t_import * 1000:.1f} ms")
    print(
        f"load phone_prefix.bin: median {statistics.median(loads_phone) * 1000:.1f} ms, "
        f"areas.json: median {statistics.median(loads_area) * 1000:.1f} ms (5 runs)"
    )
    print(f"check_id_number (mix): {rate(check_id_number, ids):,.0f} checks/s")
    valid = [x for i, x in enumerate(ids) if i % 10 < 7 and isinstance(x, str)]
    print(f"check_id_number (valid text): {rate(check_id_number, valid):,.0f} checks/s")
    damaged = [x for i, x in enumerate(ids) if i % 10 in (7, 8)]
    print(f"check_id_number (Excel-damaged): {rate(check_id_number, damaged):,.0f} checks/s")
    print(f"normalize_phone: {rate(normalize_phone, phones):,.0f} phones/s")
    print(f"phone_location (normalised input): {rate(phone_location, normalised):,.0f} lookups/s")
    codes = [x[:6] for x in ids if isinstance(x, str) and len(x) == 18]
    print(f"resolve_area: {rate(resolve_area, codes):,.0f} lookups/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
