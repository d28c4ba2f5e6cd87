"""Case detail and review panel: debtor (masked), ranked candidates with score bars and
reason chips, the selected candidate's standard levels, and the review actions."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from songda.domain.models import ADDRESS_FIELDS
from songda.ranking.serialize import reasons_from_json
from songda.services import review
from songda.store import review as q
from songda.ui.candidate_card import CandidateCard, _json, reason_chips
from songda.ui.context import optional
from songda.ui.labels import level_label, status_label
from songda.ui.review_dialogs import AddressDialog, BlacklistDialog, InvalidDialog
from songda.ui.undo import perform


class ReviewPanel(QWidget):
    """Shows one case; actions go through :mod:`songda.services.review` with undo."""

    changed = Signal()

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case: dict[str, Any] | None = None
        self.candidates: list[dict[str, Any]] = []
        self.selected = 0
        self.cards: list[CandidateCard] = []
        self.dialog: Any = None  # the open dialog, for tests
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)

        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.header)
        ident = QHBoxLayout()
        self.id_label = QLabel(self)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_id = self._button(self.tr("Show"), lambda: self.reveal("id_number"))
        self.phone_label = QLabel(self)
        self.phone_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.show_phone = self._button(self.tr("Show"), lambda: self.reveal("phones"))
        for w in (self.id_label, self.show_id, self.phone_label, self.show_phone):
            ident.addWidget(w)
        ident.addStretch(1)
        lay.addLayout(ident)
        self.review_reasons = QLabel(self)
        self.review_reasons.setWordWrap(True)
        self.review_reasons.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.review_reasons)

        self.cards_scroll = QScrollArea(self)
        self.cards_scroll.setWidgetResizable(True)
        self.cards_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cards_host = QWidget(self.cards_scroll)
        self.cards_layout = QVBoxLayout(self.cards_host)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.addStretch(1)
        self.cards_scroll.setWidget(self.cards_host)
        lay.addWidget(self.cards_scroll, 3)

        self.levels_box = QFrame(self)
        self.levels = QGridLayout(self.levels_box)
        self.levels.setContentsMargins(0, 0, 0, 0)
        self.level_labels: dict[str, QLabel] = {}
        for i, key in enumerate(ADDRESS_FIELDS[:12]):
            name = QLabel(level_label(key), self.levels_box)
            name.setStyleSheet("color:#666666;")
            value = QLabel(self.levels_box)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.levels.addWidget(name, (i // 4) * 2, i % 4)
            self.levels.addWidget(value, (i // 4) * 2 + 1, i % 4)
            self.level_labels[key] = value
        lay.addWidget(self.levels_box)
        self.legend = QLabel(
            '<span style="background-color:#dcebff;">&nbsp;'
            + self.tr("inferred")
            + '&nbsp;</span> <span style="background-color:#ffe7c2;">&nbsp;'
            + self.tr("corrected")
            + "&nbsp;</span>",
            self,
        )
        legend_row = QHBoxLayout()
        legend_row.addWidget(self.legend)
        self.issues_label = QLabel(self)
        self.issues_label.setWordWrap(True)
        self.issues_label.setStyleSheet("color:#9b1c13;")
        legend_row.addWidget(self.issues_label, 1)
        lay.addLayout(legend_row)

        actions = QGridLayout()
        self.btn_accept = self._button(self.tr("Accept best (Enter)"), self.accept_or_choose)
        self.btn_edit = self._button(self.tr("Edit (E)"), self.edit_selected)
        self.btn_add = self._button(self.tr("Add address (A)"), self.add_address)
        self.btn_invalid = self._button(self.tr("Invalid (I)"), self.invalid_selected)
        self.btn_blacklist = self._button(self.tr("Blacklist (B)"), self.blacklist_selected)
        self.btn_restore = self._button(self.tr("Restore (R)"), self.restore_selected)
        for i, b in enumerate(
            (
                self.btn_accept,
                self.btn_edit,
                self.btn_add,
                self.btn_invalid,
                self.btn_blacklist,
                self.btn_restore,
            )
        ):
            actions.addWidget(b, i // 3, i % 3)
        lay.addLayout(actions)
        ctx.data_changed.connect(self.reload)
        self.set_case(None)

    def _button(self, text: str, slot: Any) -> QPushButton:
        b = QPushButton(text, self)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys stay with the review page
        b.clicked.connect(slot)
        return b

    # -- showing a case ---------------------------------------------------------
    def set_case(self, case_id: int | None, select: int | None = None) -> None:
        self.case = q.get_case(self.ctx.store, case_id) if case_id is not None else None
        self.candidates = (
            q.candidates_of(self.ctx.store, case_id)
            if self.case is not None and case_id is not None
            else []
        )
        self.selected = select if select is not None else self._default_selection()
        self._render()

    def reload(self) -> None:
        if self.case is not None:
            keep = self.candidates[self.selected]["id"] if self.candidates else None
            self.set_case(int(self.case["id"]))
            ids = [c["id"] for c in self.candidates]
            if keep in ids:
                self.select(ids.index(keep))

    def _default_selection(self) -> int:
        for i, c in enumerate(self.candidates):
            if c.get("chosen"):
                return i
        best = self.case.get("best_candidate_id") if self.case else None
        for i, c in enumerate(self.candidates):
            if c["id"] == best:
                return i
        return 0

    def _render(self) -> None:
        case = self.case
        enabled = case is not None
        for b in (
            self.btn_accept,
            self.btn_edit,
            self.btn_add,
            self.btn_invalid,
            self.btn_blacklist,
            self.btn_restore,
            self.show_id,
            self.show_phone,
        ):
            b.setEnabled(enabled)
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        if case is None:
            self.header.setText(self.tr("No case selected."))
            self.id_label.setText("")
            self.phone_label.setText("")
            self.review_reasons.setText("")
            self._render_levels(None)
            return
        amount = case.get("amount_due")
        parts = [
            f"<span style='font-size:large'><b>{html.escape(case['debtor_name'])}</b></span>",
            html.escape(case["case_no"]),
            html.escape(case.get("creditor") or ""),
            f"<b>{html.escape(status_label(case['status']))}</b>",
        ]
        if amount:
            parts.append(self.tr("Due {0}").format(f"{amount:,.2f}"))
        self.header.setText(" · ".join(p for p in parts if p))
        self.id_label.setText(
            self.tr("ID {0}").format(review.mask_id(case.get("id_number")) or "—")
        )
        phones = review.phones_of(case)
        self.phone_label.setText(
            self.tr("Phone {0}").format("、".join(review.mask_phone(p) for p in phones) or "—")
        )
        rr = reasons_from_json(case.get("review_reasons"))
        self.review_reasons.setText(
            self.tr("Why review: {0}").format(reason_chips(rr)) if rr else ""
        )
        for i, cand in enumerate(self.candidates):
            card = CandidateCard(i, cand, self.cards_host)
            card.clicked.connect(self.select)
            self.cards_layout.insertWidget(i, card)
            self.cards.append(card)
        self.select(min(self.selected, max(0, len(self.candidates) - 1)))

    def _render_levels(self, cand: dict[str, Any] | None) -> None:
        spans = _json(cand.get("spans"), {}) if cand else {}
        issues = _json(cand.get("issues"), []) if cand else []
        labels = optional("songda.address.issues", "ISSUE_LABELS") or {}
        self.issues_label.setText(
            self.tr("Issues: {0}").format("、".join(labels.get(i, i) for i in issues))
            if issues
            else ""
        )
        for key, label in self.level_labels.items():
            value = cand.get(key) if cand else None
            label.setText(value or "—")
            label.setToolTip("")
            style = ""
            if value and spans and spans.get(key) is None:
                style = "background-color:#dcebff;"
                label.setToolTip(self.tr("Inferred (not in the original text)"))
            elif value and spans.get(key) and spans[key] != value:
                style = "background-color:#ffe7c2;"
                label.setToolTip(self.tr("Corrected from: {0}").format(spans[key]))
            label.setStyleSheet(style)

    def select(self, index: int) -> None:
        if not self.candidates:
            self.selected = 0
            self._render_levels(None)
            return
        self.selected = max(0, min(index, len(self.candidates) - 1))
        for card in self.cards:
            card.set_selected(card.index == self.selected)
        if self.cards:
            self.cards_scroll.ensureWidgetVisible(self.cards[self.selected])
        cand = self.candidates[self.selected]
        self._render_levels(cand)
        self.btn_restore.setEnabled(cand.get("status") != "active")
        is_best = self.case is not None and cand["id"] == self.case.get("best_candidate_id")
        self.btn_accept.setText(
            self.tr("Accept best (Enter)") if is_best else self.tr("Choose this address (Enter)")
        )

    def selected_candidate(self) -> dict[str, Any] | None:
        if not self.candidates:
            return None
        return self.candidates[self.selected]

    # -- actions ------------------------------------------------------------------------
    def reveal(self, what: str) -> None:
        if self.case is None:
            return
        value = review.reveal(self.ctx.store, int(self.case["id"]), what)
        if what == "id_number":
            self.id_label.setText(self.tr("ID {0}").format(value or "—"))
        else:
            self.phone_label.setText(self.tr("Phone {0}").format(value or "—"))

    def _do(self, text: str, fn: Any) -> bool:
        if self.case is None:
            return False
        change = perform(self.ctx, text, fn, self)
        if change is not None:
            self.changed.emit()
        return change is not None

    def accept_or_choose(self) -> bool:
        """Enter: choose the selected candidate (the best, unless another is selected)."""
        if self.case is None:
            return False
        cand = self.selected_candidate()
        case_id = int(self.case["id"])
        if cand is None or cand["id"] == self.case.get("best_candidate_id"):
            return self._do(
                self.tr("Accept best of {0}").format(self.case["case_no"]),
                lambda s: review.accept_best(s, case_id),
            )
        cid = int(cand["id"])
        return self._do(
            self.tr("Choose address for {0}").format(self.case["case_no"]),
            lambda s: review.choose(s, case_id, cid),
        )

    def _open(self, dialog: Any, on_ok: Any) -> Any:
        self.dialog = dialog
        dialog.accepted.connect(on_ok)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()
        return dialog

    def edit_selected(self) -> Any:
        cand = self.selected_candidate()
        if cand is None:
            return None
        cid = int(cand["id"])
        dlg = AddressDialog(self.tr("Edit address"), cand.get("raw_text") or "", self)
        return self._open(
            dlg,
            lambda: self._do(
                self.tr("Edit address"), lambda s: review.edit_address(s, cid, dlg.text())
            ),
        )

    def add_address(self) -> Any:
        if self.case is None:
            return None
        case_id = int(self.case["id"])
        dlg = AddressDialog(self.tr("Add address"), "", self)
        return self._open(
            dlg,
            lambda: self._do(
                self.tr("Add address"), lambda s: review.add_address(s, case_id, dlg.text())
            ),
        )

    def invalid_selected(self) -> Any:
        cand = self.selected_candidate()
        if cand is None:
            return None
        cid = int(cand["id"])
        dlg = InvalidDialog(self)
        return self._open(
            dlg,
            lambda: self._do(
                self.tr("Mark address invalid"), lambda s: review.mark_invalid(s, cid, dlg.text())
            ),
        )

    def blacklist_selected(self) -> Any:
        cand = self.selected_candidate()
        if cand is None:
            return None
        cid = int(cand["id"])
        dlg = BlacklistDialog(cand, self)
        return self._open(
            dlg,
            lambda: self._do(
                self.tr("Add to blacklist"),
                lambda s: review.add_to_blacklist(
                    s, cid, dlg.scope(), dlg.kind_code(), dlg.note.text()
                ),
            ),
        )

    def restore_selected(self) -> bool:
        cand = self.selected_candidate()
        if cand is None or cand.get("status") == "active":
            return False
        cid = int(cand["id"])
        return self._do(self.tr("Restore address"), lambda s: review.restore(s, cid))
