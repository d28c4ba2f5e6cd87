"""songda.rx: patterns rebuilt from the build's recorded engine code are the patterns
re.compile makes, and anything doubtful about the cache falls back to re.compile."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from songda import rx

DESKTOP = Path(rx.__file__).resolve().parent.parent

# strings the address engine's patterns see: digits, CJK, separators, the odd control character
SAMPLES = (
    "",
    "浙江省杭州市余杭区仓前街道文一西路1500号5幢2单元502室",
    "北京市朝阳区建国路88号SOHO现代城A座1801",
    "上海路100号东洲花园3-2-501",
    "13812345678 张三 广东省深圳市南山区科技园",
    "地址不详",
    "新疆维吾尔自治区阿克苏地区阿拉尔市幸福路",
    "12-3层-5楼B座301室\n\t（东门）",
    "ＡＢＣ１２３ 廣東省廣州市天河區",
)


def _recorded(tmp_path: Path) -> Path:
    """A cache written the way setup.py writes it (a child process, modules from source)."""
    out = tmp_path / "_regex.marshal"
    done = rx.write_cache_in_child(out, DESKTOP)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 40  # the address engine compiles some fifty patterns
    return out


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (
        b.pattern,
        b.flags,
        b.groups,
        b.groupindex,
    )
    for s in SAMPLES:
        for pos in range(len(s) + 1):
            m, n = a.search(s, pos), b.search(s, pos)
            assert (m and (m.span(), m.groups(), m.lastgroup)) == (
                n and (n.span(), n.groups(), n.lastgroup)
            ), (a.pattern, s, pos)
        assert a.sub("_", s) == b.sub("_", s)


def test_every_recorded_pattern_rebuilds_as_re_compile_makes_it(tmp_path: Path) -> None:
    table = rx._load(_recorded(tmp_path))
    assert len(table) > 40
    import _sre

    for (pattern, flags), args in table.items():
        _same(_sre.compile(pattern, *args), re.compile(pattern, flags))


def test_the_build_cache_serves_every_pattern_of_the_address_engine() -> None:
    # setup.py writes the cache beside songda/rx.py (pip install -e . / .ci/run); importing
    # the engine afresh then compiles nothing the slow way
    assert rx.CACHE.is_file(), "run `pip install -e .`: the build records the patterns"
    code = (
        "import json, songda.address.parse, songda.address.identity, "
        "songda.address.phone_table; from songda import rx; print(json.dumps(rx.misses))"
    )
    env = {k: v for k, v in os.environ.items() if k != "SONGDA_NO_REGEX_CACHE"}
    env["PYTHONPATH"] = str(DESKTOP)
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_compile_uses_the_cache_and_compiles_what_it_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _recorded(tmp_path)
    monkeypatch.setattr(rx, "_cache", rx._load(path))
    monkeypatch.setattr(rx, "misses", [])
    (pattern, flags) = next(iter(rx._cache or {}))
    _same(rx.compile(pattern, flags), re.compile(pattern, flags))
    assert rx.misses == []
    fresh = rx.compile(r"[甲乙]{2,}(?P<n>[0-9]+)号")
    assert rx.misses == [r"[甲乙]{2,}(?P<n>[0-9]+)号"]
    _same(fresh, re.compile(r"[甲乙]{2,}(?P<n>[0-9]+)号"))


def test_a_damaged_foreign_or_missing_cache_is_ignored(tmp_path: Path) -> None:
    path = _recorded(tmp_path)
    blob = path.read_bytes()
    assert rx._load(path)
    damaged = tmp_path / "damaged"
    damaged.write_bytes(blob[:-10] + bytes(b ^ 0xFF for b in blob[-10:]))
    assert rx._load(damaged) == {}
    foreign = tmp_path / "foreign"
    other = blob.replace(rx._stamp(), b"('2.7.18 (another build)',)\n", 1)
    assert other != blob
    foreign.write_bytes(other)
    assert rx._load(foreign) == {}
    cut = tmp_path / "cut"
    cut.write_bytes(blob[:20])
    assert rx._load(cut) == {}
    assert rx._load(tmp_path / "missing") == {}


def test_wrong_engine_code_falls_back_to_re_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    pattern = r"[0-9]+(?:单元|梯)"
    bad = (32, [1, 2, 3], 0, {}, (None,))  # not valid engine code: _sre refuses it
    monkeypatch.setattr(rx, "_cache", {(pattern, 0): bad})
    monkeypatch.setattr(rx, "misses", [])
    _same(rx.compile(pattern), re.compile(pattern))
    assert rx.misses == [pattern]
