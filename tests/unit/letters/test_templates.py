"""Sandboxed templates: placeholders, blocks, errors before printing, wording check."""

from __future__ import annotations

from datetime import date

import pytest

from songda.errors import KnownError
from songda.letters.context import build_fields, honorific, mask_id_number
from songda.letters.templates import (
    PLACEHOLDERS,
    CompiledTemplate,
    LetterTemplate,
    builtin_templates,
    check_template,
    sample_context,
)
from songda.letters.wording import check_wording
from songda.services.templates import get_template, list_templates, preview, save_template


def _tpl(body: str) -> LetterTemplate:
    return LetterTemplate(name="t", kind="custom", body=body, letterhead=None, seal=None)


def test_builtin_lawyer_letter_has_every_required_part() -> None:
    t = {x.name: x for x in builtin_templates()}["律师函"]
    compiled = CompiledTemplate(t)
    assert {
        "firm_name",
        "debtor_name",
        "creditor",
        "contract_no",
        "loan_date",
        "principal",
        "interest",
        "amount_due",
        "overdue_days",
        "deadline_date",
        "payment_account_no",
        "lawyer",
        "firm_phone",
        "letter_date",
    } <= compiled.used
    text = compiled.render_text(sample_context())
    for part in ("第六百七十四条", "第六百七十五条", "第六百七十六条", "律师函", "特此函告"):
        assert part in text
    kinds = [b.kind for b in compiled.render_blocks(sample_context())]
    assert kinds[:3] == ["right", "title", "plain"]
    assert "amounts" in kinds and kinds[-1] == "signature"
    assert t.image_path("seal") is not None and t.image_path("letterhead") is not None
    assert check_wording(t.body) == []


def test_reminder_template_renders() -> None:
    t = {x.name: x for x in builtin_templates()}["还款提醒函"]
    text = CompiledTemplate(t).render_text(sample_context())
    assert "还款提醒函" in text and "人民币" in text


def test_unknown_placeholder_is_an_error_before_rendering() -> None:
    with pytest.raises(KnownError) as exc:
        CompiledTemplate(_tpl("::paragraph\n{{ debtor_nmae }}您好"))
    assert "debtor_nmae" in exc.value.message and exc.value.code == "template_unknown"


def test_missing_value_is_an_error_not_a_blank() -> None:
    compiled = CompiledTemplate(_tpl("::paragraph\n合同{{ contract_no }}"))
    with pytest.raises(KnownError) as exc:
        compiled.render_text({"debtor_name": "张三"})
    assert "contract_no" in exc.value.message
    assert "借款合同编号" in exc.value.message


def test_syntax_error_and_unknown_block() -> None:
    with pytest.raises(KnownError) as exc:
        check_template("::paragraph\n{{ debtor_name ")
    assert exc.value.code == "template_syntax"
    with pytest.raises(KnownError) as exc:
        check_template("::poem\n床前明月光")
    assert exc.value.code == "template_block"


def test_sandbox_blocks_attribute_escapes() -> None:
    compiled = CompiledTemplate(_tpl("::paragraph\n{{ debtor_name.__class__.__mro__ }}"))
    with pytest.raises(KnownError):
        compiled.render_text({"debtor_name": "张三"})


def test_filters() -> None:
    compiled = CompiledTemplate(
        _tpl(
            "{{ principal|money }} {{ principal|yuan }} {{ letter_date|cn_date }} "
            "{{ loan_date|num_date }}"
        )
    )
    out = compiled.render_text(
        {"principal": 10005.5, "letter_date": "2026-11-28", "loan_date": "2024-03-05"}
    )
    assert out == "人民币壹万零伍元伍角整 10,005.50 二〇二六年十一月二十八日 2024年3月5日"
    with pytest.raises(KnownError):
        CompiledTemplate(_tpl("{{ principal|money }}")).render_text({"principal": "abc"})


def test_wording_check() -> None:
    found = check_wording("如不还款，我们将通知单位并通知家人，曝光你的行为，后果自负。")
    words = [w.word for w in found]
    assert words == ["通知单位", "通知家人", "曝光", "后果自负"]
    assert all(w.reason for w in found)
    assert check_wording("请于期限内还款。") == []


def test_fields_mask_and_honorific() -> None:
    assert mask_id_number("110101199003071234") == "110101********1234"
    assert honorific("110101199003071234") == "先生"
    assert honorific("110101199003071224") == "女士"
    assert honorific(None) == "先生/女士"
    f = build_fields(
        {"case_no": "C1", "debtor_name": "张三", "principal": None},
        {"batch_id": 3, "seq": 7, "recipient": "张三", "address": "x"},
        {},
        {"deadline_days": 10},
        date(2026, 11, 28),
    )
    assert "principal" not in f
    assert f["deadline_date"] == "2026-12-08"
    assert f["letter_no"] == "〔2026〕送达字第0003-00007号"
    assert set(f) <= set(PLACEHOLDERS)


def test_store_overrides_and_preview(store) -> None:  # type: ignore[no-untyped-def]
    names = [t.name for t in list_templates(store)]
    assert names[:2] == ["律师函", "还款提醒函"]
    t = get_template(store, "还款提醒函")
    t.body = t.body.replace("感谢您的配合！", "否则通知家人。")
    warnings = save_template(store, t)
    assert [w.word for w in warnings] == ["通知家人"]
    edited = get_template(store, "还款提醒函")
    assert not edited.builtin and "通知家人" in edited.body
    p = preview(store, edited)
    assert p.laid.pages and "通知家人" in p.text
    with pytest.raises(KnownError):
        save_template(store, _tpl("{{ nope }}"))
    with pytest.raises(KnownError):
        get_template(store, "不存在")
