"""create_batch: recording before rendering, manifest, determinism, cancel and resume."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from letters_kit import add_ready_case, add_ready_cases
from openpyxl import load_workbook
from pypdf import PdfReader

from songda.domain.progress import CancelToken
from songda.errors import Cancelled, KnownError
from songda.letters.tracking import s10_valid
from songda.services import batch_tracking
from songda.services.batch import cancel_batch, create_batch, render_batch
from songda.store import letters as sql


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def _make(store, out: Path, **kw):  # type: ignore[no-untyped-def]
    args = {
        "template": "律师函",
        "label_format": "ems100x150",
        "tracking_start": "EA100000000CN",
        "out_dir": out,
        "workers": 1,
    }
    args.update(kw)
    return create_batch(store, **args)


def test_batch_end_to_end(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = add_ready_cases(store, 6)
    add_ready_case(store, "NEW1", status="needs_review")
    report = _make(store, tmp_path / "out")
    assert report.cases == 6 and report.letter_pages == 6 and report.label_pages == 6
    assert report.first_tracking == "EA100000003CN"  # 11 - (1*8 % 11) = 3, recomputed
    # recorded: batch, mailings, cases sent, audit
    rows = sql.batch_mailings(store, report.batch_id)
    assert [r["case_id"] for r in rows] == ids
    assert all(s10_valid(r["tracking_no"]) for r in rows)
    assert set(sql.case_statuses(store, ids).values()) == {"sent"}
    assert sql.get_batch(store, report.batch_id)["status"] == "rendered"  # type: ignore[index]
    # manifest: csv (utf-8-sig) and xlsx with the contract columns
    raw = report.manifest_csv.read_bytes()  # type: ignore[union-attr]
    assert raw.startswith(b"\xef\xbb\xbf")
    with report.manifest_csv.open(encoding="utf-8-sig", newline="") as fh:  # type: ignore[union-attr]
        table = list(csv.DictReader(fh))
    assert list(table[0]) == [
        "tracking_no",
        "case_no",
        "candidate_id",
        "recipient",
        "address",
        "postcode",
    ]
    assert [t["tracking_no"] for t in table] == [r["tracking_no"] for r in rows]
    wb = load_workbook(report.manifest_xlsx)
    assert wb.sheetnames[0] == "交寄清单"
    assert wb["交寄清单"].max_row == 7
    # letters: text of the facts is in the PDF
    letters = PdfReader(report.letters_files[0])
    first = letters.pages[0].extract_text()
    case = store.query("SELECT * FROM cases WHERE id = ?", (ids[0],))[0]
    assert case["debtor_name"] in first and case["contract_no"] in first
    assert "第六百七十四条" in first.replace(" ", "")
    # labels: nothing about the debt outside
    label_text = "".join(p.extract_text() for p in PdfReader(report.labels_files[0]).pages)
    assert case["debtor_name"] in label_text
    for word in ("催收", case["creditor"], case["contract_no"], "人民币", "欠款"):
        assert word not in label_text
    # the same cases are not taken twice
    with pytest.raises(KnownError) as exc:
        _make(store, tmp_path / "again", tracking_start="EA200000000CN")
    assert exc.value.code == "batch_empty"


def test_rerender_is_byte_identical(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_ready_cases(store, 4)
    report = _make(store, tmp_path / "a", label_format="env-c5")
    files = [*report.letters_files, *report.labels_files, report.manifest_csv, report.manifest_xlsx]
    before = {p.name: _sha(p) for p in files}  # type: ignore[union-attr]
    # the case changes afterwards: the letter keeps what was printed
    store.conn.execute("UPDATE cases SET debtor_name = '改名' WHERE id = 1")
    again = render_batch(store, report.batch_id, out_dir=tmp_path / "b", workers=1)
    after = {
        p.name: _sha(p)
        for p in [
            *again.letters_files,
            *again.labels_files,
            again.manifest_csv,
            again.manifest_xlsx,
        ]
    }  # type: ignore[union-attr]
    assert before == after
    assert set(sql.case_statuses(store, [1, 2, 3, 4]).values()) == {"sent"}


def test_missing_placeholder_prints_nothing(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_ready_cases(store, 3)
    add_ready_case(store, "NOCONTRACT", contract_no=None)
    with pytest.raises(KnownError) as exc:
        _make(store, tmp_path / "out")
    assert "NOCONTRACT" in exc.value.message and "contract_no" in exc.value.message
    assert store.count("batches") == 0 and store.count("mailings") == 0
    assert not (tmp_path / "out").exists()


def test_tracking_ranges_never_reuse_and_run_out(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    batch_tracking.add_range(store, "EA00000001CN", "EA00000005CN", "test range")
    add_ready_cases(store, 3)
    r1 = _make(store, tmp_path / "1", tracking_start=None)
    assert r1.first_tracking.startswith("EA00000001") and r1.cases == 3
    add_ready_cases(store, 3, seed=8, prefix="D")
    # only 2 numbers left in the range: a clear error before anything prints
    with pytest.raises(KnownError) as exc:
        _make(store, tmp_path / "2", tracking_start=None)
    assert exc.value.code == "tracking_exhausted"
    # numbers already used cannot be given again
    with pytest.raises(KnownError) as exc:
        _make(store, tmp_path / "3", tracking_start="EA00000001CN")
    assert exc.value.code in ("tracking_used", "tracking_exhausted")
    with pytest.raises(KnownError) as exc:
        _make(store, tmp_path / "4", tracking_start="EA500000000CN")
    assert exc.value.code == "tracking_outside"
    assert store.count("batches") == 1


def test_case_ids_and_skips(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ids = add_ready_cases(store, 3)
    other, _ = add_ready_case(store, "REV", status="needs_review")
    report = _make(store, tmp_path / "o", case_ids=[ids[0], other, 999])
    assert report.cases == 1
    assert {s[0] for s in report.skipped} == {str(other), "999"}


def test_cancel_then_resume_gives_the_same_files(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_ready_cases(store, 5)
    token = CancelToken()

    def progress(done: int, total: int, message: str) -> None:
        if message == "正在生成面单":
            token.cancel()

    with pytest.raises(Cancelled):
        _make(store, tmp_path / "o", progress=progress, cancel=token)
    batch = sql.list_batches(store)[0]
    assert batch["status"] == "rendering"
    # the cases are held by the open batch
    with pytest.raises(KnownError):
        _make(store, tmp_path / "x", tracking_start="EA300000000CN")
    done = render_batch(store, batch["id"], workers=1)
    assert done.letter_pages == 5 and done.label_pages == 5
    reference = render_batch(store, batch["id"], out_dir=tmp_path / "ref", workers=1)
    assert [_sha(p) for p in done.letters_files + done.labels_files] == [
        _sha(p) for p in reference.letters_files + reference.labels_files
    ]


def test_cancelled_batch_releases_cases_but_not_numbers(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_ready_cases(store, 2)
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        _make(store, tmp_path / "o", cancel=token)
    batch = sql.list_batches(store)
    if batch:  # cancelled while rendering: abandon it
        cancel_batch(store, batch[0]["id"])
        with pytest.raises(KnownError):
            _make(store, tmp_path / "p", tracking_start="EA100000000CN")
    report = _make(store, tmp_path / "q", tracking_start="EA100000100CN")
    assert report.cases == 2


def test_split_every_n_pages(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_ready_cases(store, 5)
    report = _make(store, tmp_path / "o", label_format="env-dl")
    again = render_batch(store, report.batch_id, out_dir=tmp_path / "p", workers=1, max_pages=2)
    assert [p.name for p in again.letters_files] == [
        "letters-001.pdf",
        "letters-002.pdf",
        "letters-003.pdf",
    ]
    assert [len(PdfReader(p).pages) for p in again.labels_files] == [2, 2, 1]
    assert again.letter_pages == 5
    # one page per file: every file is complete (letterhead/seal forms defined in each)
    single = render_batch(store, report.batch_id, out_dir=tmp_path / "q", workers=1, max_pages=1)
    assert len(single.letters_files) == 5 and len(single.labels_files) == 5
    for f in single.letters_files + single.labels_files:
        assert len(PdfReader(f).pages) == 1


def test_two_processes(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_ready_cases(store, 3)
    report = _make(store, tmp_path / "o", workers=2)
    assert report.letter_pages == 3 and report.label_pages == 3
    ref = render_batch(store, report.batch_id, out_dir=tmp_path / "ref", workers=1)
    assert _sha(report.letters_files[0]) == _sha(ref.letters_files[0])
    assert _sha(report.labels_files[0]) == _sha(ref.labels_files[0])
