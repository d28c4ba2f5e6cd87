"""The Delivery page: import results in a worker, mailings and history, re-send list,
proposals, evidence packs and receipt scans."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from delivery_kit import add_case, send, write_csv

from songda.store import delivery as dsql


def _seed(ctx: Any) -> None:
    s = ctx.store
    a, ac = add_case(
        s,
        "A1",
        [
            {"standard": "北京市海淀区甲路1号", "poi": "甲小区"},
            {"standard": "北京市朝阳区乙路2号", "source": "work"},
        ],
    )
    b, bc = add_case(
        s, "B2", [{"standard": "上海市静安区丙路3号", "poi": "丙新村", "adcode": "310106"}]
    )
    send(s, "第1批", [(a, ac[0], "EA000000001CN"), (b, bc[0], "EA000000002CN")])


def _page(ctx: Any, qtbot: Any) -> Any:
    from songda.ui.pages.delivery import Page

    page = Page(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def test_models_pass_modeltester(ctx: Any, qtbot: Any, qtmodeltester: Any) -> None:
    _seed(ctx)
    page = _page(ctx, qtbot)
    assert page.mailings_model.rowCount() == 2
    for model in (
        page.mailings_model,
        page.history_model,
        page.resend_model,
        page.proposals_model,
        page.files_model,
    ):
        qtmodeltester.check(model)


def test_import_results_moves_cases_and_shows_history(
    ctx: Any, qtbot: Any, tmp_path: Path, qtmodeltester: Any
) -> None:
    _seed(ctx)
    page = _page(ctx, qtbot)
    f = write_csv(
        tmp_path / "r.csv",
        [
            "EA000000001CN,未妥投,2026-11-20 10:00,,查无此人",
            "EA000000002CN,退回,2026-11-21,,小区已拆迁",
            "EA999000000CN,妥投,,,",
        ],
    )
    task = page.import_results(f)
    assert not page.import_button.isEnabled()
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    qtbot.waitUntil(lambda: page.last_report is not None)
    assert "EA999000000CN" in page.summary.text()
    qtbot.waitUntil(lambda: page.resend_model.rowCount() == 1)
    assert page.resend_model.rows[0]["case_no"] == "A1"
    assert page.proposals_model.rowCount() == 1
    assert page.files_model.rowCount() == 1
    qtmodeltester.check(page.resend_model)

    # the history of the first mailing
    row = next(
        i for i, r in enumerate(page.mailings_model.rows) if r["tracking_no"] == "EA000000001CN"
    )
    page.mailings_view.selectRow(row)
    assert page.history_model.rowCount() == 1
    assert "查无此人" in page.history_model.data(page.history_model.index(0, 2))
    assert page.evidence_button.isEnabled()

    # filter by status
    page.status_filter.setCurrentIndex(page.status_filter.findData("returned"))
    assert page.mailings_model.rowCount() == 2
    page.search.setText("B2")
    assert page.mailings_model.rowCount() == 1

    # accept the demolished proposal
    page.proposals_view.selectRow(0)
    page._resolve_proposal(True)
    assert page.proposals_model.rowCount() == 0
    assert ctx.store.count("blacklist") == 1
    page.grab().save(str(tmp_path / "delivery.png"))


def test_attach_and_export_evidence(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    _seed(ctx)
    page = _page(ctx, qtbot)
    page.mailings_view.selectRow(0)
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG scan")
    info = page.attach(scan)
    assert info is not None and dsql.evidence_files(ctx.store, page.selected_mailing()["case_id"])
    task = page.export_evidence(tmp_path / "out")
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    qtbot.waitUntil(lambda: page.last_evidence is not None)
    assert page.last_evidence.path.suffix == ".zip" and page.last_evidence.path.is_file()


def test_bad_results_file_is_reported(
    ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    page = _page(ctx, qtbot)
    shown: list[Any] = []
    monkeypatch.setattr(ctx, "show_error", lambda parent, e: shown.append(e))
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"nope")
    task = page.import_results(bad)
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    qtbot.waitUntil(lambda: bool(shown))
    assert "无法读取" in page.summary.text()
