"""The case list as a Qt table model over SQL pages (never all rows in Python)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from songda.store import Store
from songda.store.caselist import (
    LIST_COLUMNS,
    BackgroundCounter,
    CaseFilter,
    count_cases,
    count_is_slow,
    count_upper_bound,
    fetch_page,
    total_cases,
)
from songda.ui.labels import status_label

Index = QModelIndex | QPersistentModelIndex
CASE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_ROLE = Qt.ItemDataRole.UserRole + 2
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_CASE_ID = int(CASE_ID_ROLE)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGN, _CASE_ID, int(STATUS_ROLE)})
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_NCOLS = len(LIST_COLUMNS)


class _CountSignals(QObject):
    counted = Signal(int, int)  # generation, count (emitted from the counting thread)


class CaseListModel(QAbstractTableModel):
    """Rows = the cases matching a :class:`CaseFilter`, in SQL sort order.

    ``rowCount`` is the filter's count; rows are fetched in pages of :attr:`PAGE` on
    demand and kept in a small LRU cache, so memory stays flat with a million cases.

    A filter whose count is slow (a broad address search with a status, creditor or
    import filter) shows its first page at once and is counted in a background thread:
    meanwhile ``rowCount`` is that page and :attr:`counting` is true; when the count
    arrives the rest of the rows are inserted and :attr:`count_ready` fires. Every
    refresh ends with ``count_ready`` (at once when the count was quick).
    """

    PAGE = 200
    MAX_PAGES = 40
    count_ready = Signal(int)

    def __init__(self, store: Store, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._generation = 0
        self.counting = False
        self._signals = _CountSignals(self)
        self._signals.counted.connect(self._on_counted)
        self._counter: BackgroundCounter | None = None
        self._filter = CaseFilter()
        self._sort = "case_no"
        self._desc = False
        self._count = 0
        self._pages: OrderedDict[int, list[dict[str, Any]]] = OrderedDict()
        self._headers = {
            "case_no": self.tr("Case no."),
            "debtor_name": self.tr("Debtor"),
            "creditor": self.tr("Creditor"),
            "status": self.tr("Status"),
            "best_address": self.tr("Best address"),
            "best_score": self.tr("Score"),
            "phone_tail": self.tr("Phone tail"),
            "updated_at": self.tr("Updated"),
        }
        self._total = total_cases(self._store)
        self._count = self._total
        self._plan_count = self._total  # what chooses a page's query plan

    # -- state ------------------------------------------------------------------
    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    def set_filter(self, f: CaseFilter) -> None:
        if f != self._filter:
            self._filter = f
            self.refresh()

    def refresh(self) -> None:
        """Re-count and drop cached pages (after a filter change or data change)."""
        self.beginResetModel()
        self._pages.clear()
        self._generation += 1
        self._total = total_cases(self._store)
        f = self._filter
        self.counting = False
        if f == CaseFilter():
            self._count = self._total
        elif self._store.path is None or not count_is_slow(self._store, f):
            self._count = count_cases(self._store, f)
        else:
            # the first page now (its plan chosen by an upper bound), the count later
            self._plan_count = count_upper_bound(self._store, f)
            first = self._fetch(0)
            self._pages[0] = first
            self._count = len(first)
            if len(first) == self.PAGE:
                self.counting = True
                # after the view has painted the page (the next turn of the event loop):
                # starting the counting thread must not slow down that first paint
                generation = self._generation
                QTimer.singleShot(0, self, lambda: self._request_count(generation, f))
        if not self.counting:
            self._plan_count = self._count
        self.endResetModel()
        if not self.counting:
            self.count_ready.emit(self._count)

    def _request_count(self, generation: int, f: CaseFilter) -> None:
        if generation == self._generation and self.counting:
            self._background().request(generation, f)

    def _background(self) -> BackgroundCounter:
        if self._counter is None:
            assert self._store.path is not None
            emit = self._signals.counted.emit

            def done(generation: int, n: int) -> None:
                try:
                    emit(generation, n)
                except RuntimeError:  # the model is gone
                    pass

            self._counter = BackgroundCounter(self._store.path, done)
        return self._counter

    def _on_counted(self, generation: int, n: int) -> None:
        if generation != self._generation or not self.counting:
            return  # an older filter's count
        self.counting = False
        if n < 0:  # the background count failed: count here
            n = count_cases(self._store, self._filter)
        self._plan_count = n
        if n > self._count:
            self.beginInsertRows(QModelIndex(), self._count, n - 1)
            self._count = n
            self.endInsertRows()
        elif n < self._count:  # cannot happen unless data changed meanwhile
            self.beginRemoveRows(QModelIndex(), n, self._count - 1)
            self._count = n
            self._pages.clear()
            self.endRemoveRows()
        self.count_ready.emit(self._count)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(LIST_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = LIST_COLUMNS[column]
        self._desc = order == Qt.SortOrder.DescendingOrder
        self._pages.clear()
        self.layoutChanged.emit()

    # -- rows -----------------------------------------------------------------------
    def _row(self, row: int) -> dict[str, Any] | None:
        if not 0 <= row < self._count:
            return None
        page_no = row // self.PAGE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch(page_no)
            self._pages[page_no] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page_no)
        i = row - page_no * self.PAGE
        return page[i] if i < len(page) else None

    def _fetch(self, page_no: int) -> list[dict[str, Any]]:
        return fetch_page(
            self._store,
            self._filter,
            sort=self._sort,
            descending=self._desc,
            offset=page_no * self.PAGE,
            limit=self.PAGE,
            count=self._plan_count,
            total=self._total,
        )

    def case_id(self, row: int) -> int | None:
        r = self._row(row)
        return None if r is None else int(r["id"])

    def row_of_case(self, case_id: int) -> int | None:
        """Row of a case among the cached pages (None when not loaded)."""
        for page_no, page in self._pages.items():
            for i, r in enumerate(page):
                if r["id"] == case_id:
                    return page_no * self.PAGE + i
        return None

    # -- Qt model API ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(LIST_COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # painting asks for a dozen roles per cell: answer the unused ones first, cheaply
        role = int(role)
        if role not in _ROLES or not index.isValid():
            return None
        column = index.column()
        if not 0 <= column < _NCOLS:
            return None
        r = self._row(index.row())
        if r is None:
            return None
        col = LIST_COLUMNS[column]
        value = r.get(col)
        if role == _DISPLAY:
            if col == "status":
                return status_label(value)
            if col == "best_score":
                return "" if value is None else f"{value:.0f}"
            if col == "updated_at":
                return (value or "").replace("T", " ")[:16]
            return "" if value is None else str(value)
        if role == _TOOLTIP:
            return value if col == "best_address" else None
        if role == _ALIGN:
            return _RIGHT if col == "best_score" else None
        if role == _CASE_ID:
            return int(r["id"])
        return r.get("status")  # STATUS_ROLE

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(LIST_COLUMNS):
                return self._headers[LIST_COLUMNS[section]]
            return None
        return str(section + 1)
