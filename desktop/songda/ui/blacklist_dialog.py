"""Add or edit one blacklist entry: kind, how it matches, pattern or division code, note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin
from songda.ranking.blacklist_io import guess_match
from songda.ui.blacklist_model import kind_labels, match_labels


class EntryDialog(QDialog):
    """Non-blocking: open with ``.open()``, read :meth:`entry` when ``accepted`` fires."""

    def __init__(self, parent: QWidget | None = None, entry: BlacklistEntry | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("Edit blacklist entry") if entry else self.tr("Add to blacklist")
        )
        self._original = entry
        self.kind = QComboBox(self)
        for kind, label in kind_labels(self).items():
            self.kind.addItem(label, kind.value)
        self.match = QComboBox(self)
        for match, label in match_labels(self).items():
            self.match.addItem(label, match.value)
        self.pattern = QLineEdit(self)
        self.pattern.setPlaceholderText(self.tr("e.g. 幸福村 or a full address"))
        self.division = QLineEdit(self)
        self.division.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,12}"), self.division)
        )
        self.division.setPlaceholderText(self.tr("e.g. 110105 (optional for keywords)"))
        self.note = QLineEdit(self)
        self.active = QCheckBox(self.tr("Active"), self)
        self.active.setChecked(True)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b00020")
        self.error.hide()

        form = QFormLayout()
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Match"), self.match)
        form.addRow(self.tr("Pattern"), self.pattern)
        form.addRow(self.tr("Division code"), self.division)
        form.addRow(self.tr("Note"), self.note)
        form.addRow("", self.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        if entry is not None:
            self.kind.setCurrentIndex(self.kind.findData(entry.kind.value))
            self.match.setCurrentIndex(self.match.findData(entry.match.value))
            self.pattern.setText(entry.pattern or "")
            self.division.setText(entry.division_code or "")
            self.note.setText(entry.note or "")
            self.active.setChecked(entry.active)
        else:
            self.pattern.textEdited.connect(self._guess)

    def _guess(self, _text: str) -> None:
        m = guess_match(self.pattern.text().strip(), self.division.text().strip() or None)
        self.match.setCurrentIndex(self.match.findData(m.value))

    def problem(self) -> str | None:
        """Why the form cannot be accepted (None when it can)."""
        pattern = self.pattern.text().strip()
        code = self.division.text().strip()
        match = MatchKind(self.match.currentData())
        if match is MatchKind.DIVISION:
            if not (2 <= len(code) <= 12):
                return self.tr("A division match needs a division code of 2 to 12 digits.")
        elif not pattern:
            return self.tr("Enter the keyword or address to match.")
        return None

    def _try_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()

    def entry(self) -> BlacklistEntry:
        """The entry as filled in (origin kept when editing, ``manual`` when adding)."""
        original: Any = self._original
        match = MatchKind(self.match.currentData())
        return BlacklistEntry(
            kind=BlacklistKind(self.kind.currentData()),
            match=match,
            pattern=self.pattern.text().strip() or None,
            division_code=self.division.text().strip() or None,
            note=self.note.text().strip() or None,
            origin=original.origin if original is not None else Origin.MANUAL,
            active=self.active.isChecked(),
            id=original.id if original is not None else None,
        )
