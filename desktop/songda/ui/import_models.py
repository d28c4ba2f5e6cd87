"""Qt models of the import flow: column mapping, preview rows, rejected rows, import history."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from songda.ingest.columns import AUTO_THRESHOLD, FIELD_LABELS_ZH, ColumnMatch, all_fields
from songda.services import review

Index = QModelIndex | QPersistentModelIndex
DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole
USER = Qt.ItemDataRole.UserRole


def shown(field: str | None, text: str) -> str:
    """A preview cell as shown: ID numbers and phones masked (the full value is not needed
    to check a mapping), long text shortened."""
    if text and field == "id_number":
        text = review.mask_id(text.strip())
    elif text and field == "phone":
        text = "、".join(
            review.mask_phone(p) for p in text.replace("，", ",").split(",") if p.strip()
        )
    return text if len(text) <= 80 else text[:79] + "…"


def field_label(field: str | None) -> str:
    """Chinese field names come from the ingest synonym table (domain data)."""
    if field is None:
        return QCoreApplication.translate("ImportModels", "(not mapped: kept as extra)")
    return FIELD_LABELS_ZH.get(field, field)


class MappingModel(QAbstractTableModel):
    """One row per source column: header, field (editable), confidence, first value."""

    HEADER, FIELD, CONFIDENCE, SAMPLE = range(4)
    mapping_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ColumnMatch] = []
        self._fields: list[str | None] = []
        self._samples: list[str] = []
        self._titles = [
            self.tr("Column"),
            self.tr("Imported as"),
            self.tr("Confidence"),
            self.tr("First value"),
        ]

    def set_matches(self, matches: list[ColumnMatch], preview: list[list[str]]) -> None:
        self.beginResetModel()
        self._rows = list(matches)
        self._fields = [m.field for m in matches]
        first = preview[0] if preview else []
        self._samples = [first[i] if i < len(first) else "" for i in range(len(matches))]
        self.endResetModel()
        self.mapping_changed.emit()

    def mapping(self) -> dict[str, str | None]:
        return {m.header: f for m, f in zip(self._rows, self._fields, strict=True)}

    def field_at(self, row: int) -> str | None:
        return self._fields[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 4

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 4:
            return self._titles[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        m = self._rows[index.row()]
        field = self._fields[index.row()]
        col = index.column()
        if role == DISPLAY:
            if col == self.HEADER:
                return m.header
            if col == self.FIELD:
                return field_label(field)
            if col == self.CONFIDENCE:
                if field != m.field:
                    return self.tr("set by you")
                return f"{round(m.confidence * 100)}%" if m.field else ""
            if col == self.SAMPLE:
                return shown(field, self._samples[index.row()])
        if role == EDIT and col == self.FIELD:
            return field
        if role == USER:
            return field
        if role == Qt.ItemDataRole.ForegroundRole and col == self.CONFIDENCE:
            if field == m.field and m.field and m.confidence < 0.85:
                return QBrush(QColor("#b45309"))
        if role == Qt.ItemDataRole.ToolTipRole and col == self.CONFIDENCE and m.field:
            return self.tr("Matched by: {0}").format(m.how)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.FIELD:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = EDIT) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != self.FIELD or role != EDIT:
            return False
        field = value if value in all_fields() else None
        row = index.row()
        if self._fields[row] == field:
            return True
        self._fields[row] = field
        left = self.index(row, self.FIELD)
        right = self.index(row, self.CONFIDENCE)
        self.dataChanged.emit(left, right, [DISPLAY, EDIT])
        self.mapping_changed.emit()
        return True

    def low_confidence(self) -> int:
        return sum(
            1
            for m, f in zip(self._rows, self._fields, strict=True)
            if f is not None and f == m.field and m.confidence < AUTO_THRESHOLD + 0.2
        )


class PreviewModel(QAbstractTableModel):
    """The first rows of the file; column headers show what each column becomes."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[list[str]] = []
        self._fields: list[str | None] = []

    def set_rows(self, headers: list[str], rows: list[list[str]]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [list(r) + [""] * (len(headers) - len(r)) for r in rows]
        self._fields = [None] * len(headers)
        self.endResetModel()

    def set_fields(self, mapping: dict[str, str | None]) -> None:
        self._fields = [mapping.get(h) for h in self._headers]
        if self._headers:
            last = len(self._headers) - 1
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            f = self._fields[section] if section < len(self._fields) else None
            return f"{self._headers[section]}\n→ {field_label(f)}"
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or role != DISPLAY:
            return None
        if index.row() >= len(self._rows) or index.column() >= len(self._headers):
            return None
        col = index.column()
        return shown(
            self._fields[col] if col < len(self._fields) else None, self._rows[index.row()][col]
        )


class RejectedModel(QAbstractTableModel):
    """Rejected rows: row number, reasons, then the original cells."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._headers: list[str] = []
        self._fixed = [self.tr("Row"), self.tr("Reason")]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        """Items have ``row_no``, ``reasons`` (list of {code, message}) and ``data``."""
        self.beginResetModel()
        self._rows = list(rows)
        headers: list[str] = []
        for r in rows:
            for h in r["data"]:
                if h not in headers:
                    headers.append(h)
        self._headers = headers
        self.endResetModel()

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2 + len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section < 2:
                return self._fixed[section]
            if section - 2 < len(self._headers):
                return self._headers[section - 2]
            return None
        return str(section + 1)

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == DISPLAY:
            if col == 0:
                return str(r["row_no"])
            if col == 1:
                return "；".join(str(x["message"]) for x in r["reasons"])
            if col - 2 < len(self._headers):
                v = r["data"].get(self._headers[col - 2])
                text = "" if v is None else str(v)
                return text if len(text) <= 80 else text[:79] + "…"
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor("#b91c1c"))
        return None


class ImportHistoryModel(QAbstractTableModel):
    """Earlier imports (newest first)."""

    COLUMNS = (
        "imported_at",
        "file_name",
        "sheet",
        "rows_total",
        "rows_imported",
        "rows_rejected",
        "cases_new",
        "cases_updated",
        "candidates_new",
        "operator",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[dict[str, Any]] = []
        self._titles = [
            self.tr("Time"),
            self.tr("File"),
            self.tr("Sheet"),
            self.tr("Rows"),
            self.tr("Imported"),
            self.tr("Rejected"),
            self.tr("New cases"),
            self.tr("Updated cases"),
            self.tr("New addresses"),
            self.tr("Operator"),
        ]

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def import_id(self, row: int) -> int | None:
        if 0 <= row < len(self._rows):
            return int(self._rows[row]["id"])
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = DISPLAY
    ) -> Any:
        if role != DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._titles):
            return self._titles[section]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        key = self.COLUMNS[index.column()]
        v = self._rows[index.row()].get(key)
        if role == DISPLAY:
            if key == "imported_at" and isinstance(v, str):
                return v.replace("T", " ")
            return "" if v is None else str(v)
        if role == Qt.ItemDataRole.TextAlignmentRole and key.startswith(("rows", "cases", "cand")):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
