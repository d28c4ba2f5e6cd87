"""Column mapping: synonyms, fuzzy variants, confidence, sources, header detection."""

from __future__ import annotations

import pytest

from songda.domain.models import Source
from songda.ingest.columns import headers_key, propose_mapping, score_header, source_of
from songda.ingest.layout import find_header


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("案件编号", "case_no"),
        ("借据号", "case_no"),
        ("客户姓名", "debtor_name"),
        ("债务人", "debtor_name"),
        ("证件号码", "id_number"),
        ("联系电话", "phone"),
        ("委托机构", "creditor"),
        ("剩余应还金额", "amount_due"),
        ("欠款金额（元）", "amount_due"),
        ("本金", "principal"),
        ("利息", "interest"),
        ("逾期天数", "overdue_days"),
        ("借款日期", "loan_date"),
        ("户籍地址", "address.household"),
        ("身份证地址", "address.id_card"),
        ("现住址", "address.residence"),
        ("家庭住址", "address.residence"),
        ("工作单位地址", "address.work"),
        ("快递地址", "address.delivery"),
        ("联系人地址", "address.contact"),
        ("其他地址", "address.other"),
        ("邮编", "postcode"),
        ("户籍地址邮编", "postcode.household"),
        ("地址更新日期", "address_date"),
        ("收货时间", "address_date"),
        ("地址类型", "address_type"),
        # variants
        ("借款人身份证号码", "id_number"),
        ("客户手机号码", "phone"),
        ("* 案件编号", "case_no"),
        ("手机号2", "phone"),
        ("户籍所在地址", "address.household"),
        ("单位 地址", "address.work"),
        ("客户现居住地址", "address.residence"),
    ],
)
def test_header_synonyms(header: str, field: str) -> None:
    got, conf, _ = score_header(header)
    assert got == field
    assert conf >= 0.6


@pytest.mark.parametrize("header", ["紧急联系人电话", "联系人姓名", "配偶手机号", "备注", "序号"])
def test_third_party_and_unknown_headers_stay_unmapped(header: str) -> None:
    assert score_header(header)[0] is None


def test_exact_beats_variant_confidence() -> None:
    assert score_header("身份证号")[1] == 1.0
    assert 0.6 <= score_header("借款人身份证号码")[1] < 1.0


def test_proposal_assigns_single_fields_once() -> None:
    m = propose_mapping(["案件编号", "合同编号", "姓名", "借款人", "户籍地址", "备注"])
    fields = [x.field for x in m]
    assert fields == ["case_no", "contract_no", "debtor_name", None, "address.household", None]


def test_contract_number_is_case_number_when_alone() -> None:
    m = propose_mapping(["合同编号", "姓名", "户籍地址"])
    assert m[0].field == "case_no"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("户籍", Source.HOUSEHOLD),
        ("身份证地址", Source.ID_CARD),
        ("家庭", Source.RESIDENCE),
        ("居住地", Source.RESIDENCE),
        ("单位", Source.WORK),
        ("收货", Source.DELIVERY),
        ("联系人家庭地址", Source.CONTACT),
        ("其它", Source.OTHER),
        ("xyz", None),
    ],
)
def test_source_of(text: str, source: Source | None) -> None:
    assert source_of(text) is source


def test_find_header_below_title_rows() -> None:
    rows: list[list[object]] = [
        ["某银行 2024 年 11 月委案清单", "", "", ""],
        ["", "", "", ""],
        ["导出时间：2024-11-01", "", "", ""],
        ["序号", "案件编号", "客户姓名", "户籍地址"],
        [1, "A1", "张三", "北京市"],
    ]
    idx, score = find_header(rows)
    assert idx == 3
    assert score >= 2


def test_headers_key_ignores_spacing() -> None:
    assert headers_key(["案件编号", "姓名"]) == headers_key(["案件编号 ", " 姓名"])
    assert headers_key(["案件编号", "姓名"]) != headers_key(["姓名", "案件编号"])
