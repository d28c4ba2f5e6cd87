"""设置 Settings: operator, default sender, language, scoring weights, data folder, backups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from songda.errors import KnownError
from songda.paths import backup_dir
from songda.store import backup as backups
from songda.ui.context import optional

SENDER_KEYS = ("name", "address", "postcode", "phone")


class Page(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        outer = QVBoxLayout(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget(scroll)
        lay = QVBoxLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll)

        # operator and language
        general = QGroupBox(self.tr("General"), body)
        form = QFormLayout(general)
        self.operator = QLineEdit(general)
        form.addRow(self.tr("Operator name (audit log)"), self.operator)
        self.language = QComboBox(general)
        self.language.addItem(self.tr("Follow the system"), "system")
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        form.addRow(self.tr("Language (after restart)"), self.language)
        lay.addWidget(general)

        # default sender
        sender = QGroupBox(self.tr("Default sender (printed on letters and labels)"), body)
        form = QFormLayout(sender)
        self.sender_edits: dict[str, QLineEdit] = {}
        for key, label in zip(
            SENDER_KEYS,
            (self.tr("Law firm"), self.tr("Address"), self.tr("Postcode"), self.tr("Phone")),
            strict=True,
        ):
            self.sender_edits[key] = QLineEdit(sender)
            form.addRow(label, self.sender_edits[key])
        self.sender_edits["postcode"].setInputMask("999999;_")
        lay.addWidget(sender)

        # scoring weights (advanced)
        weights = QGroupBox(self.tr("Scoring weights (advanced)"), body)
        wl = QVBoxLayout(weights)
        wl.addWidget(
            QLabel(self.tr("Change the points of single reasons; empty = the default."), weights)
        )
        self.weights = QTableWidget(0, 3, weights)
        self.weights.setHorizontalHeaderLabels(
            [self.tr("Reason"), self.tr("Default"), self.tr("Points")]
        )
        self.weights.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.weights.verticalHeader().setVisible(False)
        self.weights.setMinimumHeight(220)
        wl.addWidget(self.weights)
        lay.addWidget(weights)

        # data folder and backups
        data = QGroupBox(self.tr("Data and backups"), body)
        dl = QVBoxLayout(data)
        self.db_label = QLabel(self.tr("Database: {0}").format(ctx.db_path), data)
        self.db_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.db_label.setWordWrap(True)
        dl.addWidget(self.db_label)
        row = QHBoxLayout()
        open_btn = QPushButton(self.tr("Open data folder"), data)
        open_btn.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(ctx.db_path.parent)))
        )
        row.addWidget(open_btn)
        self.auto_backup = QCheckBox(self.tr("Back up automatically once a day"), data)
        row.addWidget(self.auto_backup)
        row.addWidget(QLabel(self.tr("Keep"), data))
        self.keep = QSpinBox(data)
        self.keep.setRange(1, 365)
        row.addWidget(self.keep)
        row.addStretch(1)
        dl.addLayout(row)
        self.backup_list = QListWidget(data)
        self.backup_list.setMinimumHeight(120)
        dl.addWidget(self.backup_list)
        row = QHBoxLayout()
        self.backup_btn = QPushButton(self.tr("Back up now"), data)
        self.backup_btn.clicked.connect(self.backup_now)
        self.restore_btn = QPushButton(self.tr("Restore selected backup…"), data)
        self.restore_btn.clicked.connect(self.ask_restore)
        row.addWidget(self.backup_btn)
        row.addWidget(self.restore_btn)
        row.addStretch(1)
        dl.addLayout(row)
        lay.addWidget(data)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_btn = QPushButton(self.tr("Save settings"), body)
        self.save_btn.clicked.connect(self.save)
        buttons.addWidget(self.save_btn)
        lay.addLayout(buttons)
        lay.addStretch(1)
        self.message = QLabel(body)
        lay.addWidget(self.message)
        self.load()

    # -- load / save ---------------------------------------------------------------------
    def _weights(self) -> Any:
        load = optional("songda.ranking.weights", "load_weights")
        if load is None:
            return None
        try:
            return load()
        except KnownError:
            return None

    def load(self) -> None:
        store = self.ctx.store
        self.operator.setText(self.ctx.operator)
        i = self.language.findData(store.get_setting("ui.language", "system"))
        self.language.setCurrentIndex(max(0, i))
        sender = store.get_setting("sender", {}) or {}
        for key, edit in self.sender_edits.items():
            edit.setText(str(sender.get(key) or ""))
        self.auto_backup.setChecked(store.get_setting("backup.enabled", True) is not False)
        keep = store.get_setting("backup.keep", 7)
        self.keep.setValue(keep if isinstance(keep, int) and keep > 0 else 7)
        overrides = store.get_setting("ranking.weights", {}) or {}
        w = self._weights()
        self.weights.setRowCount(0)
        if w is not None:
            for code in sorted(w.reasons):
                r = self.weights.rowCount()
                self.weights.insertRow(r)
                item = QTableWidgetItem(f"{w.reasons[code].label}  ({code})")
                item.setData(Qt.ItemDataRole.UserRole, code)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.weights.setItem(r, 0, item)
                d = QTableWidgetItem(f"{w.reasons[code].points:g}")
                d.setFlags(d.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.weights.setItem(r, 1, d)
                spin = QDoubleSpinBox(self.weights)
                spin.setRange(-200, 200)
                spin.setDecimals(1)
                spin.setSpecialValueText(" ")  # minimum = no override
                spin.setMinimum(-200.5)
                spin.setValue(float(overrides[code]) if code in overrides else -200.5)
                self.weights.setCellWidget(r, 2, spin)
        self.reload_backups()

    def weight_overrides(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for r in range(self.weights.rowCount()):
            item = self.weights.item(r, 0)
            if item is None:
                continue
            code = item.data(Qt.ItemDataRole.UserRole)
            spin = self.weights.cellWidget(r, 2)
            if isinstance(spin, QDoubleSpinBox) and spin.value() > spin.minimum():
                out[str(code)] = float(spin.value())
        return out

    def save(self) -> None:
        store = self.ctx.store
        with store.transaction():
            self.ctx.set_operator(self.operator.text())
            store.set_setting("ui.language", self.language.currentData())
            store.set_setting(
                "sender", {k: e.text().strip().rstrip("_") for k, e in self.sender_edits.items()}
            )
            store.set_setting("backup.enabled", self.auto_backup.isChecked())
            store.set_setting("backup.keep", int(self.keep.value()))
            store.set_setting("ranking.weights", self.weight_overrides())
        self.message.setText(self.tr("Settings saved."))
        self.ctx.data_changed.emit()

    # -- backups --------------------------------------------------------------------------
    def folder(self) -> Path:
        return backup_dir(self.ctx.db_path)

    def reload_backups(self) -> None:
        self.backup_list.clear()
        for p in reversed(backups.backups(self.folder())):
            item = QListWidgetItem(f"{p.name}  ({p.stat().st_size / 1e6:.1f} MB)")
            item.setData(Qt.ItemDataRole.UserRole, str(p))
            self.backup_list.addItem(item)
        self.restore_btn.setEnabled(self.backup_list.count() > 0)

    def backup_now(self) -> Path:
        made = backups.backup_now(self.ctx.store, self.folder())
        backups.prune(self.folder(), int(self.keep.value()))
        self.reload_backups()
        self.message.setText(self.tr("Backup written: {0}").format(made.name))
        return made

    def ask_restore(self) -> None:
        item = self.backup_list.currentItem()
        if item is None:
            return
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Restore backup"),
            self.tr(
                "Replace the current database with {0}? A backup of the current state is"
                " made first."
            ).format(path.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.accepted.connect(lambda: self.restore(path))
        self.dialog = box
        box.open()

    def restore(self, path: Path) -> None:
        try:
            backups.backup_now(self.ctx.store, self.folder())
            backups.restore(path, self.ctx.db_path)
        except KnownError as exc:
            self.ctx.show_error(self, exc)
            return
        self.ctx.undo_stack.clear()
        self.reload_backups()
        self.message.setText(self.tr("Restored {0}.").format(path.name))
        self.ctx.data_changed.emit()
