"""The mypyc-compiled address engine: never stale, and the same results as the source."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from songda import native

REPO = Path(__file__).resolve().parents[2]
DESKTOP = REPO / "desktop"


def _package(tmp_path: Path, source: str, digest_of: str | None = None) -> Path:
    """A fake install: songda/mod.py and songda/other.py, and a manifest recording
    ``digest_of`` for mod.py."""
    pkg = tmp_path / "songda"
    pkg.mkdir()
    (pkg / "mod.py").write_text(source, encoding="utf-8")
    (pkg / "other.py").write_text("Y = 1\n", encoding="utf-8")
    digest = hashlib.sha256((digest_of or source).encode("utf-8")).hexdigest()
    other = hashlib.sha256(b"Y = 1\n").hexdigest()
    manifest = {"modules": {"songda.mod": digest, "songda.other": other, "songda.gone": "0" * 64}}
    (pkg / native.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return tmp_path


def test_unchanged_sources_keep_their_compiled_modules(tmp_path: Path) -> None:
    root = _package(tmp_path, "X = 1\n")
    assert native.changed_sources(root) == ([], {})


def test_one_edited_source_sends_every_compiled_module_to_its_source(tmp_path: Path) -> None:
    root = _package(tmp_path, "X = 2\n", digest_of="X = 1\n")
    # songda.gone has no source (a frozen app ships compiled modules only): left alone
    assert native.changed_sources(root) == (
        ["songda.mod"],
        {"songda.mod": root / "songda" / "mod.py", "songda.other": root / "songda" / "other.py"},
    )


def test_pure_mode_imports_every_compiled_module_from_source(tmp_path: Path) -> None:
    root = _package(tmp_path, "X = 1\n")
    changed, sources = native.changed_sources(root, pure=True)
    assert changed == [] and set(sources) == {"songda.mod", "songda.other"}


def test_no_manifest_or_a_broken_one_means_nothing_compiled(tmp_path: Path) -> None:
    assert native.changed_sources(tmp_path) == ([], {})
    (tmp_path / "songda").mkdir()
    (tmp_path / "songda" / native.MANIFEST).write_text("{not json", encoding="utf-8")
    assert native.changed_sources(tmp_path) == ([], {})


def test_the_finder_loads_the_source_file(tmp_path: Path) -> None:
    (tmp_path / "probe_mod.py").write_text("WHERE = 'source'\n", encoding="utf-8")
    finder = native._SourceFirst({"songda_probe_mod": tmp_path / "probe_mod.py"})
    spec = finder.find_spec("songda_probe_mod", None)
    assert spec is not None and spec.origin == str(tmp_path / "probe_mod.py")
    assert finder.find_spec("json", None) is None


def test_every_listed_module_exists() -> None:
    for path in native.COMPILED:
        assert (DESKTOP / path).is_file(), path


PROBE = r"""
import json, sys
from songda.address import parse
from songda.native import compiled_modules
texts = json.loads(sys.stdin.read())
out = [(r := parse(t)).to_dict() | {"notes": r.notes} for t in texts]
print(json.dumps({"compiled": compiled_modules(), "out": out}, ensure_ascii=False))
"""

SAMPLES = [
    "浙江省杭州市余杭区仓前街道文一西路1500号",
    "北京市朝阳区朝阳路189号",
    "朝阳区建国路88号",
    "杭洲市中山北路100号",
    "廣東省廣州市天河區體育西路216號",
    "广 东 省 广 州 市 天 河 区",
    "上海路100号",
    "瓯北镇东瓯街道罗浮大街100号",
    "湖南省吉首市保靖县迁陵镇",
    "宁波丰化市松岙镇",
    "温州广州市荔湾区",
    "余杭区临平镇",
    "红河尼族鳞族自治州",
    "不详",
    "",
    "13812345678张三浙江省温州市鹿城区五马街道十九号三单元502室",
]


def _run(pure: bool) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(DESKTOP)}
    env.pop("SONGDA_PURE", None)
    if pure:
        env["SONGDA_PURE"] = "1"
    r = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps(SAMPLES, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        env=env,
        check=True,
    )
    result: dict[str, object] = json.loads(r.stdout.decode("utf-8"))
    return result


def test_compiled_and_source_give_the_same_results() -> None:
    compiled = _run(pure=False)
    if not compiled["compiled"]:
        pytest.skip("the address engine is not compiled in this checkout (pure build)")
    source = _run(pure=True)
    assert source["compiled"] == []
    assert compiled["out"] == source["out"]


def test_frozen_classes_survive_pickling() -> None:
    """Compiled frozen dataclasses refuse attribute-wise unpickling; worker pools and the
    isolated reader send such objects between processes."""
    import pickle
    from datetime import date

    from songda.address.gazetteer import Hit
    from songda.address.identity import check_id_number, phone_location
    from songda.address.parse import ParseContext
    from songda.ranking.learning import OutcomeCounts
    from songda.ranking.weights import load_weights
    from songda.services.rank_compute import ScorerRecipe

    objects: list[object] = [
        ParseContext("110105", ("3301",), ("330106",), "310000"),
        check_id_number("11010519491231002X"),
        phone_location("13812345678"),
        Hit("330106", "F", 3),
        OutcomeCounts(3, 1, 1),
        ScorerRecipe(load_weights(), (), (("address", "k", 1, 1, 0, 0, 0, 0),), date(2026, 1, 1)),
    ]
    for obj in objects:
        assert pickle.loads(pickle.dumps(obj)) == obj


def _dataclass_inits() -> list[tuple[str, list[str], list[str]]]:
    """(class, field names, __init__ parameter names) of every dataclass in a compiled module
    that spells out its __init__ (read from the source: the same in either build)."""
    import ast

    found = []
    desktop = Path(native.__file__).resolve().parent.parent
    for rel in native.COMPILED:
        tree = ast.parse((desktop / rel).read_text(encoding="utf-8"))
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            decorated = any("dataclass" in ast.unparse(d) for d in node.decorator_list)
            init = next(
                (b for b in node.body if isinstance(b, ast.FunctionDef) and b.name == "__init__"),
                None,
            )
            if not decorated or init is None:
                continue
            fields = [
                b.target.id
                for b in node.body
                if isinstance(b, ast.AnnAssign) and isinstance(b.target, ast.Name)
            ]
            params = [a.arg for a in init.args.args[1:]]
            found.append((f"{rel}:{node.name}", fields, params))
    return found


def test_spelled_out_dataclass_inits_take_every_field_in_order() -> None:
    inits = _dataclass_inits()
    names = {name.split(":")[1] for name, _f, _p in inits}
    assert {"StandardAddress", "DivMatch", "Hit", "CandidateInput", "CaseRecord"} <= names
    for name, fields, params in inits:
        assert params == fields, name


def test_spelled_out_inits_give_fresh_defaults() -> None:
    from songda.domain.models import StandardAddress
    from songda.ingest.model import CaseRecord

    a, b = StandardAddress(), StandardAddress()
    a.issues.append("x")
    a.spans["road"] = "y"
    assert b.issues == [] and b.spans == {}
    r1, r2 = CaseRecord("1", "张三", 2), CaseRecord("2", "李四", 3)
    r1.phones.append("13800000000")
    assert r2.phones == [] and r2.candidates == [] and r2.extra == {}
