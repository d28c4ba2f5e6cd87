"""Application start-up: QApplication, bundled font, translations, database, main window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from songda.errors import KnownError
from songda.paths import data_dir, default_db_path, resource
from songda.store import Store, open_store

log = logging.getLogger(__name__)

UI_FONT = ("fonts", "wqy-zenhei.ttc")
LANGUAGES = ("zh_CN", "en")
DEMO_SUFFIXES = (".xlsx", ".csv", ".xls", ".ods")


def make_app() -> QApplication:
    """The QApplication (created once), with organisation names for QSettings."""
    existing = QApplication.instance()
    if existing is not None:
        assert isinstance(existing, QApplication)
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setOrganizationName("Songda")
    app.setApplicationName("Songda")
    app.setApplicationDisplayName("送达 Songda")
    return app


def install_font(app: QApplication) -> str | None:
    """Register the bundled CJK sans font and make it the application font.

    Returns the family name, or None when the font file is missing (then Qt falls back to
    whatever the system has, which may render Chinese as boxes)."""
    path = resource(*UI_FONT)
    font_id = QFontDatabase.addApplicationFont(str(path))
    if font_id < 0:
        log.warning("could not load the UI font %s", path)
        return None
    families = QFontDatabase.applicationFontFamilies(font_id)
    if not families:
        return None
    family = families[0]
    font = QFont(family)
    size = app.font().pointSizeF()
    if size > 0:
        font.setPointSizeF(size)
    app.setFont(font)
    return family


def choose_language(store: Store | None) -> str:
    """Language from the setting ``ui.language`` (zh_CN / en / system), else the system
    locale: Chinese locales get zh_CN, everything else English."""
    chosen = store.get_setting("ui.language", "system") if store is not None else "system"
    env = os.environ.get("SONGDA_LANG")
    if env in LANGUAGES:
        chosen = env
    if chosen in LANGUAGES:
        return str(chosen)
    return "zh_CN" if QLocale.system().language() == QLocale.Language.Chinese else "en"


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Load ``resources/translations/songda_<language>.qm``; English needs none."""
    old = getattr(app, "_songda_translator", None)
    if old is not None:
        app.removeTranslator(old)
        app._songda_translator = None  # type: ignore[attr-defined]
    if language == "en":
        return None
    translator = QTranslator(app)
    qm = resource("translations", f"songda_{language}.qm")
    if not translator.load(str(qm)):
        log.warning("no translation file %s", qm)
        return None
    app.installTranslator(translator)
    app._songda_translator = translator  # type: ignore[attr-defined]
    return translator


def resolve_db(args: argparse.Namespace) -> Path:
    """``--db``, else ``SONGDA_DB``, else the default (``--demo`` alone gets its own file
    so the demo never mixes into the operator's real data)."""
    if getattr(args, "db", None):
        return Path(args.db)
    if os.environ.get("SONGDA_DB"):
        return Path(os.environ["SONGDA_DB"])
    if getattr(args, "demo", False):
        return data_dir() / "songda-demo.db"
    return default_db_path()


def demo_file() -> Path | None:
    folder = resource("demo")
    if not folder.is_dir():
        return None
    for suffix in DEMO_SUFFIXES:
        files = sorted(folder.glob(f"*{suffix}"))
        if files:
            return files[0]
    return None


def run_startup_hook(store: Store, db_path: Path) -> None:
    """The foundation's start-up duties (automatic daily backup), when present."""
    from songda.ui.context import optional

    on_app_start = optional("songda.services.startup", "on_app_start")
    if on_app_start is None:
        return
    try:
        on_app_start(store, db_path)
    except KnownError as exc:
        log.warning("start-up: %s", exc)
    except Exception:
        log.exception("start-up hook failed")


def run(args: argparse.Namespace) -> int:
    app = make_app()
    install_font(app)
    smoke = bool(getattr(args, "smoke", False))
    db_path = resolve_db(args)
    try:
        store = open_store(db_path, operator=getattr(args, "operator", None))
    except KnownError as exc:
        install_translator(app, choose_language(None))
        if not smoke:
            QMessageBox.critical(None, "送达 Songda", str(exc))
        print(f"错误：{exc.message}", file=sys.stderr)
        return 2
    install_translator(app, choose_language(store))
    run_startup_hook(store, db_path)

    from songda.ui.context import AppContext
    from songda.ui.main_window import MainWindow

    ctx = AppContext(db_path, store=store)
    window = MainWindow(ctx)
    window.show()

    pending = []
    if getattr(args, "demo", False):
        task = start_demo_import(ctx, window)
        if task is not None:
            pending.append(task)

    if smoke:

        def quit_when_idle() -> None:
            if any(not t.done for t in pending):
                QTimer.singleShot(100, quit_when_idle)
                return
            failed = [t for t in pending if t.error is not None]
            if failed:
                print(f"demo import failed: {failed[0].error}", file=sys.stderr)
                app.exit(1)
            else:
                app.exit(0)

        QTimer.singleShot(0, quit_when_idle)
    rc = int(app.exec())
    window.save_state()
    ctx.shutdown()
    return rc


def start_demo_import(ctx, window):  # type: ignore[no-untyped-def]
    """Import the bundled demo case file in a worker when the database has no cases."""
    from songda.store.caselist import status_counts

    if sum(status_counts(ctx.store).values()) > 0:
        return None
    path = demo_file()
    if path is None:
        log.warning("no demo data under %s", resource("demo"))
        return None
    from songda.ui.context import optional

    import_files = optional("songda.services.import_file", "import_files")
    if import_files is None:
        log.warning("the import service is not available in this build")
        return None
    return ctx.run_task(
        import_files,
        [path],
        title=QCoreApplication.translate("MainWindow", "Loading demo data"),
        on_error=lambda e: ctx.show_error(window, e),
    )
