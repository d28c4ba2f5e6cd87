"""The GUI shell: navigation, pages, background tasks, drop-to-import, translations, font."""

from __future__ import annotations

import sys
import threading
import types
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from songda.domain.progress import CancelToken
from songda.errors import KnownError
from songda.ui.main_window import PAGE_KEYS, UnavailablePage


def test_navigation_has_every_page(main_window: Any) -> None:
    keys = [
        main_window.nav.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(main_window.nav.count())
    ]
    assert keys == list(PAGE_KEYS)
    for key in PAGE_KEYS:
        page = main_window.show_page(key)
        assert main_window.stack.currentWidget() is page
        assert main_window.current_key() == key


def test_missing_page_module_shows_unavailable_panel(main_window: Any, monkeypatch: Any) -> None:
    import importlib

    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> Any:
        if name == "songda.ui.pages.templates":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    page = main_window.show_page("templates")
    assert isinstance(page, UnavailablePage)


def test_status_bar_shows_database_and_counts(main_window: Any, ctx: Any) -> None:
    assert str(ctx.db_path) in main_window.db_label.text()
    assert "0" in main_window.counts_label.text()


def _slow_service(
    store: Any, n: int, *, progress: Any, cancel: CancelToken, gate: threading.Event
) -> int:
    """A fake long service: waits on ``gate`` (set by the test) so we can prove the UI thread
    keeps running while the worker is busy."""
    assert threading.current_thread() is not threading.main_thread()
    assert store.path is not None  # the worker's own Store
    for i in range(n):
        if not gate.wait(5):
            raise RuntimeError("gate never opened")
        cancel.check()
        progress(i + 1, n, f"step {i + 1}")
    return int(store.scalar("SELECT count(*) FROM cases")) + n


def test_task_runs_in_worker_without_blocking_the_event_loop(ctx: Any, qtbot: Any) -> None:
    gate = threading.Event()
    task = ctx.run_task(_slow_service, 3, gate=gate, title="slow")
    steps: list[tuple[int, int, str]] = []
    task.signals.progress.connect(lambda d, t, m: steps.append((d, t, m)))
    # The worker is blocked on the gate; the UI thread is free to process events. A UI-side
    # timer opens the gate, which can only fire if the event loop keeps running.
    from PySide6.QtCore import QTimer

    with qtbot.waitSignal(task.signals.succeeded, timeout=5000) as blocker:
        QTimer.singleShot(10, gate.set)
    assert blocker.args == [3]
    qtbot.waitUntil(lambda: task.done)
    assert steps[-1] == (3, 3, "step 3")
    assert not ctx.running_tasks


def test_task_cancel(ctx: Any, qtbot: Any) -> None:
    gate = threading.Event()
    task = ctx.run_task(_slow_service, 100, gate=gate)
    with qtbot.waitSignal(task.signals.cancelled, timeout=5000):
        task.cancel()
        gate.set()
    assert task.was_cancelled and task.result is None


def _failing_service(store: Any, *, progress: Any, cancel: Any) -> None:
    raise KnownError("文件无法读取", "file cannot be read")


def test_task_known_error_arrives_on_ui_thread(ctx: Any, qtbot: Any) -> None:
    task = ctx.run_task(_failing_service)
    with qtbot.waitSignal(task.signals.failed, timeout=5000) as blocker:
        pass
    err = blocker.args[0]
    assert isinstance(err, KnownError) and err.message == "文件无法读取"
    summary, details = ctx.error_text(err)
    assert summary == "文件无法读取" and details == "file cannot be read"


def test_data_changed_after_writing_task(ctx: Any, qtbot: Any) -> None:
    gate = threading.Event()
    gate.set()
    with qtbot.waitSignal(ctx.data_changed, timeout=5000):
        ctx.run_task(_slow_service, 1, gate=gate)


def _drop(window: Any, paths: list[Path]) -> QDropEvent:
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        md,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    ev = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        md,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, ev)
    return ev


def test_drop_file_starts_import_in_worker(
    main_window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """A dropped case file goes to the import service in a worker with a progress bar.
    (The Import page, once it offers ``import_paths``, takes precedence: tested there.)"""
    seen: list[tuple[list[Path], bool]] = []

    def import_files(store: Any, paths: list[Path], *, progress: Any, cancel: Any) -> str:
        seen.append((list(paths), threading.current_thread() is threading.main_thread()))
        progress(1, 1, "imported")
        return "ok"

    fake = types.ModuleType("songda.services.import_file")
    fake.import_files = import_files  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "songda.services.import_file", fake)
    try:
        import songda.services  # noqa: F401
    except ImportError:
        monkeypatch.setitem(sys.modules, "songda.services", types.ModuleType("songda.services"))
    import importlib

    real = importlib.import_module

    def no_import_page(name: str, package: str | None = None) -> Any:
        if name == "songda.ui.pages.import":
            raise ModuleNotFoundError(name=name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_import_page)

    f = tmp_path / "cases.xlsx"
    f.write_bytes(b"")
    ignored = tmp_path / "notes.pdf"
    ignored.write_bytes(b"")
    with qtbot.waitSignal(main_window.ctx.task_started, timeout=5000) as started:
        ev = _drop(main_window, [f, ignored])
    assert ev.isAccepted()
    task = started.args[0]
    assert main_window.task_progress.isVisible()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert task.result == "ok"
    assert seen == [([f], False)]
    qtbot.waitUntil(lambda: not main_window.task_progress.isVisible())


def test_drop_of_unrelated_file_is_ignored(main_window: Any, tmp_path: Path) -> None:
    other = tmp_path / "x.pdf"
    other.write_bytes(b"")
    assert main_window.importable_paths([QUrl.fromLocalFile(str(other))]) == []


def test_window_state_is_remembered(ctx: Any, qtbot: Any) -> None:
    from songda.ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    w.resize(700, 500)  # the offscreen screen is 800x600: stay inside it
    w.splitter.setSizes([180, 500])
    w.show_page("settings")
    saved = w.size()
    w.save_state()
    w2 = MainWindow(ctx)
    qtbot.addWidget(w2)
    w2.show()
    assert w2.size() == saved
    assert w2.minimumSizeHint().width() <= 800  # fits a small laptop screen
    assert w2.splitter.sizes()[0] == 180
    assert w2.current_key() == "settings"


def test_bundled_font_is_the_app_font(qapp: Any) -> None:
    from songda.ui.app import install_font

    family = install_font(qapp)
    assert family is not None and "WenQuanYi" in family
    assert qapp.font().family() == family


def test_chinese_translation_is_installed(ctx: Any, qtbot: Any, qapp: Any) -> None:
    from songda.ui.app import install_translator
    from songda.ui.main_window import MainWindow

    assert install_translator(qapp, "zh_CN") is not None
    try:
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        assert w.nav.item(0).text() == "导入"
        assert w.nav.item(2).text() == "审核"
    finally:
        install_translator(qapp, "en")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    assert w.nav.item(0).text() == "Import"


def test_choose_language(ctx: Any, monkeypatch: Any) -> None:
    from songda.ui.app import choose_language

    monkeypatch.delenv("SONGDA_LANG", raising=False)
    ctx.store.set_setting("ui.language", "zh_CN")
    assert choose_language(ctx.store) == "zh_CN"
    ctx.store.set_setting("ui.language", "en")
    assert choose_language(ctx.store) == "en"


@pytest.mark.parametrize("flag", ["--smoke"])
def test_resolve_db(flag: str, tmp_path: Path, monkeypatch: Any) -> None:
    import argparse

    from songda.ui.app import resolve_db

    monkeypatch.delenv("SONGDA_DB", raising=False)
    ns = argparse.Namespace(db=tmp_path / "a.db", demo=True)
    assert resolve_db(ns) == tmp_path / "a.db"
    ns = argparse.Namespace(db=None, demo=True)
    assert resolve_db(ns).name == "songda-demo.db"


CSV = (
    "案件编号,姓名,身份证号,手机号,委托方,户籍地址,居住地址\n"
    "T0001,张三,110108199001011231,13812345678,测试银行,"
    "北京市海淀区中关村大街27号1号楼2单元301室,北京市朝阳区建国路88号5号楼1202\n"
    "T0002,李四,310104198505052341,13912345678,测试银行,"
    "上海市徐汇区漕溪北路88号3楼,上海市浦东新区世纪大道100号\n"
)


def test_drop_real_case_file_imports_through_the_service(
    main_window: Any, qtbot: Any, tmp_path: Path
) -> None:
    """End to end: a dropped CSV is imported (and ranked) in a worker; the window's
    counts and the case list follow. Through the Import page when it handles drops."""
    f = tmp_path / "cases.csv"
    f.write_text(CSV, encoding="utf-8")
    with qtbot.waitSignal(main_window.ctx.task_started, timeout=10000) as started:
        _drop(main_window, [f])
    dialog = getattr(main_window.page("import"), "dialog", None)
    if dialog is not None:  # the Import page shows the mapping dialog: the operator confirms
        qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=10000)
        with qtbot.waitSignal(main_window.ctx.task_started, timeout=10000) as started:
            dialog.import_button.click()
    task = started.args[0]
    qtbot.waitUntil(lambda: task.done, timeout=60000)
    assert task.error is None, task.error
    qtbot.waitUntil(lambda: "2" in main_window.counts_label.text(), timeout=5000)
    cases = main_window.show_page("cases")
    assert cases.model.rowCount() == 2
