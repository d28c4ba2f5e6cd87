"""The main window: navigation between pages, drop-to-import, status bar."""

from __future__ import annotations

import importlib
import logging
import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from songda.ui.context import AppContext, optional
from songda.ui.progress import TaskProgress
from songda.ui.workers import Task

log = logging.getLogger(__name__)

PAGE_KEYS = (
    "import",
    "cases",
    "review",
    "batches",
    "delivery",
    "blacklist",
    "templates",
    "dashboard",
    "settings",
)
IMPORT_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".txt", ".tsv"}


class UnavailablePage(QWidget):
    """Shown for a page whose module is not part of this build (or failed to load)."""

    def __init__(self, title: str, details: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        head = QLabel(self.tr("{0} is not available in this build.").format(title), self)
        head.setObjectName("unavailableTitle")
        head.setWordWrap(True)
        f = head.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        head.setFont(f)
        lay.addWidget(head)
        if details:
            text = QPlainTextEdit(details, self)
            text.setReadOnly(True)
            lay.addWidget(text, 1)
        else:
            lay.addStretch(1)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Songda — address review and letters"))
        self.setAcceptDrops(True)
        self._titles = {
            "import": self.tr("Import"),
            "cases": self.tr("Cases"),
            "review": self.tr("Review"),
            "batches": self.tr("Batches"),
            "delivery": self.tr("Delivery"),
            "blacklist": self.tr("Blacklist"),
            "templates": self.tr("Templates"),
            "dashboard": self.tr("Dashboard"),
            "settings": self.tr("Settings"),
        }
        self.pages: dict[str, QWidget] = {}

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setUniformItemSizes(True)
        for key in PAGE_KEYS:
            item = QListWidgetItem(self._titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 7px 12px; }")
        self.nav.setMinimumWidth(110)
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_menus()
        self.db_label = QLabel(self)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.counts_label = QLabel(self)
        self.task_progress = TaskProgress(self)
        sb = self.statusBar()
        sb.addWidget(self.db_label, 1)
        sb.addPermanentWidget(self.task_progress)
        sb.addPermanentWidget(self.counts_label)
        ctx.task_started.connect(self.task_progress.track)
        # several changes in a row (undo bursts, imports) cost one recount
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(150)
        self._status_timer.timeout.connect(self.update_status)
        ctx.data_changed.connect(self._status_timer.start)

        self.nav.currentRowChanged.connect(self._on_nav)
        self._restore_state()
        self.update_status()
        start = str(ctx.settings.value("main/page", "cases"))
        self.show_page(start if start in PAGE_KEYS else "cases")

    # -- menus ------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        act = QAction(self.tr("&Import files…"), self)
        act.setShortcut(QKeySequence.StandardKey.Open)
        act.triggered.connect(self.choose_import_files)
        file_menu.addAction(act)
        act = QAction(self.tr("Open data &folder"), self)
        act.triggered.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.db_path.parent)))
        )
        file_menu.addAction(act)
        file_menu.addSeparator()
        act = QAction(self.tr("&Quit"), self)
        act.setShortcut(QKeySequence.StandardKey.Quit)
        act.triggered.connect(self.close)
        file_menu.addAction(act)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.ctx.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctx.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        self.undo_action, self.redo_action = undo, redo

        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for i, key in enumerate(PAGE_KEYS):
            act = QAction(self._titles[key], self)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, k=key: self.show_page(k))
            go_menu.addAction(act)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        act = QAction(self.tr("&About Songda"), self)
        act.triggered.connect(self._about)
        help_menu.addAction(act)

    def _about(self) -> None:
        from songda import __version__

        QMessageBox.about(
            self,
            self.tr("About Songda"),
            self.tr(
                "Songda {0}: offline address cleaning, review, lawyer letters and delivery"
                " feedback. Debtor data never leaves this computer."
            ).format(__version__),
        )

    # -- pages --------------------------------------------------------------------
    def page(self, key: str) -> QWidget:
        """The page widget for ``key``, created on first use."""
        if key not in self.pages:
            w = self._load_page(key)
            self.pages[key] = w
            self.stack.addWidget(w)
        return self.pages[key]

    def _load_page(self, key: str) -> QWidget:
        name = f"songda.ui.pages.{key}"
        title = self._titles[key]
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                return UnavailablePage(title, parent=self.stack)
            log.exception("loading page %s", key)
            return UnavailablePage(title, traceback.format_exc(), parent=self.stack)
        except Exception:
            log.exception("loading page %s", key)
            return UnavailablePage(title, traceback.format_exc(), parent=self.stack)
        try:
            page: QWidget = module.Page(self.ctx, self.stack)
        except Exception:
            log.exception("building page %s", key)
            return UnavailablePage(title, traceback.format_exc(), parent=self.stack)
        page.setObjectName(f"page_{key}")
        return page

    def show_page(self, key: str) -> QWidget:
        row = PAGE_KEYS.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # -> _on_nav
        return self.page(key)

    def current_key(self) -> str:
        return PAGE_KEYS[max(0, self.nav.currentRow())]

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        key = PAGE_KEYS[row]
        w = self.page(key)
        self.stack.setCurrentWidget(w)
        self.ctx.settings.setValue("main/page", key)
        activated = getattr(w, "activated", None)
        if callable(activated):
            activated()

    # -- import by drop or menu -------------------------------------------------------
    @staticmethod
    def importable_paths(urls: list[QUrl]) -> list[Path]:
        out = []
        for url in urls:
            if url.isLocalFile():
                p = Path(url.toLocalFile())
                if p.suffix.lower() in IMPORT_SUFFIXES:
                    out.append(p)
        return out

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        md = event.mimeData()
        if md.hasUrls() and self.importable_paths(md.urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802
        paths = self.importable_paths(event.mimeData().urls())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    def choose_import_files(self) -> None:
        start = str(self.ctx.settings.value("import/last_dir", str(Path.home())))
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import case files"),
            start,
            self.tr("Case files (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv)"),
        )
        if files:
            self.ctx.settings.setValue("import/last_dir", str(Path(files[0]).parent))
            self.import_paths([Path(f) for f in files])

    def import_paths(self, paths: list[Path]) -> Task | None:
        """Import files: through the Import page when it offers ``import_paths``, else
        straight through the import service in a worker with a progress bar."""
        page = self.show_page("import")
        handler = getattr(page, "import_paths", None)
        if callable(handler):
            result = handler(paths)
            return result if isinstance(result, Task) else None
        import_files = optional("songda.services.import_file", "import_files")
        if import_files is None:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                self.tr("Import"),
                self.tr("Importing is not available in this build."),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.open()  # not exec(): never block the event loop
            return None
        task = self.ctx.run_task(
            import_files,
            list(paths),
            title=self.tr("Importing {0}").format(", ".join(p.name for p in paths)),
            on_error=lambda e: self.ctx.show_error(self, e),
        )
        task.signals.succeeded.connect(self._import_done)
        return task

    def _import_done(self, report: Any) -> None:
        summary = getattr(report, "summary_zh", None)
        text = summary() if callable(summary) else str(report)
        self.statusBar().showMessage(self.tr("Import finished: {0}").format(text), 15000)

    # -- status bar -------------------------------------------------------------------
    def update_status(self) -> None:
        from songda.store.caselist import status_counts

        if self.ctx.closed:
            return
        self.db_label.setText(self.tr("Database: {0}").format(self.ctx.db_path))
        counts = status_counts(self.ctx.store)
        total = sum(counts.values())
        self.counts_label.setText(
            self.tr("{0} cases · {1} to review").format(total, counts.get("needs_review", 0))
        )

    # -- window state -----------------------------------------------------------------
    def _restore_state(self) -> None:
        s = self.ctx.settings
        geo = s.value("main/geometry")
        if isinstance(geo, QByteArray) and not geo.isEmpty():
            self.restoreGeometry(geo)
        else:
            self.resize(1280, 800)
        split = s.value("main/splitter")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.splitter.restoreState(split)
        else:
            self.splitter.setSizes([150, 1130])

    def save_state(self) -> None:
        s = self.ctx.settings
        s.setValue("main/geometry", self.saveGeometry())
        s.setValue("main/splitter", self.splitter.saveState())
        for page in self.pages.values():
            save = getattr(page, "save_state", None)
            if callable(save):
                save()
        s.sync()

    def closeEvent(self, event: Any) -> None:  # noqa: N802
        self.save_state()
        super().closeEvent(event)
