"""Build step: compile the hot modules with mypyc (everything else is in pyproject.toml).

The modules in ``songda.native.COMPILED`` are plain, strictly typed Python; mypyc turns them
into C extensions that run the same code 1.5-2x faster: the address engine (all of
``songda address parse``), the import's row checks, the ranking's scoring and its workers. The compiled modules are an
accelerator only: if mypyc or a C compiler is missing the build carries on and Songda runs the
same modules as Python (``SONGDA_PURE_BUILD=1`` skips the compilation on purpose). The build
records the sha256 of each compiled source in ``songda/_native.json``; at start-up
``songda.native`` imports any module whose source has changed since from its source.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
SRC = HERE / "desktop"
sys.path.insert(0, str(SRC))
from songda.native import COMPILED, MANIFEST, module_name, source_digest  # noqa: E402
from songda.rx import CACHE, write_cache_in_child  # noqa: E402

# setup.py is also run for metadata only (egg_info, dist_info): compile for the build steps
BUILD_COMMANDS = {"build", "build_ext", "bdist_wheel", "editable_wheel", "develop", "install"}


def _note(msg: str) -> None:
    print(f"songda setup: {msg}", file=sys.stderr)


def _extensions() -> list[Any]:
    if os.environ.get("SONGDA_PURE_BUILD") == "1" or not BUILD_COMMANDS & set(sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _note("mypyc is not installed: the modules stay pure Python (slower)")
        return []
    cwd = os.getcwd()
    os.chdir(HERE)
    try:
        # pip builds before it installs the dependencies: their types may be missing here
        # (mypy then treats them as Any; the code compiled is the same)
        sources = [f"desktop/{p}" for p in COMPILED]
        exts = mypycify(["--ignore-missing-imports", *sources], opt_level="3", debug_level="0")
    except (Exception, SystemExit) as exc:  # mypy errors end in SystemExit
        _note(f"mypyc failed ({exc}): the modules stay pure Python (slower)")
        return []
    finally:
        os.chdir(cwd)
    for ext in exts:
        ext.optional = True  # no C compiler: carry on without the extension
    return exts


class BuildExt(build_ext):  # type: ignore[misc]
    """Builds the extensions, then records which sources they were compiled from."""

    def run(self) -> None:
        super().run()
        self._regex_cache()
        if not self.extensions:
            return
        # the compiled modules are shims over one shared library: without it none can load
        shared = [e.name for e in self.extensions if e.name.endswith("__mypyc")]
        if any(not Path(self.get_ext_fullpath(name)).is_file() for name in shared):
            for p in COMPILED:
                Path(self.get_ext_fullpath(module_name(p))).unlink(missing_ok=True)
            _note("the shared mypyc library did not build: the modules stay pure Python")
            return
        digests = {
            name: source_digest(SRC / p)
            for p in COMPILED
            if Path(self.get_ext_fullpath(name := module_name(p))).is_file()
        }
        if self.inplace:
            target = SRC / "songda" / MANIFEST
        else:
            target = Path(self.build_lib) / "songda" / MANIFEST
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"modules": digests}, indent=1), encoding="utf-8")
        _note(f"{len(digests)} of {len(COMPILED)} modules compiled")

    def _regex_cache(self) -> None:
        """Record the engine code of the address engine's regular expressions for this
        Python (songda/rx.py), in a child process that imports the modules from source."""
        base = SRC if self.inplace else Path(self.build_lib)
        target = base / "songda" / CACHE.name
        target.parent.mkdir(parents=True, exist_ok=True)
        done = write_cache_in_child(target, SRC)
        if done.returncode == 0:
            _note(f"{done.stdout.strip()} regular expressions cached in {target.name}")
        else:  # an accelerator only: the patterns are then compiled at start-up
            _note(f"no regular expression cache: {done.stderr.strip()[-300:]}")


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildExt})
