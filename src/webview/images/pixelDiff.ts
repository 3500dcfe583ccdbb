// The pixel-difference overlay: |a − b| per channel, drawn over a faint greyscale of the first
// image so the eye finds where the images differ. Pure (arrays in, array out), no DOM.

export interface PixelDiff {
  /** RGBA pixels to put on a canvas of the images' size. */
  pixels: Uint8ClampedArray<ArrayBuffer>;
  /** Pixels where any channel (alpha included) differs. */
  differing: number;
  /** The largest |a − b| over every channel. */
  largest: number;
}

/**
 * `a` and `b`: RGBA data of the same size. `highlight`: the overlay colour [r, g, b]. A differing
 * pixel gets the highlight, more opaque the bigger its largest channel difference (never fainter
 * than a third, so a difference of 1 still shows); equal pixels show a's grey at a quarter.
 */
export function pixelDiff(a: ArrayLike<number>, b: ArrayLike<number>, highlight: readonly [number, number, number]): PixelDiff {
  if (a.length !== b.length) throw new Error('The two images must have the same size.');
  const pixels = new Uint8ClampedArray(a.length);
  let differing = 0;
  let largest = 0;
  for (let i = 0; i < a.length; i += 4) {
    const d = Math.max(Math.abs(a[i] - b[i]), Math.abs(a[i + 1] - b[i + 1]), Math.abs(a[i + 2] - b[i + 2]), Math.abs(a[i + 3] - b[i + 3]));
    const grey = (a[i] * 0.299 + a[i + 1] * 0.587 + a[i + 2] * 0.114) * 0.25;
    if (d === 0) {
      pixels[i] = pixels[i + 1] = pixels[i + 2] = grey;
    } else {
      differing += 1;
      if (d > largest) largest = d;
      const strength = 1 / 3 + (2 / 3) * (d / 255);
      pixels[i] = grey * (1 - strength) + highlight[0] * strength;
      pixels[i + 1] = grey * (1 - strength) + highlight[1] * strength;
      pixels[i + 2] = grey * (1 - strength) + highlight[2] * strength;
    }
    pixels[i + 3] = 255;
  }
  return { pixels, differing, largest };
}
