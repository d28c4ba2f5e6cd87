"""The import dialog: sheet chooser, editable column mapping with a preview of the first rows,
named mapping profiles, progress with cancel, and the result with the rejected rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from songda.ingest.columns import all_fields
from songda.ingest.error_report import write_error_report
from songda.ingest.layout import Inspection
from songda.ingest.model import ImportReport
from songda.services.import_file import ImportJob, import_jobs, inspect_import
from songda.services.isolated import run_isolated
from songda.store import imports as import_sql
from songda.ui.import_models import MappingModel, PreviewModel, RejectedModel, field_label


class FieldDelegate(QStyledItemDelegate):
    """A combo box of every field an operator can choose for a column."""

    def createEditor(self, parent, option, index):  # noqa: N802
        combo = QComboBox(parent)
        combo.addItem(field_label(None), "")
        for f in all_fields():
            combo.addItem(field_label(f), f)
        return combo

    def setEditorData(self, editor, index):  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        i = editor.findData(value)
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor, model, index):  # noqa: N802
        value = editor.currentData()
        model.setData(index, value or None, Qt.ItemDataRole.EditRole)


def rejected_dicts(report: ImportReport) -> list[dict[str, Any]]:
    return [
        {
            "row_no": r.row_no,
            "reasons": [{"code": x.code, "message": x.message} for x in r.reasons],
            "data": r.data,
            "file": f.file_name,
        }
        for f in report.files
        for r in f.rejected
    ]


class ImportDialog(QDialog):
    """``ImportDialog(ctx, paths)``: inspect each file in a worker, let the operator check
    the mapping, import in a worker, show the result. Never blocks the event loop."""

    inspected = Signal(int)  # index of a file whose inspection arrived (or failed)
    import_finished = Signal(object)  # ImportReport
    import_failed = Signal(object)  # the error
    import_cancelled = Signal()

    def __init__(self, ctx: Any, paths: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.paths = [Path(p) for p in paths]
        self.inspections: list[Inspection | None] = [None] * len(self.paths)
        self.errors: list[str | None] = [None] * len(self.paths)
        self.mappings: list[dict[str, str | None]] = [{} for _ in self.paths]
        self.current = 0
        self.task: Any = None
        self.report: ImportReport | None = None
        self._loading = False
        self.setWindowTitle(self.tr("Import case files"))
        self.resize(1100, 720)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._result_page())
        lay = QVBoxLayout(self)
        lay.addWidget(self.stack)
        for i in range(len(self.paths)):
            self._inspect(i)

    # -- page 1: mapping ----------------------------------------------------------------
    def _mapping_page(self) -> QWidget:
        page = QWidget(self)
        self.files = QListWidget(page)
        for p in self.paths:
            self.files.addItem(p.name)
        self.files.setVisible(len(self.paths) > 1)
        self.files.setMaximumWidth(220)
        self.files.currentRowChanged.connect(self._show_file)

        self.sheet_combo = QComboBox(page)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.header_label = QLabel(page)
        self.info_label = QLabel(page)
        self.info_label.setWordWrap(True)
        self.info_label.setObjectName("importInfo")
        self.profile_combo = QComboBox(page)
        self.profile_combo.activated.connect(self._profile_chosen)
        self.profile_name = QLineEdit(page)
        self.profile_name.setPlaceholderText(self.tr("name to save this mapping (optional)"))
        self.force_box = QCheckBox(self.tr("Import again although this file was imported"), page)
        self.force_box.setVisible(False)

        form = QFormLayout()
        form.addRow(self.tr("Sheet:"), self.sheet_combo)
        form.addRow(self.tr("Header row:"), self.header_label)
        form.addRow(self.tr("Apply saved mapping:"), self.profile_combo)
        form.addRow(self.tr("Save mapping as:"), self.profile_name)

        self.mapping_model = MappingModel(self)
        self.mapping_model.mapping_changed.connect(self._mapping_edited)
        self.mapping_view = QTableView(page)
        self.mapping_view.setModel(self.mapping_model)
        self.mapping_view.setItemDelegateForColumn(MappingModel.FIELD, FieldDelegate(self))
        self.mapping_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.mapping_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.mapping_view.horizontalHeader().setStretchLastSection(True)
        self.preview_model = PreviewModel(self)
        self.preview_view = QTableView(page)
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        split = QSplitter(Qt.Orientation.Vertical, page)
        split.addWidget(self.mapping_view)
        split.addWidget(self.preview_view)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.info_label)
        right.addWidget(split, 1)
        right.addWidget(self.force_box)
        top = QHBoxLayout()
        top.addWidget(self.files)
        top.addLayout(right, 1)

        self.progress_label = QLabel(page)
        self.progress_bar = QProgressBar(page)
        self.progress_bar.setVisible(False)
        self.import_button = QPushButton(self.tr("Import"), page)
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.cancel_button = QPushButton(self.tr("Cancel"), page)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress_label, 1)
        buttons.addWidget(self.progress_bar, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.cancel_button)

        lay = QVBoxLayout(page)
        lay.addLayout(top, 1)
        lay.addLayout(buttons)
        self._fill_profiles()
        return page

    def _fill_profiles(self) -> None:
        self.profile_combo.clear()
        self.profile_combo.addItem(self.tr("(automatic)"), "")
        for p in import_sql.list_profiles(self.ctx.store):
            self.profile_combo.addItem(p["name"], p["name"])

    def _inspect(self, i: int, sheet: str | None = None) -> None:
        self._loading = True
        self.progress_label.setText(self.tr("Reading {0}…").format(self.paths[i].name))

        def connect(task: Any) -> None:
            task.signals.succeeded.connect(lambda ins: self._inspected(i, ins))
            task.signals.failed.connect(lambda err: self._inspect_failed(i, err))

        self._run(
            connect,
            inspect_import,
            self.paths[i],
            sheet=sheet,
            isolated=True,
            title=self.tr("Reading {0}").format(self.paths[i].name),
            writes=False,
        )

    def _run(self, connect: Callable[[Any], None], fn: Any, *args: Any, **kwargs: Any) -> Any:
        """``ctx.run_task`` with our slots connected before the worker starts (a fast
        worker could otherwise finish before a later ``connect``)."""

        def hook(task: Any) -> None:
            self.ctx.task_started.disconnect(hook)
            connect(task)

        self.ctx.task_started.connect(hook)
        return self.ctx.run_task(fn, *args, **kwargs)

    def _inspected(self, i: int, ins: Inspection) -> None:
        self.inspections[i] = ins
        self.errors[i] = None
        self.mappings[i] = ins.mapping
        self._loading = False
        self.progress_label.clear()
        if i == self.current:
            self._show_file(i)
        self._update_buttons()
        self.inspected.emit(i)

    def _inspect_failed(self, i: int, err: BaseException) -> None:
        summary, _details = self.ctx.error_text(err)
        self.errors[i] = summary
        self._loading = False
        self.progress_label.clear()
        if i == self.current:
            self._show_file(i)
        self._update_buttons()
        self.inspected.emit(i)

    def _show_file(self, i: int) -> None:
        if i < 0:
            return
        self.current = i
        if self.files.currentRow() != i:
            self.files.setCurrentRow(i)
        ins = self.inspections[i]
        self.sheet_combo.clear()
        if ins is None:
            self.mapping_model.set_matches([], [])
            self.preview_model.set_rows([], [])
            self.header_label.clear()
            self.info_label.setText(self.errors[i] or self.tr("Reading…"))
            return
        self.sheet_combo.addItems(ins.sheet_names)
        self.sheet_combo.setCurrentText(ins.sheet)
        self.header_label.setText(
            self.tr("row {0} · {1} data rows").format(ins.header_row, ins.data_rows)
        )
        self.preview_model.set_rows(ins.headers, ins.preview)
        saved = self.mappings[i]
        self.preview_model.set_fields(saved or ins.mapping)
        self.preview_view.resizeColumnsToContents()
        matches = [m for m in ins.matches]
        self.mapping_model.set_matches(matches, ins.preview)
        for row, m in enumerate(matches):
            if saved.get(m.header, m.field) != m.field:
                self.mapping_model.setData(
                    self.mapping_model.index(row, MappingModel.FIELD), saved.get(m.header)
                )
        notes: list[str] = []
        if ins.profile:
            notes.append(self.tr("Saved mapping “{0}” applied (same headers).").format(ins.profile))
        if ins.already_imported:
            ids = ", ".join(str(x) for x in ins.already_imported)
            notes.append(self.tr("This file was imported before (import {0}).").format(ids))
        if ins.encoding:
            notes.append(self.tr("Text encoding: {0}").format(ins.encoding))
        self.force_box.setVisible(any(x and x.already_imported for x in self.inspections))
        self.info_label.setText(" ".join(notes))

    def _sheet_chosen(self, _row: int) -> None:
        sheet = self.sheet_combo.currentText()
        ins = self.inspections[self.current]
        if ins is not None and sheet and sheet != ins.sheet:
            self.inspections[self.current] = None
            self._update_buttons()
            self._inspect(self.current, sheet)

    def _profile_chosen(self, _row: int) -> None:
        name = self.profile_combo.currentData()
        ins = self.inspections[self.current]
        if ins is None:
            return
        mapping: dict[str, str | None]
        if name:
            prof = import_sql.profile_by_name(self.ctx.store, name)
            mapping = prof["mapping"] if prof else ins.mapping
        else:
            mapping = {m.header: m.field for m in ins.matches}
        for row, m in enumerate(ins.matches):
            self.mapping_model.setData(
                self.mapping_model.index(row, MappingModel.FIELD), mapping.get(m.header)
            )

    def _mapping_edited(self) -> None:
        mapping = self.mapping_model.mapping()
        if self.inspections[self.current] is not None:
            self.mappings[self.current] = mapping
        self.preview_model.set_fields(mapping)
        self._update_buttons()

    def missing_fields(self, mapping: dict[str, str | None]) -> list[str]:
        fields = {f.split(".")[0] for f in mapping.values() if f}
        need = [
            ("case_no", "case_no"),
            ("debtor_name", "debtor_name"),
            ("address", "address.other"),
        ]
        return [field_label(label) for f, label in need if f not in fields]

    def _update_buttons(self) -> None:
        ready = [i for i, ins in enumerate(self.inspections) if ins is not None]
        missing = self.missing_fields(self.mappings[self.current]) if ready else []
        ok = bool(ready) and not self._loading and self.task is None
        ok = ok and all(not self.missing_fields(self.mappings[i]) for i in ready)
        self.import_button.setEnabled(ok)
        if missing and self.inspections[self.current] is not None:
            self.progress_label.setText(
                self.tr("Choose a column for: {0}").format("、".join(missing))
            )
        elif self.task is None and not self._loading:
            self.progress_label.clear()

    # -- importing ------------------------------------------------------------------------
    def start_import(self) -> Any:
        jobs = [
            ImportJob(self.paths[i], ins.sheet, self.mappings[i], ins.profile)
            for i, ins in enumerate(self.inspections)
            if ins is not None
        ]
        if not jobs:
            return None
        name = self.profile_name.text().strip()
        ins = self.inspections[self.current]
        if name and ins is not None:
            import_sql.save_profile(
                self.ctx.store, name, ins.headers_key, self.mappings[self.current]
            )
            jobs = [
                ImportJob(j.path, j.sheet, j.mapping, name) if j.path == ins.path else j
                for j in jobs
            ]
        self.import_button.setEnabled(False)
        self.progress_bar.setVisible(True)
        self.progress_bar.setRange(0, 0)

        def connect(task: Any) -> None:
            self.task = task
            task.signals.progress.connect(self._progress)
            task.signals.succeeded.connect(self._imported)
            task.signals.failed.connect(self._failed)
            task.signals.cancelled.connect(self._cancelled)

        # the whole import in a child process: this process's interpreter lock stays free,
        # so the event loop never waits for the import's threads (services/isolated.py)
        self._run(
            connect,
            run_isolated,
            import_jobs,
            jobs,
            force=self.force_box.isChecked(),
            title=self.tr("Importing {0}").format(", ".join(p.name for p in self.paths)),
        )
        return self.task

    def _progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
        self.progress_label.setText(message)

    def _imported(self, report: ImportReport) -> None:
        self.task = None
        self.report = report
        self.progress_bar.setVisible(False)
        self._show_result(report)
        self.import_finished.emit(report)

    def _failed(self, err: BaseException) -> None:
        self.task = None
        self.progress_bar.setVisible(False)
        summary, _ = self.ctx.error_text(err)
        self.info_label.setText(summary)
        self._update_buttons()
        self.import_failed.emit(err)

    def _cancelled(self) -> None:
        self.task = None
        self.progress_bar.setVisible(False)
        self.progress_label.setText(self.tr("Import cancelled: nothing was changed."))
        self._update_buttons()
        self.import_cancelled.emit()

    def cancel(self) -> None:
        """Cancel the running import, else close the dialog."""
        if self.task is not None:
            self.task.cancel()
            self.progress_label.setText(self.tr("Cancelling…"))
            return
        self.reject()

    # -- page 2: result -------------------------------------------------------------------
    def _result_page(self) -> QWidget:
        page = QWidget(self)
        self.summary_label = QLabel(page)
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rejected_model = RejectedModel(self)
        self.rejected_view = QTableView(page)
        self.rejected_view.setModel(self.rejected_model)
        self.rejected_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.export_button = QPushButton(self.tr("Export error report…"), page)
        self.export_button.clicked.connect(lambda: self.export_error_report())
        close = QPushButton(self.tr("Close"), page)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay = QVBoxLayout(page)
        lay.addWidget(self.summary_label)
        lay.addWidget(QLabel(self.tr("Rejected rows:"), page))
        lay.addWidget(self.rejected_view, 1)
        lay.addLayout(buttons)
        return page

    def _show_result(self, report: ImportReport) -> None:
        lines: list[str] = []
        for f in report.files:
            if f.skipped:
                lines.append(
                    self.tr("{0}: imported before, not imported again.").format(f.file_name)
                )
                continue
            lines.append(
                self.tr(
                    "{0}: {1} rows read, {2} imported, {3} rejected, {4} skipped;"
                    " {5} new cases, {6} updated; {7} new addresses ({8} duplicates left out)."
                ).format(
                    f.file_name,
                    f.rows_total,
                    f.rows_imported,
                    f.rows_rejected,
                    f.rows_skipped,
                    f.cases_new,
                    f.cases_updated,
                    f.candidates_new,
                    f.candidates_duplicate,
                )
            )
            lines.extend(f.conflicts)
        if report.ranked:
            lines.append(self.tr("{0} cases ranked.").format(report.ranked))
        if report.rank_note:
            lines.append(report.rank_note)
        self.summary_label.setText("\n".join(lines))
        rows = rejected_dicts(report)
        self.rejected_model.set_rows(rows)
        self.rejected_view.resizeColumnsToContents()
        self.export_button.setEnabled(bool(rows))
        self.stack.setCurrentIndex(1)

    def export_error_report(self, path: Path | None = None) -> Path | None:
        rows = self.rejected_model.rows()
        if not rows:
            return None
        if path is None:
            start = str(self.paths[0].with_name(self.paths[0].stem + "-错误报告.xlsx"))
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export error report"), start, self.tr("Excel workbook (*.xlsx)")
            )
            if not chosen:
                return None
            path = Path(chosen)
        return write_error_report(path, rows)
