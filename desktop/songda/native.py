"""Which modules run compiled, and a guard that compiled code never outlives its source.

``pip install`` compiles the hot pure-Python modules listed in :data:`COMPILED` with mypyc
(``setup.py``); the compiled extension sits beside the ``.py`` file and Python imports it in
preference. The build writes ``_native.json`` beside this file: the sha256 of every source it
compiled. At start-up :func:`prefer_fresh_sources` compares them with the sources on disk; when
a source has changed since (an edited checkout, a ``git pull`` without a rebuild) every compiled
module is imported from its source instead, with a warning: stale compiled code is never run.
``SONGDA_PURE=1`` in the environment imports every module from source (to compare, or debug).

Dataclasses built in hot loops spell out their ``__init__``: mypyc compiles a written
``__init__`` natively, but the one the ``dataclass`` decorator generates at import time runs in
the interpreter (five to twenty times slower; a parse builds several such objects, an import
millions). Frozen ones assign through ``object.__setattr__``, which mypyc also compiles.

This module is imported by ``songda/__init__.py`` before anything else: standard library only.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

# Modules compiled by setup.py (paths under desktop/): the address engine (all of `songda
# address parse`, most of an import's parse-and-rank step), the import's row checks, the
# ranking's scoring and its workers' loop. Frozen dataclasses in them pickle through
# reduce_frozen; weights.py stays Python (its frozen Weights is pickled field by field).
COMPILED = (
    "songda/address/area_codes.py",
    "songda/address/chain.py",
    "songda/address/chars.py",
    "songda/address/detail.py",
    "songda/address/fuzzy.py",
    "songda/address/gazetteer.py",
    "songda/address/identity.py",
    "songda/address/issues.py",
    "songda/address/match.py",
    "songda/address/normalize.py",
    "songda/address/parse.py",
    "songda/address/phone_table.py",
    "songda/address/repair.py",
    "songda/address/validate.py",
    "songda/domain/json_line.py",
    "songda/domain/models.py",
    "songda/domain/standard_address.py",
    "songda/ingest/identity.py",
    "songda/ingest/model.py",
    "songda/ingest/rows.py",
    "songda/ingest/values.py",
    "songda/ranking/agreement.py",
    "songda/ranking/blacklist.py",
    "songda/ranking/context.py",
    "songda/ranking/evidence.py",
    "songda/ranking/inputs.py",
    "songda/ranking/learning.py",
    "songda/ranking/score.py",
    "songda/ranking/serialize.py",
    "songda/ranking/text.py",
    "songda/services/parse_candidates.py",
    "songda/services/rank_compute.py",
)
MANIFEST = "_native.json"
ROOT = Path(__file__).resolve().parent.parent  # the folder holding the songda package


def reduce_frozen(obj: object) -> tuple[object, ...]:
    """``__reduce__`` of a frozen dataclass: rebuilt through its constructor. Compiled, such a
    class cannot be unpickled field by field (its ``__setattr__`` refuses), and objects cross
    process boundaries (worker pools, the isolated reader)."""
    fields = obj.__dataclass_fields__  # type: ignore[attr-defined]
    return (type(obj), tuple(getattr(obj, name) for name in fields))


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def changed_sources(root: Path = ROOT, pure: bool = False) -> tuple[list[str], dict[str, Path]]:
    """The compiled modules whose source differs from the one compiled, and the modules to
    import from source: none when nothing changed, else every compiled module that has its
    source (the compiled modules import each other directly, so one changed module means
    none of them can be trusted); all of them when ``pure``."""
    manifest = root / "songda" / MANIFEST
    try:
        digests: dict[str, str] = json.loads(manifest.read_text(encoding="utf-8"))["modules"]
    except (OSError, ValueError, KeyError, TypeError):
        return [], {}
    changed: list[str] = []
    sources: dict[str, Path] = {}
    for name, digest in digests.items():
        source = root.joinpath(*name.split(".")).with_suffix(".py")
        if not source.is_file():  # a frozen app ships the compiled module only
            continue
        sources[name] = source
        if source_digest(source) != digest:
            changed.append(name)
    return changed, (sources if changed or pure else {})


def compiled_modules() -> list[str]:
    """The listed modules that are running compiled in this process (imported ones only)."""
    out = []
    for path in COMPILED:
        mod = sys.modules.get(module_name(path))
        if mod is not None and not str(getattr(mod, "__file__", "")).endswith(".py"):
            out.append(module_name(path))
    return out


class _SourceFirst:
    """A meta path finder (not derived from importlib.abc.MetaPathFinder: importing
    importlib.abc pulls in importlib.resources, tempfile, shutil, bz2, lzma, random…, some
    10 ms of every start-up)."""

    def __init__(self, sources: dict[str, Path]) -> None:
        self.sources = sources

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.sources.get(fullname)
        if source is None:
            return None
        return importlib.util.spec_from_file_location(fullname, source)


def prefer_fresh_sources() -> None:
    changed, sources = changed_sources(pure=os.environ.get("SONGDA_PURE") == "1")
    if changed:
        logging.getLogger(__name__).warning(
            "sources changed since they were compiled: %s; the compiled modules run from "
            "source (slower) until they are rebuilt with `pip install -e .`",
            ", ".join(sorted(changed)),
        )
    if sources:
        sys.meta_path.insert(0, _SourceFirst(sources))
