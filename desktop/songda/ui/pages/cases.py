"""案件 Cases: the filterable, searchable case list with the review panel beside it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from songda.store import caselist
from songda.store.caselist import STATUSES, CaseFilter
from songda.ui.case_model import CASE_ID_ROLE, CaseListModel
from songda.ui.labels import status_label
from songda.ui.review_panel import ReviewPanel

ANY = object()


class Page(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = CaseListModel(ctx.store, self)

        # -- filters (left) ---------------------------------------------------------
        filters = QWidget(self)
        fl = QVBoxLayout(filters)
        fl.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit(filters)
        self.search.setPlaceholderText(self.tr("Search case no., name, phone tail, address"))
        self.search.setClearButtonEnabled(True)
        fl.addWidget(self.search)
        fl.addWidget(QLabel(self.tr("Status"), filters))
        self.status_list = QListWidget(filters)
        self.status_list.setObjectName("statusFilter")
        fl.addWidget(self.status_list, 1)
        form = QFormLayout()
        self.creditor = QComboBox(filters)
        self.import_box = QComboBox(filters)
        self.batch_box = QComboBox(filters)
        for box in (self.creditor, self.import_box, self.batch_box):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)
        form.addRow(self.tr("Creditor"), self.creditor)
        form.addRow(self.tr("Import"), self.import_box)
        form.addRow(self.tr("Batch"), self.batch_box)
        fl.addLayout(form)
        self.count_label = QLabel(filters)
        fl.addWidget(self.count_label)

        # -- table (middle) -----------------------------------------------------------
        self.table = QTableView(self)
        self.table.setObjectName("caseTable")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 120), (1, 70), (2, 130), (3, 70), (5, 50), (6, 70), (7, 120)):
            self.table.setColumnWidth(col, width)

        # -- detail (right) -------------------------------------------------------------
        self.panel = ReviewPanel(ctx, self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("casesSplitter")
        self.splitter.addWidget(filters)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.splitter)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.status_list.currentRowChanged.connect(lambda _r: self.apply_filter())
        for box in (self.creditor, self.import_box, self.batch_box):
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        ctx.data_changed.connect(self._on_data_changed)
        self.model.count_ready.connect(lambda _n: self._show_count())
        self._dirty = False
        self._loading = False
        self._reload_choices()
        self._update_counts()
        self._restore_state()

    # -- filters --------------------------------------------------------------------
    def _reload_choices(self) -> None:
        self._loading = True
        store = self.ctx.store

        def fill(box: QComboBox, items: list[tuple[Any, str]]) -> None:
            current = box.currentData()
            box.clear()
            box.addItem(self.tr("All"), None)
            for value, text in items:
                box.addItem(text, value)
            i = box.findData(current)
            box.setCurrentIndex(max(0, i))

        fill(self.creditor, [(c, f"{c} ({n})") for c, n in caselist.creditors(store)])
        fill(self.import_box, [(i, f"{name} ({n})") for i, name, n in caselist.imports(store)])
        fill(self.batch_box, [(i, f"{name} ({n})") for i, name, n in caselist.batches(store)])
        self._loading = False

    def current_filter(self) -> CaseFilter:
        item = self.status_list.currentItem()
        status = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return CaseFilter(
            status=status or None,
            creditor=self.creditor.currentData(),
            import_id=self.import_box.currentData(),
            batch_id=self.batch_box.currentData(),
            search=self.search.text().strip(),
        )

    def apply_filter(self) -> None:
        if self._loading:
            return
        self._search_timer.stop()  # applied now: a pending typing pause has nothing left to do
        self.model.set_filter(self.current_filter())
        self._update_counts()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)
        elif not self.model.rowCount():
            self.panel.set_case(None)

    def _update_counts(self) -> None:
        f = self.current_filter()
        broad = bool(f.search) and caselist.search_too_broad(self.ctx.store, f)
        total: int | None
        if broad:  # per-status counts of a very broad search: skipped (seconds at 1M)
            counts: dict[str, int] = {}
            g = f.without_status()
            slow = caselist.count_is_slow(self.ctx.store, g)
            total = None if slow else caselist.count_cases(self.ctx.store, g)
        else:
            counts = caselist.status_counts(self.ctx.store, f)
            total = sum(counts.values())
        self._loading = True
        current = f.status
        self.status_list.clear()
        entries: list[tuple[str | None, str]] = [(None, self.tr("All"))]
        entries += [(s, status_label(s)) for s in STATUSES if s != "new" or counts.get(s)]
        for status, label in entries:
            n = total if status is None else counts.get(status, 0)
            text = label if n is None or (broad and status) else f"{label}  ({n:,})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, status)
            self.status_list.addItem(item)
            if status == current:
                self.status_list.setCurrentItem(item)
        if self.status_list.currentRow() < 0:
            self.status_list.setCurrentRow(0)
        self._loading = False
        self._show_count()

    def _show_count(self) -> None:
        if self.model.counting:  # a slow count runs in the background (first page shown)
            self.count_label.setText(self.tr("Counting…"))
        else:
            n = f"{self.model.rowCount():,}"
            self.count_label.setText(self.tr("{0} cases shown").format(n))

    def set_status_filter(self, status: str | None) -> None:
        for i in range(self.status_list.count()):
            if self.status_list.item(i).data(Qt.ItemDataRole.UserRole) == status:
                self.status_list.setCurrentRow(i)
                return

    # -- selection ------------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        idx = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            idx,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _on_row(self, current: Any, _previous: Any) -> None:
        case_id = self.model.data(current, CASE_ID_ROLE) if current.isValid() else None
        self.panel.set_case(case_id)

    def refresh(self) -> None:
        """After data changed: keep the current case selected when it is still listed."""
        case_id = self.panel.case["id"] if self.panel.case else None
        row = self.table.currentIndex().row()
        self._reload_choices()
        self.model.refresh()
        self._update_counts()
        if self.model.rowCount():
            target = self.model.row_of_case(case_id) if case_id is not None else None
            self.select_row(
                target if target is not None else min(max(row, 0), self.model.rowCount() - 1)
            )

    def _on_data_changed(self) -> None:
        # counting a million cases is not free: refresh now only when shown
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def activated(self) -> None:
        if self._dirty:
            self._dirty = False
            self.refresh()
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.select_row(0)

    # -- state -------------------------------------------------------------------------------
    def _restore_state(self) -> None:
        s = self.ctx.settings.value("cases/splitter")
        if isinstance(s, QByteArray) and not s.isEmpty():
            self.splitter.restoreState(s)
        else:
            self.splitter.setSizes([220, 640, 480])
        h = self.ctx.settings.value("cases/header")
        if isinstance(h, QByteArray) and not h.isEmpty():
            self.table.horizontalHeader().restoreState(h)

    def save_state(self) -> None:
        self.ctx.settings.setValue("cases/splitter", self.splitter.saveState())
        self.ctx.settings.setValue("cases/header", self.table.horizontalHeader().saveState())
