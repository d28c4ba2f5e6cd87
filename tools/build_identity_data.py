"""Compile the identity reference data into ``resources/identity/``.

Reads ``../shared/data`` (build time only; the app reads only ``resources/``):

* ``divisions/{provinces,cities,areas}.csv`` — NBS 2023 current divisions;
* ``history/result.csv`` and ``history/retired_code_to_current.csv`` — every county code
  since 1981 and what it became (yescallop/areacodes, CC0);
* ``phone/mobile_prefix_2023-12.csv.gz`` — 7-digit mobile prefix → province, city, area code.

Writes:

* ``resources/identity/areas.json`` — current province / city / county names, current
  codes missing from NBS 2023 (from the history), and retired codes with their old name and
  the current codes they resolve to;
* ``resources/identity/phone_prefix.bin`` — zlib-compressed: a JSON header (cities, landline
  area codes) followed by runs of consecutive 7-digit prefixes with the same city
  (uint32 start, uint16 city index; 0xFFFF = no data).

Run: ``python tools/build_identity_data.py [--shared ../shared/data]``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import struct
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "resources" / "identity"
NO_CITY = 0xFFFF
PHONE_MAGIC = b"SDPH1\n"

# Phone-data city names that are not NBS city names: (province, name) -> code (4 or 6 digits).
PHONE_CITY_ALIASES: dict[tuple[str, str], str] = {
    ("新疆", "巴州"): "6528",  # 巴音郭楞蒙古自治州
    ("新疆", "博州"): "6527",  # 博尔塔拉蒙古自治州
    ("新疆", "克州"): "6530",  # 克孜勒苏柯尔克孜自治州
    ("河北", "雄安"): "1306",  # 雄安新区: 容城、雄县、安新 are counties of 保定
    ("湖北", "江汉"): "429005",  # 江汉油田, in 潜江
}
# Retired prefecture-level codes whose former counties the history does not list under them.
RETIRED_CITY_FIXES: dict[str, list[str]] = {
    "420400": ["421000"],  # 沙市市 -> 荆州市
    "441000": ["460100"],  # 海口市 (广东 until 1988) -> 海南省海口市
    "441100": ["460200"],  # 三亚市 (广东 until 1988) -> 海南省三亚市
    "530200": ["530113"],  # 东川市 -> 昆明市东川区
    "650300": ["659001"],  # 石河子市 -> 自治区直辖 石河子市
}
# Names of NBS city rows that are placeholders, not real city names.
PLACEHOLDER_CITY_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def build_areas(shared: Path) -> dict[str, object]:
    provinces = {r["code"]: r["name"] for r in read_csv(shared / "divisions" / "provinces.csv")}
    cities = {r["code"]: r["name"] for r in read_csv(shared / "divisions" / "cities.csv")}
    counties = {r["code"]: r["name"] for r in read_csv(shared / "divisions" / "areas.csv")}
    history = read_csv(shared / "history" / "result.csv")
    retired_rows = read_csv(shared / "history" / "retired_code_to_current.csv")

    # County codes in use today according to the history but absent from NBS 2023
    # (e.g. 653228 和康县, created Dec 2024).
    extra_current: dict[str, str] = {}
    for r in history:
        code = r["代码"]
        if r["状态"] == "在用" and r["级别"] == "县级" and code not in counties:
            extra_current[code] = r["名称"]

    current = set(counties) | set(extra_current)

    # Retired county codes -> current codes (county codes, or a city code xxxx00 meaning
    # "somewhere in this city").
    retired: dict[str, list[object]] = {}
    for r in retired_rows:
        if r["level"] != "县级":
            continue
        targets = [c for c in r["current_codes"].split(";") if c]
        parent = "" if r["parent"] in ("直辖", r["old_name"]) else r["parent"]
        retired[r["old_code"]] = [r["old_name"], targets, parent]

    # Retired prefecture-level codes (地区, 巢湖市, 莱芜市 …): the current cities that its
    # former counties belong to.
    by_parent: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in history:
        if r["级别"] == "县级":
            by_parent[(r["代码"][:4], r["二级行政区"])].append(r["代码"])
    for r in retired_rows:
        if r["level"] != "地级":
            continue
        old = r["old_code"]
        members = by_parent.get((old[:4], r["old_name"]), [])
        found: set[str] = set()
        for m in members:
            if m in current:
                found.add(m[:4] + "00")
            elif m in retired:
                t = retired[m][1]
                assert isinstance(t, list)
                found.update(str(c)[:4] + "00" for c in t)
        found = {c for c in found if c[:4] in cities or c[:2] + "0000" == c}
        if not found:
            found = set(RETIRED_CITY_FIXES.get(old, []))
        if not found:
            raise SystemExit(f"retired city {old} {r['old_name']} resolves to nothing")
        retired[old] = [r["old_name"], sorted(found), ""]

    missing_targets = sorted(
        {
            str(c)
            for _name, targets, _parent in retired.values()
            for c in targets  # type: ignore[attr-defined]
            if str(c) not in current and str(c)[:4] not in cities
        }
    )
    if missing_targets:
        print("warning: retired targets not in current data:", missing_targets, file=sys.stderr)

    return {
        "source": "NBS 2023 divisions; yescallop/areacodes history (CC0)",
        "provinces": provinces,
        "cities": cities,
        "counties": counties,
        "extra_current": extra_current,
        "retired": dict(sorted(retired.items())),
        "placeholders": sorted(PLACEHOLDER_CITY_NAMES),
    }


def city_display_name(code: str, provinces: dict[str, str], cities: dict[str, str]) -> str:
    name = cities.get(code[:4], "")
    if name in PLACEHOLDER_CITY_NAMES:
        return provinces[code[:2]] if name == "市辖区" or name == "县" else ""
    return name


def resolve_phone_city(
    prov: str,
    city: str,
    provinces: dict[str, str],
    cities: dict[str, str],
    counties: dict[str, str],
) -> str:
    if (prov, city) in PHONE_CITY_ALIASES:
        return PHONE_CITY_ALIASES[(prov, city)]
    pcodes = [c for c, n in provinces.items() if n.startswith(prov)]
    if len(pcodes) != 1:
        raise SystemExit(f"province not found: {prov}")
    p = pcodes[0]
    if city == prov and cities.get(p + "01") == "市辖区":  # municipality
        return p + "01"
    hits = [
        c
        for c, n in cities.items()
        if c[:2] == p and n.startswith(city) and n not in PLACEHOLDER_CITY_NAMES
    ]
    if len(hits) == 1:
        return hits[0]
    county_hits = [c for c, n in counties.items() if c[:2] == p and n.startswith(city)]
    if len(county_hits) == 1:
        c = county_hits[0]
        # County-level cities administered directly by the province keep their 6 digits.
        if cities.get(c[:4], "") in PLACEHOLDER_CITY_NAMES - {"市辖区", "县"}:
            return c
        return c[:4]
    raise SystemExit(f"cannot map phone city {prov}/{city}: cities={hits} counties={county_hits}")


def build_phone(shared: Path, areas: dict[str, object]) -> bytes:
    provinces = areas["provinces"]
    cities = areas["cities"]
    counties = areas["counties"]
    assert isinstance(provinces, dict) and isinstance(cities, dict) and isinstance(counties, dict)
    with gzip.open(shared / "phone" / "mobile_prefix_2023-12.csv.gz", "rt", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    city_index: dict[str, int] = {}
    city_list: list[list[str]] = []  # [province, city, adcode, main landline area code]

    def city_idx(adcode: str) -> int:
        if adcode not in city_index:
            city_index[adcode] = len(city_list)
            pname = provinces[adcode[:2]]
            if len(adcode) == 6:
                cname = counties[adcode]
            else:
                cname = city_display_name(adcode, provinces, cities)
            city_list.append([pname, cname, adcode])
        return city_index[adcode]

    mapping: dict[tuple[str, str], str] = {}
    area_cities: dict[str, Counter[str]] = defaultdict(Counter)
    city_areas: dict[str, Counter[str]] = defaultdict(Counter)
    prefix_city: dict[int, int] = {}
    for r in rows:
        key = (r["province"], r["city"])
        if key not in mapping:
            mapping[key] = resolve_phone_city(*key, provinces, cities, counties)
        adcode = mapping[key]
        prefix_city[int(r["prefix7"])] = city_idx(adcode)
        ac = r["area_code"]
        if len(ac) == 5 and ac.startswith("00"):  # "00479" upstream typo for 0479
            ac = ac[1:]
        area_cities[ac][adcode] += 1
        city_areas[adcode][ac] += 1

    starts: list[int] = []
    idxs: list[int] = []
    prev_idx = None
    prev_p = None
    for p in sorted(prefix_city):
        i = prefix_city[p]
        if prev_p is not None and p != prev_p + 1:
            starts.append(prev_p + 1)
            idxs.append(NO_CITY)
            prev_idx = NO_CITY
        if i != prev_idx:
            starts.append(p)
            idxs.append(i)
            prev_idx = i
        prev_p = p
    assert prev_p is not None
    starts.append(prev_p + 1)
    idxs.append(NO_CITY)

    # Landline area codes: cities sharing the code, most prefixes first. Districts of one
    # municipality (万州, 涪陵 … of 重庆) collapse into one city.
    landline: dict[str, list[int]] = {}
    for ac, counter in sorted(area_cities.items()):
        landline[ac] = [city_idx(a) for a, _n in counter.most_common()]

    for entry in city_list:
        entry.append(city_areas[entry[2]].most_common(1)[0][0])

    header = {
        "source": "PyPI phone 0.4.5 data 2312; cities mapped to NBS 2023 codes",
        "prefixes": len(prefix_city),
        "runs": len(starts),
        "cities": city_list,
        "area_codes": landline,
    }
    hdr = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    payload = (
        struct.pack("<I", len(hdr))
        + hdr
        + struct.pack(f"<{len(starts)}I", *starts)
        + struct.pack(f"<{len(idxs)}H", *idxs)
    )
    unresolved = [k for k, v in mapping.items() if not v]
    assert not unresolved
    verify_runs(starts, idxs, prefix_city)
    print(
        f"phone: {len(prefix_city)} prefixes, {len(starts)} runs, {len(city_list)} cities, "
        f"{len(landline)} area codes"
    )
    return PHONE_MAGIC + zlib.compress(payload, 9)


def verify_runs(starts: list[int], idxs: list[int], prefix_city: dict[int, int]) -> None:
    """Every prefix in the data looks up to its city; every prefix not in it to nothing."""
    from bisect import bisect_right

    lo, hi = min(prefix_city) - 5, max(prefix_city) + 5
    for p in range(lo, hi):
        i = bisect_right(starts, p) - 1
        got = idxs[i] if i >= 0 else NO_CITY
        if got != prefix_city.get(p, NO_CITY):
            raise SystemExit(f"run table wrong at prefix {p}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    areas = build_areas(args.shared)
    text = json.dumps(areas, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    (args.out / "areas.json").write_text(text + "\n", encoding="utf-8")
    phone = build_phone(args.shared, areas)
    (args.out / "phone_prefix.bin").write_bytes(phone)
    for name in ("areas.json", "phone_prefix.bin"):
        print(f"{name}: {(args.out / name).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
