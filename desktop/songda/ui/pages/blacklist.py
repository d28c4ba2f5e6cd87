"""The Blacklist page: entries not to send letters to, with their origin and note.

Add, edit and remove entries (undoable through the shared undo stack), import and export
xlsx/csv in the background, show the built-in keyword rules next to the database entries,
and re-rank the cases so a change takes effect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from songda.domain.blacklist import BlacklistEntry, Origin
from songda.ranking.blacklist import load_builtin_rules
from songda.services.blacklist import export_blacklist, import_blacklist
from songda.services.rank_cases import rank_cases
from songda.store import blacklist as bl
from songda.ui.blacklist_dialog import EntryDialog
from songda.ui.blacklist_model import COLUMNS, ENTRY_ROLE, BlacklistModel, kind_labels

FILE_FILTER = "Excel (*.xlsx);;CSV (*.csv);;Excel 97-2003 (*.xls)"


class _Filter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.kind: str | None = None
        self.text = ""

    def set_filter(self, kind: str | None, text: str) -> None:
        self.beginFilterChange()
        self.kind, self.text = kind, text.strip().lower()
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        e: BlacklistEntry = model.data(model.index(row, 0, parent), ENTRY_ROLE)
        if self.kind and e.kind.value != self.kind:
            return False
        if self.text:
            hay = " ".join(str(x or "") for x in (e.pattern, e.division_code, e.note)).lower()
            return self.text in hay
        return True


class _Change(QUndoCommand):
    """Add, remove or edit entries; undo does the opposite (re-added entries get new ids)."""

    def __init__(
        self,
        page: Page,
        text: str,
        *,
        add: list[BlacklistEntry] | None = None,
        remove: list[BlacklistEntry] | None = None,
        edit: tuple[BlacklistEntry, BlacklistEntry] | None = None,
    ) -> None:
        super().__init__(text)
        self.page = page
        self.to_add = list(add or [])
        self.to_remove = list(remove or [])
        self.edit = edit
        self.added_ids: list[int] = []

    def _add(self, entries: list[BlacklistEntry]) -> list[int]:
        ids, _ = bl.add_entries(self.page.ctx.store, entries)
        return ids

    def redo(self) -> None:
        store = self.page.ctx.store
        if self.to_add:
            self.added_ids = self._add(self.to_add)
            if not self.added_ids:
                # an identical entry exists: nothing to do or undo
                self.setObsolete(True)
                self.page.status.setText(self.page.tr("An identical entry already exists"))
                return
        if self.to_remove:
            bl.remove_entries(store, [e.id for e in self.to_remove if e.id is not None])
        if self.edit is not None:
            _, after = self.edit
            assert after.id is not None
            bl.update_entry(store, after.id, **_fields(after))
        self.page.changed()

    def undo(self) -> None:
        store = self.page.ctx.store
        if self.added_ids:
            bl.remove_entries(store, self.added_ids)
        if self.to_remove:
            new_ids = self._add(self.to_remove)
            # later redo removes the re-added rows
            for e, new_id in zip(self.to_remove, new_ids, strict=False):
                e.id = new_id
        if self.edit is not None:
            before, _ = self.edit
            assert before.id is not None
            bl.update_entry(store, before.id, **_fields(before))
        self.page.changed()


def _fields(e: BlacklistEntry) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "match": e.match,
        "pattern": e.pattern,
        "division_code": e.division_code,
        "note": e.note,
        "active": e.active,
    }


class Page(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = BlacklistModel(self)
        self.proxy = _Filter(self)
        self.proxy.setSourceModel(self.model)
        self.dialog: EntryDialog | None = None
        self.file_dialog: QFileDialog | None = None
        self.last_task: Any = None

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search pattern, code or note"))
        self.search.setClearButtonEnabled(True)
        self.kind_filter = QComboBox(self)
        self.kind_filter.addItem(self.tr("All kinds"), None)
        for kind, label in kind_labels(self).items():
            self.kind_filter.addItem(label, kind.value)
        self.show_builtin = QCheckBox(self.tr("Show built-in rules"), self)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.kind_filter)
        top.addWidget(self.show_builtin)

        self.add_button = QPushButton(self.tr("Add…"), self)
        self.edit_button = QPushButton(self.tr("Edit…"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.import_button = QPushButton(self.tr("Import…"), self)
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.rerank_button = QPushButton(self.tr("Re-rank cases"), self)
        self.rerank_button.setToolTip(
            self.tr("Score every case again so blacklist changes take effect")
        )
        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.import_button, self.export_button, self.rerank_button):
            buttons.addWidget(b)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col in ("kind", "match", "division_code", "origin", "active", "created"):
            header.setSectionResizeMode(COLUMNS.index(col), QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("note"), QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(COLUMNS.index("pattern"), 280)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # database order until asked
        self.status = QLabel(self)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self.search.textChanged.connect(self._apply_filter)
        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.show_builtin.toggled.connect(self.reload)
        self.add_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self._choose_import)
        self.export_button.clicked.connect(self._choose_export)
        self.rerank_button.clicked.connect(self.rerank)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        ctx.data_changed.connect(self.reload)
        self.reload()

    # -- data -----------------------------------------------------------------------
    def reload(self) -> None:
        entries = bl.list_entries(self.ctx.store)
        if self.show_builtin.isChecked():
            entries = load_builtin_rules().as_entries() + entries
        self.model.set_entries(entries)
        n = sum(1 for e in entries if e.origin is not Origin.BUILTIN)
        self.status.setText(self.tr("{0} entries").format(n))
        self._update_buttons()

    def changed(self) -> None:
        """After this page changed the database: refresh here and everywhere."""
        self.ctx.data_changed.emit()

    def activated(self) -> None:
        self.reload()

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self.kind_filter.currentData(), self.search.text())

    def selected_entries(self) -> list[BlacklistEntry]:
        rows = {self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()}
        return [self.model.entry(r) for r in sorted(rows)]

    def _editable(self) -> list[BlacklistEntry]:
        return [e for e in self.selected_entries() if e.origin is not Origin.BUILTIN]

    def _update_buttons(self) -> None:
        editable = self._editable()
        self.edit_button.setEnabled(len(editable) == 1)
        self.remove_button.setEnabled(bool(editable))

    # -- add / edit / remove --------------------------------------------------------------
    def add_entry(self) -> EntryDialog:
        self.dialog = EntryDialog(self)
        self.dialog.accepted.connect(self._added)
        self.dialog.open()
        return self.dialog

    def _added(self) -> None:
        assert self.dialog is not None
        entry = self.dialog.entry()
        self.ctx.undo_stack.push(_Change(self, self.tr("Add to blacklist"), add=[entry]))

    def edit_selected(self) -> EntryDialog | None:
        editable = self._editable()
        if len(editable) != 1:
            return None
        before = editable[0]
        self.dialog = EntryDialog(self, before)
        self.dialog.accepted.connect(lambda: self._edited(before))
        self.dialog.open()
        return self.dialog

    def _edited(self, before: BlacklistEntry) -> None:
        assert self.dialog is not None
        after = self.dialog.entry()
        if _fields(after) != _fields(before):
            self.ctx.undo_stack.push(
                _Change(self, self.tr("Edit blacklist entry"), edit=(before, after))
            )

    def remove_selected(self) -> int:
        entries = self._editable()
        if entries:
            self.ctx.undo_stack.push(
                _Change(self, self.tr("Remove from blacklist"), remove=entries)
            )
        return len(entries)

    # -- import / export / re-rank ----------------------------------------------------------
    def _choose_import(self) -> None:
        dlg = QFileDialog(self, self.tr("Import blacklist"), "", FILE_FILTER)
        dlg.setFileMode(QFileDialog.FileMode.ExistingFile)
        dlg.fileSelected.connect(lambda p: self.import_file(Path(p)))
        self.file_dialog = dlg
        dlg.open()

    def _choose_export(self) -> None:
        dlg = QFileDialog(self, self.tr("Export blacklist"), "blacklist.xlsx", FILE_FILTER)
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.fileSelected.connect(lambda p: self.export_file(Path(p)))
        self.file_dialog = dlg
        dlg.open()

    def import_file(self, path: Path) -> Any:
        self.last_task = self.ctx.run_task(
            import_blacklist,
            path,
            title=self.tr("Import blacklist"),
            on_success=self._imported,
            on_error=lambda e: self.ctx.show_error(self, e),
        )
        return self.last_task

    def _imported(self, counts: dict[str, int]) -> None:
        self.reload()
        self.status.setText(
            self.tr("Imported {0} entries, {1} already present").format(
                counts["added"], counts["skipped"]
            )
        )

    def export_file(self, path: Path) -> Any:
        self.last_task = self.ctx.run_task(
            export_blacklist,
            path,
            title=self.tr("Export blacklist"),
            writes=False,
            on_success=lambda n: self.status.setText(
                self.tr("Exported {0} entries to {1}").format(n, path)
            ),
            on_error=lambda e: self.ctx.show_error(self, e),
        )
        return self.last_task

    def rerank(self) -> Any:
        self.last_task = self.ctx.run_task(
            rank_cases,
            title=self.tr("Re-rank cases"),
            on_success=lambda r: self.status.setText(
                self.tr("Re-ranked {0} cases: {1} to review, {2} without a valid address").format(
                    r.cases, r.needs_review, r.no_valid_address
                )
            ),
            on_error=lambda e: self.ctx.show_error(self, e),
        )
        return self.last_task
