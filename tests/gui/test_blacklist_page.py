"""The Blacklist page: model, add/edit/remove with undo, import/export in the background."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from songda.domain.blacklist import BlacklistEntry, BlacklistKind, MatchKind, Origin
from songda.ranking.blacklist_io import read_entries, write_entries
from songda.store import blacklist as bl
from songda.ui.blacklist_model import BlacklistModel


def make_page(ctx: Any, qtbot: Any) -> Any:
    from songda.ui.pages.blacklist import Page

    page = Page(ctx)
    qtbot.addWidget(page)
    page.resize(1000, 500)
    page.show()
    return page


def test_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    model = BlacklistModel()
    model.set_entries(
        [
            BlacklistEntry(BlacklistKind.DEMOLISHED, MatchKind.KEYWORD, "幸福村", note="拆", id=1),
            BlacklistEntry(BlacklistKind.CUSTOM, MatchKind.DIVISION, None, "110105", id=2),
            BlacklistEntry(
                BlacklistKind.COLLECTIVE, MatchKind.KEYWORD, "集体户", origin=Origin.BUILTIN
            ),
        ]
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 3 and model.data(model.index(1, 3)) == "110105"


def test_add_edit_remove_with_undo(ctx: Any, qtbot: Any) -> None:
    page = make_page(ctx, qtbot)
    dlg = page.add_entry()
    dlg.kind.setCurrentIndex(dlg.kind.findData("demolished"))
    dlg.pattern.setText("幸福村")
    dlg.note.setText("2025年拆迁")
    dlg.buttons.accepted.emit()
    assert page.model.rowCount() == 1
    e = page.model.entry(0)
    assert (e.kind, e.match, e.pattern, e.note) == (
        BlacklistKind.DEMOLISHED,
        MatchKind.KEYWORD,
        "幸福村",
        "2025年拆迁",
    )
    # a division match without a code is refused in the dialog
    bad = page.add_entry()
    bad.match.setCurrentIndex(bad.match.findData("division"))
    bad.buttons.accepted.emit()
    assert bad.isVisible() and bad.error.isVisible()
    bad.reject()

    page.table.selectRow(0)
    dlg = page.edit_selected()
    assert dlg is not None and dlg.pattern.text() == "幸福村"
    dlg.note.setText("已核实")
    dlg.buttons.accepted.emit()
    assert bl.list_entries(ctx.store)[0].note == "已核实"
    ctx.undo_stack.undo()
    assert bl.list_entries(ctx.store)[0].note == "2025年拆迁"

    page.table.selectRow(0)
    assert page.remove_selected() == 1
    assert page.model.rowCount() == 0 and bl.list_entries(ctx.store) == []
    ctx.undo_stack.undo()
    assert [x.pattern for x in bl.list_entries(ctx.store)] == ["幸福村"]
    actions = [a["action"] for a in ctx.store.audit_entries("blacklist")]
    assert actions[:3] == ["add", "remove", "update"]


def test_builtin_rules_shown_read_only_and_filters(ctx: Any, qtbot: Any) -> None:
    bl.add_entry(ctx.store, BlacklistEntry(BlacklistKind.CUSTOM, MatchKind.KEYWORD, "某某大厦"))
    page = make_page(ctx, qtbot)
    page.show_builtin.setChecked(True)
    assert page.model.rowCount() > 3
    builtin_row = next(
        r for r in range(page.model.rowCount()) if page.model.entry(r).origin is Origin.BUILTIN
    )
    page.table.selectRow(page.proxy.mapFromSource(page.model.index(builtin_row, 0)).row())
    assert not page.remove_button.isEnabled() and page.remove_selected() == 0
    page.search.setText("大厦")
    assert page.proxy.rowCount() == 1
    page.search.setText("")
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("institution"))
    assert page.proxy.rowCount() >= 1
    for r in range(page.proxy.rowCount()):
        assert "监" in page.proxy.data(page.proxy.index(r, 2)) or page.proxy.rowCount() == 1


def test_import_export_in_background(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    src = tmp_path / "in.xlsx"
    write_entries(
        src,
        [
            BlacklistEntry(BlacklistKind.DEMOLISHED, MatchKind.DIVISION, None, "110105001"),
            BlacklistEntry(BlacklistKind.INSTITUTION, MatchKind.KEYWORD, "某某看守所", note="n"),
        ],
    )
    page = make_page(ctx, qtbot)
    with qtbot.waitSignal(ctx.data_changed, timeout=20000):
        task = page.import_file(src)
    assert task.result == {"added": 2, "skipped": 0}
    assert page.model.rowCount() == 2
    assert "2" in page.status.text()
    out = tmp_path / "out.csv"
    task = page.export_file(out)
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    assert task.error is None and task.result == 2
    assert [e.pattern or e.division_code for e in read_entries(out)] == ["110105001", "某某看守所"]
    page.grab().save(str(tmp_path / "blacklist_page.png"))


def test_bad_import_file_reports_error(
    ctx: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not excel")
    page = make_page(ctx, qtbot)
    shown: list[BaseException] = []
    monkeypatch.setattr(ctx, "show_error", lambda parent, e: shown.append(e))
    task = page.import_file(bad)
    qtbot.waitUntil(lambda: task.done, timeout=20000)
    assert shown and "无法读取" in str(shown[0])


def test_rerank_runs_in_background(ctx: Any, qtbot: Any) -> None:
    page = make_page(ctx, qtbot)
    task = page.rerank()
    qtbot.waitUntil(lambda: task.done, timeout=30000)
    assert task.error is None and task.result.cases == 0
    assert page.status.text().startswith("Re-ranked") or "0" in page.status.text()
    assert page.table.model().headerData(2, Qt.Orientation.Horizontal)
