"""The import service end to end on small generated files (no Qt)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from songda.domain.progress import CancelToken
from songda.errors import Cancelled, KnownError
from songda.services.import_file import import_files
from songda.store import Store
from songda.store import cases as case_sql
from songda.store import imports as import_sql

HEADER = ["案件编号", "姓名", "身份证号", "手机号", "委托方", "欠款金额", "户籍地址", "家庭地址"]
GOOD_ID = "11010519491231002X"


def xlsx(
    path: Path, rows: list[list[object]], *, sheets: dict[str, list[list[object]]] | None = None
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "案件"
    for row in rows:
        ws.append(row)
    for name, extra_rows in (sheets or {}).items():
        other = wb.create_sheet(name, 0)
        for row in extra_rows:
            other.append(row)
    wb.save(path)
    return path


def counts(store: Store) -> dict[str, int]:
    return {
        t: store.count(t)
        for t in ("imports", "raw_rows", "rejected_rows", "cases", "candidates", "audit_log")
    }


def test_wide_file_with_title_rows_total_row_and_rejections(store: Store, tmp_path: Path) -> None:
    long_text = "很" * 10_000
    rows: list[list[object]] = [
        ["2024年11月委案清单"],
        [],
        [*HEADER, "备注", "邮编"],
        [
            "A1",
            "张三",
            GOOD_ID,
            13812345678.0,
            "某银行",
            "1,234.50元",
            "北京市朝阳区建国路1号",
            "北京市海淀区中关村大街1号",
            "老客户",
            "100080",
        ],
        [],
        ["A2", "李四", 1.10101199003074e17, "", "", "", "上海市浦东新区世纪大道100号", "", "", ""],
        ["", "王五", "", "", "", "", "广州市天河区", "", "", ""],
        ["A4", "", "", "", "", "", "广州市天河区", "", "", ""],
        ["A5", "赵六", "", "", "", "", "", "", "", ""],
        ["A6", "钱七", "110105194912310021", "", "", "", "深圳市南山区", "", "", ""],
        ["A7", "孙八", "", "", "", "", long_text, "", "", ""],
        ["合计", "", "", "", "", 1234.5],
    ]
    report = import_files(store, [xlsx(tmp_path / "c.xlsx", rows)])
    f = report.files[0]
    assert (f.sheet, f.header_row, f.layout) == ("案件", 3, "wide")
    assert f.rows_total == 7 and f.rows_skipped == 1
    assert f.rows_imported == 1 and f.rows_rejected == 6 and f.cases_new == 1
    reasons = {r.row_no: [x.code for x in r.reasons] for r in f.rejected}
    assert reasons == {
        6: ["id_damaged"],
        7: ["missing_case_no"],
        8: ["missing_name"],
        9: ["no_address"],
        10: ["id_invalid"],
        11: ["field_too_long"],
    }
    damaged = next(r for r in f.rejected if r.row_no == 6)
    assert "Excel" in damaged.reason_text
    case = case_sql.get_case(store, "A1")
    assert case is not None
    assert case["debtor_name"] == "张三" and case["id_number"] == GOOD_ID
    assert case["phones"] == ["13812345678"] and case["phone_tail"] == "5678"
    assert case["amount_due"] == 1234.5 and case["creditor"] == "某银行"
    assert case["extra"] == {"备注": "老客户"}
    cands = case_sql.candidates_of(store, case["id"])
    assert [(c["source"], c["source_column"], c["raw_text"]) for c in cands] == [
        ("household", "户籍地址", "北京市朝阳区建国路1号"),
        ("residence", "家庭地址", "北京市海淀区中关村大街1号"),
    ]
    # the loose 邮编 column goes to the nearest filled address on its left
    assert [c["raw_postcode"] for c in cands] == [None, "100080"]
    # every non-blank source row verbatim, rejected rows with reasons
    raw = import_sql.raw_rows(store, f.import_id or 0)
    assert [r["row_no"] for r in raw] == [1, 3, 4, 6, 7, 8, 9, 10, 11, 12]
    assert raw[2]["data"][3] == 13812345678.0
    stored = import_sql.rejected_rows(store, f.import_id or 0)
    assert [r["row_no"] for r in stored] == [6, 7, 8, 9, 10, 11]
    assert stored[0]["data"]["姓名"] == "李四"
    imp = import_sql.get_import(store, f.import_id or 0)
    assert imp is not None and imp["rows_rejected"] == 6 and imp["cases_new"] == 1
    # the same job parsed and ranked the new case
    assert report.ranked == 1 and report.parsed == 2
    ranked = case_sql.get_case(store, "A1")
    assert ranked is not None and ranked["status"] != "new" and ranked["best_candidate_id"]


def test_long_layout_groups_rows_by_case(store: Store, tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["案件编号", "姓名", "手机号", "地址类型", "地址", "邮编", "地址更新日期"],
        ["L1", "张三", "13812345678", "户籍地址", "北京市朝阳区建国路1号", "100020", "2024/3/5"],
        ["L1", "张三", "", "单位", "北京市海淀区中关村大街1号", "", 45356],
        ["L1", "", "", "收货地址", "北京市 朝阳区建国路1号", "", ""],  # duplicate text
        ["L2", "李四", "", "居住", "上海市浦东新区世纪大道100号", "", "2024年3月5日"],
    ]
    report = import_files(store, [xlsx(tmp_path / "long.xlsx", rows)])
    f = report.files[0]
    assert f.layout == "long"
    assert f.cases_new == 2 and f.candidates_new == 3 and f.rows_rejected == 0
    case = case_sql.get_case(store, "L1")
    assert case is not None
    cands = case_sql.candidates_of(store, case["id"])
    assert [c["source"] for c in cands] == ["household", "work"]
    assert cands[0]["raw_postcode"] == "100020" and cands[0]["address_date"] == "2024-03-05"
    assert cands[1]["address_date"] == "2024-03-05"
    assert cands[0]["source_column"] == "地址/户籍地址"


def test_sheet_with_case_data_is_picked(store: Store, tmp_path: Path) -> None:
    rows = [HEADER, ["S1", "张三", "", "", "", "", "北京市", ""]]
    notes = {"说明": [["本文件为委案清单"], ["请勿外传"]]}
    report = import_files(store, [xlsx(tmp_path / "s.xlsx", rows, sheets=notes)])
    assert report.files[0].sheet == "案件" and report.files[0].cases_new == 1


def test_no_case_table_is_a_known_error_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    before = counts(store)
    with pytest.raises(KnownError) as err:
        import_files(store, [xlsx(tmp_path / "x.xlsx", [["a", "b"], [1, 2]])])
    assert err.value.code == "no_header"
    assert counts(store) == before


def test_unreadable_second_file_writes_nothing(store: Store, tmp_path: Path) -> None:
    good = xlsx(tmp_path / "g.xlsx", [HEADER, ["G1", "张三", "", "", "", "", "北京市", ""]])
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"")
    with pytest.raises(KnownError):
        import_files(store, [good, bad])
    assert store.count("cases") == 0 and store.count("imports") == 0


def test_reimport_same_file_is_recognised(store: Store, tmp_path: Path) -> None:
    p = xlsx(tmp_path / "a.xlsx", [HEADER, ["R1", "张三", "", "", "", "", "北京市", ""]])
    first = import_files(store, [p]).files[0]
    before = counts(store)
    again = import_files(store, [p]).files[0]
    assert again.already_imported == [first.import_id] and again.skipped
    assert counts(store) == before
    forced = import_files(store, [p], force=True).files[0]
    assert forced.cases_unchanged == 1 and forced.candidates_new == 0
    assert store.count("cases") == 1 and store.count("candidates") == 1


def test_newer_file_updates_cases_audits_and_adds_only_new_candidates(
    store: Store, tmp_path: Path
) -> None:
    old = [HEADER, ["U1", "张三", "", "13812345678", "甲银行", "1000", "北京市朝阳区建国路1号", ""]]
    import_files(store, [xlsx(tmp_path / "old.xlsx", old)])
    new = [
        HEADER,
        [
            "U1",
            "张三",
            GOOD_ID,
            "13900001111",
            "甲银行",
            "800",
            "北京市朝阳区 建国路1号",
            "北京市海淀区中关村大街1号",
        ],
        ["U2", "李四", "", "", "", "", "上海市", ""],
    ]
    f = import_files(store, [xlsx(tmp_path / "new.xlsx", new)]).files[0]
    assert (f.cases_new, f.cases_updated, f.candidates_new, f.candidates_duplicate) == (1, 1, 2, 1)
    case = case_sql.get_case(store, "U1")
    assert case is not None
    assert case["amount_due"] == 800 and case["id_number"] == GOOD_ID
    assert case["phones"] == ["13900001111", "13812345678"] and case["phone_tail"] == "1111"
    assert len(case_sql.candidates_of(store, case["id"])) == 2
    audit = store.audit_entries("case")
    upd = next(a for a in audit if a["action"] == "import_update")
    assert json.loads(upd["before"])["amount_due"] == 1000
    assert json.loads(upd["after"])["amount_due"] == 800
    assert any(a["action"] == "import_candidates" for a in audit)


def test_conflicting_duplicates_inside_a_file_are_reported(store: Store, tmp_path: Path) -> None:
    rows = [
        HEADER,
        ["D1", "张三", "", "", "", "", "北京市朝阳区", ""],
        ["D1", "张三", "", "", "", "", "北京市海淀区", ""],  # same case: merged
        ["D1", "李四", "", "", "", "", "北京市东城区", ""],  # conflicting name
    ]
    f = import_files(store, [xlsx(tmp_path / "d.xlsx", rows)]).files[0]
    assert f.cases_new == 1 and f.candidates_new == 2
    assert len(f.conflicts) == 1 and "第 2 行" in f.conflicts[0]
    assert [r.reasons[0].code for r in f.rejected] == ["duplicate_conflict"]


def test_saved_profile_is_reused_for_identical_headers(store: Store, tmp_path: Path) -> None:
    headers = ["编码", "户主", "老家", "备注"]
    p = xlsx(tmp_path / "p.xlsx", [headers, ["P1", "张三", "湖南省长沙市", "x"]])
    mapping: dict[str, str | None] = {
        "编码": "case_no",
        "户主": "debtor_name",
        "老家": "address.household",
        "备注": None,
    }
    from songda.ingest.columns import headers_key

    import_sql.save_profile(store, "某银行模板", headers_key(headers), mapping)
    f = import_files(store, [p]).files[0]
    assert f.profile == "某银行模板" and f.cases_new == 1
    case = case_sql.get_case(store, "P1")
    assert case is not None and case["extra"] == {"备注": "x"}


def test_cancel_before_storing_writes_nothing(store: Store, tmp_path: Path) -> None:
    rows = [HEADER] + [[f"C{i}", "张三", "", "", "", "", "北京市", ""] for i in range(600)]
    p = xlsx(tmp_path / "c.xlsx", rows)
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        if message.startswith("写入") and done > 0:
            token.cancel()

    before = counts(store)
    with pytest.raises(Cancelled):
        import_files(store, [p], progress=progress, cancel=token)
    assert counts(store) == before


def test_csv_gbk_import(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "gbk.csv"
    text = "案件编号,姓名,手机,户籍地址\r\nG1,张三,13812345678,湖南省长沙市岳麓区\r\n"
    p.write_bytes(text.encode("gbk"))
    f = import_files(store, [p]).files[0]
    assert f.encoding == "gb18030" and f.cases_new == 1
    case = case_sql.get_case(store, "G1")
    assert case is not None and case["debtor_name"] == "张三"


def test_utf16_tab_separated_import(store: Store, tmp_path: Path) -> None:
    p = tmp_path / "u16.txt"
    text = "案件编号\t姓名\t身份证地址\nT1\t李四\t广东省广州市天河区\n"
    p.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    f = import_files(store, [p]).files[0]
    assert f.cases_new == 1
    case = case_sql.get_case(store, "T1")
    assert case is not None
    assert case_sql.candidates_of(store, case["id"])[0]["source"] == "id_card"
