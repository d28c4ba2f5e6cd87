"""The evidence pack of a case: letter pages out of the batch PDF, label, history, scans."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from delivery_kit import add_case, send, write_csv
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from songda.errors import KnownError
from songda.services.evidence import attach_receipt, export_evidence
from songda.services.feedback import import_feedback
from songda.store import Store

FONT = Path(__file__).resolve().parents[2] / "resources" / "fonts" / "wqy-zenhei.ttc"


def _pdf(path: Path, pages: list[str]) -> str:
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
    c = Canvas(str(path), invariant=1)
    for text in pages:
        c.setFont("WQY", 12)
        for i, line in enumerate(text.split("\n")):
            c.drawString(50, 780 - 20 * i, line)
        c.showPage()
    c.save()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def sent_case(store: Store, tmp_path: Path) -> Path:
    """Three cases in batch 1; case B's letter has two pages; labels one per page."""
    ids = [add_case(store, n, [{"standard": f"{n}路1号"}]) for n in ("A", "B", "C")]
    out = tmp_path / "batch1"
    out.mkdir()
    tn = ["EA000000011CN", "EA000000012CN", "EA000000013CN"]
    letters = [
        "〔2026〕送达字第0001-00001号\n律师函 A",
        "〔2026〕送达字第0001-00002号\n律师函 B 第一页",
        "律师函 B 第二页\n第 2 页 共 2 页",
        "〔2026〕送达字第0001-00003号\n律师函 C",
    ]
    lsha = _pdf(out / "letters-001.pdf", letters)
    bsha = _pdf(
        out / "labels-001.pdf", [f"收件人 {n}\n{t}" for n, t in zip("ABC", tn, strict=True)]
    )
    (out / "manifest.csv").write_text(
        "tracking_no,case_no,candidate_id,recipient,address,postcode\n"
        + "".join(
            f"{t},{n},{c[1][0]},张三,{n}路1号,100000\n"
            for t, n, c in zip(tn, "ABC", ids, strict=True)
        ),
        encoding="utf-8-sig",
    )
    bid = send(
        store, "第1批", [(c, k[0], t) for (c, k), t in zip(ids, tn, strict=True)], out_dir=str(out)
    )
    parts = {
        "letters": [{"file": "letters-001.pdf", "first": 0, "last": 2, "pages": 4, "sha256": lsha}],
        "labels": [{"file": "labels-001.pdf", "first": 0, "last": 2, "pages": 3, "sha256": bsha}],
    }
    store.conn.execute(
        "UPDATE batches SET options = ? WHERE id = ?", (json.dumps({"parts": parts}), bid)
    )
    import_feedback(
        store, write_csv(tmp_path / "r.csv", ["EA000000012CN,妥投,2026-11-20 10:00,本人,"])
    )
    return out


def _text(path: Path) -> list[str]:
    return ["".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages]


def test_pack_has_the_letter_pages_label_line_history_and_scan(
    store: Store, sent_case: Path, tmp_path: Path
) -> None:
    scan = tmp_path / "回执.png"
    scan.write_bytes(b"\x89PNG fake scan bytes")
    info = attach_receipt(store, "B", scan)
    assert (
        Path(info["path"]).is_file()
        and info["sha256"] == hashlib.sha256(scan.read_bytes()).hexdigest()
    )

    rep = export_evidence(store, "B", tmp_path / "out")
    root = rep.path
    assert rep.missing == []
    letter = root / "EA000000012CN" / "letter_EA000000012CN.pdf"
    pages = _text(letter)
    assert len(pages) == 2 and "律师函B第一页" in pages[0] and "律师函B第二页" in pages[1]
    label = _text(root / "EA000000012CN" / "label_EA000000012CN.pdf")
    assert len(label) == 1 and "EA000000012CN" in label[0]
    line = (
        (root / "EA000000012CN" / "manifest_line.csv").read_text(encoding="utf-8-sig").splitlines()
    )
    assert len(line) == 2 and line[1].startswith("EA000000012CN,B,")
    hist = (root / "status_history.csv").read_text(encoding="utf-8-sig")
    assert "妥投" in hist and "2026-11-20T10:00:00" in hist
    receipts = list((root / "receipts").iterdir())
    assert len(receipts) == 1 and receipts[0].read_bytes() == scan.read_bytes()
    sums = (root / "SHA256SUMS.txt").read_text(encoding="utf-8").splitlines()
    for s in sums:
        digest, name = s.split("  ", 1)
        assert hashlib.sha256((root / name).read_bytes()).hexdigest() == digest
    assert len(sums) == 5
    index = (root / "证据清单.txt").read_text(encoding="utf-8")
    assert "letters-001.pdf 第 2–3 页" in index


def test_zip_pack_and_errors(store: Store, sent_case: Path, tmp_path: Path) -> None:
    rep = export_evidence(store, "A", tmp_path / "out", as_zip=True)
    assert rep.path.suffix == ".zip"
    names = zipfile.ZipFile(rep.path).namelist()
    assert "送达证据_A/EA000000011CN/letter_EA000000011CN.pdf" in names
    assert "送达证据_A/证据清单.txt" in names
    # same pack twice → same bytes
    again = export_evidence(store, "A", tmp_path / "out2", as_zip=True)
    assert again.path.read_bytes() == rep.path.read_bytes()
    with pytest.raises(KnownError):
        export_evidence(store, "NOPE", tmp_path / "x")
    bad = tmp_path / "x.exe"
    bad.write_bytes(b"MZ")
    with pytest.raises(KnownError):
        attach_receipt(store, "A", bad)


def test_label_on_a_shared_sheet_is_left_out(store: Store, sent_case: Path, tmp_path: Path) -> None:
    _pdf(sent_case / "labels-001.pdf", ["EA000000011CN EA000000012CN EA000000013CN"])
    store.conn.execute("UPDATE batches SET options = '{}'")  # no recorded parts: glob the folder
    rep = export_evidence(store, "C", tmp_path / "out")
    assert any("A4" in m for m in rep.missing)
    assert (rep.path / "EA000000013CN" / "letter_EA000000013CN.pdf").is_file()
