"""Draw the application icon: 送 in white on a seal-red rounded square.

    python tools/make_icon.py

Writes resources/icons/songda.png (256×256, Linux desktop entry, window icon) and
resources/icons/songda.ico (16–256 px, Windows executable and installer). Uses the bundled
WenQuanYi Zen Hei font, so the icon carries the same licence terms as that font's glyph.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
RED = (178, 34, 34, 255)


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((8, 8, size - 8, size - 8), radius=size // 6, fill=RED)
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "wqy-zenhei.ttc"), 176, index=0)
    d.text((size / 2, size / 2), "送", font=font, fill="white", anchor="mm")
    return img


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.save(ICONS / "songda.png", optimize=True)
    img.save(
        ICONS / "songda.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)]
    )
    print(f"wrote {ICONS / 'songda.png'} and {ICONS / 'songda.ico'}")


if __name__ == "__main__":
    main()
