"""Small dialogs of the review panel: edit/add an address (live re-parse), mark invalid,
add to the blacklist. All are opened with ``open()`` (never ``exec()``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from songda.domain.models import ADDRESS_FIELDS
from songda.ui.context import optional
from songda.ui.labels import level_label


class AddressDialog(QDialog):
    """Type an address and see it parsed as you type: the levels found and the issues."""

    def __init__(self, title: str, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        self.edit = QLineEdit(text, self)
        self.edit.setPlaceholderText(self.tr("Province, city, district, road, number, room…"))
        lay.addWidget(self.edit)
        self.levels = QLabel(self)
        self.levels.setWordWrap(True)
        self.levels.setObjectName("parsePreview")
        lay.addWidget(self.levels)
        self.issues = QLabel(self)
        self.issues.setWordWrap(True)
        lay.addWidget(self.issues)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        lay.addWidget(buttons)
        self._parse = optional("songda.address", "parse")
        self._labels: dict[str, str] = optional("songda.address.issues", "ISSUE_LABELS") or {}
        self.edit.textChanged.connect(self.reparse)
        self.reparse(text)

    def text(self) -> str:
        return self.edit.text().strip()

    def reparse(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text.strip()))
        if self._parse is None or not text.strip():
            self.levels.setText("")
            self.issues.setText("")
            return
        std = self._parse(text)
        parts = []
        for key in ADDRESS_FIELDS:
            value = getattr(std, key, None)
            if value:
                inferred = std.spans.get(key) is None if std.spans else False
                mark = self.tr(" (inferred)") if inferred else ""
                parts.append(f"<b>{level_label(key)}</b> {value}{mark}")
        extra = []
        if std.postcode:
            extra.append(self.tr("Postcode {0}").format(std.postcode))
        extra.append(self.tr("Valid") if std.valid else self.tr("Not valid"))
        self.levels.setText(" · ".join(parts + extra) or self.tr("Nothing recognised yet"))
        issues = [self._labels.get(code, code) for code in std.issues]
        self.issues.setText(self.tr("Issues: {0}").format("、".join(issues)) if issues else "")


INVALID_REASONS = ("地址不详", "查无此地", "已拆迁", "非本人地址", "其他")


class InvalidDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mark address invalid"))
        form = QFormLayout(self)
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(INVALID_REASONS)
        form.addRow(self.tr("Reason"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def text(self) -> str:
        return self.reason.currentText().strip()


class BlacklistDialog(QDialog):
    """Blacklist the address itself, its community, or its whole area."""

    def __init__(self, cand: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add to blacklist"))
        form = QFormLayout(self)
        addr = cand.get("standard") or cand.get("raw_text") or ""
        community = cand.get("poi") or cand.get("village") or ""
        area = " ".join(x for x in (cand.get("city"), cand.get("district"), cand.get("town")) if x)
        self.scope_address = QRadioButton(self.tr("This address: {0}").format(addr), self)
        self.scope_community = QRadioButton(
            self.tr("Its community: {0}").format(community or self.tr("(none recognised)")), self
        )
        self.scope_area = QRadioButton(
            self.tr("Its area: {0}").format(area or self.tr("(none recognised)")), self
        )
        self.scope_community.setEnabled(bool(community))
        self.scope_area.setEnabled(bool(cand.get("adcode")))
        self.scope_address.setChecked(True)
        form.addRow(self.tr("Blacklist"), self.scope_address)
        form.addRow("", self.scope_community)
        form.addRow("", self.scope_area)
        self.kind = QComboBox(self)
        for code, label in (
            ("demolished", self.tr("Demolished")),
            ("collective", self.tr("Collective household")),
            ("institution", self.tr("Institution")),
            ("custom", self.tr("Other")),
        ):
            self.kind.addItem(label, code)
        form.addRow(self.tr("Kind"), self.kind)
        self.note = QLineEdit(self)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def scope(self) -> str:
        if self.scope_community.isChecked():
            return "community"
        if self.scope_area.isChecked():
            return "area"
        return "address"

    def kind_code(self) -> str:
        return str(self.kind.currentData())
