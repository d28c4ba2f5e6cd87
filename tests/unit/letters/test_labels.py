"""Labels and envelopes: formats, barcode that decodes, nothing about the debt outside."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from songda.errors import KnownError
from songda.letters.barcode import MODULE_MM, barcode_width, draw_barcode, pattern
from songda.letters.context import DEFAULT_SENDER
from songda.letters.formats import FORMATS, Calibration, Grid, get_format
from songda.letters.labels import LabelItem, LabelRenderer, calibration_page
from songda.letters.tracking import s10_number

ITEMS = [
    LabelItem(
        s10_number("EA", 10_000_000 + k),
        f"收件人{k}",
        "内蒙古自治区呼和浩特市新城区海拉尔东路街道（原东风路）12号“幸福家园”小区3号楼201室",
        "010050",
        k + 1,
    )
    for k in range(14)
]


def _render(tmp_path: Path, fmt: str, items: list[LabelItem], **kw: object) -> Path:
    r = LabelRenderer(get_format(fmt), DEFAULT_SENDER, **kw)  # type: ignore[arg-type]
    path = tmp_path / f"{fmt}.pdf"
    c = r.new_canvas(path, "labels")
    per = r.per_page()
    for k in range(0, len(items), per):
        r.draw_page(c, items[k : k + per])
    c.save()
    return path


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_with_page_size_and_only_outside_text(
    tmp_path: Path, fmt: str
) -> None:
    f = get_format(fmt)
    path = _render(tmp_path, fmt, ITEMS[:3])
    reader = PdfReader(path)
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == f.width_mm
    assert round(float(box.height) / 72 * 25.4) == f.height_mm
    text = "".join(p.extract_text() for p in reader.pages).replace(" ", "")
    assert "收件人0" in text and "010050" in text and DEFAULT_SENDER["postcode"] in text
    assert "幸福家园" in text
    for word in ("催收", "欠款", "债", "律师函", "逾期", "人民币", "消费金融"):
        assert word not in text
    # fonts are embedded subsets (name prefix ABCDEF+), never a system font
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("+" in name for name in fonts)


def test_a4_grid_puts_many_labels_per_page(tmp_path: Path) -> None:
    grid = Grid(cols=2, rows=7, label_w=99.1, label_h=38.1, gap_x=2.5, gap_y=0)
    path = _render(tmp_path, "a4-grid", ITEMS, grid=grid)
    assert len(PdfReader(path).pages) == 1
    with pytest.raises(KnownError):
        Grid.from_setting({"cols": 3, "label_w": 99})


def test_calibration_limits_and_page(tmp_path: Path) -> None:
    with pytest.raises(KnownError):
        Calibration.from_setting({"scale": 1.5})
    cal = Calibration.from_setting({"dx_mm": 1.5, "dy_mm": -2, "scale": 0.98})
    path = _render(tmp_path, "ems100x150", ITEMS[:1], calibration=cal)
    assert len(PdfReader(path).pages) == 1
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(tmp_path / "cal.pdf"))
    calibration_page(c, get_format("env-dl"), cal, "laser-1")
    c.save()
    text = PdfReader(tmp_path / "cal.pdf").pages[0].extract_text()
    assert "校准" in text and "laser-1" in text


def test_barcode_geometry() -> None:
    value = "EA123456785CN"
    bars = pattern(value)
    assert bars[0][0] == 0
    # Code 128: every symbol is 11 modules, the stop 13; 3 bars per symbol, 4 for the stop
    modules = bars[-1][0] + bars[-1][1]
    assert (modules - 13) % 11 == 0
    assert MODULE_MM >= 0.33
    assert barcode_width(value) / 72 * 25.4 < 70  # fits the 76 mm label
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas("unused.pdf")
    with pytest.raises(ValueError):
        draw_barcode(c, value, 0, 0, module_mm=0.3)


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) not installed")
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
@pytest.mark.parametrize("fmt", ["ems100x150", "ems76x130", "env-dl", "a4-grid"])
def test_barcode_decodes_with_zbarimg(tmp_path: Path, fmt: str) -> None:
    items = [ITEMS[0], LabelItem("1100000000017", "李四", "北京市", "100000", 2)]
    path = _render(tmp_path, fmt, items)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    out = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Scode128.enable", str(png)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert ITEMS[0].tracking_no in out
    if fmt == "a4-grid":
        assert "1100000000017" in out


def test_calibration_setting_and_test_page(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from songda.services.calibration import get_calibration, set_calibration, write_calibration_page

    set_calibration(store, "thermal-1", Calibration(1.0, -0.5, 1.01))
    assert get_calibration(store, "thermal-1") == Calibration(1.0, -0.5, 1.01)
    assert get_calibration(store, "other") == Calibration()
    path = write_calibration_page(store, "ems100x150", tmp_path / "cal.pdf", printer="thermal-1")
    text = PdfReader(path).pages[0].extract_text()
    assert "thermal-1" in text and "+1.0" in text
