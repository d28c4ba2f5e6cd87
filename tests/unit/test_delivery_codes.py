"""Delivery status and return-reason codes, and the results-file reader."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from songda.delivery.codes import (
    REASON_CODES,
    DeliveryStatus,
    ReasonKind,
    classify_reason,
    parse_status,
)
from songda.delivery.keys import address_key, community_key, outcome_keys
from songda.delivery.results import map_columns, normalize_tracking, parse_time, read_results
from songda.errors import KnownError


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("101", ReasonKind.BAD_ADDRESS),
        ("102", ReasonKind.NOT_THERE),
        ("104", ReasonKind.REFUSED),
        ("118", ReasonKind.NOT_THERE),
        ("122", ReasonKind.BAD_ADDRESS),
        ("124", ReasonKind.BAD_ADDRESS),
        ("126", ReasonKind.NOT_THERE),
        ("127", ReasonKind.UNCOLLECTED),
        ("129", ReasonKind.UNCOLLECTED),
    ],
)
def test_every_required_code_is_understood(code: str, kind: ReasonKind) -> None:
    r = classify_reason(code, None)
    assert r is not None and r.known and r.kind is kind and r.code == code
    assert r.text == REASON_CODES[code].text_zh


def test_code_given_as_float_or_with_text_in_one_cell() -> None:
    r = classify_reason(102.0, None)
    assert r is not None and r.code == "102" and r.kind is ReasonKind.NOT_THERE
    r = classify_reason(None, "118 人已他往")
    assert r is not None and r.code == "118" and r.text == "人已他往"
    r = classify_reason(None, "【104】拒收退回")
    assert r is not None and r.code == "104" and r.kind is ReasonKind.REFUSED


def test_unknown_code_is_kept_with_its_text() -> None:
    r = classify_reason("199", "收件人要求改期")
    assert r is not None
    assert (r.code, r.text, r.kind, r.known) == ("199", "收件人要求改期", ReasonKind.OTHER, False)
    assert r.key == "199"


@pytest.mark.parametrize(
    ("text", "code", "kind"),
    [
        ("收件人拒收", "104", ReasonKind.REFUSED),
        ("查无此人，退回", "102", ReasonKind.NOT_THERE),
        ("该户已搬走", "126", ReasonKind.NOT_THERE),
        ("地址错误无法投递", "101", ReasonKind.BAD_ADDRESS),
        ("逾期无人领取", "127", ReasonKind.UNCOLLECTED),
        ("小区已拆迁", None, ReasonKind.BAD_ADDRESS),
        ("天气原因", None, ReasonKind.OTHER),
    ],
)
def test_text_without_code_is_mapped_by_keywords(
    text: str, code: str | None, kind: ReasonKind
) -> None:
    r = classify_reason(None, text)
    assert r is not None and r.code == code and r.kind is kind
    assert r.text == text


def test_demolished_text_overrides_a_generic_code() -> None:
    r = classify_reason("101", "该片区已拆迁")
    assert r is not None and r.kind is ReasonKind.BAD_ADDRESS and r.demolished


def test_no_reason() -> None:
    assert classify_reason(None, "  ") is None


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("妥投", DeliveryStatus.SIGNED),
        ("已签收", DeliveryStatus.SIGNED),
        ("他人代收", DeliveryStatus.SIGNED),
        ("未妥投", DeliveryStatus.RETURNED),
        ("退回", DeliveryStatus.RETURNED),
        ("在途", DeliveryStatus.IN_TRANSIT),
        ("已收寄", DeliveryStatus.POSTED),
        ("signed", DeliveryStatus.SIGNED),
        ("", None),
        ("???", None),
    ],
)
def test_status_words(value: str, status: DeliveryStatus | None) -> None:
    assert parse_status(value) is status


def test_tracking_and_time_normalisation() -> None:
    assert normalize_tracking(" ea 1234 5678 9cn") == "EA123456789CN"
    assert normalize_tracking(1100123456789.0) == "1100123456789"
    assert parse_time("2026-11-20 14:32:05") == "2026-11-20T14:32:05"
    assert parse_time("2026/11/20 14:32") == "2026-11-20T14:32:00"
    assert parse_time("2026年11月20日 9时5分") == "2026-11-20T09:05:00"
    assert parse_time(46000.5) == "2025-12-09T12:00:00"
    assert parse_time(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05"
    assert parse_time("不知道") is None


def test_column_mapping_from_headers() -> None:
    m = map_columns(
        ["序号", "邮件号", "投递状态", "处理时间", "签收人", "未妥投原因代码", "未妥投原因"]
    )
    assert m == {
        "tracking_no": 1,
        "status": 2,
        "event_time": 3,
        "signer": 4,
        "reason_code": 5,
        "reason_text": 6,
    }
    m = map_columns(["运单号", "状态", "签收时间", "退回原因"])
    assert m == {"tracking_no": 0, "status": 1, "event_time": 2, "reason_text": 3}


def test_read_gbk_csv_with_title_rows(tmp_path: Path) -> None:
    p = tmp_path / "results.csv"
    text = (
        "中国邮政 投递结果查询,,,,\n"
        ",,,,\n"
        "运单号,状态,处理时间,签收人,未妥投原因\n"
        "EA000000001CN,妥投,2026-11-20 10:00,本人,\n"
        "EA000000002CN,未妥投,2026-11-21 11:00,,102 查无此人\n"
        "EA000000003CN,,2026-11-21,,拒收\n"
        "合计,3,,,\n"
    )
    p.write_bytes(text.encode("gbk"))
    res = read_results(p)
    assert res.header_row == 3
    assert [r.tracking_no for r in res.rows] == ["EA000000001CN", "EA000000002CN", "EA000000003CN"]
    assert res.rows[0].status is DeliveryStatus.SIGNED and res.rows[0].signer == "本人"
    assert res.rows[1].reason is not None and res.rows[1].reason.code == "102"
    assert res.rows[2].status is DeliveryStatus.RETURNED  # a reason without a status
    assert res.rows[2].reason is not None and res.rows[2].reason.kind is ReasonKind.REFUSED
    assert len(res.skipped) == 1


def test_read_xlsx(tmp_path: Path) -> None:
    p = tmp_path / "ems.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["邮件号码", "邮件状态", "签收时间", "未妥投原因"])
    ws.append([1100123456789, "签收", datetime(2026, 11, 20, 9, 30), None])
    wb.save(p)
    res = read_results(p)
    assert len(res.rows) == 1
    r = res.rows[0]
    assert (r.tracking_no, r.status, r.event_time) == (
        "1100123456789",
        DeliveryStatus.SIGNED,
        "2026-11-20T09:30:00",
    )


def test_unreadable_and_headerless_files(tmp_path: Path) -> None:
    empty = tmp_path / "a.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(KnownError):
        read_results(empty)
    junk = tmp_path / "b.xlsx"
    junk.write_bytes(b"\x89PNG not a workbook")
    with pytest.raises(KnownError):
        read_results(junk)
    noheader = tmp_path / "c.csv"
    noheader.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(KnownError):
        read_results(noheader)


def test_outcome_keys() -> None:
    cand = {
        "standard": "北京市海淀区中关村大街１号 ",
        "poi": "中关村小区",
        "adcode": "110108012",
        "source": "residence",
    }
    assert address_key(cand["standard"]) == "北京市海淀区中关村大街1号"
    assert community_key(cand) == "110108|中关村小区"
    assert outcome_keys(cand) == [
        ("address", "北京市海淀区中关村大街1号"),
        ("community", "110108|中关村小区"),
        ("source", "residence"),
        ("area", "110108012"),
    ]
    assert (
        community_key({"poi": "x", "province": "北京市", "district": "海淀区"}) == "北京市海淀区|x"
    )


def test_results_on_a_later_sheet(tmp_path: Path) -> None:
    p = tmp_path / "ems.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "说明"
    ws.append(["本表由邮政系统导出"])
    ws2 = wb.create_sheet("查询结果")
    ws2.append(["运单号", "状态", "未妥投原因"])
    ws2.append(["EA000000001CN", "退回", "人已他往"])
    wb.save(p)
    res = read_results(p)
    assert len(res.rows) == 1 and res.rows[0].reason is not None
    assert res.rows[0].reason.code == "118"
