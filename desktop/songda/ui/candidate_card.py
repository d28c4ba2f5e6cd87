"""One candidate address as a card: rank, source, score bar, address, reason chips."""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from songda.domain.models import Reason
from songda.ranking.serialize import reasons_from_json
from songda.ui.labels import source_label

SCORE_MAX = 60.0


def _json(value: Any, default: Any) -> Any:
    if not value:
        return default
    try:
        return json.loads(value)
    except ValueError:
        return default


def reason_chips(reasons: list[Reason]) -> str:
    """Rich text: one coloured chip per reason (green adds points, red takes them)."""
    chips = []
    for r in reasons:
        pts = float(r.points or 0)
        bg, fg = ("#e2f3e4", "#1d6b2b") if pts > 0 else ("#fbe3e1", "#9b1c13")
        if pts == 0:
            bg, fg = "#ececec", "#444444"
        sign = f"&nbsp;{pts:+.0f}" if pts else ""
        label = html.escape(r.label or r.code)
        chips.append(
            f'<span style="background-color:{bg}; color:{fg};">&nbsp;{label}{sign}&nbsp;</span>'
        )
    return "&nbsp; ".join(chips)


class CandidateCard(QFrame):
    clicked = Signal(int)  # index in the panel

    def __init__(self, index: int, cand: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.cand = cand
        self.setObjectName("candidateCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 6, 8, 6)
        lay.setSpacing(3)
        head = QHBoxLayout()
        active = cand.get("status") == "active"
        title = f"{index + 1}. {source_label(cand.get('source'))}"
        column = cand.get("source_column")
        if column and column != source_label(cand.get("source")):
            title += f"（{column}）"
        self.title = QLabel(f"<b>{html.escape(title)}</b>", self)
        head.addWidget(self.title)
        tags = []
        if cand.get("chosen"):
            tags.append(self.tr("Chosen"))
        if not active:
            tags.append(self.tr("Invalid") if cand.get("status") == "invalid" else cand["status"])
        flags = _json(cand.get("flags"), [])
        if flags:
            tags.append(self.tr("Blacklisted"))
        self.tags = QLabel(" · ".join(tags), self)
        self.tags.setStyleSheet("color:#9b1c13;" if (flags or not active) else "color:#1d6b2b;")
        head.addWidget(self.tags)
        head.addStretch(1)
        score = cand.get("score")
        self.bar = QProgressBar(self)
        self.bar.setRange(0, int(SCORE_MAX))
        self.bar.setValue(int(max(0.0, min(SCORE_MAX, score or 0.0))))
        self.bar.setFormat(self.tr("{0} pts").format("—" if score is None else f"{score:.0f}"))
        self.bar.setFixedWidth(150)
        head.addWidget(self.bar)
        lay.addLayout(head)
        std = cand.get("standard")
        self.address = QLabel(html.escape(std or cand.get("raw_text") or ""), self)
        self.address.setWordWrap(True)
        f = self.address.font()
        f.setPointSizeF(f.pointSizeF() * 1.1)
        self.address.setFont(f)
        lay.addWidget(self.address)
        raw = cand.get("raw_text") or ""
        extra = []
        if std and raw != std:
            extra.append(self.tr("Original: {0}").format(html.escape(raw)))
        if cand.get("postcode"):
            extra.append(self.tr("Postcode {0}").format(cand["postcode"]))
        if cand.get("review_note"):
            extra.append(self.tr("Reason: {0}").format(html.escape(cand["review_note"])))
        self.extra = QLabel(" · ".join(extra), self)
        self.extra.setWordWrap(True)
        self.extra.setStyleSheet("color:#555555;")
        lay.addWidget(self.extra)
        self.chips = QLabel(reason_chips(reasons_from_json(cand.get("reasons"))), self)
        self.chips.setWordWrap(True)
        self.chips.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.chips)
        self.set_selected(False)

    def set_selected(self, selected: bool) -> None:
        border = "#2f6fd0" if selected else "#c9c9c9"
        width = 2 if selected else 1
        bg = "#f3f7fd" if selected else "#ffffff"
        if self.cand.get("status") != "active":
            bg = "#f4f4f4"
        self.setStyleSheet(
            f"#candidateCard {{ border: {width}px solid {border}; border-radius: 4px;"
            f" background: {bg}; }}"
        )

    def mousePressEvent(self, event: Any) -> None:  # noqa: N802
        self.clicked.emit(self.index)
        super().mousePressEvent(event)
