"""Compile ../shared/data into the gazetteer resource the app ships.

Usage: python tools/build_gazetteer.py [--data ../shared/data] [--out resources/gazetteer]

Writes
- ``divisions.txt``: provinces, cities, counties and towns (code, name, level, parent,
  postcode), an alias index (short forms, abbreviations, retired names) and, for each first
  two characters of an alias, the alias lengths to try (``Gazetteer.lengths``), precomputed
  so that loading is a few splits and ``dict(zip(...))`` calls: one UTF-8 text of columns
  separated by RS (0x1e), items by LF (``Gazetteer.__init__`` reads them). Not compressed:
  inflating its 3.4 MB took 20 ms of every start-up, for 2.5 MB saved on disk;
- ``villages.bin``: the villages, one compressed block per town, so that the app inflates only
  the towns it meets (``Gazetteer.villages``, ``Gazetteer.village_index``). Layout:

  - ``songda-villages 2 <n> <size>\n``: magic, format version, number of towns ``n``, size
    in bytes of the index that follows;
  - the index, one zlib stream: the ``n`` town codes (9 ASCII digits, ascending) each
    followed by ``\n``; ``n + 1`` little-endian unsigned 32-bit offsets, where each town's
    block starts counted from the end of the index, then where the last one ends; the rest
    is the blocks' preset dictionary;
  - the blocks, one per town in the same order, each a raw deflate stream (no header, made
    with the preset dictionary) of the UTF-8 text ``VVV|…<TAB>name|…<TAB>core|…``: each
    village's code digits 10–12, its official name (``|`` written as a space; no two alike
    in a town) and its core (``village_cores``, as ``Gazetteer.village_index`` looks it up:
    empty when shorter than 2 characters or an earlier village's), in the same order.

  A town's block alone is a few hundred bytes, too little for deflate to find repeats in:
  the dictionary (every k-th town's text, k the smallest step whose texts fit in zlib's
  32 KiB window) gives it the common names and suffixes.

Alias kinds (stored with each alias): F full official name, S short form (suffix dropped),
R retired full name, Q retired short form, A abbreviation (京, 沪, 呼市…), D development zone.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import struct
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

ETHNIC = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
    "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
    "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
ETHNIC_LONGEST_FIRST = sorted(ETHNIC, key=len, reverse=True)
ETHNIC_RE = re.compile("(?:" + "|".join(ETHNIC_LONGEST_FIRST) + ")族")

# Abbreviations that are not derivable from the names.
ABBREVIATIONS: dict[str, str] = {
    "京": "110000",
    "沪": "310000",
    "津": "120000",
    "渝": "500000",
    "内蒙": "150000",
    "呼市": "150100",
    "乌市": "650100",
    "包头市": "150200",
    "呼和浩特": "150100",
    "乌鲁木齐": "650100",
}
# Retired names whose successor is not in the code history (or is ambiguous there).
RETIRED_OVERRIDES: dict[str, list[str]] = {
    "莱芜市": ["370116"],
    "襄樊市": ["420600"],
    "襄樊": ["420600"],
    "江干区": ["330102", "330114"],
    "下城区": ["330105"],
    "巢湖市": ["340181"],
    "龙港镇": ["330383"],
}
# Generic development-zone words: each alias maps to every 7x county whose name has the key.
DEVZONE_ALIASES: dict[str, tuple[str, ...]] = {
    "高新区": ("高新",),
    "高新技术开发区": ("高新",),
    "高新技术产业开发区": ("高新",),
    "经济技术开发区": ("经济技术开发区",),
    "经开区": ("经济技术开发区", "经济开发区"),
    "经济开发区": ("经济开发区", "经济技术开发区"),
    "开发区": ("开发区",),
    "新区": ("新区",),
}
# Development zones the official lists do not carry, as addresses write them, with the county
# that hosts them today (read only after their city, like every development-zone alias).
EXTRA_ZONES: dict[str, str] = {
    "袍江": "330602",  # 绍兴袍江经济技术开发区, in 越城区
    "袍江开发区": "330602",
    "袍江经济技术开发区": "330602",
    "镜湖新区": "330602",  # 绍兴镜湖新区, in 越城区
    "大江东": "330114",  # 杭州大江东产业集聚区, part of 钱塘区 since 2021
    "大江东区": "330114",
    "大江东产业集聚区": "330114",
    "杭州湾新区": "330282",  # 宁波杭州湾新区, in 慈溪市
    "临城新区": "330902",  # 舟山临城新区 (the new town of 临城街道), in 定海区
    "下沙区": "330114",  # 杭州下沙经济技术开发区, part of 钱塘区 since 2021
    "下沙开发区": "330114",
    "下沙经济技术开发区": "330114",
    "老余杭": "330110013",  # the old county seat of 余杭 (余杭镇), 余杭街道 today
    "昆区": "150203",  # 昆都仑区 as 包头 calls it
    # 苏州新区 (苏州高新区) is 虎丘区 since 2002, 无锡新区 is 新吴区 since 2015: "新区" right
    # after the city. A zone alias only ever matches under a city or county already read.
    "新区": "320505 320214",
    # 苏州高新区 and 无锡高新区, the same two; 杭州高新区 is run as one with 滨江区
    "高新区": "320505 320214 330108",
}
GENERIC_RETIRED = {"郊区", "城区", "市区", "矿区", "新区", "城关区", "市中区", "县"}


def _village_cores() -> Callable[[str], tuple[str, ...]]:
    """The parser's own village short forms (songda.address.gazetteer.village_cores)."""
    sys.path.insert(0, str(REPO / "desktop"))
    from songda.address.gazetteer import village_cores

    return village_cores


def _normalizer() -> Callable[[str], str]:
    """The parser's own text normalisation (songda.address.normalize)."""
    sys.path.insert(0, str(REPO / "desktop"))
    from songda.address.normalize import normalize_mapped

    return lambda text: normalize_mapped(text).text


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def short_forms(name: str, level: int) -> list[str]:
    """Suffix-less forms of an official name (at least two characters)."""
    out: list[str] = []
    n = name
    if level == 1:
        for suf in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
            if n.endswith(suf):
                out.append(n[: -len(suf)])
                break
        if n == "内蒙古自治区":
            out.append("内蒙古")
    elif level == 2:
        m = re.match(r"^(.+?)((?:[^族]{1,4}族)+)?自治州$", n)
        if m:
            core = ETHNIC_RE.split(n)[0]
            out += [core, core + "州"]
        for suf in ("地区", "市", "盟"):
            if n.endswith(suf) and len(n) - len(suf) >= 2:
                out.append(n[: -len(suf)])
    elif level == 3:
        m = ETHNIC_RE.search(n)
        if n.endswith(("自治县", "自治旗")):
            # 孟村回族自治县 → 孟村, 孟村县; 巴里坤哈萨克自治县 (the people named without 族)
            # → 巴里坤, 巴里坤县; 鄂伦春自治旗 (the people's name is the county's) → 鄂伦春旗
            core = n[: m.start()] if m else n[: n.index("自治")]
            for people in ETHNIC_LONGEST_FIRST:
                if core.endswith(people) and len(core) - len(people) >= 2:
                    core = core[: -len(people)]
                    break
            if len(core) >= 2:
                out += [core, core + n[-1]]
        elif m and n.endswith("区") and m.end() == len(n) - 1:
            # 管城回族区, 瀍河回族区, 梅里斯达斡尔族区: written 管城区, 管城 (and 管城回族)
            core = n[: m.start()]
            if len(core) >= 2:
                out += [core, core + "区", n[:-1]]
        else:
            for suf in ("新区", "林区", "特区", "矿区", "区", "县", "市", "旗"):
                if n.endswith(suf) and len(n) - len(suf) >= 2:
                    out.append(n[: -len(suf)])
                    break
    elif level == 4:
        m = ETHNIC_RE.search(n)
        if m and n.endswith(("民族乡", "族乡", "族镇", "族苏木")):
            core = n[: m.start()]
            if len(core) >= 2:
                out += [core, core + n[-1]]
        for suf in ("街道办事处", "地区办事处", "办事处", "街道", "苏木", "地区", "镇", "乡"):
            if n.endswith(suf) and len(n) - len(suf) >= 2:
                core = n[: -len(suf)]
                if core.endswith(("路", "街", "道", "巷", "弄", "大街")):
                    # 延安路街道, 新街镇: the bare core reads as a road; it names the town only
                    # with a suffix after it (kind T)
                    out.append("\t" + core)
                    if suf in ("街道办事处", "办事处"):
                        out.append(core + "街道")
                    break
                out.append(core)
                if suf in ("街道办事处", "办事处"):
                    out.append(core + "街道")
                break
    return [s for s in dict.fromkeys(out) if len(s.lstrip("\t")) >= 2 and s != name]


def build(data: Path, out: Path) -> None:
    div = data / "divisions"
    nodes: list[list[str | int]] = []  # code, name, level, parent, postcode
    names: dict[str, str] = {}
    postcodes: dict[str, str] = {}
    for r in read_csv(data / "postcodes" / "county_postcodes.csv"):
        z = r["zip_code"].strip()
        if re.fullmatch(r"\d{6}", z) and z != "000000":
            postcodes[r["area_code"]] = z

    for r in read_csv(div / "provinces.csv"):
        code = r["code"] + "0000"
        nodes.append([code, r["name"], 1, "", postcodes.get(code, "")])
        names[code] = r["name"]
    for r in read_csv(div / "cities.csv"):
        code = r["code"] + "00"
        name = r["name"]
        if name in ("市辖区", "县"):
            name = names[r["provinceCode"] + "0000"]
        nodes.append([code, name, 2, r["provinceCode"] + "0000", postcodes.get(code, "")])
        names[code] = name
    placeholders = {"441900", "442000", "460400", "620201"}
    for r in read_csv(div / "areas.csv"):
        code = r["code"]
        level = 3
        pc = postcodes.get(code) or postcodes.get(r["cityCode"] + "00", "")
        if code in placeholders:
            continue  # cities without counties: their towns hang directly under the city
        nodes.append([code, r["name"], level, r["cityCode"] + "00", pc])
        names[code] = r["name"]
    for r in read_csv(div / "streets.csv"):
        parent = r["areaCode"]
        if parent in placeholders:
            parent = r["cityCode"] + "00"
        nodes.append([r["code"], r["name"], 4, parent, ""])
        names[r["code"]] = r["name"]

    # Hong Kong, Macau, Taiwan: names only (codes 71/81/82 made up here, flagged overseas)
    hmt = json.loads((div / "HK-MO-TW.json").read_text(encoding="utf-8"))
    for pcode, (pname, cities) in zip(("810000", "820000", "710000"), hmt.items(), strict=False):
        if pname.startswith("台湾"):
            pcode = "710000"
        elif pname.startswith("澳门"):
            pcode = "820000"
        else:
            pcode = "810000"
        nodes.append([pcode, pname, 1, "", ""])
        for ci, (cname, districts) in enumerate(cities.items(), 1):
            ccode = f"{pcode[:2]}{ci:02d}00"
            nodes.append([ccode, cname, 2, pcode, ""])
            for di, dname in enumerate(districts, 1):
                nodes.append([f"{ccode[:4]}{di:02d}", dname, 3, ccode, ""])

    level_of = {str(n[0]): int(n[2]) for n in nodes}
    alias: dict[str, dict[str, str]] = defaultdict(dict)  # alias -> code -> kind

    def add(a: str, code: str, kind: str) -> None:
        cur = alias[a].get(code)
        if cur is None or "FSADRQT".index(kind) < "FSADRQT".index(cur):
            alias[a][code] = kind

    for code, name, level, _parent, _pc in nodes:
        code, name, level = str(code), str(name), int(level)
        if level == 2 and code.endswith(("0100", "0200")) and code[:2] in ("11", "12", "31", "50"):
            continue  # municipality pseudo-cities: the province name matches
        add(name, code, "F")
        for s in short_forms(name, level):
            if s.startswith("\t"):
                add(s[1:], code, "T")
            else:
                add(s, code, "S")
    # 龙华新区, 光明新区 (Shenzhen) and the like: former 新区 names of today's districts
    for code, name, level, _parent, _pc in nodes:
        code, name = str(code), str(name)
        if int(level) == 3 and name.endswith("区") and not name.endswith("新区") and len(name) >= 3:
            if name[:-1] + "新区" not in alias:
                add(name[:-1] + "新区", code, "Q")
    for a, code in {"香港": "810000", "澳门": "820000", "台湾": "710000"}.items():
        add(a, code, "S")
    for a, code in ABBREVIATIONS.items():
        add(a, code, "A")

    # development zones: generic words within a city's scope
    for a, keys in DEVZONE_ALIASES.items():
        by_city: dict[str, list[str]] = defaultdict(list)
        for code, name, _level, _p, _pc in nodes:
            code, name = str(code), str(name)
            if len(code) == 6 and code[4] == "7" and any(k in name for k in keys):
                by_city[code[:4]].append(code)
        for city_prefix, codes in by_city.items():
            city = names.get(city_prefix + "00", "")
            core = city[:-1] if city.endswith("市") else city
            # 长春经济技术开发区 is "the" 经济技术开发区 of 长春, not 长春汽车经济技术开发区
            exact = [
                c for c in codes if re.sub(f"^(?:河北|河南|安徽|山东)?{core}市?", "", names[c]) == a
            ]
            for c in exact or codes:
                add(a, c, "D")
    for a, codes in EXTRA_ZONES.items():
        for code in codes.split():
            add(a, code, "D")
    for code, name, level, _p, _pc in nodes:
        code, name = str(code), str(name)
        if int(level) == 3 and code[4] == "7":
            # 杭州经济技术开发区 -> 经济技术开发区 under the city is handled above; also the
            # name without the city prefix, e.g. 长春净月高新技术产业开发区 -> 净月高新技术产业开发区
            city = names.get(code[:4] + "00", "")
            for pre in (city, city[:-1] if city.endswith("市") else city, "河北", "河南", "安徽"):
                if pre and name.startswith(pre) and len(name) - len(pre) >= 4:
                    add(name[len(pre) :], code, "D")

    current_names = {str(n[1]) for n in nodes}
    current_cities: dict[str, set[str]] = defaultdict(set)
    for n in nodes:
        current_cities[str(n[1])].add(str(n[0])[:4])
    retired_codes: dict[str, str] = {}
    for r in read_csv(data / "history" / "retired_code_to_current.csv"):
        cur = [c for c in r["current_codes"].split(";") if c in level_of]
        if cur and r["old_code"] not in level_of:
            retired_codes[r["old_code"]] = " ".join(cur)
    # retired county- and prefecture-level names
    retired: dict[str, set[str]] = defaultdict(set)
    for r in read_csv(data / "history" / "retired_code_to_current.csv"):
        old = r["old_name"]
        cur = [c for c in r["current_codes"].split(";") if c in level_of]
        if not cur or old in GENERIC_RETIRED:
            continue
        retired[old].update(cur)
    for r in read_csv(data / "history" / "result.csv"):
        if r["状态"] == "变更" and r["代码"] in level_of and names[r["代码"]] != r["名称"]:
            if r["名称"] not in GENERIC_RETIRED:
                retired[r["名称"]].add(r["代码"])
    for old, codes in RETIRED_OVERRIDES.items():
        retired[old] = set(codes)
    for old, codes in retired.items():
        # a retired name that is also a current one under another city (广州 东山区 [until
        # 2005] and 鹤岗 东山区; 邢台 桥东区 [襄都区 since 2020] and 张家口 桥东区) is kept:
        # read under its old city, the current place when nothing decides; one under the
        # same city is not (三明市, the city of today, and the old county-level 三明市)
        if old in current_names and current_cities[old] & {c[:4] for c in codes}:
            continue
        # the successor that keeps the name comes first (呼兰县 → 呼兰区, not 松北区, which
        # took a part of it)
        old_core = (short_forms(old, 3) or [old[:-1]])[0]  # 呼兰县 → 呼兰, 鄞县 → 鄞
        ordered = sorted(codes, key=lambda c: (not names[c].startswith(old_core), c))
        if old in RETIRED_OVERRIDES:
            ordered = RETIRED_OVERRIDES[old]
        lvl = 3 if old.endswith(("区", "县", "旗")) else (2 if old.endswith(("地区", "盟")) else 3)
        for c in ordered:
            add(old, c, "R")
        for s in short_forms(old, lvl):
            if s.startswith("\t"):
                continue
            if s not in current_names and not any(
                k in ("F", "S") and level_of[c] <= 3 for c, k in alias.get(s, {}).items()
            ):
                for c in ordered:
                    add(s, c, "Q")

    # names the parser's normaliser rewrites (Chinese numerals before a unit word: 二七区 →
    # 27区, 二号桥街道 → 2号桥街道) are indexed as the parser sees them too, read only after
    # their parent (kind D) so that a bare "27区" (a residential zone) stays detail
    normalize = _normalizer()
    for a, codes in list(alias.items()):
        seen = normalize(a)
        if seen != a and seen:
            for c in codes:
                add(seen, c, "D")
    alias_out = {a: " ".join(f"{c}{k}" for c, k in codes.items()) for a, codes in alias.items()}
    # preserve the override order (first successor is the main one)
    for old in RETIRED_OVERRIDES:
        if old in alias:
            alias_out[old] = " ".join(f"{c}R" for c in RETIRED_OVERRIDES[old])

    out.mkdir(parents=True, exist_ok=True)
    # One UTF-8 text of columns separated by RS (0x1e), items by LF: loads with a
    # handful of bytes.split / str.split calls and dict(zip(...)), no per-item parsing.
    keys = sorted(alias_out)
    # the alias lengths to try at a position, longest first, by the first two characters
    # (Gazetteer.lengths), each length written as the character of code 48 + length
    lens: dict[str, set[int]] = {}
    for a in keys:
        lens.setdefault(a[:2], set()).add(len(a))
    if max(map(len, keys)) >= 80:
        raise ValueError("an alias of 80 characters or more: Gazetteer.lengths cannot hold it")
    texts = [str(n[1]) for n in nodes] + keys
    if any(c in t for t in texts for c in "\n\x1e"):
        raise ValueError("a name or alias holds a line feed or an RS")
    columns = [
        "songda-gazetteer 2",
        "\n".join(str(n[0]) for n in nodes),
        "\n".join(str(n[1]) for n in nodes),
        "".join(str(n[2]) for n in nodes),
        "\n".join(str(n[3]) for n in nodes),
        "\n".join(str(n[4]) for n in nodes),
        "\n".join(keys),
        "\n".join(alias_out[k] for k in keys),
        "\n".join(sorted(retired_codes)),
        "\n".join(retired_codes[k] for k in sorted(retired_codes)),
        "\n".join(lens),
        "\n".join("".join(chr(48 + n) for n in sorted(v, reverse=True)) for v in lens.values()),
    ]
    raw = "\x1e".join(columns).encode("utf-8")
    (out / "divisions.txt").write_bytes(raw)
    (out / "divisions.txt.gz").unlink(missing_ok=True)  # the compressed form of earlier builds

    n_villages = write_villages(div / "villages.csv.gz", out)
    print(f"{len(nodes)} divisions, {len(alias_out)} aliases, {n_villages} villages")


VILLAGES_MAGIC = b"songda-villages 2"
ZDICT_SIZE = 32768  # zlib's window: a longer preset dictionary is not used


def _deflate(data: bytes, zdict: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, zdict)
    return c.compress(data) + c.flush()


def _village_text(
    villages: list[tuple[str, str]], cores_of: Callable[[str], tuple[str, ...]]
) -> str:
    """A town's text in villages.bin; the cores as Gazetteer.village_index takes them."""
    names = [name for _, name in villages]
    if len(set(names)) != len(names):
        raise ValueError(f"two villages of one name in a town: {villages}")
    cores: list[str] = []
    seen: set[str] = set()
    for name in names:
        found = cores_of(name)
        if len(found) != 1:
            raise ValueError(f"villages.bin stores one core per village: {name} → {found}")
        core = found[0]
        if len(core) >= 2 and core not in seen:
            seen.add(core)
            cores.append(core)
        else:
            cores.append("")
    suffixes = "|".join(v for v, _ in villages)
    return f"{suffixes}\t{'|'.join(names)}\t{'|'.join(cores)}"


def write_villages(source: Path, out: Path) -> int:
    """Write ``villages.bin`` (layout in the module docstring) from the NBS village list and
    remove the per-province files of the earlier layout; returns the number of villages."""
    cores_of = _village_cores()
    towns: dict[str, list[tuple[str, str]]] = defaultdict(list)
    n_villages = 0
    with gzip.open(source, "rt", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            code, name = r["code"], r["name"].replace("|", " ")
            if not re.fullmatch(r"\d{12}", code) or not name or any(c in name for c in "\t\n\r"):
                raise ValueError(f"unexpected village row: {r}")
            towns[code[:9]].append((code[9:], name))
            n_villages += 1
    codes = sorted(towns)
    texts = [_village_text(towns[t], cores_of).encode("utf-8") for t in codes]
    step = max(1, sum(map(len, texts)) // ZDICT_SIZE)
    while len(zdict := b"".join(texts[::step])) > ZDICT_SIZE:
        step += 1
    blocks = [_deflate(t, zdict) for t in texts]
    offsets = [0]
    for block in blocks:
        offsets.append(offsets[-1] + len(block))
    index = zlib.compress(
        "".join(c + "\n" for c in codes).encode("ascii")
        + struct.pack(f"<{len(offsets)}I", *offsets)
        + zdict,
        9,
    )
    with (out / "villages.bin").open("wb") as f:
        f.write(VILLAGES_MAGIC + f" {len(codes)} {len(index)}\n".encode("ascii"))
        f.write(index)
        f.writelines(blocks)
    old = out / "villages"  # the earlier layout: villages/<province code>.tsv.gz
    if old.is_dir():
        for p in old.glob("*.tsv.gz"):
            p.unlink()
        if not any(old.iterdir()):
            old.rmdir()
    return n_villages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=REPO / "resources" / "gazetteer")
    args = ap.parse_args()
    build(args.data, args.out)


if __name__ == "__main__":
    main()
