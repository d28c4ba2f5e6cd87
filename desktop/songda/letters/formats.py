"""Label and envelope formats (names used by ``songda batch create --label``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from songda.errors import KnownError


@dataclass(frozen=True)
class LabelFormat:
    name: str
    label_zh: str
    kind: str  # thermal / sheet / envelope
    width_mm: float  # page width
    height_mm: float  # page height


@dataclass(frozen=True)
class Grid:
    """A4 sheet of address labels: ``cols`` × ``rows`` labels of ``label_w`` × ``label_h`` mm."""

    cols: int = 2
    rows: int = 6
    label_w: float = 99.0
    label_h: float = 46.0
    gap_x: float = 2.0
    gap_y: float = 2.0
    margin_left: float | None = None  # None: centred
    margin_top: float | None = None

    @property
    def per_page(self) -> int:
        return self.cols * self.rows

    def origin(self) -> tuple[float, float]:
        """Left and top margins in mm."""
        left = self.margin_left
        top = self.margin_top
        if left is None:
            left = (210.0 - self.cols * self.label_w - (self.cols - 1) * self.gap_x) / 2
        if top is None:
            top = (297.0 - self.rows * self.label_h - (self.rows - 1) * self.gap_y) / 2
        return left, top

    @classmethod
    def from_setting(cls, value: dict[str, Any] | None) -> Grid:
        g = cls(**{k: v for k, v in (value or {}).items() if k in cls.__dataclass_fields__})
        left, top = g.origin()
        if g.cols < 1 or g.rows < 1 or left < 0 or top < 0 or g.label_w < 60 or g.label_h < 34:
            raise KnownError(
                "A4 标签网格设置无效：标签至少 60×34 毫米，且整体不能超出 A4 纸。",
                "invalid A4 label grid: labels must be at least 60x34 mm and fit on A4",
                code="grid_invalid",
            )
        return g


FORMATS: dict[str, LabelFormat] = {
    f.name: f
    for f in (
        LabelFormat("ems100x150", "EMS 热敏面单 100×150 毫米", "thermal", 100, 150),
        LabelFormat("ems76x130", "EMS 热敏面单 76×130 毫米", "thermal", 76, 130),
        LabelFormat("a4-grid", "A4 地址标签纸（网格可设置）", "sheet", 210, 297),
        LabelFormat("env-dl", "DL 信封 220×110 毫米", "envelope", 220, 110),
        LabelFormat("env-zl", "ZL 信封 230×120 毫米", "envelope", 230, 120),
        LabelFormat("env-c5", "C5 信封 229×162 毫米", "envelope", 229, 162),
        LabelFormat("env-b6", "B6 信封 176×125 毫米", "envelope", 176, 125),
    )
}


def get_format(name: str) -> LabelFormat:
    f = FORMATS.get(name.strip().lower())
    if f is None:
        raise KnownError(
            f"未知的面单格式：{name}。可用：{'、'.join(FORMATS)}",
            f"unknown label format {name!r}; use one of {', '.join(FORMATS)}",
            code="label_format",
        )
    return f


@dataclass(frozen=True)
class Calibration:
    """Per-printer correction: shift (mm, right/up positive) and scale about the page origin."""

    dx_mm: float = 0.0
    dy_mm: float = 0.0
    scale: float = 1.0

    @classmethod
    def from_setting(cls, value: dict[str, Any] | None) -> Calibration:
        v = value or {}
        cal = cls(float(v.get("dx_mm", 0)), float(v.get("dy_mm", 0)), float(v.get("scale", 1)))
        if not (0.9 <= cal.scale <= 1.1) or abs(cal.dx_mm) > 20 or abs(cal.dy_mm) > 20:
            raise KnownError(
                "打印校准值超出范围：偏移不超过 ±20 毫米，缩放在 0.9–1.1 之间。",
                "printer calibration out of range: offsets within ±20 mm, scale 0.9–1.1",
                code="calibration_invalid",
            )
        return cal
