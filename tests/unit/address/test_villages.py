"""The village resource (villages.bin, one zlib block per county) and its lazy loader."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import shutil
import struct
import threading
import zlib
from pathlib import Path
from types import ModuleType

import pytest

from songda.address.gazetteer import Gazetteer, get_gazetteer, village_cores
from songda.paths import resource

REPO = Path(__file__).resolve().parents[3]

# Whole towns as ../shared/data/divisions/villages.csv.gz lists them (NBS 2023)
TOWNS = {
    # 北京市东城区东华门街道
    "110101001": {
        "多福巷社区居委会": "110101001001",
        "银闸社区居委会": "110101001002",
        "东厂社区居委会": "110101001005",
        "智德社区居委会": "110101001006",
        "南池子社区居委会": "110101001007",
        "灯市口社区居委会": "110101001009",
        "正义路社区居委会": "110101001010",
        "台基厂社区居委会": "110101001013",
        "韶九社区居委会": "110101001014",
        "王府井社区居委会": "110101001015",
    },
    # 北京市海淀区青龙桥街道: a 村村委会 and a name without a suffix
    "110108023": {
        "六郎庄社区居委会": "110108023005",
        "功德寺社区居委会": "110108023006",
        "柳浪裕和社区居委会": "110108023007",
        "青龙桥村委会": "110108023203",
        "树村村委会": "110108023204",
        "万柳（集团）股份经济合作社六郎庄生活区": "110108023500",
    },
    # 河北省邢台市信都区 (130503) 中兴街道: 社区居民委员会 and 村村民委员会
    "130503001": {
        "百泉社区居民委员会": "130503001052",
        "育兴社区居民委员会": "130503001053",
        "景泰社区居民委员会": "130503001054",
        "西董村村民委员会": "130503001201",
        "东董村村民委员会": "130503001202",
    },
}


def test_a_towns_villages_are_the_source_lists() -> None:
    g = Gazetteer(resource("gazetteer"))
    for town, villages in TOWNS.items():
        got = g.villages(town)
        assert got == villages
        assert list(got) == list(villages)  # in the source's order


def test_a_town_under_a_city_without_counties() -> None:
    # 东莞 (441900) has no county level: its towns' villages are filed under 441900
    got = get_gazetteer().villages("441900003")
    assert len(got) == 26
    assert got["岗贝社区居民委员会"] == "441900003001"


def test_missing_county_or_town_has_no_villages() -> None:
    g = Gazetteer(resource("gazetteer"))
    assert g.villages("999999001") == {}  # no such county
    assert g.villages("110101999") == {}  # a county that exists, a town that does not
    assert g.villages("110101") == {}  # not a town code
    assert g.villages("") == {}
    assert g.village_index("999999001") == ({}, ())
    assert g.village_index("110101999") == ({}, ())


def test_village_index_is_built_from_village_cores() -> None:
    g = Gazetteer(resource("gazetteer"))
    table, lengths = g.village_index("110108023")
    assert table == {
        "六郎庄社区": ("六郎庄社区居委会", "110108023005"),
        "功德寺社区": ("功德寺社区居委会", "110108023006"),
        "柳浪裕和社区": ("柳浪裕和社区居委会", "110108023007"),
        "青龙桥村": ("青龙桥村委会", "110108023203"),
        "树村": ("树村村委会", "110108023204"),
        "万柳（集团）股份经济合作社六郎庄生活区": (
            "万柳（集团）股份经济合作社六郎庄生活区",
            "110108023500",
        ),
    }
    assert lengths == (19, 6, 5, 4, 2)
    table, _ = g.village_index("130503001")
    assert table["西董村"] == ("西董村村民委员会", "130503001201")
    assert table["百泉社区"] == ("百泉社区居民委员会", "130503001052")


def _index_from_village_cores(g: Gazetteer, town: str) -> dict[str, tuple[str, str]]:
    """village_index's table as it was first written: village_cores per name."""
    table: dict[str, tuple[str, str]] = {}
    for name, vcode in g.villages(town).items():
        for core in village_cores(name):
            if len(core) >= 2:
                table.setdefault(core, (name, vcode))
    return table


def test_village_index_agrees_with_village_cores_everywhere() -> None:
    # village_index reads the cores the build stored: they must be today's village_cores
    # (after a change there, rebuild the resource with tools/build_gazetteer.py)
    g = Gazetteer(resource("gazetteer"))
    towns = [c for c in g.codes if len(c) == 9]
    assert len(towns) > 40_000
    n = 0
    for town in towns:
        table, lengths = g.village_index(town)
        want = _index_from_village_cores(g, town)
        assert list(table.items()) == list(want.items()), town
        assert lengths == tuple(sorted({len(k) for k in want}, reverse=True))
        n += len(table)
    assert n > 600_000


def test_villages_load_thread_safely() -> None:
    g = Gazetteer(resource("gazetteer"))
    results: list[dict[str, str]] = []

    def look() -> None:
        results.append(g.villages("110101001"))

    threads = [threading.Thread(target=look) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    assert all(r == TOWNS["110101001"] for r in results)


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_gazetteer", REPO / "tools" / "build_gazetteer.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _village_csv(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    """A villages.csv.gz laid out as ../shared/data/divisions has it."""
    source = tmp_path / "villages.csv.gz"
    with gzip.open(source, "wt", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"])
        for code, name in rows:
            w.writerow([code, name, code[:9], code[:2], code[:4], code[:6]])
    return source


def test_build_writes_the_documented_layout(tmp_path: Path) -> None:
    rows = [
        ("110101001001", "多福巷社区居委会"),
        ("110101001002", "银闸|社区居委会"),  # '|' is written as a space
        ("110101002003", "东四社区居委会"),
        ("330110012209", "高桥村委会"),
        ("330110012210", "高桥村村委会"),  # the same core as the one before: not indexed
        ("330110012211", "村委会"),  # a core of one character: not indexed
    ]
    source = _village_csv(tmp_path, rows)
    out = tmp_path / "gazetteer"
    old = out / "villages"
    old.mkdir(parents=True)
    (old / "11.tsv.gz").write_bytes(b"")  # the earlier per-province layout
    shutil.copy(resource("gazetteer", "divisions.txt"), out / "divisions.txt")

    assert _build_module().write_villages(source, out) == 6
    assert not old.exists()

    blob = (out / "villages.bin").read_bytes()
    head, _, rest = blob.partition(b"\n")
    magic, version, n, size = head.split(b" ")
    assert (magic, version, n) == (b"songda-villages", b"2", b"3")
    index = zlib.decompress(rest[: int(size)])
    assert index[:30] == b"110101001\n110101002\n330110012\n"
    offsets = struct.unpack_from("<4I", index, 30)
    zdict = index[46:]
    blocks = rest[int(size) :]
    assert offsets[0] == 0 and offsets[3] == len(blocks)
    d = zlib.decompressobj(-15, zdict)
    assert d.decompress(blocks[offsets[0] : offsets[1]]) == (
        "001|002\t多福巷社区居委会|银闸 社区居委会\t多福巷社区|银闸 社区".encode()
    )
    d = zlib.decompressobj(-15, zdict)
    assert d.decompress(blocks[offsets[2] : offsets[3]]) == (
        "209|210|211\t高桥村委会|高桥村村委会|村委会\t高桥村||".encode()
    )

    g = Gazetteer(out)
    assert g.villages("110101001") == {
        "多福巷社区居委会": "110101001001",
        "银闸 社区居委会": "110101001002",
    }
    assert g.villages("110101002") == {"东四社区居委会": "110101002003"}
    assert g.villages("330110012") == {
        "高桥村委会": "330110012209",
        "高桥村村委会": "330110012210",
        "村委会": "330110012211",
    }
    assert g.village_index("330110012") == ({"高桥村": ("高桥村委会", "330110012209")}, (3,))
    assert g.villages("330110013") == {}
    assert g.villages("120101001") == {}


def test_build_refuses_two_villages_of_one_name_in_a_town(tmp_path: Path) -> None:
    # villages() maps names to codes: the file stores one village per name and town
    source = _village_csv(
        tmp_path, [("110101001001", "新桥村委会"), ("110101001002", "新桥村委会")]
    )
    with pytest.raises(ValueError, match="one name"):
        _build_module().write_villages(source, tmp_path)


def test_no_village_file_means_no_villages(tmp_path: Path) -> None:
    shutil.copy(resource("gazetteer", "divisions.txt"), tmp_path / "divisions.txt")
    g = Gazetteer(tmp_path)
    assert g.villages("110101001") == {}
    assert g.village_index("110101001") == ({}, ())


def test_a_file_that_is_not_a_village_file_is_refused(tmp_path: Path) -> None:
    shutil.copy(resource("gazetteer", "divisions.txt"), tmp_path / "divisions.txt")
    (tmp_path / "villages.bin").write_bytes(b"songda-villages 1 3\n")  # the earlier layout
    with pytest.raises(ValueError, match="villages"):
        Gazetteer(tmp_path).villages("110101001")
