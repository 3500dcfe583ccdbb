// Reading a drawn Metric Charts canvas: the scales the chart drew with (its data-scales attribute),
// where a value lands on it, and how many pixels near a point have a given colour. Works on the
// page under test or on a webview frame inside the workbench.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

export interface Scales {
  x: { min: number; max: number };
  y: { min: number; max: number; log: boolean };
  area: { left: number; right: number; top: number; bottom: number };
}

export async function scalesOf(canvas: Locator): Promise<Scales> {
  const text = await canvas.getAttribute('data-scales');
  assert.ok(text, 'the chart does not describe its scales');
  return JSON.parse(text) as Scales;
}

/** A linear scale's pixel (CSS px in the canvas) for a value, from the range and area the chart drew with. */
export function pixelOf(scales: Scales, x: number, y: number): { x: number; y: number } {
  const { area } = scales;
  return {
    x: area.left + ((x - scales.x.min) / (scales.x.max - scales.x.min)) * (area.right - area.left),
    y: area.top + ((scales.y.max - y) / (scales.y.max - scales.y.min)) * (area.bottom - area.top),
  };
}

/** An element's computed background colour as [r, g, b] (a legend swatch: the run's colour as the page resolved it). */
export async function backgroundRgb(element: Locator): Promise<number[]> {
  const css = await element.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
  const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/u.exec(css);
  assert.ok(rgb, `unexpected colour ${css}`);
  return rgb.slice(1, 4).map(Number);
}

/** Opaque pixels within `radius` CSS px of `at` on the canvas whose colour is `rgb` (±`tolerance` per channel). */
export async function pixelsOfColor(canvas: Locator, at: { x: number; y: number }, rgb: number[], radius: { x: number; y: number }, tolerance = 24): Promise<number> {
  return canvas.evaluate((element, { at, rgb, radius, tolerance }) => {
    const c = element as unknown as { width: number; clientWidth: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const scale = c.width / c.clientWidth;
    const x0 = Math.round((at.x - radius.x) * scale);
    const y0 = Math.round((at.y - radius.y) * scale);
    const w = Math.max(1, Math.round(2 * radius.x * scale));
    const h = Math.max(1, Math.round(2 * radius.y * scale));
    const { data } = c.getContext('2d').getImageData(x0, y0, w, h);
    let hits = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - rgb[0]) <= tolerance && Math.abs(data[i + 1] - rgb[1]) <= tolerance && Math.abs(data[i + 2] - rgb[2]) <= tolerance && data[i + 3] > 200) hits++;
    }
    return hits;
  }, { at, rgb, radius, tolerance });
}

/** Drags across the canvas's plot from x value `from` to `to` (the charts' drag-to-zoom). */
export async function dragAcross(page: Page, canvas: Locator, from: number, to: number): Promise<void> {
  const scales = await scalesOf(canvas);
  const box = await canvas.boundingBox();
  assert.ok(box, 'the chart is not on screen');
  const y = box.y + (scales.area.top + scales.area.bottom) / 2;
  await page.mouse.move(box.x + pixelOf(scales, from, 0).x, y);
  await page.mouse.down();
  await page.mouse.move(box.x + pixelOf(scales, (from + to) / 2, 0).x, y, { steps: 4 });
  await page.mouse.move(box.x + pixelOf(scales, to, 0).x, y, { steps: 4 });
  await page.mouse.up();
}

/**
 * Asserts the spike at (`step`, `value`) is painted in `rgb` just under its top within two pixels of
 * its column, and that the run's colour is absent halfway between the spike and `below` a quarter
 * of the view to the right (so a chart painted all over in that colour cannot pass).
 */
export async function assertSpikeDrawn(canvas: Locator, spike: { step: number; value: number; below: number }, rgb: number[], what: string): Promise<void> {
  const scales = await scalesOf(canvas);
  assert.ok(scales.y.max >= spike.value, `${what}: the y-axis stops at ${scales.y.max}, below the spike`);
  const at = pixelOf(scales, spike.step, spike.value);
  // Zoomed in, the spike is a thin antialiased line peak that may hold no pixel of the exact colour:
  // look within 8 px under the tip (a twentieth of the spike's height) with a wider colour match.
  assert.ok(await pixelsOfColor(canvas, { x: at.x, y: at.y + 4 }, rgb, { x: 3, y: 4 }, 64) > 0, `${what}: no pixel of the run colour at the spike`);
  const clear = pixelOf(scales, spike.step + (scales.x.max - scales.x.min) / 4, (spike.value + spike.below) / 2);
  assert.equal(await pixelsOfColor(canvas, clear, rgb, { x: 2.5, y: 2 }), 0, `${what}: the run colour where no point lies`);
}
