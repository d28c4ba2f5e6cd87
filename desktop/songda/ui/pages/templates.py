"""Templates page: list, editor with placeholders, live preview on a real case, wording check."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from songda.errors import KnownError
from songda.letters.templates import FILTERS, PLACEHOLDERS, LetterTemplate
from songda.services import templates as svc
from songda.store import letters as letters_sql
from songda.ui.letter_preview import paint_pages

log = logging.getLogger(__name__)
PREVIEW_DELAY_MS = 400


class Page(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._templates: list[LetterTemplate] = []
        self._current: LetterTemplate | None = None
        self._loading = False

        # left: template list
        self.list = QListWidget(self)
        self.list.currentRowChanged.connect(self._on_select)
        self.new_button = QPushButton(self.tr("New from this…"), self)
        self.new_button.clicked.connect(self._new_from_current)
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(self.tr("Templates"), left))
        lv.addWidget(self.list)
        lv.addWidget(self.new_button)

        # middle: editor
        self.name_edit = QLineEdit(self)
        self.letterhead_edit = QLineEdit(self)
        self.seal_edit = QLineEdit(self)
        head_btn = QPushButton(self.tr("Browse…"), self)
        head_btn.clicked.connect(lambda: self._browse(self.letterhead_edit))
        seal_btn = QPushButton(self.tr("Browse…"), self)
        seal_btn.clicked.connect(lambda: self._browse(self.seal_edit))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Letterhead image"), self._row(self.letterhead_edit, head_btn))
        form.addRow(self.tr("Seal image"), self._row(self.seal_edit, seal_btn))
        self.editor = QPlainTextEdit(self)
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.editor.textChanged.connect(self._schedule_preview)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton(self.tr("Restore built-in"), self)
        self.reset_button.clicked.connect(self._reset)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        middle = QWidget(self)
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        mv.addLayout(form)
        mv.addWidget(self.editor, 1)
        mv.addLayout(buttons)

        # right: placeholders, case picker, preview, warnings
        self.placeholders = QListWidget(self)
        for key, (label, example) in PLACEHOLDERS.items():
            item = QListWidgetItem(f"{key}  —  {label}")
            item.setData(Qt.ItemDataRole.UserRole, "{{ " + key + " }}")
            item.setToolTip(example)
            self.placeholders.addItem(item)
        for key, text in FILTERS.items():
            item = QListWidgetItem(f"|{key}  —  {text}")
            item.setData(Qt.ItemDataRole.UserRole, "|" + key)
            self.placeholders.addItem(item)
        self.placeholders.itemDoubleClicked.connect(self._insert_placeholder)
        self.placeholders.setToolTip(self.tr("Double-click to insert at the cursor"))
        self.case_combo = QComboBox(self)
        self.case_combo.currentIndexChanged.connect(self._schedule_preview)
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.preview = QLabel(self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(False)
        self.preview_scroll = scroll
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(QLabel(self.tr("Placeholders"), right))
        rv.addWidget(self.placeholders, 1)
        rv.addWidget(QLabel(self.tr("Preview with case"), right))
        rv.addWidget(self.case_combo)
        rv.addWidget(self.warnings)
        rv.addWidget(scroll, 3)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(middle)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(split)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.update_preview)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    # -- helpers --------------------------------------------------------------
    def _row(self, edit: QLineEdit, button: QPushButton) -> QWidget:
        w = QWidget(self)
        h = QHBoxLayout(w)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(edit, 1)
        h.addWidget(button)
        return w

    def _browse(self, edit: QLineEdit) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose image"), "", self.tr("Images (*.png *.jpg *.jpeg)")
        )
        if path:
            edit.setText(path)
            self._schedule_preview()

    def _insert_placeholder(self, item: QListWidgetItem) -> None:
        self.editor.insertPlainText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.editor.setFocus()

    # -- data -------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        current = self._current.name if self._current else None
        self._templates = svc.list_templates(self.ctx.store)
        self._loading = True
        self.list.clear()
        for t in self._templates:
            label = t.name if t.builtin else f"{t.name}  ({self.tr('edited')})"
            self.list.addItem(label)
        case_id = self.case_combo.currentData()
        self.case_combo.clear()
        self.case_combo.addItem(self.tr("Sample values"), None)
        for c in letters_sql.first_case_ids(self.ctx.store):
            self.case_combo.addItem(f"{c['case_no']}  {c['debtor_name']}", int(c["id"]))
        idx = self.case_combo.findData(case_id)
        self.case_combo.setCurrentIndex(max(0, idx))
        self._loading = False
        names = [t.name for t in self._templates]
        self.list.setCurrentRow(names.index(current) if current in names else 0)

    def _on_select(self, row: int) -> None:
        if row < 0 or row >= len(self._templates):
            return
        t = self._templates[row]
        self._current = t
        self._loading = True
        self.name_edit.setText(t.name)
        self.letterhead_edit.setText(t.letterhead or "")
        self.seal_edit.setText(t.seal or "")
        self.editor.setPlainText(t.body)
        self.reset_button.setEnabled(not t.builtin)
        self._loading = False
        self.update_preview()

    def edited_template(self) -> LetterTemplate:
        base = self._current
        return LetterTemplate(
            name=self.name_edit.text().strip(),
            kind=base.kind if base else "custom",
            body=self.editor.toPlainText(),
            letterhead=self.letterhead_edit.text().strip() or None,
            seal=self.seal_edit.text().strip() or None,
            builtin=False,
        )

    def _schedule_preview(self) -> None:
        if not self._loading:
            self._timer.start()

    def update_preview(self) -> None:
        """Lay out the edited template for the chosen case and paint it (one letter: fast)."""
        self._timer.stop()
        template = self.edited_template()
        try:
            result = svc.preview(self.ctx.store, template, self.case_combo.currentData())
        except KnownError as exc:
            self.warnings.setText(self.tr("Error: {0}").format(exc.message))
            self.warnings.setStyleSheet("color: #b00020;")
            self.save_button.setEnabled(False)
            return
        self.save_button.setEnabled(True)
        if result.warnings:
            lines = [self.tr("Wording warnings (collection rules):")]
            lines += [w.message() for w in result.warnings]
            self.warnings.setText("\n".join(lines))
            self.warnings.setStyleSheet("color: #a05a00;")
        else:
            self.warnings.setText(
                self.tr("{0} page(s), no wording warnings.").format(len(result.laid.pages))
            )
            self.warnings.setStyleSheet("color: #1b5e20;")
        img = paint_pages(
            result.laid,
            letterhead=template.image_path("letterhead"),
            seal=template.image_path("seal"),
            scale=0.8,
        )
        self.preview.setPixmap(QPixmap.fromImage(img))
        self.preview.resize(img.size())

    def save(self) -> None:
        template = self.edited_template()
        try:
            warnings = svc.save_template(self.ctx.store, template)
        except KnownError as exc:
            self.ctx.show_error(self, exc)
            return
        self._current = template
        self.ctx.data_changed.emit()
        if warnings:
            QMessageBox.warning(
                self,
                self.tr("Saved with wording warnings"),
                "\n".join(w.message() for w in warnings),
            )

    def _reset(self) -> None:
        if self._current is not None and svc.reset_template(self.ctx.store, self._current.name):
            self.ctx.data_changed.emit()

    def _new_from_current(self) -> None:
        if self._current is None:
            return
        self._current = None
        self.list.clearSelection()
        self.name_edit.setText(self.name_edit.text() + self.tr(" (copy)"))
        self.name_edit.setFocus()
