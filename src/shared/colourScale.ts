// A sequential colour scale for colouring runs by a metric: theme colours as stops, values
// placed by where they fall between the metric's min and max. Pure.

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha dropped), as VS Code theme variables hold them. */
export function parseHexColour(text: string): Rgb | undefined {
  const hex = text.trim().replace(/^#/u, '');
  if (!/^[0-9a-f]+$/iu.test(hex)) return undefined;
  const full = hex.length === 3 || hex.length === 4 ? [...hex.slice(0, 3)].map((c) => c + c).join('') : hex.slice(0, 6);
  if (full.length !== 6) return undefined;
  const channel = (i: number) => Number.parseInt(full.slice(i, i + 2), 16);
  return { r: channel(0), g: channel(2), b: channel(4) };
}

export function cssRgb({ r, g, b }: Rgb): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

/** The colour at `t` (0..1, clamped) along evenly spaced stops, mixed linearly between neighbours. */
export function colourAt(stops: readonly Rgb[], t: number): Rgb {
  if (stops.length === 0) throw new Error('A colour scale needs at least one stop.');
  const clamped = Math.min(1, Math.max(0, Number.isNaN(t) ? 0 : t));
  const position = clamped * (stops.length - 1);
  const low = Math.min(Math.floor(position), stops.length - 1);
  const high = Math.min(low + 1, stops.length - 1);
  const f = position - low;
  const mix = (a: number, b: number) => a + (b - a) * f;
  return { r: mix(stops[low].r, stops[high].r), g: mix(stops[low].g, stops[high].g), b: mix(stops[low].b, stops[high].b) };
}

export interface ValueRange {
  min: number;
  max: number;
}

/** The finite values' range, or undefined when no value is finite. */
export function valueRange(values: readonly number[]): ValueRange | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (!Number.isFinite(value)) continue;
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return min <= max ? { min, max } : undefined;
}

/** Where each value sits in the range (0 = min, 1 = max); undefined for missing or NaN values; 0.5 when all are equal. */
export function scalePositions(values: readonly number[], range: ValueRange | undefined = valueRange(values)): (number | undefined)[] {
  return values.map((value) => {
    if (range === undefined || Number.isNaN(value)) return undefined;
    if (range.max === range.min) return 0.5;
    return Math.min(1, Math.max(0, (value - range.min) / (range.max - range.min)));
  });
}
