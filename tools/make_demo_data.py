"""Generate the bundled demo case file ``resources/demo/demo_cases.xlsx``.

Run from the repository root (needs ``../shared/data``, which only build scripts may read)::

    python tools/make_demo_data.py [--cases 600] [--seed 20261128] [--out resources/demo/demo_cases.xlsx]

The output is deterministic for a given seed and reference data, and it is committed: the app
and the tests never run this script.

What the file looks like (the assumptions behind it):

* One sheet, 案件清单. Row 1 is a title (``XX 委外案件清单``) merged across the columns, row 2
  holds the Chinese headers a bank or consumer-finance system exports: 案件编号, 合同编号,
  客户姓名, 身份证号, 手机号, 委托方, 借款日期, 本金, 利息, 逾期金额, 逾期天数, 户籍地址,
  身份证地址, 居住地址, 单位地址, 收货地址, 联系人地址, 邮编, 地址更新日期. The last row is a
  合计 row with sums of the money columns (an importer must skip it).
* Debtors and their street addresses are fictional; every division name (province, city,
  county, town/街道/镇/乡, village/社区) is real, taken from NBS 2023 (``divisions/``). Roads
  (路/街/大道 + 号), residential compounds (小区/花园/苑/家园) and 栋/单元/室 are generated from
  common name parts, so a given road may not exist in that county.
* Each debtor has a household county (户籍). Their ID number is a valid 18-digit number
  (GB 11643 check digit) whose area code is that county's code for ~82% of cases; for
  debtors of a county with a retired predecessor (静安区 ← 闸北区 310108, 东城区 ← 崇文区,
  西城区 ← 宣武区, 上城区 ← 江干区) ~6% more carry the retired code; the rest get another
  county of the pool (a person re-registered elsewhere). Birth dates 1962–2003.
* 户籍地址 is the full household address: rural households as 镇/乡 + 村 + 组 + 号, urban ones
  as 街道 + road + 号 + compound + 栋/单元/室. 身份证地址 is usually the same text, sometimes
  同上, sometimes written with an older or shorter form. 居住地址 is where the debtor lives now:
  about half in their home county, the rest in a large city (migrant workers), with compound
  and room. 单位地址 is an employer (road + 号 + 大厦/园区 + 层). 收货地址 is an e-commerce
  delivery address close to 居住地址, written the way shoppers type (no province, spaces,
  ``3-2-502``). 联系人地址 is a relative's address, often the household village or junk.
* 邮编 is the postcode of the 居住地址 county (county_postcodes.csv; a postcode ending in
  0000 is city-level, 000000 is treated as missing and left blank); blank for ~15%.
* 地址更新日期 is when 居住地址 was last updated.
* 手机号 prefixes come from the mobile-prefix table and belong (mostly) to the residence city;
  ~20% are written as numbers (Excel shows them as 13812345678, a reader may get 13812345678.0).
* Realistic mess, at fixed rates per address cell: junk (不详, 无, 暂无, 同上, 未知, -), vague
  addresses (only province/city/county), typos (海定区, 杭洲市, 朝杨区 …), retired names
  (闸北区, 崇文区, 宣武区, 襄樊市, 江干区), full-width digits (１２号), collective households
  (a real university from ``flags/`` + 集体户, 派出所集体户, 人才交流中心集体户) and 已拆迁
  marks; many cells are simply empty.
* Creditors are a handful of consumer-finance companies and bank card centres; contract
  numbers follow a per-creditor pattern; amounts in yuan with two decimals.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import random
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from demo_words import (
    BIG_CITIES,
    COMMUNITY_KINDS,
    COMMUNITY_ROOTS,
    COMPANY_KINDS,
    CREDITORS,
    FORCED_COUNTIES,
    FULLWIDTH,
    GIVEN,
    HEADERS,
    ID_CHECK,
    ID_WEIGHTS,
    JUNK,
    RETIRED,
    RETIRED_CITY,
    ROAD_DIRS,
    ROAD_KINDS,
    ROAD_ROOTS,
    SAME,
    SURNAMES,
    TYPOS,
    WORKPLACES,
)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"


@dataclass
class County:
    code: str
    name: str
    city_code: str
    city: str  # "" for municipalities and directly administered counties
    province: str
    towns: list[tuple[str, str]] = field(default_factory=list)  # (code, name)
    villages: dict[str, list[str]] = field(default_factory=dict)  # town code -> names
    postcode: str = ""

    def prefix(self) -> str:
        return f"{self.province}{self.city}{self.name}"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def short_village(name: str) -> str:
    """``XX村民委员会`` -> ``XX村``, ``XX社区居民委员会`` -> ``XX社区`` (how people write them)."""
    for suffix, keep in (
        ("村民委员会", "村"),
        ("村委会", "村"),
        ("居民委员会", ""),
        ("居委会", ""),
    ):
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            return base if base.endswith(keep) else base + keep
    return name


def load_counties(rng: random.Random, n_random: int) -> tuple[list[County], dict[str, County]]:
    div = SHARED / "divisions"
    provinces = {r["code"]: r["name"] for r in read_csv(div / "provinces.csv")}
    cities = {r["code"]: r["name"] for r in read_csv(div / "cities.csv")}
    all_counties: dict[str, County] = {}
    for r in read_csv(div / "areas.csv"):
        code = r["code"]
        city = cities[r["cityCode"]]
        if code[4] == "7" or code in ("441900", "442000", "460400", "620201"):
            continue  # NBS-only development zones and placeholder rows
        if city in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            city = ""
        all_counties[code] = County(
            code, r["name"], r["cityCode"], city, provinces[r["provinceCode"]]
        )
    big = [c for c in all_counties.values() if c.city_code in BIG_CITIES]
    others = [c for c in all_counties.values() if c.city_code not in BIG_CITIES]
    chosen = {c: all_counties[c] for c in FORCED_COUNTIES}
    for c in rng.sample(sorted(big, key=lambda c: c.code), 30):
        chosen[c.code] = c
    for c in rng.sample(sorted(others, key=lambda c: c.code), n_random):
        chosen[c.code] = c
    for r in read_csv(div / "streets.csv"):
        if r["areaCode"] in chosen:
            chosen[r["areaCode"]].towns.append((r["code"], r["name"]))
    town_owner = {t: c for c in chosen.values() for t, _ in c.towns}
    with gzip.open(div / "villages.csv.gz", "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            owner = town_owner.get(r["streetCode"])
            if owner is not None and "虚拟" not in r["name"]:
                owner.villages.setdefault(r["streetCode"], []).append(short_village(r["name"]))
    for r in read_csv(SHARED / "postcodes" / "county_postcodes.csv"):
        c = chosen.get(r["area_code"])
        if c is not None and r["zip_code"] not in ("", "000000"):
            c.postcode = r["zip_code"]
    pool = sorted((c for c in chosen.values() if c.towns), key=lambda c: c.code)
    return pool, chosen


def load_phone_prefixes() -> dict[str, list[str]]:
    by_city: dict[str, list[str]] = defaultdict(list)
    with gzip.open(SHARED / "phone" / "mobile_prefix_2023-12.csv.gz", "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            by_city[r["city"]].append(r["prefix7"])
    return by_city


def load_universities() -> dict[str, list[str]]:
    by_province: dict[str, list[str]] = defaultdict(list)
    for r in read_csv(SHARED / "flags" / "universities_2025-06-20.csv"):
        by_province[r["province_section"]].append(r["name"])
    return by_province


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.pool, self.counties = load_counties(self.rng, 70)
        self.big_pool = [c for c in self.pool if c.city_code in BIG_CITIES]
        self.phones = load_phone_prefixes()
        self.universities = load_universities()
        self.used_names: set[str] = set()

    # ---- people -------------------------------------------------------------------------
    def name(self) -> str:
        r = self.rng
        while True:
            n = r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice([1, 2, 2])))
            if n not in self.used_names:
                self.used_names.add(n)
                return n

    def id_number(self, area: str) -> str:
        r = self.rng
        birth = dt.date(1962, 1, 1) + dt.timedelta(days=r.randrange(365 * 41))
        body = f"{area}{birth:%Y%m%d}{r.randrange(1000):03d}"
        total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
        return body + ID_CHECK[total % 11]

    def phone(self, county: County) -> str:
        r = self.rng
        key = (county.city or county.province).rstrip("市")
        for suffix in ("地区", "自治州", "盟"):
            key = key.removesuffix(suffix)
        candidates = self.phones.get(key) or self.phones.get(key[:2]) or self.phones["北京"]
        if r.random() < 0.15:  # a phone bought in another city
            candidates = self.phones[r.choice(["北京", "上海", "广州", "深圳", "成都", "郑州"])]
        return r.choice(candidates) + f"{r.randrange(10000):04d}"

    # ---- address parts --------------------------------------------------------------------
    def road(self) -> str:
        r = self.rng
        return f"{r.choice(ROAD_ROOTS)}{r.choice(ROAD_DIRS)}{r.choice(ROAD_KINDS)}{r.randint(1, 999)}号"

    def community(self) -> str:
        r = self.rng
        name = r.choice(COMMUNITY_ROOTS) + r.choice(COMMUNITY_KINDS)
        if r.random() < 0.3:
            name += r.choice(["一期", "二期", "三期", "东区", "西区", "北区"])
        return name

    def flat(self, style: str = "full") -> str:
        r = self.rng
        b, u, f, n = r.randint(1, 30), r.randint(1, 6), r.randint(1, 33), r.randint(1, 4)
        room = f"{f}{n:02d}"
        if style == "short":
            return f"{b}-{u}-{room}"
        kind = r.choice(["栋", "幢", "号楼"])
        if r.random() < 0.2:
            return f"{b}{kind}{room}室"
        return f"{b}{kind}{u}单元{room}" + r.choice(["室", "室", "号", ""])

    def town(self, county: County) -> tuple[str, str]:
        return self.rng.choice(county.towns)

    def urban(self, county: County, with_town: bool | None = None) -> str:
        r = self.rng
        _, town = self.town(county)
        use_town = with_town if with_town is not None else r.random() < 0.35
        text = county.prefix() + (town if use_town and town.endswith("街道") else "")
        return text + self.road() + self.community() + self.flat()

    def rural(self, county: County) -> str:
        r = self.rng
        code, town = self.town(county)
        villages = county.villages.get(code) or ["新建村"]
        village = r.choice(villages)
        tail = (
            f"{r.randint(1, 12)}组{r.randint(1, 99)}号" if village.endswith("村") else self.road()
        )
        return county.prefix() + town + village + tail

    def workplace(self, county: County) -> str:
        r = self.rng
        head = (
            county.prefix()
            if r.random() < 0.8
            else f"{county.city or county.province}{county.name}"
        )
        place = self.road()
        if r.random() < 0.6:
            place += r.choice(ROAD_ROOTS) + r.choice(WORKPLACES) + f"{r.randint(1, 30)}层"
        company = r.choice(COMMUNITY_ROOTS) + r.choice(COMPANY_KINDS)
        return head + place + (company if r.random() < 0.5 else "")

    def collective(self, county: County) -> str:
        r = self.rng
        unis = self.universities.get(county.province)
        roll = r.random()
        if unis and roll < 0.5:
            return county.prefix() + r.choice(unis) + r.choice(["集体户", "集体户口", "学生集体户"])
        if roll < 0.8:
            _, town = self.town(county)
            return county.prefix() + town.removesuffix("街道").removesuffix("镇") + "派出所集体户"
        return county.prefix() + r.choice(["人才交流中心集体户", "人才市场集体户口"])

    # ---- mess -----------------------------------------------------------------------------
    def mess(self, text: str, county: County, rate: float) -> str:
        """Apply at most one realistic defect to an address with probability ``rate``."""
        r = self.rng
        for good, bad in TYPOS.items():
            if good in text and r.random() < 0.2:
                return text.replace(good, bad, 1)
        if county.code in RETIRED and r.random() < 0.2:
            return text.replace(county.name, RETIRED[county.code][0], 1)
        if county.city_code in RETIRED_CITY and county.city and r.random() < 0.2:
            return text.replace(county.city, RETIRED_CITY[county.city_code], 1)
        if r.random() >= rate:
            return text
        kind = r.choices(
            ["typo", "retired", "fullwidth", "noprov", "space", "demolished"],
            weights=[3, 3, 3, 3, 2, 1],
        )[0]
        if kind == "typo":
            for good, bad in TYPOS.items():
                if good in text:
                    return text.replace(good, bad, 1)
            kind = "fullwidth"
        if kind == "retired":
            if county.code in RETIRED:
                return text.replace(county.name, RETIRED[county.code][0], 1)
            if county.city_code in RETIRED_CITY and county.city:
                return text.replace(county.city, RETIRED_CITY[county.city_code], 1)
            kind = "noprov"
        if kind == "fullwidth":
            return text.translate(FULLWIDTH)
        if kind == "noprov":
            return text.removeprefix(county.province) if county.city else text
        if kind == "space":
            return text.replace(county.name, county.name + " ", 1).replace("号", "号 ", 1)
        return text + r.choice(["（已拆迁）", " 已拆迁", "(拆迁)"])

    def vague(self, county: County) -> str:
        r = self.rng
        options = [county.prefix(), f"{county.province}{county.city}", county.name]
        if county.city:
            options.append(county.city + county.name)
        _, town = self.town(county)
        options.append(county.prefix() + town)
        return r.choice(options)

    # ---- one case -------------------------------------------------------------------------
    def case(self, i: int) -> list[object]:
        r = self.rng
        home = r.choice(self.pool)
        live = home if r.random() < 0.5 else r.choice(self.big_pool)
        work = live if r.random() < 0.8 else r.choice(self.pool)
        creditor, tag = CREDITORS[r.randrange(len(CREDITORS))] if i % 7 else CREDITORS[0]

        roll = r.random()
        if roll < 0.82:
            area = home.code
        elif roll < 0.88 and home.code in RETIRED:
            area = RETIRED[home.code][1]
        else:
            area = r.choice(self.pool).code
        idno = self.id_number(area)
        if idno.endswith("X") and r.random() < 0.3:
            idno = idno[:-1] + "x"

        rural_home = home.city_code not in BIG_CITIES and r.random() < 0.7
        collective = r.random() < 0.04
        if collective:
            household = self.collective(home)
        else:
            household = self.rural(home) if rural_home else self.urban(home)
        household = self.mess(household, home, 0.12)

        roll = r.random()
        if roll < 0.55:
            id_addr = household
        elif roll < 0.7:
            id_addr = SAME
        elif roll < 0.8:
            id_addr = ""
        else:  # an older card: other wording, maybe a retired name
            id_addr = self.mess(self.rural(home) if rural_home else self.urban(home), home, 0.6)

        roll = r.random()
        if roll < 0.08:
            residence = r.choice(JUNK)
        elif roll < 0.16:
            residence = self.vague(live)
        elif live is home and rural_home and r.random() < 0.5:
            residence = household if r.random() < 0.5 else SAME
        else:
            residence = self.mess(self.urban(live), live, 0.15)

        workplace = "" if r.random() < 0.35 else self.mess(self.workplace(work), work, 0.1)
        if workplace and r.random() < 0.06:
            workplace = r.choice(JUNK)

        if r.random() < 0.45:
            shipping = ""
        else:
            shipping = self.urban(live)
            shipping = shipping.removeprefix(live.province) if live.city else shipping
            if r.random() < 0.4:
                shipping = shipping.replace("栋", "-").replace("幢", "-").replace("号楼", "-")
                shipping = shipping.replace("单元", "-").replace("室", "")
            shipping = self.mess(shipping, live, 0.15)

        roll = r.random()
        if roll < 0.35:
            contact = ""
        elif roll < 0.55:
            contact = r.choice(JUNK + [SAME])
        elif roll < 0.7:
            contact = self.vague(home)
        else:
            contact = self.mess(self.rural(home) if rural_home else self.urban(home), home, 0.15)

        postcode = live.postcode if r.random() < 0.85 else ""
        loan = dt.date(2018, 1, 1) + dt.timedelta(days=r.randrange(365 * 6))
        principal = round(r.choice([r.uniform(1000, 20000), r.uniform(20000, 200000)]), -2)
        interest = round(principal * r.uniform(0.02, 0.25), 2)
        overdue = round(principal * r.uniform(0.3, 1.0) + interest, 2)
        days = r.randint(31, 1500)
        updated = loan + dt.timedelta(days=r.randrange(30, 900))
        contract = f"{tag}{loan:%Y%m}{r.randrange(10**8):08d}"
        phone = self.phone(live)
        phone_cell: object = int(phone) if r.random() < 0.2 else phone
        return [
            f"SD2026{i:05d}",
            contract,
            self.name(),
            idno,
            phone_cell,
            creditor,
            loan,
            principal,
            interest,
            overdue,
            days,
            household,
            id_addr,
            residence,
            workplace,
            shipping,
            contact,
            postcode,
            updated,
        ]


def write_workbook(rows: list[list[object]], out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "案件清单"
    ws.append(["委外催收案件清单（2026年11月批次，演示数据，人物均为虚构）"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append(HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(row)
    money = [HEADERS.index(h) for h in ("本金", "利息", "逾期金额")]
    total: list[object] = ["合计"] + [None] * (len(HEADERS) - 1)
    for col in money:
        total[col] = round(sum(float(r[col]) for r in rows), 2)  # type: ignore[arg-type]
    ws.append(total)
    for col in ("G", "S"):
        for cell in ws[col][2:-1]:
            cell.number_format = "yyyy-mm-dd"
    widths = {"A": 14, "B": 20, "C": 10, "D": 21, "E": 14, "F": 30}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    for col in "LMNOPQ":
        ws.column_dimensions[col].width = 48
    # fixed workbook metadata so the committed file is reproducible
    wb.properties.creator = "songda tools/make_demo_data.py"
    wb.properties.created = dt.datetime(2026, 11, 28)
    wb.properties.modified = dt.datetime(2026, 11, 28)
    out.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    wb.save(buf)
    # rewrite the zip with fixed timestamps: the same seed gives the same bytes
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=(2026, 11, 28, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            data = src.read(item.filename)
            if item.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-11-28T00:00:00Z", data
                )
            dst.writestr(info, data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=600)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--out", type=Path, default=ROOT / "resources" / "demo" / "demo_cases.xlsx")
    args = ap.parse_args()
    gen = Generator(args.seed)
    rows = [gen.case(i + 1) for i in range(args.cases)]
    write_workbook(rows, args.out)
    print(f"wrote {len(rows)} cases to {args.out}")


if __name__ == "__main__":
    main()
