"""The Dashboard page: figures from compute_stats, QPainter charts, xlsx and PNG export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from delivery_kit import add_case, send, write_csv
from PySide6.QtGui import QImage

from songda.services.feedback import import_feedback


def _seed(ctx: Any, tmp_path: Path) -> None:
    s = ctx.store
    a, ac = add_case(s, "A1", [{"standard": "甲路1号"}, {"standard": "乙路2号", "source": "work"}])
    b, bc = add_case(s, "B2", [{"standard": "丙路3号", "source": "household"}], creditor="乙贷")
    c, cc = add_case(s, "C3", [{"standard": "丁路4号"}])
    send(
        s,
        "第1批",
        [(a, ac[0], "EA000000001CN"), (b, bc[0], "EA000000002CN"), (c, cc[0], "EA000000003CN")],
    )
    import_feedback(
        s,
        write_csv(
            tmp_path / "r.csv",
            [
                "EA000000001CN,退回,2026-11-10,,102",
                "EA000000002CN,退回,2026-11-10,,拒收",
                "EA000000003CN,妥投,2026-11-10,本人,",
            ],
        ),
    )


def test_dashboard_shows_figures_and_exports(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    from songda.ui.pages.dashboard import Page

    _seed(ctx, tmp_path)
    page = Page(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    qtbot.waitUntil(lambda: page.stats is not None, timeout=20000)
    assert page.cards["signature"].value.text() == "33.3%"
    assert page.cards["valid_share"].value.text() == "100.0%"
    batch = page.charts["by_batch"].bars
    assert len(batch) == 1 and batch[0].label == "第1批" and abs(batch[0].value - 1 / 3) < 0.001
    reasons = {b.label for b in page.charts["reasons"].bars}
    assert reasons == {"102 查无此人", "104 拒收"}
    assert {b.label for b in page.charts["by_creditor"].bars} == {"甲银行", "乙贷"}

    x = page.export_xlsx(tmp_path / "stats")
    assert x is not None and x.suffix == ".xlsx"
    wb = openpyxl.load_workbook(x)
    assert {"概览", "按批次", "按委托方", "按地址来源", "按月份", "退回原因"} <= set(wb.sheetnames)
    overview = {r[0]: r[1] for r in wb["概览"].iter_rows(min_row=2, values_only=True)}
    assert overview["签收率"] == round(1 / 3, 4)

    png = page.export_png(tmp_path / "dash.png")
    assert png is not None
    img = QImage(str(png))
    assert img.width() > 500 and img.height() > 300


def test_empty_dashboard(ctx: Any, qtbot: Any) -> None:
    from songda.ui.pages.dashboard import Page

    page = Page(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.stats is not None, timeout=20000)
    assert page.cards["signature"].value.text() == "—"
    assert page.charts["by_batch"].bars == []
    page.grab()  # paints the empty charts
