"""Synthetic collection cases whose truth is known: which address a letter would reach.

``generate(n_cases, seed) -> list[SynthCase]`` is deterministic for a seed. Real division
names come from ``../shared/data/divisions`` (benchmarks may read shared/; the app may not),
real mobile prefixes from ``../shared/data/phone``. ``write_xlsx(cases, path)`` writes the
import format (Chinese headers, one row per case); ``insert_cases(store, cases)`` stores them
directly as the importer would (unparsed candidates), for benchmarks that skip the import.

Assumptions (the generative story; each probability is a round guess from what DESIGN.md and
the issues say about real portfolios, NOT from the ranking weights — see RESULTS.md):

- Every debtor has a hometown county (the ID number's area code). 55% migrated to a big
  city (北京 上海 广州 深圳 杭州 成都 武汉 苏州 重庆 天津 南京 西安); the rest live in their
  home county.
- A letter *reaches* the debtor when the debtor, or family living with them, signs for it.
- 户籍 (household, 95% present): the family home in the hometown; for a debtor who stayed,
  it is their home in 50% of cases (reaches), otherwise family signs in 50%; for a migrant
  family signs in 45%. 6% of household addresses are collective registrations (派出所 /
  人才交流中心 / a university) and 2% are in a since-demolished village: never reach.
- 居住 (residence, 85% present, dated at the loan, 0.5–5 years ago): still the debtor's
  home with a probability falling from 85% (recent) to 45% (five years); otherwise an old
  address in the same city that no longer reaches.
- 收货 (delivery, 45% present, dated 0–400 days ago): the current home in 80% (often
  written differently from the residence: no province, 号楼 vs 栋, no 室), a parcel station
  (菜鸟驿站/快递柜) in 8%, an old address otherwise. Stations and old addresses never reach.
- 单位 (work, 50% present): a company in the city where the debtor lives; reaches in 50%
  (still employed and reception passes it on).
- 联系人 (contact, 60% present): the contact's home; reaches in 15% (spouse living together).
- Degradation of any address text: 4% junk (不详/同上/无/a phone number), 6% only to
  province–city–district, 10% an apartment without its room number (reaches in half of
  those), 20% without province/city, 3% a one-character typo in the district, 8% with
  full-width digits or spaces; degraded junk and vague addresses never reach.
- Phones: the first phone's prefix is in the city where the debtor lives in 60%, else in
  the hometown city.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
REFERENCE_DATE = date(2026, 11, 1)

# Column order of the import file (a common consumer-finance export layout).
COLUMNS = (
    "案件编号",
    "姓名",
    "身份证号",
    "手机号",
    "委托方",
    "欠款金额",
    "户籍地址",
    "居住地址",
    "居住地址更新日期",
    "单位地址",
    "收货地址",
    "收货时间",
    "联系人地址",
)
ADDRESS_COLUMNS = {
    "household": "户籍地址",
    "residence": "居住地址",
    "work": "单位地址",
    "delivery": "收货地址",
    "contact": "联系人地址",
}
BIG_CITIES = ("1101", "3101", "4401", "4403", "3301", "5101", "4201", "3205", "5001", "1201")
BIG_CITIES += ("3201", "6101")

ROADS = "人民 解放 中山 建设 和平 新华 胜利 文化 朝阳 光明 长江 黄河 青年 东风 团结 幸福 工业 友谊 公园 滨河 迎宾 金山 南京 北京 学府 花园".split()
ROAD_SUFFIX = ("路", "路", "大街", "街", "大道")
ESTATES = "阳光花园 金色家园 幸福小区 锦绣华庭 翠湖苑 御景湾 万科城 碧桂园 绿地新城 世纪花园 恒大名都 龙湖天街 保利香槟 华润城 东方明珠苑 桂花园 丽景湾 水岸名居 书香门第 金地格林".split()
COMPANIES = "华信 鼎盛 恒通 金桥 远航 宏达 天成 中联 瑞丰 新世纪 博远 嘉禾".split()
COMPANY_KINDS = (
    "科技有限公司",
    "商贸有限公司",
    "物流有限公司",
    "餐饮管理有限公司",
    "建筑工程有限公司",
)
SURNAMES = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗".split()
GIVEN = "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英".split()
CREDITORS = ("某某消费金融有限公司", "某某银行股份有限公司信用卡中心", "某某小额贷款有限公司")
STATIONS = ("菜鸟驿站", "丰巢快递柜", "快递代收点")
COLLECTIVES = ("派出所集体户", "人才交流中心", "公安局集体户口")
UNIVERSITIES = ("郑州大学", "河南大学", "四川大学", "山东大学", "吉林大学", "湖南大学")
# homophone slips seen in typed addresses (海定区, 杭洲市)
TYPOS = {"淀": "定", "州": "洲", "阳": "杨", "城": "成", "江": "将", "安": "按", "平": "坪"}
JUNK = ("不详", "同上", "无", "暂无", "13800000000")


@dataclass(frozen=True)
class Assumptions:
    """The generator's main probabilities (defaults = the story in the module docstring).

    ``ranking_eval.py --sensitivity`` varies them to show the result does not hang on them.
    """

    migrant: float = 0.55  # share of debtors living away from their hometown county
    family_signs: float = 0.45  # a migrant's family signs at the household address
    residence_fresh: float = 0.85  # residence still current right after the loan …
    residence_decay: float = 0.40  # … minus this after five years
    delivery_current: float = 0.80  # a delivery address is the current home
    work_reaches: float = 0.50  # a letter at work reaches the debtor
    contact_together: float = 0.15  # the contact lives with the debtor


@dataclass
class SynthAddress:
    source: str  # songda Source value
    column: str  # header in the import file
    text: str
    reaches: bool  # truth: a letter here reaches the debtor (or family who sign)
    why: str  # how it was made: home, family_home, old_home, station, collective, …
    address_date: date | None = None


@dataclass
class SynthCase:
    case_no: str
    name: str
    id_number: str
    phones: list[str]
    creditor: str
    amount: float
    addresses: list[SynthAddress] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        return any(a.reaches for a in self.addresses)

    def address(self, source: str) -> SynthAddress | None:
        return next((a for a in self.addresses if a.source == source), None)


# --- reference data ---------------------------------------------------------------------


def _read(name: str) -> list[dict[str, str]]:
    with (SHARED / "divisions" / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass(frozen=True)
class _Geo:
    provinces: dict[str, str]
    cities: dict[str, str]
    counties: list[tuple[str, str, str]]  # code, name, city code
    counties_by_city: dict[str, list[tuple[str, str, str]]]
    towns: dict[str, list[str]]  # county code -> town names
    prefixes: dict[str, list[str]]  # city adcode (4) -> 7-digit mobile prefixes


@cache
def _geo() -> _Geo:
    provinces = {r["code"]: r["name"] for r in _read("provinces.csv")}
    cities = {r["code"]: r["name"] for r in _read("cities.csv")}
    counties = [
        (r["code"], r["name"], r["cityCode"])
        for r in _read("areas.csv")
        if r["code"][4] != "7" and r["name"] not in ("市辖区",)
    ]
    by_city: dict[str, list[tuple[str, str, str]]] = {}
    for c in counties:
        by_city.setdefault(c[2], []).append(c)
    towns: dict[str, list[str]] = {}
    for r in _read("streets.csv"):
        towns.setdefault(r["areaCode"], []).append(r["name"])
    prefixes: dict[str, list[str]] = {}
    with gzip.open(SHARED / "phone" / "mobile_prefix_2023-12.csv.gz", "rt", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        city_col = header.index("city")
        prov_col = header.index("province")
        name_to_code = {}
        for code, name in cities.items():
            pname = provinces.get(code[:2], "")
            name_to_code[(pname[:2], name)] = code
            name_to_code[(pname[:2], name.rstrip("市"))] = code
        for row in reader:
            key = (row[prov_col][:2], row[city_col])
            code = name_to_code.get(key) or name_to_code.get((key[0], key[1].rstrip("市")))
            if key[1] in ("北京", "上海", "天津", "重庆"):
                code = {"北京": "1101", "上海": "3101", "天津": "1201", "重庆": "5001"}[key[1]]
            if code:
                prefixes.setdefault(code, []).append(row[0])
    return _Geo(provinces, cities, counties, by_city, towns, prefixes)


# --- generation ---------------------------------------------------------------------------


def _check_digit(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


@dataclass
class _Place:
    county: tuple[str, str, str]
    town: str | None
    body: str  # below the district: road, number, estate, building, unit, room
    apartment: bool
    room: str | None  # the room part, removable


def _city_name(g: _Geo, code: str) -> str:
    name = g.cities.get(code, "")
    return g.provinces.get(code[:2], "") if name in ("市辖区", "县", "") else name


def _render(g: _Geo, p: _Place, rng: random.Random, *, style: int) -> str:
    """Text of a place; ``style`` varies the writing (0 full, 1 no province, 2 no city…)."""
    code, district, city_code = p.county
    province = g.provinces.get(code[:2], "")
    city = _city_name(g, city_code)
    parts: list[str] = []
    if style == 0:
        parts += [province, city if city != province else ""]
    elif style == 1:
        parts += [city]
    parts.append(district)
    if p.town and (style == 0 or rng.random() < 0.5):
        parts.append(p.town)
    body = p.body
    if style >= 1 and p.apartment:
        body = body.replace("号楼", "栋").replace("室", "")
    return "".join(parts) + body


def _urban(g: _Geo, county: tuple[str, str, str], rng: random.Random) -> _Place:
    towns = g.towns.get(county[0]) or [None]
    town = rng.choice(towns)
    road = rng.choice(ROADS) + rng.choice(ROAD_SUFFIX)
    no = rng.randint(1, 399)
    if rng.random() < 0.8:
        room = f"{rng.randint(1, 30)}{rng.randint(1, 4):02d}室"
        body = (
            f"{road}{no}号{rng.choice(ESTATES)}{rng.randint(1, 30)}号楼"
            f"{rng.randint(1, 6)}单元{room}"
        )
        return _Place(county, town, body, True, room)
    return _Place(county, town, f"{road}{no}号", False, None)


def _rural(g: _Geo, county: tuple[str, str, str], rng: random.Random) -> _Place:
    towns = g.towns.get(county[0]) or [None]
    town = rng.choice(towns)
    village = rng.choice(SURNAMES) + rng.choice(("庄", "家", "营", "寨", "湾", "屯")) + "村"
    body = f"{village}{rng.randint(1, 12)}组{rng.randint(1, 120)}号"
    return _Place(county, town, body, False, None)


def _work(g: _Geo, county: tuple[str, str, str], rng: random.Random) -> _Place:
    p = _urban(g, county, rng)
    company = rng.choice(COMPANIES) + rng.choice(COMPANY_KINDS)
    road_end = p.body.find("号") + 1
    return _Place(county, p.town, p.body[:road_end] + company, False, None)


def _degrade(
    g: _Geo, p: _Place, text: str, reaches: bool, rng: random.Random
) -> tuple[str, bool, str]:
    r = rng.random()
    if r < 0.04:
        return rng.choice(JUNK), False, "junk"
    if r < 0.10:
        code, district, city_code = p.county
        province = g.provinces.get(code[:2], "")
        return province + _city_name(g, city_code) + district, False, "vague"
    if r < 0.20 and p.apartment and p.room and p.room.rstrip("室") in text:
        cut = text.rfind(p.room.rstrip("室"))
        return text[:cut], reaches and rng.random() < 0.5, "no_room"
    why = ""
    if rng.random() < 0.03:
        district = p.county[1]
        wrong = "".join(TYPOS.get(ch, ch) for ch in district[:-1]) + district[-1:]
        if wrong != district and district in text:
            text = text.replace(district, wrong, 1)
            why = "typo"
    if rng.random() < 0.08:
        text = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        why = why or "fullwidth"
    return text, reaches, why or "clean"


def _phone(g: _Geo, city: str, rng: random.Random) -> str:
    prefixes = g.prefixes.get(city) or g.prefixes.get("1101") or ["1390100"]
    return rng.choice(prefixes) + f"{rng.randint(0, 9999):04d}"


def generate(
    n_cases: int, seed: int = 20261128, assumptions: Assumptions | None = None
) -> list[SynthCase]:
    """``n_cases`` synthetic cases, the same for the same seed and assumptions."""
    a_ = assumptions or Assumptions()
    g = _geo()
    rng = random.Random(seed)
    big = [c for code in BIG_CITIES for c in g.counties_by_city.get(code, [])]
    out: list[SynthCase] = []
    for n in range(n_cases):
        home_county = rng.choice(g.counties)
        migrant = rng.random() < a_.migrant
        live_county = rng.choice(big) if migrant else home_county
        birth = date(1965, 1, 1) + timedelta(days=rng.randint(0, 365 * 38))
        first17 = f"{home_county[0]}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
        id_number = first17 + _check_digit(first17)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        live_city = live_county[2]
        phone_city = live_city if rng.random() < 0.6 else home_county[2]
        phones = [_phone(g, phone_city, rng)]
        if rng.random() < 0.3:
            phones.append(_phone(g, rng.choice([live_city, home_county[2]]), rng))
        case = SynthCase(
            case_no=f"SY{seed % 1000:03d}{n:07d}",
            name=name,
            id_number=id_number,
            phones=phones,
            creditor=rng.choice(CREDITORS),
            amount=round(rng.uniform(2000, 80000), 2),
        )
        home = (
            _urban(g, live_county, rng)
            if migrant or rng.random() < 0.5
            else (_rural(g, live_county, rng))
        )
        loan_age = rng.randint(180, 365 * 5)

        def add(
            source: str, place: _Place, reaches: bool, why: str, d: date | None, style: int
        ) -> None:
            text = _render(g, place, rng, style=style)
            text, ok, how = _degrade(g, place, text, reaches, rng)
            if rng.random() < 0.2 and how == "clean" and style == 0:
                text = _render(g, place, rng, style=2)
            case.addresses.append(  # noqa: B023 - used within this iteration only
                SynthAddress(source, ADDRESS_COLUMNS[source], text, ok, f"{why}/{how}", d)
            )

        if rng.random() < 0.95:
            r = rng.random()
            if r < 0.06:
                kind = rng.random()
                if kind < 0.4:
                    towns = g.towns.get(home_county[0]) or ["城关镇"]
                    body = rng.choice(towns).replace("街道", "").replace("镇", "") + rng.choice(
                        COLLECTIVES
                    )
                elif kind < 0.7:
                    body = "人才交流中心"
                else:
                    body = rng.choice(UNIVERSITIES)
                add(
                    "household",
                    _Place(home_county, None, body, False, None),
                    False,
                    "collective",
                    None,
                    0,
                )
            elif r < 0.08:
                add("household", _rural(g, home_county, rng), False, "demolished", None, 0)
            elif not migrant and rng.random() < 0.5:
                add("household", home, True, "home", None, 0)
            else:
                family = (
                    _rural(g, home_county, rng)
                    if rng.random() < 0.6
                    else _urban(g, home_county, rng)
                )
                p_family = a_.family_signs if migrant else 0.5
                add("household", family, rng.random() < p_family, "family_home", None, 0)
        if rng.random() < 0.85:
            d = REFERENCE_DATE - timedelta(days=loan_age)
            current = rng.random() < a_.residence_fresh - a_.residence_decay * (
                loan_age / (365 * 5)
            )
            place = home if current else _urban(g, live_county, rng)
            add("residence", place, current, "home" if current else "old_home", d, 0)
        if rng.random() < 0.5:
            add("work", _work(g, live_county, rng), rng.random() < a_.work_reaches, "work", None, 0)
        if rng.random() < 0.45:
            d = REFERENCE_DATE - timedelta(days=rng.randint(0, 400))
            r = rng.random()
            if r < a_.delivery_current:
                add("delivery", home, True, "home", d, rng.choice((1, 1, 2)))
            elif r < a_.delivery_current + 0.08:
                p = _urban(g, live_county, rng)
                station = _Place(
                    p.county,
                    p.town,
                    p.body.split("号")[0] + "号" + rng.choice(STATIONS),
                    False,
                    None,
                )
                add("delivery", station, False, "station", d, 1)
            else:
                add("delivery", _urban(g, live_county, rng), False, "old_home", d, 1)
        if rng.random() < 0.6:
            together = rng.random() < a_.contact_together
            place = home if together else _urban(g, rng.choice([live_county, home_county]), rng)
            add("contact", place, together, "contact_home", None, 0)
        out.append(case)
    return out


# --- output -------------------------------------------------------------------------------


def case_row(c: SynthCase) -> list[Any]:
    by = {a.source: a for a in c.addresses}

    def text(source: str) -> str | None:
        a = by.get(source)
        return a.text if a else None

    def when(source: str) -> str | None:
        a = by.get(source)
        return a.address_date.isoformat() if a and a.address_date else None

    return [
        c.case_no,
        c.name,
        c.id_number,
        "/".join(c.phones),
        c.creditor,
        c.amount,
        text("household"),
        text("residence"),
        when("residence"),
        text("work"),
        text("delivery"),
        when("delivery"),
        text("contact"),
    ]


def write_xlsx(cases: Sequence[SynthCase], path: Path) -> Path:
    """The import format: one sheet, Chinese headers, one row per case."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("案件")
    ws.append(list(COLUMNS))
    for c in cases:
        ws.append(case_row(c))
    wb.save(str(path))
    return path


def write_truth(cases: Sequence[SynthCase], path: Path) -> Path:
    """JSON lines: case_no and, per address, source, text and whether it reaches."""
    with path.open("w", encoding="utf-8") as fh:
        for c in cases:
            fh.write(
                json.dumps(
                    {
                        "case_no": c.case_no,
                        "addresses": [
                            {"source": a.source, "text": a.text, "reaches": a.reaches, "why": a.why}
                            for a in c.addresses
                        ],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    return path


def insert_cases(store: Any, cases: Sequence[SynthCase]) -> dict[str, int]:
    """Store cases and unparsed candidates as the importer would; returns case_no -> id.

    Candidate ids follow the order of ``case.addresses`` (for comparing with the truth).
    """
    now = "2026-11-28T00:00:00"
    ids: dict[str, int] = {}
    with store.transaction():
        cases_t = store.db["cases"]
        cands_t = store.db["candidates"]
        start = int(store.scalar("SELECT coalesce(max(id), 0) FROM cases")) + 1
        rows = []
        for i, c in enumerate(cases):
            ids[c.case_no] = start + i
            rows.append(
                {
                    "id": start + i,
                    "case_no": c.case_no,
                    "creditor": c.creditor,
                    "debtor_name": c.name,
                    "id_number": c.id_number,
                    "phones": json.dumps(c.phones),
                    "phone_tail": c.phones[0][-4:],
                    "amount_due": c.amount,
                    "status": "new",
                    "created_at": now,
                    "updated_at": now,
                }
            )
        cases_t.insert_all(rows, batch_size=5000)
        cand_rows = []
        for c in cases:
            for a in c.addresses:
                cand_rows.append(
                    {
                        "case_id": ids[c.case_no],
                        "source": a.source,
                        "source_column": a.column,
                        "raw_text": a.text,
                        "address_date": a.address_date.isoformat() if a.address_date else None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        cands_t.insert_all(cand_rows, batch_size=5000)
    return ids


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="write synthetic cases as an import xlsx + truth")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=20261128)
    ap.add_argument("--out", type=Path, default=Path("synth_cases.xlsx"))
    args = ap.parse_args()
    cs = generate(args.n, args.seed)
    write_xlsx(cs, args.out)
    write_truth(cs, args.out.with_suffix(".truth.jsonl"))
    print(f"wrote {len(cs)} cases to {args.out}")
