"""The review queue, keyboard only; the review panel's dialogs; undo and redo."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from songda.store import review as q


@pytest.fixture()
def cases(ctx: Any) -> list[int]:
    from review_data import add_cases

    ids = add_cases(ctx.store)
    # all three into the queue, whatever the ranking decided
    with ctx.store.transaction():
        for cid in ids:
            ctx.store.db["cases"].update(cid, {"status": "needs_review", "needs_review": 1})
    return ids


@pytest.fixture()
def page(ctx: Any, cases: list[int], qtbot: Any) -> Any:
    from songda.ui.pages.review import Page

    p = Page(ctx, None)
    qtbot.addWidget(p)
    p.show()
    p.activated()
    return p


def test_keyboard_review_flow(page: Any, ctx: Any, cases: list[int], qtbot: Any) -> None:
    assert page.queue == cases
    first = page.current_case_id()
    assert "remaining 3" in page.progress_label.text()
    # 2 selects the second candidate, Enter chooses it and moves on
    second = page.panel.candidates[1]["id"]
    qtbot.keyClick(page, Qt.Key.Key_2)
    assert page.panel.selected == 1
    qtbot.keyClick(page, Qt.Key.Key_Return)
    case = q.get_case(ctx.store, first)
    assert case["status"] == "confirmed" and case["best_candidate_id"] == second
    assert page.current_case_id() == cases[1]
    assert "Reviewed 1" in page.progress_label.text()
    # Enter on the next case accepts its best
    best = q.get_case(ctx.store, cases[1])["best_candidate_id"]
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert q.get_case(ctx.store, cases[1])["status"] == "confirmed"
    assert q.get_candidate(ctx.store, best)["chosen"] == 1
    # N / P move without changing anything
    assert page.current_case_id() == cases[2]
    qtbot.keyClick(page, Qt.Key.Key_P)
    assert page.current_case_id() == cases[1]
    qtbot.keyClick(page, Qt.Key.Key_N)
    assert page.current_case_id() == cases[2]
    # Ctrl+Z undoes the last accept, Ctrl+Y (redo) applies it again
    qtbot.keyClick(page, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert q.get_case(ctx.store, cases[1])["status"] == "needs_review"
    assert q.get_candidate(ctx.store, best)["chosen"] == 0
    ctx.undo_stack.redo()
    assert q.get_case(ctx.store, cases[1])["status"] == "confirmed"
    actions = [e["action"] for e in ctx.store.audit_entries("case")]
    assert "review.choose" in actions and "review.undo.accept" in actions


def test_edit_with_live_reparse_and_undo(page: Any, ctx: Any, qtbot: Any) -> None:
    page.panel.select(2)  # the junk "不详" work address of case 1
    cand = page.panel.selected_candidate()
    assert cand["raw_text"] == "不详"
    qtbot.keyClick(page, Qt.Key.Key_E)
    dlg = page.panel.dialog
    assert dlg is not None and dlg.isVisible()
    dlg.edit.setText("北京市西城区金融大街35号")
    assert "西城区" in dlg.levels.text()  # parsed as typed
    dlg.accept()
    edited = q.get_candidate(ctx.store, cand["id"])
    assert edited["raw_text"] == "北京市西城区金融大街35号" and edited["district"] == "西城区"
    assert edited["updated_by"] == "tester"
    ctx.undo_stack.undo()
    assert q.get_candidate(ctx.store, cand["id"])["raw_text"] == "不详"
    ctx.undo_stack.redo()
    assert q.get_candidate(ctx.store, cand["id"])["district"] == "西城区"


def test_blacklist_by_keyboard(page: Any, ctx: Any, qtbot: Any) -> None:
    from songda.store import blacklist as bl

    page.panel.select(0)
    qtbot.keyClick(page, Qt.Key.Key_B)
    dlg = page.panel.dialog
    assert dlg is not None
    dlg.kind.setCurrentIndex(dlg.kind.findData("demolished"))
    dlg.accept()
    entries = bl.list_entries(ctx.store)
    assert len(entries) == 1 and entries[0].kind.value == "demolished"
    ctx.undo_stack.undo()
    assert bl.list_entries(ctx.store) == []


def test_invalid_and_restore(page: Any, ctx: Any, qtbot: Any) -> None:
    page.panel.select(0)
    cid = page.panel.selected_candidate()["id"]
    qtbot.keyClick(page, Qt.Key.Key_I)
    page.panel.dialog.reason.setCurrentText("查无此地")
    page.panel.dialog.accept()
    assert q.get_candidate(ctx.store, cid)["status"] == "invalid"
    ids = [c["id"] for c in page.panel.candidates]
    page.panel.select(ids.index(cid))
    qtbot.keyClick(page, Qt.Key.Key_R)
    assert q.get_candidate(ctx.store, cid)["status"] == "active"


def test_reveal_id_is_audited(page: Any, ctx: Any) -> None:
    assert "********" in page.panel.id_label.text()
    page.panel.show_id.click()
    assert "110108199001011234" in page.panel.id_label.text()
    assert any(e["action"] == "reveal" for e in ctx.store.audit_entries("case"))


def test_undo_from_main_window_menu(main_window: Any, ctx: Any, cases: list[int]) -> None:
    page = main_window.show_page("review")
    page.panel.accept_or_choose()
    assert q.get_case(ctx.store, cases[0])["status"] == "confirmed"
    assert main_window.undo_action.isEnabled()
    main_window.undo_action.trigger()
    assert q.get_case(ctx.store, cases[0])["status"] == "needs_review"


def test_settings_page_saves(ctx: Any, qtbot: Any) -> None:
    from songda.ui.pages.settings import Page

    p = Page(ctx, None)
    qtbot.addWidget(p)
    p.operator.setText("李律师")
    p.sender_edits["name"].setText("某某律师事务所")
    p.sender_edits["address"].setText("北京市朝阳区建国路1号")
    p.sender_edits["postcode"].setText("100022")
    p.sender_edits["phone"].setText("010-12345678")
    p.language.setCurrentIndex(p.language.findData("zh_CN"))
    if p.weights.rowCount():
        spin = p.weights.cellWidget(0, 2)
        spin.setValue(12)
    p.save()
    assert ctx.operator == "李律师"
    assert ctx.store.get_setting("sender") == {
        "name": "某某律师事务所",
        "address": "北京市朝阳区建国路1号",
        "postcode": "100022",
        "phone": "010-12345678",
    }
    assert ctx.store.get_setting("ui.language") == "zh_CN"
    if p.weights.rowCount():
        assert list(ctx.store.get_setting("ranking.weights").values()) == [12.0]
    made = p.backup_now()
    assert made.exists() and p.backup_list.count() == 1
    p.restore(made)
    assert "Restored" in p.message.text()
