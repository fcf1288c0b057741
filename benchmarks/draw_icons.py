"""Draws Relais's app icons into assets/icons/ (and assets/favicon.png).

The motif: a relay baton passed from one hand to another, two open arcs
holding its ends, in the calm theme's colours. The PNGs are committed; run
this again only to change the design: python benchmarks/draw_icons.py
(needs Pillow, installed with the `test` extras).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
TEAL = (29, 107, 102, 255)  # the calm theme's primary colour
CREAM = (247, 245, 240, 255)  # its background
MINT = (167, 214, 206, 255)
SUPERSAMPLE = 4  # draw large, then shrink: smooth edges without anti-aliasing support


def _motif(size: int) -> Image.Image:
    """The baton between two cupped hands, on a transparent square, tilted upwards."""
    layer = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)

    def box(cx: float, cy: float, radius: float) -> list[float]:
        return [
            (cx - radius) * size,
            (cy - radius) * size,
            (cx + radius) * size,
            (cy + radius) * size,
        ]

    baton = 0.13
    draw.rounded_rectangle(
        [
            (0.30 - baton / 2) * size,
            (0.5 - baton / 2) * size,
            (0.70 + baton / 2) * size,
            (0.5 + baton / 2) * size,
        ],
        radius=baton / 2 * size,
        fill=CREAM,
    )
    # Each hand is an open arc around one end of the baton, open towards the
    # other, with rounded fingertips.
    hand = 0.085
    for cx, first, last, colour in ((0.36, 115, 245, MINT), (0.64, -65, 65, CREAM)):
        draw.arc(box(cx, 0.5, 0.30), first, last, fill=colour, width=round(hand * size))
        for angle in (first, last):
            # Pillow draws the stroke inside the circle: its centre line is half a width in.
            middle = 0.30 - hand / 2
            tip_x = cx + middle * math.cos(math.radians(angle))
            tip_y = 0.5 + middle * math.sin(math.radians(angle))
            draw.ellipse(box(tip_x, tip_y, hand / 2), fill=colour)
    # A slight upward tilt: the handover moves forward.
    return layer.rotate(20, resample=Image.Resampling.BICUBIC)


def draw_icon(pixels: int, maskable: bool) -> Image.Image:
    big = pixels * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        # Full bleed; the motif stays inside the 80 % safe circle every mask keeps.
        draw.rectangle([0, 0, big, big], fill=TEAL)
        inset = 0.22 * big
    else:
        draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=0.22 * big, fill=TEAL)
        inset = 0.12 * big
    motif = _motif(round(big - 2 * inset))
    image.alpha_composite(motif, (round(inset), round(inset)))
    return image.resize((pixels, pixels), Image.Resampling.LANCZOS)


def main() -> None:
    icons = ASSETS_DIR / "icons"
    icons.mkdir(parents=True, exist_ok=True)
    outputs = {
        icons / "icon-192.png": draw_icon(192, maskable=False),
        icons / "icon-512.png": draw_icon(512, maskable=False),
        icons / "icon-maskable-192.png": draw_icon(192, maskable=True),
        icons / "icon-maskable-512.png": draw_icon(512, maskable=True),
        # iOS draws its own rounded corners and shows transparency as black.
        icons / "apple-touch-icon-192.png": draw_icon(192, maskable=True),
        ASSETS_DIR / "favicon.png": draw_icon(48, maskable=False),
    }
    for path, image in outputs.items():
        image.save(path, optimize=True)
        print(f"wrote {path.relative_to(ASSETS_DIR.parent)} ({path.stat().st_size} bytes)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
