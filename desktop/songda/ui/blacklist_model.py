"""Qt table model of blacklist entries (database entries, optionally the built-in rules)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin

Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("kind", "match", "pattern", "division_code", "note", "origin", "active", "created")
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1


def _t(text: str) -> str:
    return QCoreApplication.translate("Blacklist", text)


def kind_labels(obj: Any = None) -> dict[BlacklistKind, str]:
    return {
        BlacklistKind.DEMOLISHED: _t("Demolished"),
        BlacklistKind.COLLECTIVE: _t("Collective household"),
        BlacklistKind.INSTITUTION: _t("Institution / detention"),
        BlacklistKind.CUSTOM: _t("Custom"),
    }


def match_labels(obj: Any = None) -> dict[MatchKind, str]:
    return {
        MatchKind.KEYWORD: _t("Keyword"),
        MatchKind.DIVISION: _t("Division code"),
        MatchKind.ADDRESS: _t("Address (fuzzy)"),
    }


class BlacklistModel(QAbstractTableModel):
    """Rows are :class:`BlacklistEntry`; built-in rules are shown greyed and read-only."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BlacklistEntry] = []
        self._headers = {
            "kind": self.tr("Kind"),
            "match": self.tr("Match"),
            "pattern": self.tr("Pattern"),
            "division_code": self.tr("Division code"),
            "note": self.tr("Note"),
            "origin": self.tr("Origin"),
            "active": self.tr("Active"),
            "created": self.tr("Added"),
        }
        self._kinds = kind_labels(self)
        self._matches = match_labels(self)
        self._origins = {
            Origin.MANUAL: self.tr("Manual"),
            Origin.IMPORTED: self.tr("Imported"),
            Origin.LEARNED: self.tr("Learned from delivery"),
            Origin.BUILTIN: self.tr("Built-in rule"),
        }
        self._yes, self._no = self.tr("Yes"), self.tr("No")

    def set_entries(self, entries: list[BlacklistEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> BlacklistEntry:
        return self._rows[row]

    def entries(self) -> list[BlacklistEntry]:
        return list(self._rows)

    # -- QAbstractTableModel ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return self._headers[COLUMNS[section]]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        e = self._rows[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(e, col)
        if role == Qt.ItemDataRole.ToolTipRole and col in ("pattern", "note"):
            return self._display(e, col) or None
        if role == Qt.ItemDataRole.ForegroundRole and (e.origin is Origin.BUILTIN or not e.active):
            return QColor(Qt.GlobalColor.gray)
        if role == ENTRY_ROLE:
            return e
        return None

    def _display(self, e: BlacklistEntry, col: str) -> str:
        if col == "kind":
            return self._kinds[e.kind]
        if col == "match":
            return self._matches[e.match]
        if col == "pattern":
            return e.pattern or ""
        if col == "division_code":
            return e.division_code or ""
        if col == "note":
            return e.note or ""
        if col == "origin":
            return self._origins[e.origin]
        if col == "active":
            return self._yes if e.active else self._no
        if col == "created":
            when = (e.created_at or "").replace("T", " ")[:16]
            return f"{when} {e.created_by or ''}".strip()
        return ""
