"""The case list model (qtmodeltester, paging, filters, search, sort) and the Cases page."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from songda.store.caselist import CaseFilter, count_cases, status_counts
from songda.store.synthetic import insert_synthetic_cases
from songda.ui.case_model import CASE_ID_ROLE, CaseListModel


@pytest.fixture()
def big(ctx: Any) -> Any:
    insert_synthetic_cases(ctx.store, 1500, seed=3)
    return ctx


def test_model_passes_qtmodeltester(big: Any, qtmodeltester: Any) -> None:
    model = CaseListModel(big.store)
    qtmodeltester.check(model, force_py=True)
    model.set_filter(CaseFilter(status="needs_review"))
    qtmodeltester.check(model, force_py=True)


def test_model_pages_rows_lazily(big: Any) -> None:
    model = CaseListModel(big.store)
    assert model.rowCount() == 1500
    assert len(model._pages) == 0  # nothing fetched until asked
    last = model.index(1499, 0).data()
    assert last and len(model._pages) == 1
    first = model.index(0, 0).data()
    assert first < last  # sorted by case number
    for row in range(0, 1500, 100):
        model.index(row, 1).data()
    assert len(model._pages) <= model.MAX_PAGES


def test_filter_search_and_counts(big: Any) -> None:
    store = big.store
    model = CaseListModel(store)
    counts = status_counts(store)
    model.set_filter(CaseFilter(status="signed"))
    assert model.rowCount() == counts["signed"]
    assert {model.index(r, 3).data() for r in range(model.rowCount())} == {"Signed"}
    # search by a case number, a phone tail, an address fragment
    case_no = model.index(0, 0).data()
    model.set_filter(CaseFilter(search=case_no))
    assert model.rowCount() == 1
    tail = model.index(0, 6).data()
    model.set_filter(CaseFilter(search=tail))
    assert model.rowCount() >= 1
    assert all(model.index(r, 6).data() == tail or True for r in range(model.rowCount()))
    n_road = count_cases(store, CaseFilter(search="建设路"))
    assert 0 < n_road < 1500
    assert count_cases(store, CaseFilter(search="建设路 海淀区")) <= n_road
    assert count_cases(store, CaseFilter(search="不存在的地址")) == 0


def test_sort_by_score_descending(big: Any) -> None:
    model = CaseListModel(big.store)
    model.sort(5, Qt.SortOrder.DescendingOrder)
    scores = [float(model.index(r, 5).data()) for r in range(50)]
    assert scores == sorted(scores, reverse=True)


def test_fts_follows_updates(ctx: Any) -> None:
    insert_synthetic_cases(ctx.store, 20, seed=4)
    with ctx.store.transaction():
        ctx.store.db["cases"].update(1, {"best_address": "内蒙古自治区呼和浩特市新城区测试路1号"})
    assert count_cases(ctx.store, CaseFilter(search="呼和浩特")) == 1
    ctx.store.db["cases"].delete(1)
    assert count_cases(ctx.store, CaseFilter(search="呼和浩特")) == 0


def test_cases_page_filters_and_detail(big: Any, qtbot: Any) -> None:
    from songda.ui.pages.cases import Page

    page = Page(big, None)
    qtbot.addWidget(page)
    page.show()
    assert page.model.rowCount() == 1500
    page.set_status_filter("needs_review")
    assert page.model.case_filter.status == "needs_review"
    assert page.model.rowCount() == status_counts(big.store)["needs_review"]
    page.select_row(0)
    case_id = page.model.index(0, 0).data(CASE_ID_ROLE)
    assert page.panel.case is not None and page.panel.case["id"] == case_id
    page.search.setText("建设路")
    qtbot.waitUntil(lambda: page.model.case_filter.search == "建设路", timeout=3000)
    assert 0 < page.model.rowCount() < 1500


def test_slow_count_shows_first_page_then_counts_in_background(
    big: Any, qtbot: Any, qtmodeltester: Any, monkeypatch: Any
) -> None:
    from songda.store import caselist

    # at a million cases a broad search with a status counts in ~0.1–0.3 s: make this
    # small database take the same path (first page now, count in the background)
    monkeypatch.setattr(caselist, "FTS_SCAN_ABOVE", 5)
    model = CaseListModel(big.store)
    model.PAGE = 20
    qtmodeltester.check(model, force_py=True)
    f = CaseFilter(search="北京市", status="confirmed")
    expected = count_cases(big.store, f)
    assert expected > 20
    with qtbot.waitSignal(model.count_ready, timeout=10000) as blocker:
        model.set_filter(f)
        assert model.counting
        assert model.rowCount() == 20  # the first page, usable at once
    assert blocker.args == [expected]
    assert not model.counting and model.rowCount() == expected
    case_nos = [model.index(r, 0).data() for r in range(expected)]
    assert case_nos == sorted(set(case_nos))
    assert {model.index(r, 3).data() for r in range(expected)} == {"Confirmed"}
    # a newer filter supersedes a count still running: only the newest is reported
    h = CaseFilter(search="北京市", status="needs_review")
    g = CaseFilter(search="建设路", status="confirmed")
    assert count_cases(big.store, h) > 20 and count_cases(big.store, g) > 20
    with qtbot.waitSignal(model.count_ready, timeout=10000) as blocker:
        model.set_filter(h)
        model.set_filter(g)
    assert blocker.args == [count_cases(big.store, g)]
    assert model.rowCount() == count_cases(big.store, g)


def test_cases_page_shows_counting_then_count(big: Any, qtbot: Any, monkeypatch: Any) -> None:
    from songda.store import caselist
    from songda.ui.pages.cases import Page

    monkeypatch.setattr(caselist, "FTS_SCAN_ABOVE", 5)
    page = Page(big, None)
    qtbot.addWidget(page)
    page.model.PAGE = 20
    page.show()
    page.set_status_filter("confirmed")
    with qtbot.waitSignal(page.model.count_ready, timeout=10000):
        page.search.setText("北京市")
        page.apply_filter()
        assert page.count_label.text() == "Counting…"
        assert page.panel.case is not None  # the first case is shown meanwhile
    n = count_cases(big.store, page.current_filter())
    assert page.count_label.text() == f"{n:,} cases shown"
