"""The import preview never shows full ID numbers or phones."""

from __future__ import annotations

from songda.ui.import_models import PreviewModel, shown


def test_shown_masks_id_and_phone() -> None:
    assert shown("id_number", "110101199003071234") == "110101********1234"
    assert shown("phone", "13812345678") == "138****5678"
    assert shown("phone", "13812345678,0571-88888888") == "138****5678、0571-****8888"
    assert shown("debtor_name", "张三") == "张三"
    assert shown(None, "x" * 100) == "x" * 79 + "…"


def test_preview_model_masks_mapped_columns(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    m = PreviewModel()
    m.set_rows(["证件号码", "联系电话", "姓名"], [["110101199003071234", "13812345678", "张三"]])
    assert m.data(m.index(0, 0)) == "110101199003071234"  # not mapped yet: shown as is
    m.set_fields({"证件号码": "id_number", "联系电话": "phone", "姓名": "debtor_name"})
    assert m.data(m.index(0, 0)) == "110101********1234"
    assert m.data(m.index(0, 1)) == "138****5678"
    assert m.data(m.index(0, 2)) == "张三"
    qtmodeltester.check(m)
