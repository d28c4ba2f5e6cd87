"""Thermal labels, A4 label sheets and envelopes.

The outside of a mailing shows only the recipient, the address, the postcode, the sender
and the tracking barcode: never the debt, the creditor or words such as 催收.
Static parts (frames, captions, the sender block) are form XObjects drawn once per file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from songda.letters.barcode import HEIGHT_MM, barcode_width, draw_barcode
from songda.letters.fonts import SANS, metrics, register_fonts
from songda.letters.formats import Calibration, Grid, LabelFormat
from songda.letters.linebreak import LineBreaker
from songda.letters.pdftext import draw_centred, draw_right, draw_text

RED = (0.82, 0.05, 0.1)


@dataclass(frozen=True)
class LabelItem:
    tracking_no: str
    recipient: str
    address: str
    postcode: str | None
    seq: int = 0


def spaced_number(no: str) -> str:
    """EA123456785CN → EA 1234 5678 5 CN (human-readable line under the barcode)."""
    if len(no) == 13 and no[:2].isalpha():
        return f"{no[:2]} {no[2:6]} {no[6:10]} {no[10]} {no[11:]}"
    return " ".join(no[k : k + 4] for k in range(0, len(no), 4))


class LabelRenderer:
    def __init__(
        self,
        fmt: LabelFormat,
        sender: dict[str, str],
        *,
        grid: Grid | None = None,
        calibration: Calibration | None = None,
    ) -> None:
        register_fonts(SANS)
        self.fmt = fmt
        self.sender = sender
        self.grid = grid or Grid()
        self.cal = calibration or Calibration()
        self._m = metrics(SANS)
        self._breakers: dict[float, LineBreaker] = {}

    # -- helpers ------------------------------------------------------------
    def _lines(self, text: str, size: float, width: float) -> list[str]:
        b = self._breakers.get(size)
        if b is None:
            b = self._breakers[size] = LineBreaker(self._m, size)
        return [ln.text for ln in b.lines(text, width)]

    def _fit(self, c: Canvas, text: str, size: float, width: float) -> float:
        """Largest size ≤ ``size`` at which one line of ``text`` fits ``width``."""
        w = self._m.text(text) * size
        return size if w <= width else max(6.0, size * width / w)

    def page_size(self) -> tuple[float, float]:
        return self.fmt.width_mm * mm, self.fmt.height_mm * mm

    def per_page(self) -> int:
        return self.grid.per_page if self.fmt.kind == "sheet" else 1

    def pages_for(self, n: int) -> int:
        k = self.per_page()
        return (n + k - 1) // k

    def new_canvas(self, path: Path | str, title: str) -> Canvas:
        c = Canvas(
            str(path),
            pagesize=self.page_size(),
            invariant=1,
            pageCompression=1,
            initialFontName=SANS,
        )
        c.setTitle(title)
        c.setAuthor("Songda")
        c.setCreator("Songda")
        return c

    def _begin_page(self, c: Canvas) -> None:
        # forms are defined once per canvas; marked on the canvas itself (ids are reused)
        if not getattr(c, "_songda_label_forms", False):
            c._songda_label_forms = True  # type: ignore[attr-defined]
            self._define_forms(c)
        c.saveState()
        if self.cal != Calibration():
            c.translate(self.cal.dx_mm * mm, self.cal.dy_mm * mm)
            c.scale(self.cal.scale, self.cal.scale)

    def _end_page(self, c: Canvas) -> None:
        c.restoreState()
        c.showPage()

    # -- public ---------------------------------------------------------------
    def draw_page(self, c: Canvas, items: list[LabelItem]) -> None:
        """One page: one label/envelope, or one A4 sheet of up to ``per_page`` labels."""
        self._begin_page(c)
        if self.fmt.kind == "thermal":
            self._thermal(c, items[0])
        elif self.fmt.kind == "envelope":
            self._envelope(c, items[0])
        else:
            left, top = self.grid.origin()
            g = self.grid
            for k, item in enumerate(items[: g.per_page]):
                r, col = divmod(k, g.cols)
                x = (left + col * (g.label_w + g.gap_x)) * mm
                y = (297.0 - top - (r + 1) * g.label_h - r * g.gap_y) * mm
                self._sheet_label(c, item, x, y)
        self._end_page(c)

    # -- static forms -----------------------------------------------------------
    def _sender_lines(self) -> list[str]:
        s = self.sender
        return [s.get("name", ""), s.get("address", ""), f"邮编 {s.get('postcode', '')}"]

    def _define_forms(self, c: Canvas) -> None:
        w, h = self.page_size()
        if self.fmt.kind == "thermal":
            c.beginForm("frame")
            self._thermal_frame(c, w, h)
            c.endForm()
        elif self.fmt.kind == "envelope":
            c.beginForm("frame")
            self._envelope_frame(c, w, h)
            c.endForm()
        else:
            c.beginForm("frame")
            self._sheet_frame(c)
            c.endForm()

    # -- thermal labels -------------------------------------------------------------
    def _bands(self, h: float) -> dict[str, float]:
        """y positions (points from the bottom) of the thermal label's horizontal rules."""
        return {
            "head": h - 14 * mm,
            "code": h - 14 * mm - (HEIGHT_MM + 9) * mm,
            "sender": 0.30 * h,
            "foot": 10 * mm,
        }

    def _thermal_frame(self, c: Canvas, w: float, h: float) -> None:
        b = self._bands(h)
        small = w < 90 * mm
        c.setLineWidth(0.8)
        c.rect(2 * mm, 2 * mm, w - 4 * mm, h - 4 * mm)
        for key in ("head", "code", "sender", "foot"):
            c.line(2 * mm, b[key], w - 2 * mm, b[key])
        c.setFont(SANS, 18 if small else 22)
        c.drawString(5 * mm, b["head"] + 4 * mm, "EMS")
        c.setFont(SANS, 9 if small else 10)
        c.drawRightString(w - 5 * mm, b["head"] + 5 * mm, "国内特快专递邮件")
        c.setFont(SANS, 7)
        c.drawString(4 * mm, b["code"] - 4 * mm, "收件人")
        c.drawString(4 * mm, b["sender"] - 4 * mm, "寄件人")
        c.drawString(4 * mm, 5 * mm, "签收人：")
        c.drawString(w / 2, 5 * mm, "日期：")
        # sender block
        y = b["sender"] - 8 * mm
        width = w - 10 * mm
        lines = self._sender_lines()
        c.setFont(SANS, 8)
        for text in [lines[0], *self._lines(lines[1], 8, width), lines[2]]:
            if y < b["foot"] + 2 * mm:
                break
            c.drawString(5 * mm, y, text)
            y -= 3.6 * mm

    def _thermal(self, c: Canvas, item: LabelItem) -> None:
        w, h = self.page_size()
        b = self._bands(h)
        small = w < 90 * mm
        c.doForm("frame")
        bw = barcode_width(item.tracking_no)
        draw_barcode(c, item.tracking_no, (w - bw) / 2, b["code"] + 6.5 * mm)
        draw_centred(c, SANS, 10, w / 2, b["code"] + 2.2 * mm, spaced_number(item.tracking_no))
        # recipient
        width = w - 10 * mm
        name_size = self._fit(c, item.recipient, 16 if small else 18, width)
        y = b["code"] - 11 * mm
        draw_text(c, SANS, name_size, 5 * mm, y, item.recipient)
        size = 10.5 if small else 12
        y -= size * 1.6
        floor = b["sender"] + 10 * mm
        for text in self._lines(item.address, size, width):
            if y < floor:
                break
            draw_text(c, SANS, size, 5 * mm, y, text)
            y -= size * 1.35
        draw_text(
            c,
            SANS,
            12 if small else 14,
            5 * mm,
            b["sender"] + 3 * mm,
            f"邮编 {item.postcode or ''}",
        )
        if item.seq:
            draw_right(c, SANS, 7, w - 4 * mm, b["sender"] + 3 * mm, f"No.{item.seq:05d}")

    # -- A4 sheets -----------------------------------------------------------------
    def _sheet_frame(self, c: Canvas) -> None:
        g = self.grid
        left, top = g.origin()
        c.setLineWidth(0.3)
        c.setStrokeColorRGB(0.75, 0.75, 0.75)
        c.setDash(1, 2)
        for r in range(g.rows):
            for col in range(g.cols):
                x = (left + col * (g.label_w + g.gap_x)) * mm
                y = (297.0 - top - (r + 1) * g.label_h - r * g.gap_y) * mm
                c.roundRect(x, y, g.label_w * mm, g.label_h * mm, 2 * mm)

    def _sheet_label(self, c: Canvas, item: LabelItem, x: float, y: float) -> None:
        g = self.grid
        lw, lh = g.label_w * mm, g.label_h * mm
        pad = 4 * mm
        top = y + lh - pad
        draw_text(c, SANS, 11, x + pad, top - 9, f"邮编 {item.postcode or ''}")
        name_size = self._fit(c, item.recipient + " 收", 12, lw / 2 - pad)
        draw_right(c, SANS, name_size, x + lw - pad, top - 9, f"{item.recipient} 收")
        yy = top - 9 - 12
        code_top = y + pad + HEIGHT_MM * mm + 3.5 * mm
        for text in self._lines(item.address, 9, lw - 2 * pad):
            if yy < code_top + 1 * mm:
                break
            draw_text(c, SANS, 9, x + pad, yy, text)
            yy -= 11
        bw = barcode_width(item.tracking_no)
        draw_barcode(c, item.tracking_no, x + (lw - bw) / 2, y + pad + 3.2 * mm)
        draw_centred(c, SANS, 8, x + lw / 2, y + pad, spaced_number(item.tracking_no))
        snd = self.sender
        draw_text(
            c,
            SANS,
            6,
            x + pad,
            y + 1.5 * mm,
            f"寄：{snd.get('name', '')} {snd.get('postcode', '')}",
        )

    # -- envelopes -----------------------------------------------------------------
    def _envelope_frame(self, c: Canvas, w: float, h: float) -> None:
        # six red postcode boxes, top left (GB/T 1416 style: 8 × 10 mm, 2 mm apart)
        c.setStrokeColorRGB(*RED)
        c.setLineWidth(1.0)
        for k in range(6):
            c.rect((12 + k * 10) * mm, h - 22 * mm, 8 * mm, 10 * mm)
        # stamp area, top right
        c.setLineWidth(0.6)
        c.setDash(2, 2)
        c.rect(w - 32 * mm, h - 37 * mm, 22 * mm, 27 * mm)
        c.setDash()
        c.setFillColorRGB(*RED)
        c.setFont(SANS, 8)
        c.drawCentredString(w - 21 * mm, h - 24 * mm, "贴邮票处")
        # sender block, bottom right, with its postcode
        c.setFillColorRGB(0, 0, 0)
        c.setStrokeColorRGB(0, 0, 0)
        snd = self.sender
        right = w - 12 * mm
        width = w * 0.45
        c.setFont(SANS, 9)
        y = 8 * mm
        c.drawRightString(right, y, f"邮政编码：{snd.get('postcode', '')}")
        y += 5 * mm
        c.drawRightString(right, y, snd.get("name", ""))
        lines = self._lines(snd.get("address", ""), 9, width)
        for text in reversed(lines):
            y += 4.5 * mm
            c.drawRightString(right, y, text)

    def _envelope(self, c: Canvas, item: LabelItem) -> None:
        w, h = self.page_size()
        c.doForm("frame")
        for k, digit in enumerate((item.postcode or "")[:6]):
            draw_centred(c, SANS, 18, (16 + k * 10) * mm, h - 19.5 * mm, digit)
        # recipient address and name
        left = 20 * mm
        width = w - 2 * left - 10 * mm
        size = 14 if h >= 120 * mm else 13
        lines = self._lines(item.address, size, width)
        name_size = self._fit(c, item.recipient + " 收", 22, width)
        block_h = len(lines) * size * 1.45 + name_size * 2
        y = min(h - 34 * mm, h * 0.5 + block_h / 2)
        for text in lines:
            y -= size * 1.45
            draw_text(c, SANS, size, left, y, text)
        y -= name_size * 1.9
        draw_centred(c, SANS, name_size, w / 2, y, f"{item.recipient} 收")
        # barcode bottom left
        draw_barcode(c, item.tracking_no, 8 * mm, 10 * mm)
        bw = barcode_width(item.tracking_no)
        draw_centred(c, SANS, 9, 8 * mm + bw / 2, 6 * mm, spaced_number(item.tracking_no))


def calibration_page(c: Canvas, fmt: LabelFormat, cal: Calibration, printer: str) -> None:
    """A test page: crosses 10 mm from the edges and 100 mm rulers, with instructions."""
    register_fonts(SANS)
    h = fmt.height_mm * mm
    c.saveState()
    c.translate(cal.dx_mm * mm, cal.dy_mm * mm)
    c.scale(cal.scale, cal.scale)
    c.setLineWidth(0.3)
    for cx, cy in ((10, 10), (fmt.width_mm - 10, 10), (10, fmt.height_mm - 10)):
        c.line((cx - 4) * mm, cy * mm, (cx + 4) * mm, cy * mm)
        c.line(cx * mm, (cy - 4) * mm, cx * mm, (cy + 4) * mm)
        c.circle(cx * mm, cy * mm, 2 * mm)
    length = min(100.0, fmt.width_mm - 30, fmt.height_mm - 30)
    length = float(int(length / 10) * 10)
    c.line(20 * mm, 20 * mm, (20 + length) * mm, 20 * mm)
    c.line(20 * mm, 20 * mm, 20 * mm, (20 + length) * mm)
    for k in range(int(length) + 1):
        t = 3 if k % 10 == 0 else (2 if k % 5 == 0 else 1)
        c.line((20 + k) * mm, 20 * mm, (20 + k) * mm, (20 + t) * mm)
        c.line(20 * mm, (20 + k) * mm, (20 + t) * mm, (20 + k) * mm)
    c.setFont(SANS, 8)
    c.drawString(24 * mm, 24 * mm, f"标尺 {length:.0f} mm")
    text = [
        f"打印校准测试页 · {fmt.label_zh} · 打印机：{printer}",
        f"当前校准：右移 {cal.dx_mm:+.1f} mm，上移 {cal.dy_mm:+.1f} mm，缩放 {cal.scale:.3f}",
        "十字中心应距纸张左边缘、下边缘各 10 mm；",
        "实测偏差填入“设置 → 打印校准”的偏移；",
        f"标尺实测长度 ÷ {length:.0f} = 缩放的倒数。",
    ]
    y = h - 12 * mm
    for line in text:
        c.drawString(14 * mm, y, line)
        y -= 4.5 * mm
    c.restoreState()
    c.showPage()
