"""Regular expressions compiled once per build, not once per process.

``re.compile`` parses a pattern and turns it into the regex engine's code in Python; for a
class of CJK characters (``[\\u4e00-\\u9fff]``) it visits every code point of the range. The
address engine's fifty-odd patterns took 40-60 ms of every start of ``songda address parse``
(a quarter of its start-up) that way, to produce the same code each time.

``setup.py`` therefore records, right after compiling the modules, the engine code of every
pattern the address engine compiles at import (:func:`write_cache`, run by the Python that
will run Songda) in ``_regex.marshal`` beside this file. :func:`compile` hands that code
straight to the regex engine (``_sre.compile``, what ``re.compile`` ends with), and compiles
as usual whatever the file does not hold: a pattern changed since the build, a Python other
than the one the file was made by (the file names its exact version and the engine's code
version), a missing, damaged (its sha256 is checked) or unreadable file. A pattern made either
way is the same object (tests/unit/test_rx.py compares them). Standard library only.
"""

from __future__ import annotations

import hashlib
import importlib
import marshal
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import subprocess

CACHE = Path(__file__).resolve().parent / "_regex.marshal"
# what setup.py imports to record the patterns: the address engine and what it imports
CACHED_MODULES = ("songda.address.parse", "songda.address.identity", "songda.address.phone_table")
_MAGIC = b"songda-regex 1\n"

# (pattern, flags) -> the arguments of _sre.compile after the pattern; None until loaded
_cache: dict[tuple[str, int], tuple[Any, ...]] | None = None
_recording: dict[tuple[str, int], tuple[Any, ...]] | None = None
misses: list[str] = []  # patterns compiled the slow way in this process (for tests)


def _stamp() -> bytes:
    """What the cached code depends on: this exact Python and its regex engine."""
    sre = importlib.import_module("_sre")  # no type stubs: Any
    parts = (sys.version, sys.implementation.cache_tag, sre.MAGIC, sre.CODESIZE, marshal.version)
    return repr(parts).encode("utf-8") + b"\n"


def _engine_args(pattern: str, flags: int) -> tuple[Any, ...]:
    """``re._compiler.compile``'s work before its last call: the flags, the code, the group
    count and the group names, for ``_sre.compile(pattern, *args)``."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    p = _parser.parse(pattern, flags)
    code = _compiler._code(p, flags)
    groupindex = p.state.groupdict
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return (
        int(flags | p.state.flags),
        [int(c) for c in code],  # opcodes are int subclasses: plain ints marshal
        p.state.groups - 1,
        dict(groupindex),
        tuple(indexgroup),
    )


def _load(path: Path) -> dict[tuple[str, int], tuple[Any, ...]]:
    """The cache at ``path`` if it was made by this Python and is intact, else empty."""
    try:
        blob = path.read_bytes()
    except OSError:
        return {}
    stamp = _stamp()
    head = len(_MAGIC) + len(stamp)
    if blob[: len(_MAGIC)] != _MAGIC or blob[len(_MAGIC) : head] != stamp:
        return {}
    digest, payload = blob[head : head + 32], blob[head + 32 :]
    if hashlib.sha256(payload).digest() != digest:
        return {}
    try:
        table = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    return table if isinstance(table, dict) else {}


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re's name
    """``re.compile(pattern, flags)``, from the build's cache when it holds the pattern."""
    global _cache
    flags = int(flags)
    if _recording is not None:
        _recording[(pattern, flags)] = _engine_args(pattern, flags)
    cache = _cache
    if cache is None:
        cache = _cache = {} if os.environ.get("SONGDA_NO_REGEX_CACHE") else _load(CACHE)
    args = cache.get((pattern, flags))
    if args is not None:
        try:
            got: re.Pattern[str] = importlib.import_module("_sre").compile(pattern, *args)
            return got
        except Exception:  # noqa: BLE001 - a cache from an engine that differs: compile
            pass
    misses.append(pattern)
    return re.compile(pattern, flags)


def write_cache(path: Path, modules: Sequence[str]) -> int:
    """Import ``modules`` (from source: run with ``SONGDA_PURE=1``) and write the code of
    every pattern they compile to ``path``; returns how many."""
    global _recording
    _recording = {}
    try:
        for name in modules:
            importlib.import_module(name)
        table = _recording
    finally:
        _recording = None
    payload = marshal.dumps(table)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(_MAGIC + _stamp() + hashlib.sha256(payload).digest() + payload)
    os.replace(tmp, path)
    return len(table)


def write_cache_in_child(path: Path, desktop: Path) -> subprocess.CompletedProcess[str]:
    """:func:`write_cache` for :data:`CACHED_MODULES` run by this Python in a fresh process
    that imports them from the sources under ``desktop`` (how setup.py writes the cache);
    its output is the number of patterns."""
    import subprocess

    code = (
        "import sys; from pathlib import Path; from songda.rx import write_cache; "
        "print(write_cache(Path(sys.argv[1]), sys.argv[2:]))"
    )
    env = dict(os.environ, SONGDA_PURE="1", PYTHONPATH=str(desktop), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-c", code, str(path), *CACHED_MODULES],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
