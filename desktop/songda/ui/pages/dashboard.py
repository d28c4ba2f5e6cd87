"""Dashboard page: validity, signature rates by batch / creditor / source / month, return
reasons and re-send recovery, drawn with QPainter; export as xlsx and PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from songda.services.stats import compute_stats, write_stats_xlsx
from songda.ui.charts import Bar, BarChart

MAX_BARS = 12


def pct(v: float | None) -> str:
    return "—" if v is None else f"{100 * v:.1f}%"


class Card(QFrame):
    """One headline figure: a big value and a caption."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("Card { background: white; }")
        lay = QVBoxLayout(self)
        self.value = QLabel("—", self)
        f = self.value.font()
        f.setPointSizeF(f.pointSizeF() * 1.8)
        f.setBold(True)
        self.value.setFont(f)
        self.caption = QLabel(caption, self)
        self.detail = QLabel("", self)
        self.detail.setStyleSheet("color: #777;")
        for w in (self.value, self.caption, self.detail):
            lay.addWidget(w)


def _rate_bars(rows: list[dict[str, Any]]) -> list[Bar]:
    out = []
    for r in rows[-MAX_BARS:]:
        done = r["signed"] + r["returned"]
        out.append(
            Bar(
                r["label"] or "—",
                r["signature_rate"],
                f"{pct(r['signature_rate'])} ({r['signed']}/{done})",
            )
        )
    return out


class Page(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stats: dict[str, Any] | None = None
        self.task: Any = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.refresh)
        self.xlsx_button = QPushButton(self.tr("Export xlsx…"), self)
        self.xlsx_button.clicked.connect(self.choose_xlsx)
        self.png_button = QPushButton(self.tr("Export PNG…"), self)
        self.png_button.clicked.connect(self.choose_png)
        self.status = QLabel(self)
        for w in (self.refresh_button, self.xlsx_button, self.png_button):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)
        lay.addLayout(bar)

        self.content = QWidget(self)
        self.content.setObjectName("dashboardContent")
        self.content.setStyleSheet("#dashboardContent { background: #f4f6f9; }")
        grid = QVBoxLayout(self.content)
        cards = QGridLayout()
        self.cards = {
            "validity": Card(self.tr("Address validity"), self.content),
            "valid_share": Card(self.tr("Cases with a valid address"), self.content),
            "signature": Card(self.tr("Signature rate"), self.content),
            "recovery": Card(self.tr("Re-send recovery"), self.content),
        }
        for i, c in enumerate(self.cards.values()):
            cards.addWidget(c, 0, i)
        grid.addLayout(cards)
        charts = QGridLayout()
        self.charts = {
            "by_batch": BarChart(self.tr("Signature rate by batch"), self.content),
            "by_creditor": BarChart(self.tr("Signature rate by creditor"), self.content),
            "by_source": BarChart(self.tr("Signature rate by address source"), self.content),
            "by_month": BarChart(self.tr("Signature rate by month"), self.content),
            "reasons": BarChart(self.tr("Return reasons"), self.content),
            "status": BarChart(self.tr("Cases by status"), self.content),
        }
        for i, chart in enumerate(self.charts.values()):
            chart.empty_text = self.tr("No data yet")
            charts.addWidget(chart, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(charts)
        grid.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.content)
        lay.addWidget(scroll, 1)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> Any:
        """Compute the figures in a worker (they grow with the data)."""
        if self.task is not None and not self.task.done:
            return self.task
        self.status.setText(self.tr("Computing…"))
        self.task = self.ctx.run_task(
            _stats_task,
            title=self.tr("Dashboard figures"),
            writes=False,
            on_success=self.show_stats,
            on_error=lambda e: self.status.setText(self.ctx.error_text(e)[0]),
        )
        return self.task

    def show_stats(self, s: dict[str, Any]) -> None:
        self.stats = s
        self.status.setText("")
        c = self.cards
        c["validity"].value.setText(pct(s["validity_rate"]))
        c["validity"].detail.setText(
            self.tr("{0} of {1} addresses").format(s["candidates_valid"], s["candidates_parsed"])
        )
        c["valid_share"].value.setText(pct(s["valid_case_share"]))
        c["valid_share"].detail.setText(
            self.tr("{0} of {1} cases").format(s["cases_with_valid_candidate"], s["cases"])
        )
        c["signature"].value.setText(pct(s["signature_rate"]))
        c["signature"].detail.setText(
            self.tr("{0} signed, {1} returned, {2} pending").format(
                s["signed"], s["returned"], s["pending"]
            )
        )
        rs = s["resend"]
        c["recovery"].value.setText(pct(rs["recovery_rate"]))
        c["recovery"].detail.setText(
            self.tr("{0} of {1} re-sent signed; {2} waiting").format(
                rs["recovered"], rs["resent_with_result"], rs["awaiting_resend"]
            )
        )
        for key in ("by_batch", "by_creditor", "by_source", "by_month"):
            self.charts[key].set_bars(_rate_bars(s[key]), 1.0)
        reasons = s["return_reasons"][:MAX_BARS]
        self.charts["reasons"].set_bars(
            [Bar(r["label"], float(r["n"]), f"{r['n']} ({pct(r['share'])})") for r in reasons]
        )
        statuses = sorted(s["cases_by_status"].items(), key=lambda kv: -kv[1])
        self.charts["status"].set_bars(
            [Bar(_status_label(k), float(v), str(v)) for k, v in statuses]
        )

    # -- export ---------------------------------------------------------------------------
    def choose_xlsx(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export dashboard"),
            str(Path.home() / "songda-stats.xlsx"),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            self.export_xlsx(Path(path))

    def export_xlsx(self, path: Path) -> Path | None:
        if self.stats is None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        write_stats_xlsx(self.stats, path)
        self.status.setText(self.tr("Saved {0}").format(path))
        return path

    def choose_png(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export charts"),
            str(Path.home() / "songda-dashboard.png"),
            self.tr("PNG image (*.png)"),
        )
        if path:
            self.export_png(Path(path))

    def export_png(self, path: Path) -> Path | None:
        if path.suffix.lower() != ".png":
            path = path.with_suffix(".png")
        layout = self.content.layout()
        if layout is not None:
            layout.activate()
        self.content.resize(
            self.content.width(), max(self.content.height(), self.content.sizeHint().height())
        )
        ok = self.content.grab().save(str(path), "PNG")
        if not ok:
            return None
        self.status.setText(self.tr("Saved {0}").format(path))
        return path


def _status_label(key: str) -> str:
    from songda.domain.models import CaseStatus

    try:
        return CaseStatus(key).label_zh
    except ValueError:
        return key


def _stats_task(store: Any, *, progress: Any, cancel: Any) -> dict[str, Any]:
    return compute_stats(store)
