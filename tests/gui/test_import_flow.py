"""The GUI import flow: mapping dialog, profiles, progress/cancel, result, Import page."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import openpyxl
import pytest

HEADER = ["案件编号", "姓名", "手机号", "户籍地址", "现住址", "备用信息"]


def make_xlsx(path: Path, rows: list[list[object]], *, title: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "案件"
    if title:
        ws.append(["委案清单"])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    notes = wb.create_sheet("说明")
    notes.append(["本表仅供测试"])
    wb.save(path)
    return path


ROWS: list[list[object]] = [
    ["G1", "张三", 13812345678.0, "北京市朝阳区建国路1号", "北京市海淀区中关村大街1号", "x"],
    ["G2", "", "", "上海市浦东新区", "", ""],
    ["G3", "王五", "", "广州市天河区", "", "=1+2"],
]


def open_dialog(ctx: Any, qtbot: Any, paths: list[Path]) -> Any:
    from songda.ui.import_dialog import ImportDialog

    dialog = ImportDialog(ctx, paths)
    qtbot.addWidget(dialog)
    for i in range(len(paths)):
        if dialog.inspections[i] is None and dialog.errors[i] is None:
            qtbot.waitUntil(
                lambda i=i: dialog.inspections[i] is not None or dialog.errors[i] is not None,
                timeout=10000,
            )
    return dialog


def test_models_pass_qtmodeltester(
    qtmodeltester: Any, ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    dialog = open_dialog(ctx, qtbot, [make_xlsx(tmp_path / "a.xlsx", ROWS)])
    qtmodeltester.check(dialog.mapping_model)
    qtmodeltester.check(dialog.preview_model)
    with qtbot.waitSignal(dialog.import_finished, timeout=20000):
        dialog.start_import()
    qtmodeltester.check(dialog.rejected_model)
    from songda.store import imports as import_sql
    from songda.ui.import_models import ImportHistoryModel

    history = ImportHistoryModel()
    history.set_rows(import_sql.list_imports(ctx.store))
    qtmodeltester.check(history)


def test_dialog_maps_previews_imports_and_exports_errors(
    ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    path = make_xlsx(tmp_path / "cases.xlsx", ROWS)
    dialog = open_dialog(ctx, qtbot, [path])
    ins = dialog.inspections[0]
    assert ins.sheet == "案件" and ins.header_row == 2
    assert dialog.sheet_combo.count() == 2
    m = dialog.mapping_model
    assert m.mapping()["户籍地址"] == "address.household"
    assert m.rowCount() == len(HEADER)
    assert dialog.preview_model.rowCount() == 3
    assert "→" in dialog.preview_model.headerData(
        3, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal
    )
    # the operator maps 现住址 to a work address and names the profile
    row = HEADER.index("现住址")
    assert m.setData(m.index(row, m.FIELD), "address.work")
    assert m.mapping()["现住址"] == "address.work"
    dialog.profile_name.setText("测试模板")
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.import_finished, timeout=20000) as done:
        dialog.start_import()
    report = done.args[0]
    f = report.files[0]
    assert f.cases_new == 2 and f.rows_rejected == 1 and f.profile == "测试模板"
    assert dialog.stack.currentIndex() == 1
    assert "G2" in [dialog.rejected_model.index(0, c).data() for c in range(8)]
    out = dialog.export_error_report(tmp_path / "errors.xlsx")
    assert out is not None
    ws = openpyxl.load_workbook(out).active
    assert ws["B2"].value == "缺少姓名"
    from songda.store import cases as case_sql

    case = case_sql.get_case(ctx.store, "G1")
    assert case is not None
    sources = [c["source"] for c in case_sql.candidates_of(ctx.store, case["id"])]
    assert sources == ["household", "work"]
    dialog.grab().save(str(tmp_path / "result.png"))

    # a second file with identical headers reuses the saved profile
    other = make_xlsx(tmp_path / "next.xlsx", [["G9", "赵六", "", "天津市", "天津市和平区", ""]])
    again = open_dialog(ctx, qtbot, [other])
    assert again.inspections[0].profile == "测试模板"
    assert again.mapping_model.mapping()["现住址"] == "address.work"
    assert "测试模板" in again.info_label.text()


def test_unreadable_file_shows_reason_and_import_stays_disabled(
    ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    bad = tmp_path / "photo.xlsx"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    dialog = open_dialog(ctx, qtbot, [bad])
    assert "photo.xlsx" in dialog.info_label.text()
    assert not dialog.import_button.isEnabled()


def test_missing_required_column_blocks_import(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    dialog = open_dialog(ctx, qtbot, [make_xlsx(tmp_path / "a.xlsx", ROWS)])
    m = dialog.mapping_model
    m.setData(m.index(HEADER.index("姓名"), m.FIELD), None)
    assert not dialog.import_button.isEnabled()
    assert dialog.progress_label.text()


def test_cancel_import_changes_nothing(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    rows = [[f"C{i}", "张三", "", f"北京市朝阳区{i}号", "", ""] for i in range(400)]
    dialog = open_dialog(ctx, qtbot, [make_xlsx(tmp_path / "big.xlsx", rows)])
    with qtbot.waitSignal(dialog.import_cancelled, timeout=20000):
        task = dialog.start_import()
        task.cancel()  # before the worker gets to store anything
    assert ctx.store.count("cases") == 0 and ctx.store.count("imports") == 0
    assert dialog.import_button.isEnabled()


def test_sheet_chooser_reinspects(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "旧"
    ws.append(["案件编号", "姓名", "户籍地址"])
    ws.append(["O1", "甲", "北京市"])
    new = wb.create_sheet("新")
    new.append(["案件编号", "姓名", "户籍地址", "单位地址"])
    for i in range(3):
        new.append([f"N{i}", "乙", "上海市", "上海市浦东新区"])
    p = tmp_path / "two.xlsx"
    wb.save(p)
    dialog = open_dialog(ctx, qtbot, [p])
    first = dialog.inspections[0].sheet
    other = "旧" if first == "新" else "新"
    with qtbot.waitSignal(dialog.inspected, timeout=10000):
        dialog.sheet_combo.setCurrentText(other)
        dialog.sheet_combo.activated.emit(dialog.sheet_combo.currentIndex())
    assert dialog.inspections[0].sheet == other


def test_import_page_history_and_drop(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    Page = importlib.import_module("songda.ui.pages.import").Page
    page = Page(ctx, None)
    qtbot.addWidget(page)
    assert page.history_model.rowCount() == 0
    with qtbot.waitSignal(page.dialog_opened, timeout=5000) as opened:
        page.import_paths([make_xlsx(tmp_path / "p.xlsx", ROWS)])
    dialog = opened.args[0]
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
    with qtbot.waitSignal(ctx.data_changed, timeout=20000):
        dialog.start_import()
    qtbot.waitUntil(lambda: page.history_model.rowCount() == 1, timeout=5000)
    assert page.rejected_model.rowCount() == 1
    out = page.export_error_report(tmp_path / "page-errors.xlsx")
    assert out is not None and out.exists()
    page.grab().save(str(tmp_path / "page.png"))


@pytest.mark.parametrize("key", ["import"])
def test_main_window_opens_import_page(main_window: Any, key: str) -> None:
    page = main_window.show_page(key)
    assert type(page).__name__ == "Page"
