"""Draws media/icon.png, RunLens's extension icon: a lens over a rising metric curve on a teal tile.

Run with the repo's venv (Pillow): .tools/venv/bin/python scripts/drawIcon.py [output.png]
(test/unit/walkthrough.test.ts draws it to a temp file and compares it with the committed one).
Drawn at 4x and scaled down, so the edges are smooth without any anti-aliasing support in the
drawing calls. The output is deterministic: running it again gives the same PNG bytes.
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 256
SCALE = 4
OUT = Path(__file__).resolve().parent.parent / "media" / "icon.png"

TILE_TOP = (18, 94, 110)  # teal, matches galleryBanner.color's family
TILE_BOTTOM = (10, 52, 74)
GLASS = (226, 247, 250)
RIM = (255, 255, 255)
CURVE = (255, 176, 59)  # amber: the metric line
GRID = (150, 205, 214)


def s(value: float) -> int:
    return round(value * SCALE)


def tile(size: int) -> Image.Image:
    """A rounded square with a vertical gradient (drawn row by row: Pillow has no gradient fill)."""
    gradient = Image.new("RGB", (size, size))
    pixels = gradient.load()
    for y in range(size):
        t = y / (size - 1)
        color = tuple(round(a + (b - a) * t) for a, b in zip(TILE_TOP, TILE_BOTTOM))
        for x in range(size):
            pixels[x, y] = color
    mask = Image.new("L", (size, size), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, size - 1, size - 1), radius=s(48), fill=255)
    out = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    out.paste(gradient, (0, 0), mask)
    return out


def draw() -> Image.Image:
    big = SIZE * SCALE
    image = tile(big)
    draw = ImageDraw.Draw(image)

    cx, cy, r = 108, 106, 66
    # The handle first, so the rim covers its end.
    draw.line((s(cx + 44), s(cy + 44), s(214), s(214)), fill=RIM, width=s(26))
    draw.ellipse((s(cx - r), s(cy - r), s(cx + r), s(cy + r)), fill=RIM)
    inner = r - 12
    draw.ellipse((s(cx - inner), s(cy - inner), s(cx + inner), s(cy + inner)), fill=GLASS)

    # Inside the glass: two grid lines and a training curve rising to a plateau, with its points.
    for gy in (cy - 18, cy + 18):
        draw.line((s(cx - 44), s(gy), s(cx + 44), s(gy)), fill=GRID, width=s(3))
    points = [(cx - 40, cy + 30), (cx - 22, cy + 14), (cx - 4, cy - 8), (cx + 14, cy - 20), (cx + 32, cy - 26)]
    draw.line([(s(x), s(y)) for x, y in points], fill=CURVE, width=s(9), joint="curve")
    for x, y in points:
        dot = 7
        draw.ellipse((s(x - dot), s(y - dot), s(x + dot), s(y + dot)), fill=CURVE)

    return image.resize((SIZE, SIZE), Image.LANCZOS)


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.parent.mkdir(parents=True, exist_ok=True)
    draw().save(out, optimize=True)
    print(f"wrote {out} ({SIZE}x{SIZE})")
