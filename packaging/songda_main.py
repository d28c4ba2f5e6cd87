"""Entry point of the frozen app (PyInstaller): the same as the ``songda`` console script."""

import multiprocessing
import sys

from songda.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # harmless when unused; required if a worker pool appears
    sys.exit(main())
