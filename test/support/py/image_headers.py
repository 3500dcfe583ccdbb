"""Writes one image per format with Pillow, each with its own pixel size, and prints
{file name: [width, height]} as Pillow reads them back. Usage: image_headers.py <folder>."""
import json
import os
import sys

from PIL import Image

folder = sys.argv[1]
sizes = {}
for index, (name, fmt, options) in enumerate([
    ("plot.png", "PNG", {}), ("photo.jpg", "JPEG", {"quality": 90}), ("progressive.jpg", "JPEG", {"progressive": True}),
    ("anim.gif", "GIF", {}), ("lossy.webp", "WEBP", {}), ("lossless.webp", "WEBP", {"lossless": True}), ("alpha.webp", "WEBP", {}),
]):
    # Lossy RGB WebP is a 'VP8 ' chunk, lossless 'VP8L', lossy with alpha 'VP8X': each header differs.
    path = os.path.join(folder, name)
    alpha = name in ("plot.png", "lossless.webp", "alpha.webp")
    # A half-transparent colour: an opaque alpha channel would be dropped and the WebP stay 'VP8 '.
    Image.new("RGBA" if alpha else "RGB", (17 + index * 13, 9 + index * 7), (10, 200, 30, 128) if alpha else (10, 200, 30)).save(path, fmt, **options)
    with Image.open(path) as image:
        sizes[name] = list(image.size)
print(json.dumps(sizes))
