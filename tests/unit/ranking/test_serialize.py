"""Stored reasons: compact, labels restored on reading, the older format still readable."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from songda.domain.models import Reason
from songda.ranking.serialize import default_labels, reasons_from_json, reasons_json, reasons_text


def test_default_labels_are_left_out_and_restored() -> None:
    label = default_labels()["level.room"]
    text = reasons_json([("level.room", label, 30.0), ("recency.old", "地址陈旧（三年以上）", -6)])
    assert json.loads(text)[0] == ["level.room", 30]
    assert label not in text
    assert reasons_from_json(text)[0] == Reason("level.room", label, 30.0)


def test_labels_naming_sources_or_entries_are_stored() -> None:
    text = reasons_json(
        [
            ("agree.one", "多来源一致(居住+户籍)", 10.0),
            ("blacklist.demolished", "已拆迁（建国路88号）", -40.5),
        ]
    )
    assert json.loads(text) == [
        ["agree.one", 10, "多来源一致(居住+户籍)"],
        ["blacklist.demolished", -40.5, "已拆迁（建国路88号）"],
    ]
    assert [r.label for r in reasons_from_json(text)] == [
        "多来源一致(居住+户籍)",
        "已拆迁（建国路88号）",
    ]
    assert (
        reasons_text(reasons_from_json(text))
        == "多来源一致(居住+户籍)(+10)；已拆迁（建国路88号）(-40.5)"
    )


def test_the_older_object_format_still_reads() -> None:
    old = '[{"code":"level.room","label":"精确到室/户","points":30},{"code":"x.new","points":2}]'
    assert reasons_from_json(old) == [
        Reason("level.room", "精确到室/户", 30.0),
        Reason("x.new", "x.new", 2.0),  # an unknown code without a label shows its code
    ]


def test_nothing_and_junk_read_as_no_reasons() -> None:
    for text in (None, "", "[", "{}", "42", '["level.room"]', '[["a", "b"]]'):
        assert reasons_from_json(text) == []


codes = st.sampled_from(sorted(default_labels())) | st.text(min_size=1, max_size=12)


@given(
    st.lists(
        st.tuples(
            codes,
            st.text(max_size=20),
            st.integers(-100, 100).map(float) | st.floats(-100, 100).map(lambda f: round(f, 2)),
        ),
        max_size=6,
    )
)
def test_round_trip(reasons: list[tuple[str, str, float]]) -> None:
    back = reasons_from_json(reasons_json(reasons))
    assert [(r.code, r.label, r.points) for r in back] == [(c, lbl, p) for c, lbl, p in reasons]
