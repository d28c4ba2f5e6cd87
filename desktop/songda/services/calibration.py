"""Per-printer offset and scale calibration (settings key ``calibration``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from songda.letters.fonts import SANS, register_fonts
from songda.letters.formats import Calibration, get_format
from songda.letters.labels import calibration_page
from songda.store import Store


def get_calibration(store: Store, printer: str) -> Calibration:
    return Calibration.from_setting((store.get_setting("calibration") or {}).get(printer))


def set_calibration(store: Store, printer: str, cal: Calibration) -> None:
    Calibration.from_setting({"dx_mm": cal.dx_mm, "dy_mm": cal.dy_mm, "scale": cal.scale})
    value: dict[str, Any] = dict(store.get_setting("calibration") or {})
    value[printer] = {"dx_mm": cal.dx_mm, "dy_mm": cal.dy_mm, "scale": cal.scale}
    store.set_setting("calibration", value)


def write_calibration_page(
    store: Store, label_format: str, out: Path | str, *, printer: str | None = None
) -> Path:
    fmt = get_format(label_format)
    name = printer or fmt.name
    cal = get_calibration(store, name)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    register_fonts(SANS)
    c = Canvas(
        str(path),
        pagesize=(fmt.width_mm * mm, fmt.height_mm * mm),
        invariant=1,
        pageCompression=1,
        initialFontName=SANS,
    )
    c.setTitle(f"Calibration {fmt.name} {name}")
    calibration_page(c, fmt, cal, name)
    c.save()
    return path
