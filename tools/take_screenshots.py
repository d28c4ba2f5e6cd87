"""Screenshots of the main window with the bundled demo data (offscreen, Chinese UI).

    QT_QPA_PLATFORM=offscreen python tools/take_screenshots.py [--out docs/screenshots]

Imports resources/demo into a temporary database, then grabs: main-window.png (Cases page),
case-list.png (the list filtered to 待审核), review-panel.png (the Review page) and
import-dialog.png (when the Import page offers a dialog).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["SONGDA_LANG"] = "zh_CN"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from songda.services.import_file import import_files
    from songda.store import open_store
    from songda.ui.app import choose_language, demo_file, install_font, install_translator, make_app
    from songda.ui.context import AppContext
    from songda.ui.main_window import MainWindow

    tmp = Path(tempfile.mkdtemp(prefix="songda-shots-"))
    db = tmp / "demo.db"
    store = open_store(db, operator="演示操作员")
    demo = demo_file()
    assert demo is not None, "no demo data"
    import_files(store, [demo])
    app = make_app()
    install_font(app)
    install_translator(app, choose_language(store))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(db, store=store, settings=settings)
    win = MainWindow(ctx)
    win.resize(1360, 820)
    win.show()

    def settle() -> None:
        for _ in range(5):
            QApplication.processEvents()

    cases = win.show_page("cases")
    settle()
    cases.select_row(0)
    settle()
    win.grab().save(str(args.out / "main-window.png"))
    cases.set_status_filter("needs_review")
    settle()
    cases.select_row(2)
    settle()
    cases.grab().save(str(args.out / "case-list.png"))
    review = win.show_page("review")
    settle()
    review.panel.select(1)
    settle()
    win.grab().save(str(args.out / "review-panel.png"))
    imp = win.show_page("import")
    settle()
    dlg = imp.import_paths([demo])  # the ingest engineer's mapping dialog
    if dlg is not None:
        import time

        deadline = time.monotonic() + 60
        while not dlg.import_button.isEnabled() and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.02)
        settle()
        dlg.grab().save(str(args.out / "import-dialog.png"))
        dlg.reject()
    win.close()
    ctx.shutdown()
    print(f"screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
