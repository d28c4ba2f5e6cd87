"""Entry point of the frozen app (PyInstaller): the same as the ``songda`` console script."""

import multiprocessing
import os
import sys

from songda.cli import main

if __name__ == "__main__":
    # The windowed Windows executable has no console: sys.stdout/stderr are None there, and
    # libraries that write warnings to them would fail. Send such output nowhere instead.
    for _name in ("stdout", "stderr"):
        if getattr(sys, _name) is None:
            setattr(sys, _name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    multiprocessing.freeze_support()  # render and import workers are spawned processes
    sys.exit(main())
