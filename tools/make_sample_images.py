"""Draw the SAMPLE letterhead and seal images shipped in resources/templates.

Both are clearly marked as samples (样例 / 样章 / SPECIMEN): a firm replaces them with its
own letterhead and seal scan in the template editor. Uses only the bundled font.

    python tools/make_sample_images.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

REPO = Path(__file__).resolve().parent.parent
FONT = REPO / "resources" / "fonts" / "wqy-zenhei.ttc"
OUT = REPO / "resources" / "templates"
RED = (200, 16, 30, 235)
FIRM = "示例律师事务所"


def seal(size: int = 600) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    c = size / 2
    ring = size * 0.03
    d.ellipse((ring, ring, size - ring, size - ring), outline=RED, width=int(size * 0.035))
    # five-pointed star in the centre
    r_out, r_in = size * 0.16, size * 0.16 * 0.382
    pts = []
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        a = -math.pi / 2 + k * math.pi / 5
        pts.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(pts, fill=RED)
    # firm name along the upper arc, characters upright towards the centre
    text = FIRM + "（样例）"
    font = ImageFont.truetype(str(FONT), int(size * 0.105), index=0)
    radius = size * 0.37
    span = math.radians(250)
    start = -math.pi / 2 - span / 2
    for k, ch in enumerate(text):
        a = start + span * (k + 0.5) / len(text)
        glyph = Image.new("RGBA", (int(size * 0.14), int(size * 0.14)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), ch, font=font, fill=RED, anchor="mm"
        )
        rot = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        x = c + radius * math.cos(a) - rot.width / 2
        y = c + radius * math.sin(a) - rot.height / 2
        img.alpha_composite(rot, (int(x), int(y)))
    small = ImageFont.truetype(str(FONT), int(size * 0.085), index=0)
    d.text((c, c + size * 0.25), "样章", font=small, fill=RED, anchor="mm")
    tiny = ImageFont.truetype(str(FONT), int(size * 0.05), index=0)
    d.text((c, c + size * 0.35), "SPECIMEN", font=tiny, fill=RED, anchor="mm")
    return img


def letterhead(w: int = 1800, h: int = 240) -> Image.Image:
    img = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    big = ImageFont.truetype(str(FONT), 92, index=0)
    small = ImageFont.truetype(str(FONT), 34, index=0)
    d.text((w / 2, 70), FIRM + "（样例）", font=big, fill=(150, 10, 20, 255), anchor="mm")
    d.text(
        (w / 2, 150),
        "SAMPLE LAW FIRM · SPECIMEN LETTERHEAD — replace in the template editor",
        font=small,
        fill=(90, 90, 90, 255),
        anchor="mm",
    )
    d.rectangle((0, 195, w, 203), fill=(170, 15, 25, 255))
    d.rectangle((0, 212, w, 215), fill=(170, 15, 25, 255))
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    seal().save(OUT / "seal_sample.png", optimize=True)
    letterhead().save(OUT / "letterhead_sample.png", optimize=True)
    print("wrote", OUT / "seal_sample.png", OUT / "letterhead_sample.png")


if __name__ == "__main__":
    main()
