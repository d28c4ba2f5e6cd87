"""Delivery page: import results, mailings with their status history, the re-send list,
learned blacklist proposals, evidence packs and receipt scans."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from songda.delivery.codes import DELIVERY_STATUS_LABELS_ZH
from songda.services import learned_blacklist
from songda.services.evidence import attach_receipt, export_evidence
from songda.services.feedback import import_feedback, reason_label
from songda.store import delivery as dsql
from songda.ui.rows_model import Column, RowsModel

RESULT_FILTER = "*.xlsx *.xlsm *.xls *.ods *.csv *.txt"
MAILING_LIMIT = 2000


def _status(value: Any, row: dict[str, Any]) -> str:
    return DELIVERY_STATUS_LABELS_ZH.get(str(value), str(value or ""))


def _reason(value: Any, row: dict[str, Any]) -> str:
    if row.get("status") != "returned":
        return ""
    return reason_label(row.get("reason_code"), row.get("reason_text"))


def _time(value: Any, row: dict[str, Any]) -> str:
    return "" if not value else str(value).replace("T", " ")


def _table(model: RowsModel, parent: QWidget) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class Page(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: Any = None
        self.last_report: Any = None
        self.last_evidence: Any = None
        self._busy = False
        lay = QVBoxLayout(self)

        top = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import delivery results…"), self)
        self.import_button.clicked.connect(self.choose_results_file)
        self.auto_blacklist = QCheckBox(self.tr("Add learned areas to the blacklist automatically"))
        self.auto_blacklist.setChecked(
            bool(ctx.store.get_setting("feedback.auto_blacklist", False))
        )
        self.auto_blacklist.toggled.connect(self._set_auto_blacklist)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self._cancel)
        top.addWidget(self.import_button)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addStretch(1)
        top.addWidget(self.auto_blacklist)
        lay.addLayout(top)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.summary)

        self.tabs = QTabWidget(self)
        lay.addWidget(self.tabs, 1)
        self._build_mailings_tab()
        self._build_resend_tab()
        self._build_proposals_tab()
        self._build_files_tab()
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    # -- tabs -------------------------------------------------------------------------
    def _build_mailings_tab(self) -> None:
        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.status_filter = QComboBox(tab)
        self.status_filter.addItem(self.tr("All statuses"), None)
        for key in ("created", "posted", "in_transit", "signed", "returned"):
            self.status_filter.addItem(DELIVERY_STATUS_LABELS_ZH[key], key)
        self.status_filter.currentIndexChanged.connect(self.refresh_mailings)
        self.search = QLineEdit(tab)
        self.search.setPlaceholderText(self.tr("Search tracking number, case number or name"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.refresh_mailings)
        self.count_label = QLabel(tab)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        lay.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical, tab)
        self.mailings_model = RowsModel(
            [
                Column(self.tr("Tracking no."), "tracking_no"),
                Column(self.tr("Case no."), "case_no"),
                Column(self.tr("Recipient"), "recipient"),
                Column(self.tr("Address"), "address"),
                Column(self.tr("Batch"), "batch_name"),
                Column(self.tr("Status"), "status", _status),
                Column(self.tr("Reason"), "reason_code", _reason),
                Column(self.tr("Time"), "status_time", _time),
                Column(self.tr("Signed by"), "signer"),
            ],
            self,
        )
        self.mailings_view = _table(self.mailings_model, split)
        self.mailings_view.selectionModel().currentRowChanged.connect(self._mailing_selected)
        bottom = QWidget(split)
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.history_title = QLabel(self.tr("Status history"), bottom)
        bl.addWidget(self.history_title)
        self.history_model = RowsModel(
            [
                Column(self.tr("Time"), "event_time", _time),
                Column(self.tr("Status"), "status", _status),
                Column(self.tr("Reason"), "reason_code", _reason),
                Column(self.tr("Signed by"), "signer"),
                Column(self.tr("Results file"), "source_file"),
            ],
            self,
        )
        self.history_view = _table(self.history_model, bottom)
        bl.addWidget(self.history_view, 1)
        buttons = QHBoxLayout()
        self.attach_button = QPushButton(self.tr("Attach receipt scan…"), bottom)
        self.attach_button.clicked.connect(self.choose_receipt)
        self.evidence_button = QPushButton(self.tr("Export evidence pack…"), bottom)
        self.evidence_button.clicked.connect(self.choose_evidence_folder)
        self.evidence_zip = QCheckBox(self.tr("as .zip"), bottom)
        self.evidence_zip.setChecked(True)
        self.evidence_label = QLabel(bottom)
        for w in (self.attach_button, self.evidence_button, self.evidence_zip):
            buttons.addWidget(w)
        buttons.addWidget(self.evidence_label, 1)
        bl.addLayout(buttons)
        split.addWidget(self.mailings_view)
        split.addWidget(bottom)
        split.setSizes([400, 220])
        lay.addWidget(split, 1)
        self.tabs.addTab(tab, self.tr("Mailings"))
        self._update_buttons()

    def _build_resend_tab(self) -> None:
        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        self.resend_label = QLabel(tab)
        self.resend_label.setWordWrap(True)
        lay.addWidget(self.resend_label)
        self.resend_model = RowsModel(
            [
                Column(self.tr("Case no."), "case_no"),
                Column(self.tr("Debtor"), "debtor_name"),
                Column(self.tr("Creditor"), "creditor"),
                Column(self.tr("Next address"), "best_address"),
                Column(self.tr("Source"), "source"),
                Column(self.tr("Returned item"), "returned_tracking_no"),
                Column(
                    self.tr("Return reason"),
                    "reason_code",
                    lambda v, r: reason_label(r.get("reason_code"), r.get("reason_text")),
                ),
            ],
            self,
        )
        self.resend_view = _table(self.resend_model, tab)
        lay.addWidget(self.resend_view, 1)
        self.tabs.addTab(tab, self.tr("Re-send list"))

    def _build_proposals_tab(self) -> None:
        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        note = QLabel(
            self.tr(
                "Areas that delivery results show to be demolished or not findable."
                " Accept to add them to the blacklist."
            ),
            tab,
        )
        note.setWordWrap(True)
        lay.addWidget(note)
        self.proposals_model = RowsModel(
            [
                Column(self.tr("Kind"), "kind"),
                Column(self.tr("Match"), "match"),
                Column(self.tr("Pattern"), "pattern"),
                Column(self.tr("Division code"), "division_code"),
                Column(self.tr("Returns"), "evidence", align_right=True),
                Column(self.tr("Note"), "note"),
            ],
            self,
        )
        self.proposals_view = _table(self.proposals_model, tab)
        lay.addWidget(self.proposals_view, 1)
        row = QHBoxLayout()
        self.accept_button = QPushButton(self.tr("Add to blacklist"), tab)
        self.accept_button.clicked.connect(lambda: self._resolve_proposal(True))
        self.dismiss_button = QPushButton(self.tr("Dismiss"), tab)
        self.dismiss_button.clicked.connect(lambda: self._resolve_proposal(False))
        row.addWidget(self.accept_button)
        row.addWidget(self.dismiss_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.tabs.addTab(tab, self.tr("Blacklist proposals"))

    def _build_files_tab(self) -> None:
        def counts(v: Any, r: dict[str, Any]) -> str:
            try:
                c = json.loads(v or "{}")
            except ValueError:
                return ""
            return self.tr("{0} signed · {1} returned · {2} unknown numbers · {3} new").format(
                c.get("signed", 0),
                c.get("returned", 0),
                len(c.get("unknown_numbers", [])),
                c.get("new_events", 0),
            )

        tab = QWidget(self)
        lay = QVBoxLayout(tab)
        self.files_model = RowsModel(
            [
                Column(self.tr("Imported at"), "imported_at", _time),
                Column(self.tr("File"), "file_name"),
                Column(self.tr("Operator"), "operator"),
                Column(self.tr("Result"), "counts", counts),
            ],
            self,
        )
        self.files_view = _table(self.files_model, tab)
        lay.addWidget(self.files_view, 1)
        self.tabs.addTab(tab, self.tr("Results files"))

    # -- refresh --------------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        store = self.ctx.store
        self.refresh_mailings()
        self.resend_model.set_rows(dsql.resend_list(store))
        self.resend_label.setText(
            self.tr(
                "{0} returned cases moved to their next-best address; the next batch takes them."
            ).format(self.resend_model.rowCount())
        )
        self.proposals_model.set_rows(dsql.proposals(store))
        self.files_model.set_rows(dsql.feedback_imports(store))
        self._update_buttons()

    def refresh_mailings(self) -> None:
        store = self.ctx.store
        status = self.status_filter.currentData()
        text = self.search.text().strip() or None
        rows = dsql.list_mailings(store, status=status, search=text, limit=MAILING_LIMIT)
        self.mailings_model.set_rows(rows)
        total = dsql.count_mailings(store, status=status) if text is None else len(rows)
        shown = self.tr("{0} of {1} mailings").format(len(rows), total)
        self.count_label.setText(shown)
        if len(rows) <= 500:
            self.mailings_view.resizeColumnsToContents()
        self.history_model.set_rows([])
        self.history_title.setText(self.tr("Status history"))
        self._update_buttons()

    def selected_mailing(self) -> dict[str, Any] | None:
        idx = self.mailings_view.currentIndex()
        return self.mailings_model.row_at(idx.row()) if idx.isValid() else None

    def _mailing_selected(self, *_: Any) -> None:
        m = self.selected_mailing()
        rows = dsql.events(self.ctx.store, int(m["mailing_id"])) if m else []
        self.history_model.set_rows(rows)
        self.history_view.resizeColumnsToContents()
        if m:
            self.history_title.setText(
                self.tr("Status history of {0} (case {1})").format(m["tracking_no"], m["case_no"])
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.selected_mailing() is not None
        self.attach_button.setEnabled(has)
        self.evidence_button.setEnabled(has)
        self.import_button.setEnabled(not self._busy)

    # -- import results -----------------------------------------------------------------
    def _set_auto_blacklist(self, on: bool) -> None:
        self.ctx.store.set_setting("feedback.auto_blacklist", bool(on))

    def choose_results_file(self) -> None:
        start = str(self.ctx.settings.value("delivery/last_dir", str(Path.home())))
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import delivery results"),
            start,
            self.tr("Results files ({0})").format(RESULT_FILTER),
        )
        if path:
            self.ctx.settings.setValue("delivery/last_dir", str(Path(path).parent))
            self.import_results(Path(path))

    def import_results(self, path: Path) -> Any:
        """Apply a results file in a worker; the page shows progress and a summary.

        Completion comes through ``on_success`` / ``on_error`` (connected before the worker
        starts: a fast worker may finish before this method returns)."""
        self.summary.setText(self.tr("Importing {0}…").format(path.name))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.show()
        self._busy = True
        self.import_button.setEnabled(False)
        task = self.ctx.run_task(
            import_feedback,
            path,
            title=self.tr("Importing delivery results {0}").format(path.name),
            on_success=self._imported,
            on_error=self._failed,
        )
        task.signals.progress.connect(self._on_progress)
        task.signals.cancelled.connect(self._cancelled)
        self.task = task
        if task.done:  # finished already (its signals were delivered before we connected)
            self._task_finished()
        return task

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _cancelled(self) -> None:
        self.summary.setText(self.tr("Cancelled."))
        self._task_finished()

    def _task_finished(self) -> None:
        self._busy = False
        self.progress.hide()
        self.cancel_button.hide()
        self._update_buttons()

    def _imported(self, report: Any) -> None:
        self._task_finished()
        self.last_report = report
        reasons = "，".join(f"{k} {v}" for k, v in report.returned_by_reason.items())
        parts = [
            self.tr("{0}: {1} signed, {2} returned, {3} in transit.").format(
                report.file, report.signed, report.returned, report.in_transit
            ),
            self.tr("Cases: {0} signed, {1} to re-send, {2} returned with no address left.").format(
                report.cases_signed, report.cases_ready, report.cases_returned
            ),
        ]
        if reasons:
            parts.append(self.tr("Return reasons: {0}").format(reasons))
        if report.unknown_numbers:
            parts.append(
                self.tr("Unknown tracking numbers ({0}): {1}").format(
                    len(report.unknown_numbers), "、".join(report.unknown_numbers[:20])
                )
            )
        if report.new_events == 0 and report.rows:
            parts.append(self.tr("Nothing new: this file was imported before."))
        if report.proposals:
            parts.append(self.tr("Blacklist proposals: {0}").format(len(report.proposals)))
        self.summary.setText("\n".join(parts))

    def _failed(self, error: BaseException) -> None:
        self._task_finished()
        summary, _ = self.ctx.error_text(error)
        self.summary.setText(summary)
        self.ctx.show_error(self, error)

    # -- evidence -----------------------------------------------------------------------
    def choose_receipt(self) -> None:
        m = self.selected_mailing()
        if m is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Attach receipt scan"),
            str(self.ctx.settings.value("delivery/scan_dir", str(Path.home()))),
            self.tr("Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)"),
        )
        if path:
            self.ctx.settings.setValue("delivery/scan_dir", str(Path(path).parent))
            self.attach(Path(path))

    def attach(self, path: Path) -> dict[str, Any] | None:
        m = self.selected_mailing()
        if m is None:
            return None
        try:
            info = attach_receipt(self.ctx.store, m["case_no"], path, tracking_no=m["tracking_no"])
        except Exception as exc:  # KnownError: shown to the operator
            self.ctx.show_error(self, exc)
            return None
        self.evidence_label.setText(self.tr("Attached {0}").format(path.name))
        return info

    def choose_evidence_folder(self) -> None:
        if self.selected_mailing() is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self,
            self.tr("Export evidence pack to"),
            str(self.ctx.settings.value("delivery/evidence_dir", str(Path.home()))),
        )
        if folder:
            self.ctx.settings.setValue("delivery/evidence_dir", folder)
            self.export_evidence(Path(folder))

    def export_evidence(self, folder: Path) -> Any:
        m = self.selected_mailing()
        if m is None:
            return None

        def done(report: Any) -> None:
            self.last_evidence = report
            text = self.tr("Evidence pack written: {0}").format(report.path)
            if report.missing:
                text += " " + self.tr("({0} items missing)").format(len(report.missing))
            self.evidence_label.setText(text)

        return self.ctx.run_task(
            _export_evidence_task,
            m["case_no"],
            folder,
            self.evidence_zip.isChecked(),
            title=self.tr("Evidence pack {0}").format(m["case_no"]),
            writes=False,
            on_success=done,
            on_error=lambda e: self.ctx.show_error(self, e),
        )

    # -- proposals ------------------------------------------------------------------------
    def _resolve_proposal(self, accept: bool) -> None:
        idx = self.proposals_view.currentIndex()
        p = self.proposals_model.row_at(idx.row()) if idx.isValid() else None
        if p is None:
            return
        try:
            if accept:
                learned_blacklist.accept(self.ctx.store, int(p["id"]))
            else:
                learned_blacklist.dismiss(self.ctx.store, int(p["id"]))
        except Exception as exc:
            self.ctx.show_error(self, exc)
        self.ctx.data_changed.emit()


def _export_evidence_task(
    store: Any, case_no: str, folder: Path, as_zip: bool, *, progress: Any, cancel: Any
) -> Any:
    return export_evidence(store, case_no, folder, as_zip=as_zip)
