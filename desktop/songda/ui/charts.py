"""A horizontal bar chart drawn with QPainter (PySide6-Essentials has no QtCharts)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

BAR_COLOR = QColor("#2f6db5")
BAR_BG = QColor("#e8edf3")
TEXT = QColor("#222222")
MUTED = QColor("#777777")


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None  # None: no data yet (drawn as an empty track)
    text: str  # shown at the end of the bar, e.g. "75.0% (30/40)"


class BarChart(QWidget):
    """Title, then one labelled horizontal bar per item. ``maximum`` None = largest value."""

    ROW = 24

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.bars: list[Bar] = []
        self.maximum: float | None = None
        self.empty_text = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_bars(self, bars: list[Bar], maximum: float | None = None) -> None:
        self.bars = list(bars)
        self.maximum = maximum
        self.setMinimumHeight(self.sizeHint().height())
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, 36 + self.ROW * max(1, len(self.bars)) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(260, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        fm = QFontMetrics(self.font())
        w = self.width()
        title_font = self.font()
        title_font.setBold(True)
        p.setFont(title_font)
        p.setPen(TEXT)
        p.drawText(QRectF(8, 4, w - 16, 24), Qt.AlignmentFlag.AlignVCenter, self.title)
        p.setFont(self.font())
        if not self.bars:
            p.setPen(MUTED)
            p.drawText(
                QRectF(8, 32, w - 16, self.ROW), Qt.AlignmentFlag.AlignVCenter, self.empty_text
            )
            p.end()
            return
        label_w = min(max(fm.horizontalAdvance(b.label) for b in self.bars) + 12, int(w * 0.35))
        text_w = max(fm.horizontalAdvance(b.text) for b in self.bars) + 12
        bar_x = 8 + label_w
        bar_w = max(10.0, w - bar_x - text_w - 8)
        top = max((b.value or 0.0) for b in self.bars)
        scale = self.maximum if self.maximum else (top or 1.0)
        for i, b in enumerate(self.bars):
            y = 32 + i * self.ROW
            p.setPen(TEXT)
            label = fm.elidedText(b.label, Qt.TextElideMode.ElideMiddle, label_w - 8)
            p.drawText(
                QRectF(8, y, label_w - 8, self.ROW),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                label,
            )
            track = QRectF(bar_x, y + 5, bar_w, self.ROW - 10)
            p.fillRect(track, BAR_BG)
            if b.value is not None and scale > 0:
                filled = QRectF(track)
                filled.setWidth(bar_w * max(0.0, min(1.0, b.value / scale)))
                p.fillRect(filled, BAR_COLOR)
            p.setPen(TEXT if b.value is not None else MUTED)
            p.drawText(
                QRectF(bar_x + bar_w + 6, y, text_w, self.ROW),
                Qt.AlignmentFlag.AlignVCenter,
                b.text,
            )
        p.end()
