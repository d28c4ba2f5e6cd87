"""Templates and Batches pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from letters_kit import add_ready_cases

from songda.store import letters as letters_sql


def test_templates_page_preview_warnings_and_save(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    from songda.ui.pages.templates import Page

    add_ready_cases(ctx.store, 2)
    page = Page(ctx)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    assert page.list.count() == 2
    assert page.case_combo.count() == 3  # sample values + 2 cases
    page.case_combo.setCurrentIndex(1)
    page.update_preview()
    assert not page.preview.pixmap().isNull()
    assert "no wording warnings" in page.warnings.text()
    page.grab().save(str(tmp_path / "templates_page.png"))

    # a threatening word: warned in the preview, still savable
    page.editor.setPlainText(page.editor.toPlainText().replace("特此函告。", "否则通知家人。"))
    page.update_preview()
    assert "通知家人" in page.warnings.text()
    # an unknown placeholder: an error, saving disabled
    page.editor.setPlainText(page.editor.toPlainText() + "\n{{ no_such_field }}")
    page.update_preview()
    assert "no_such_field" in page.warnings.text() and not page.save_button.isEnabled()

    # placeholder insertion and saving an edit
    page.editor.setPlainText("::title\n通知\n::paragraph\n")
    page.placeholders.itemDoubleClicked.emit(page.placeholders.item(2))
    assert "{{ debtor_name }}" in page.editor.toPlainText()
    page.save()
    row = letters_sql.template_row(ctx.store, "律师函")
    assert row is not None and "{{ debtor_name }}" in row["body"]
    assert "edited" in page.list.item(0).text()


def test_batch_model(qtmodeltester: Any) -> None:
    from songda.ui.pages.batches import BatchTableModel

    model = BatchTableModel()
    model.set_rows(
        [
            {
                "id": 1,
                "name": "B1",
                "status": "rendered",
                "case_count": 3,
                "template": "律师函",
                "label_format": "env-dl",
                "first_tracking": "EA1",
                "last_tracking": "EA3",
                "created_at": "2026-11-28T10:00:00",
            },
            {
                "id": 2,
                "name": "B2",
                "status": "rendering",
                "case_count": 1,
                "template": "律师函",
                "label_format": "env-dl",
                "first_tracking": None,
                "last_tracking": None,
                "created_at": "2026-11-28T11:00:00",
            },
        ]
    )
    qtmodeltester.check(model)


def test_create_batch_dialog(ctx: Any, qtbot: Any) -> None:
    from songda.ui.pages.batches import CreateBatchDialog

    ids = add_ready_cases(ctx.store, 3)
    dlg = CreateBatchDialog(ctx)
    qtbot.addWidget(dlg)
    assert dlg.selected_case_ids() == ids
    dlg.tracking_edit.setText("EA123456780CN")
    assert "EA123456785CN" in dlg.tracking_hint.text()
    dlg._check_all(False)
    assert dlg.selected_case_ids() == []
    dlg.cases.item(1).setCheckState(dlg.cases.item(0).checkState().Checked)
    opts = dlg.options()
    assert opts["case_ids"] == [ids[1]] and opts["template"] == "律师函"
    assert opts["tracking_start"] == "EA123456780CN"


def test_batches_page_creates_a_batch(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    from songda.ui.pages.batches import Page

    add_ready_cases(ctx.store, 3)
    page = Page(ctx)
    qtbot.addWidget(page)
    page.resize(1100, 500)
    page.show()
    assert "3" in page.ready_label.text()
    task = page.start_batch(
        template="律师函",
        label_format="env-dl",
        tracking_start="EA12345678CN",
        out_dir=tmp_path / "out",
        workers=1,
    )
    qtbot.waitUntil(lambda: task.done and page.task is None, timeout=60_000)
    assert task.error is None, task.error
    assert page.model.rowCount() == 1
    assert "EA123456785CN" in page.result_label.text()
    assert (tmp_path / "out" / "letters-001.pdf").is_file()
    assert "0" in page.ready_label.text()
    page.table.selectRow(0)
    assert page.open_button.isEnabled() and not page.abandon_button.isEnabled()
    page.grab().save(str(tmp_path / "batches_page.png"))


def test_batches_page_cancel_then_resume(ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    from songda.ui.pages.batches import Page

    add_ready_cases(ctx.store, 4)
    page = Page(ctx)
    qtbot.addWidget(page)
    seen: list[str] = []

    def on_progress(done: int, total: int, message: str) -> None:
        seen.append(message)
        if message == "正在生成函件":
            page.cancel()

    task = page.start_batch(
        template="还款提醒函",
        label_format="a4-grid",
        tracking_start="1100000000001",
        out_dir=tmp_path / "out",
        workers=1,
    )
    task.signals.progress.connect(on_progress)
    qtbot.waitUntil(lambda: task.done and page.task is None, timeout=60_000)
    if not task.was_cancelled:  # the batch was too quick to cancel: nothing to resume
        return
    assert "Cancelled" in page.result_label.text()
    page.table.selectRow(0)
    assert page.resume_button.isEnabled() and page.abandon_button.isEnabled()
    again = page.resume()
    qtbot.waitUntil(lambda: again.done and page.task is None, timeout=60_000)
    assert again.error is None
    assert letters_sql.list_batches(ctx.store)[0]["status"] == "rendered"
