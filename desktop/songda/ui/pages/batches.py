"""Batches page: batch list, create-batch dialog, progress with cancel, open the output folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from songda.errors import KnownError
from songda.letters.formats import FORMATS
from songda.letters.tracking import parse_tracking
from songda.paths import data_dir
from songda.services import batch as batch_svc
from songda.services import templates as template_svc
from songda.store import letters as letters_sql

_Index = QModelIndex | QPersistentModelIndex


class BatchTableModel(QAbstractTableModel):
    COLUMNS = (
        ("name", QT_TRANSLATE_NOOP("BatchTableModel", "Batch")),
        ("status", QT_TRANSLATE_NOOP("BatchTableModel", "Status")),
        ("case_count", QT_TRANSLATE_NOOP("BatchTableModel", "Cases")),
        ("template", QT_TRANSLATE_NOOP("BatchTableModel", "Template")),
        ("label_format", QT_TRANSLATE_NOOP("BatchTableModel", "Label")),
        ("first_tracking", QT_TRANSLATE_NOOP("BatchTableModel", "First number")),
        ("last_tracking", QT_TRANSLATE_NOOP("BatchTableModel", "Last number")),
        ("created_at", QT_TRANSLATE_NOOP("BatchTableModel", "Created")),
    )
    STATUS = {
        "created": QT_TRANSLATE_NOOP("BatchTableModel", "Recorded"),
        "rendering": QT_TRANSLATE_NOOP("BatchTableModel", "Unfinished"),
        "rendered": QT_TRANSLATE_NOOP("BatchTableModel", "Printed"),
        "posted": QT_TRANSLATE_NOOP("BatchTableModel", "Posted"),
        "cancelled": QT_TRANSLATE_NOOP("BatchTableModel", "Abandoned"),
    }

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        key = self.COLUMNS[index.column()][0]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(key)
            if key == "status":
                label = self.STATUS.get(str(value))
                if label is None:
                    return str(value)
                return QCoreApplication.translate("BatchTableModel", str(label))
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return row.get("id")
        if role == Qt.ItemDataRole.TextAlignmentRole and key == "case_count":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return QCoreApplication.translate("BatchTableModel", str(self.COLUMNS[section][1]))
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        return None


class CreateBatchDialog(QDialog):
    """Choose cases, template, label format, first tracking number and output folder."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("New batch"))
        self.template_combo = QComboBox(self)
        for t in template_svc.list_templates(ctx.store):
            self.template_combo.addItem(t.name)
        self.label_combo = QComboBox(self)
        for f in FORMATS.values():
            self.label_combo.addItem(f"{f.name} — {f.label_zh}", f.name)
        self.tracking_edit = QLineEdit(self)
        self.tracking_edit.setPlaceholderText(
            self.tr("e.g. EA12345678CN (empty: registered range)")
        )
        self.tracking_edit.textChanged.connect(self._check_tracking)
        self.tracking_hint = QLabel(self)
        default_out = data_dir() / "batches" / date.today().strftime("%Y%m%d")
        self.out_edit = QLineEdit(str(default_out), self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse)
        out_row = QWidget(self)
        oh = QHBoxLayout(out_row)
        oh.setContentsMargins(0, 0, 0, 0)
        oh.addWidget(self.out_edit, 1)
        oh.addWidget(browse)

        self.cases = QListWidget(self)
        self._rows = letters_sql.sendable_cases(ctx.store)
        for r in self._rows:
            item = QListWidgetItem(f"{r['case_no']}  {r['debtor_name']}  {r['best_address'] or ''}")
            item.setData(Qt.ItemDataRole.UserRole, int(r["case_id"]))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.cases.addItem(item)
        self.cases.itemChanged.connect(self._update_count)
        all_btn = QPushButton(self.tr("All"), self)
        all_btn.clicked.connect(lambda: self._check_all(True))
        none_btn = QPushButton(self.tr("None"), self)
        none_btn.clicked.connect(lambda: self._check_all(False))
        self.count_label = QLabel(self)
        sel = QHBoxLayout()
        sel.addWidget(self.count_label, 1)
        sel.addWidget(all_btn)
        sel.addWidget(none_btn)

        form = QFormLayout()
        form.addRow(self.tr("Template"), self.template_combo)
        form.addRow(self.tr("Label format"), self.label_combo)
        form.addRow(self.tr("First tracking number"), self.tracking_edit)
        form.addRow("", self.tracking_hint)
        form.addRow(self.tr("Output folder"), out_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create and print"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Cases ready to send (confirmed or re-send):"), self))
        lay.addWidget(self.cases, 1)
        lay.addLayout(sel)
        lay.addWidget(self.buttons)
        self.resize(720, 560)
        self._update_count()

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Output folder"), self.out_edit.text()
        )
        if path:
            self.out_edit.setText(path)

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        self.cases.blockSignals(True)
        for i in range(self.cases.count()):
            self.cases.item(i).setCheckState(state)
        self.cases.blockSignals(False)
        self._update_count()

    def selected_case_ids(self) -> list[int]:
        return [
            int(self.cases.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.cases.count())
            if self.cases.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _update_count(self, *_: Any) -> None:
        n = len(self.selected_case_ids())
        self.count_label.setText(self.tr("{0} of {1} cases selected").format(n, self.cases.count()))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(n > 0)

    def _check_tracking(self, text: str) -> None:
        if not text.strip():
            self.tracking_hint.setText(self.tr("Numbers come from the registered ranges."))
            return
        try:
            spec = parse_tracking(text)
        except KnownError as exc:
            self.tracking_hint.setText(exc.message)
            return
        note = self.tr(" (check digit corrected)") if spec.check_corrected else ""
        self.tracking_hint.setText(self.tr("First number: {0}").format(spec.number()) + note)

    def options(self) -> dict[str, Any]:
        return {
            "template": self.template_combo.currentText(),
            "label_format": self.label_combo.currentData(),
            "tracking_start": self.tracking_edit.text().strip() or None,
            "out_dir": Path(self.out_edit.text().strip()),
            "case_ids": self.selected_case_ids(),
        }


class Page(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Any = None
        self.last_report: Any = None
        self.model = BatchTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.open_folder())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        self.ready_label = QLabel(self)
        self.new_button = QPushButton(self.tr("New batch…"), self)
        self.new_button.clicked.connect(self.new_batch)
        self.open_button = QPushButton(self.tr("Open output folder"), self)
        self.open_button.clicked.connect(self.open_folder)
        self.resume_button = QPushButton(self.tr("Resume / re-render"), self)
        self.resume_button.clicked.connect(self.resume)
        self.abandon_button = QPushButton(self.tr("Abandon batch"), self)
        self.abandon_button.clicked.connect(self.abandon)
        top = QHBoxLayout()
        top.addWidget(self.ready_label, 1)
        top.addWidget(self.new_button)
        top.addWidget(self.open_button)
        top.addWidget(self.resume_button)
        top.addWidget(self.abandon_button)

        self.progress = QProgressBar(self)
        self.progress_label = QLabel(self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        prog = QHBoxLayout()
        prog.addWidget(self.progress_label)
        prog.addWidget(self.progress, 1)
        prog.addWidget(self.cancel_button)
        self.progress_row = QWidget(self)
        self.progress_row.setLayout(prog)
        self.progress_row.hide()
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.progress_row)
        lay.addWidget(self.result_label)
        lay.addWidget(self.table, 1)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    # -- data -----------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(batch_svc.list_batches(self.ctx.store))
        self.table.resizeColumnsToContents()
        n = batch_svc.sendable_count(self.ctx.store)
        self.ready_label.setText(self.tr("{0} cases ready to send").format(n))
        self.new_button.setEnabled(n > 0 and self.task is None)
        self._update_buttons()

    def selected_batch(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.rows[rows[0].row()]

    def _update_buttons(self) -> None:
        b = self.selected_batch()
        busy = self.task is not None
        self.open_button.setEnabled(b is not None and bool(b.get("out_dir")))
        self.resume_button.setEnabled(b is not None and b["status"] != "cancelled" and not busy)
        self.abandon_button.setEnabled(
            b is not None and b["status"] in letters_sql.OPEN_BATCH_STATUSES and not busy
        )

    # -- actions ----------------------------------------------------------------
    def new_batch(self) -> None:
        dlg = CreateBatchDialog(self.ctx, self)
        dlg.accepted.connect(lambda: self.start_batch(**dlg.options()))
        dlg.open()
        self.dialog = dlg

    def start_batch(self, **options: Any) -> Any:
        """Run create_batch in the background with progress and cancel; returns the task."""
        return self._run(batch_svc.create_batch, self.tr("Printing batch"), **options)

    def resume(self) -> Any:
        b = self.selected_batch()
        if b is None:
            return None
        return self._run(batch_svc.render_batch, self.tr("Rendering batch"), int(b["id"]))

    def _run(self, fn: Any, title: str, *args: Any, **kwargs: Any) -> Any:
        self.result_label.clear()
        self.progress.setRange(0, 0)
        self.progress_label.setText(title)
        self.progress_row.show()
        self.cancel_button.setEnabled(True)

        def connect(task: Any) -> None:
            # connected before the worker starts: a fast worker cannot finish first
            task.signals.progress.connect(self._on_progress)
            task.signals.succeeded.connect(self._on_done)
            task.signals.failed.connect(lambda err: self.ctx.show_error(self, err))
            task.signals.cancelled.connect(self._on_cancelled)
            task.signals.finished.connect(self._on_finished)

        self.ctx.task_started.connect(connect)
        try:
            task = self.ctx.run_task(fn, *args, title=title, **kwargs)
        finally:
            self.ctx.task_started.disconnect(connect)
        self.task = task
        self.new_button.setEnabled(False)
        self._update_buttons()
        return task

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        self.progress_label.setText(message)

    def _on_done(self, report: Any) -> None:
        self.last_report = report
        lines = [
            self.tr(
                "Batch {0}: {1} letters ({2} pages), {3} label pages, numbers {4} … {5}"
            ).format(
                report.name,
                report.cases,
                report.letter_pages,
                report.label_pages,
                report.first_tracking,
                report.last_tracking,
            ),
            self.tr("Output: {0}").format(report.out_dir),
        ]
        lines += [self.tr("Skipped case {0}: {1}").format(c, why) for c, why in report.skipped]
        lines += [self.tr("Warning: {0}").format(w) for w in report.warnings]
        self.result_label.setText("\n".join(lines))

    def _on_cancelled(self) -> None:
        self.result_label.setText(
            self.tr("Cancelled. The batch is kept; select it and press Resume to finish it.")
        )

    def _on_finished(self) -> None:
        self.task = None
        self.progress_row.hide()
        self.refresh()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling…"))

    def abandon(self) -> None:
        b = self.selected_batch()
        if b is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Abandon batch"),
            self.tr(
                "Abandon batch {0}? Its cases go back to the queue; its tracking numbers stay used."
            ).format(b["name"]),
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                batch_svc.cancel_batch(self.ctx.store, int(b["id"]))
            except KnownError as exc:
                self.ctx.show_error(self, exc)
            self.ctx.data_changed.emit()

    def open_folder(self) -> None:
        b = self.selected_batch()
        path = (
            b.get("out_dir") if b else (str(self.last_report.out_dir) if self.last_report else None)
        )
        if path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
