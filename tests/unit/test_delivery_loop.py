"""The loop with the real batch service: print, results, re-send list, next batch, evidence."""

from __future__ import annotations

from pathlib import Path

from delivery_kit import add_case, write_csv
from pypdf import PdfReader

from songda.services.batch import create_batch
from songda.services.evidence import export_evidence
from songda.services.feedback import import_feedback
from songda.store import Store
from songda.store import delivery as dsql


def _text(path: Path) -> str:
    return "".join("".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages)


def test_batch_feedback_resend_and_evidence(store: Store, tmp_path: Path) -> None:
    ids = {}
    for no, name, cands in (
        ("A", "赵一", [{"standard": "北京市海淀区甲路1号"}, {"standard": "北京市朝阳区乙路2号"}]),
        ("B", "钱二", [{"standard": "北京市海淀区丙路3号"}]),
        ("C", "孙三", [{"standard": "北京市海淀区丁路4号"}]),
    ):
        cid, _ = add_case(store, no, cands, name=name)
        ids[no] = cid
        store.conn.execute(
            "UPDATE cases SET amount_due = 1000, principal = 900, interest = 100,"
            " overdue_days = 30, contract_no = 'HT1', loan_date = '2025-01-01',"
            " id_number = '11010119900307123X' WHERE id = ?",
            (cid,),
        )
    first = create_batch(
        store,
        template="律师函",
        label_format="ems100x150",
        tracking_start="EA000000001CN",
        out_dir=tmp_path / "b1",
    )
    assert first.cases == 3
    numbers = {m["case_no"]: m["tracking_no"] for m in dsql.list_mailings(store)}
    f = write_csv(
        tmp_path / "r.csv",
        [
            f"{numbers['A']},未妥投,2026-11-20 10:00,,118",
            f"{numbers['B']},妥投,2026-11-20 11:00,钱二,",
        ],
    )
    rep = import_feedback(store, f)
    assert (rep.cases_ready, rep.cases_signed) == (1, 1)
    assert [r["case_no"] for r in dsql.resend_list(store)] == ["A"]

    # the next batch takes the re-send list: A, to its other address
    second = create_batch(
        store,
        template="律师函",
        label_format="ems100x150",
        tracking_start="EA000000100CN",
        out_dir=tmp_path / "b2",
    )
    assert second.cases == 1
    a_mailings = dsql.mailings_for_case(store, ids["A"])
    assert len(a_mailings) == 2 and a_mailings[1]["address"] == "北京市朝阳区乙路2号"

    # B's evidence pack holds B's letter page, not anyone else's
    pack = export_evidence(store, "B", tmp_path / "ev")
    assert pack.missing == []
    letter = pack.path / numbers["B"] / f"letter_{numbers['B']}.pdf"
    text = _text(letter)
    assert "钱二" in text and "赵一" not in text and "孙三" not in text
    assert numbers["B"] in _text(pack.path / numbers["B"] / f"label_{numbers['B']}.pdf")
