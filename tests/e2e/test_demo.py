"""``songda demo --out DIR`` end to end on the bundled demo data: the letters and labels PDFs
hold the demo debtors' names, addresses and postcodes, and the manifest lists the mailings."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from cli_kit import songda
from openpyxl import load_workbook
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "demo_cases.xlsx"


def squash(text: str) -> str:
    """PDF text without whitespace (lines wrap anywhere in Chinese)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("demo-out")
    r = songda("demo", "--out", str(out))
    assert r.returncode == 0, r.stderr
    with (out / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return {"out": out, "stdout": r.stdout, "rows": rows}


def demo_names() -> set[str]:
    wb = load_workbook(DEMO, read_only=True)
    try:
        rows = list(wb.active.iter_rows(min_row=3, values_only=True))
    finally:
        wb.close()
    return {str(r[2]) for r in rows if r[2]}


def pdf_text(path: Path, pages: range) -> list[str]:
    reader = PdfReader(path)
    return [squash(reader.pages[i].extract_text() or "") for i in pages if i < len(reader.pages)]


def test_demo_writes_database_pdfs_and_manifest(demo: dict[str, Any]) -> None:
    out: Path = demo["out"]
    assert (out / "songda-demo.db").is_file()
    assert list(out.glob("*.pdf")), "no PDF written"
    assert "演示完成" in demo["stdout"] and "demo done" in demo["stdout"]
    rows = demo["rows"]
    assert len(rows) >= 200  # most of the 600 demo cases get a confirmed address
    for key in ("tracking_no", "case_no", "candidate_id", "recipient", "address", "postcode"):
        assert key in rows[0], key
    names = demo_names()
    assert all(r["recipient"] in names for r in rows)
    assert len({r["tracking_no"] for r in rows}) == len(rows)
    assert all(r["case_no"].startswith("SD2026") for r in rows)
    assert sum(1 for r in rows if re.fullmatch(r"\d{6}", r["postcode"] or "")) > 0.8 * len(rows)


def _letters_pdf(out: Path) -> Path:
    found = sorted(p for p in out.glob("*.pdf") if "label" not in p.name and "面单" not in p.name)
    assert found, sorted(p.name for p in out.iterdir())
    return found[0]


def _labels_pdf(out: Path) -> Path:
    found = sorted(p for p in out.glob("*.pdf") if "label" in p.name or "面单" in p.name)
    assert found, sorted(p.name for p in out.iterdir())
    return found[0]


def test_letters_pdf_holds_the_debtors_names(demo: dict[str, Any]) -> None:
    # The default 律师函 is addressed by name (the address and postcode go on the label).
    text = "".join(pdf_text(_letters_pdf(demo["out"]), range(12)))
    for row in demo["rows"][:3]:
        assert row["recipient"] in text
    assert "律师函" in text


def test_labels_pdf_holds_names_addresses_postcodes(demo: dict[str, Any]) -> None:
    text = "".join(pdf_text(_labels_pdf(demo["out"]), range(6)))
    for row in demo["rows"][:3]:
        assert row["recipient"] in text
        assert squash(row["address"])[:12] in text
        if row["postcode"]:
            assert row["postcode"] in text
        assert row["tracking_no"] in text


def test_demo_again_in_the_same_folder_replaces_the_previous_run(demo: dict[str, Any]) -> None:
    """A second run refuses a foreign folder with PDFs but may reuse its own output folder."""
    foreign = demo["out"].parent / "foreign"
    foreign.mkdir()
    (foreign / "other.pdf").write_bytes(b"%PDF-1.4\n")
    r = songda("demo", "--out", str(foreign))
    assert r.returncode != 0
    assert "PDF" in r.stderr and "Traceback" not in r.stderr
