"""The Import page: choose or drop case files (→ the import dialog), earlier imports and
their rejected rows with an error-report export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from songda.ingest.error_report import write_error_report
from songda.store import imports as import_sql
from songda.ui.import_dialog import ImportDialog
from songda.ui.import_models import ImportHistoryModel, RejectedModel

FILE_FILTER = "*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv"


class Page(QWidget):
    dialog_opened = Signal(object)  # the ImportDialog

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dialog: ImportDialog | None = None
        title = QLabel(self.tr("Import case files"), self)
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        title.setFont(f)
        hint = QLabel(
            self.tr(
                "Excel (xlsx, xlsm, xls), OpenDocument (ods) or text (csv, txt in UTF-8, GBK or"
                " UTF-16). Drop files on the window or choose them. You can check the column"
                " mapping before anything is stored."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose files…"), self)
        self.choose_button.clicked.connect(self.choose_files)
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.choose_button)

        self.history_model = ImportHistoryModel(self)
        self.history_view = QTableView(self)
        self.history_view.setModel(self.history_model)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.horizontalHeader().setStretchLastSection(True)
        self.history_view.selectionModel().currentRowChanged.connect(self._history_selected)

        self.rejected_model = RejectedModel(self)
        self.rejected_view = QTableView(self)
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.rejected_label = QLabel(self.tr("Rejected rows of the selected import"), self)
        self.export_button = QPushButton(self.tr("Export error report…"), self)
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export_error_report())
        lower = QWidget(self)
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.rejected_label, 1)
        row.addWidget(self.export_button)
        ll.addLayout(row)
        ll.addWidget(self.rejected_view, 1)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.history_view)
        split.addWidget(lower)

        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addLayout(top)
        lay.addWidget(QLabel(self.tr("Earlier imports"), self))
        lay.addWidget(split, 1)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    # -- hooks the main window calls ----------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def import_paths(self, paths: list[Path]) -> ImportDialog:
        """Open the mapping dialog for ``paths`` (non-modal: the event loop keeps running)."""
        dialog = ImportDialog(self.ctx, [Path(p) for p in paths], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.import_finished.connect(lambda _r: self.refresh())
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)
        return dialog

    def choose_files(self) -> None:
        start = str(self.ctx.settings.value("import/last_dir", str(Path.home())))
        files, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import case files"),
            start,
            self.tr("Case files ({0})").format(FILE_FILTER),
        )
        if files:
            self.ctx.settings.setValue("import/last_dir", str(Path(files[0]).parent))
            self.import_paths([Path(f) for f in files])

    # -- history ------------------------------------------------------------------------
    def refresh(self) -> None:
        self.history_model.set_rows(import_sql.list_imports(self.ctx.store))
        if self.history_model.rowCount():
            self.history_view.selectRow(0)
            self._history_selected(self.history_model.index(0, 0))
        else:
            self.rejected_model.set_rows([])
            self.export_button.setEnabled(False)

    def _history_selected(self, current: Any, _previous: Any = None) -> None:
        import_id = self.history_model.import_id(current.row()) if current.isValid() else None
        rows = import_sql.rejected_rows(self.ctx.store, import_id) if import_id else []
        self.rejected_model.set_rows(rows)
        self.export_button.setEnabled(bool(rows))
        self.rejected_label.setText(
            self.tr("Rejected rows of the selected import: {0}").format(len(rows))
        )

    def export_error_report(self, path: Path | None = None) -> Path | None:
        rows = self.rejected_model.rows()
        if not rows:
            return None
        if path is None:
            start = str(self.ctx.settings.value("import/last_dir", str(Path.home())))
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                self.tr("Export error report"),
                str(Path(start) / "错误报告.xlsx"),
                self.tr("Excel workbook (*.xlsx)"),
            )
            if not chosen:
                return None
            path = Path(chosen)
        return write_error_report(path, rows)
