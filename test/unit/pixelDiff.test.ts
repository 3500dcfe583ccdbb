// The image panel's pixel-difference overlay on hand-made pixels: which pixels differ, by how much,
// and that equal pixels stay a faint grey while differing ones take the highlight.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pixelDiff } from '../../src/webview/images/pixelDiff.ts';

const RED: [number, number, number] = [255, 0, 0];

test('counts the pixels where any channel differs and the largest difference', () => {
  // Three pixels: equal; blue differs by 1; alpha differs by 200.
  const a = new Uint8ClampedArray([100, 100, 100, 255, 10, 20, 30, 255, 0, 0, 0, 255]);
  const b = new Uint8ClampedArray([100, 100, 100, 255, 10, 20, 31, 255, 0, 0, 0, 55]);
  const diff = pixelDiff(a, b, RED);
  assert.equal(diff.differing, 2);
  assert.equal(diff.largest, 200);
  // Equal pixel: a's grey at a quarter (100 → 25), opaque.
  assert.deepEqual([...diff.pixels.slice(0, 4)], [25, 25, 25, 255]);
  // A difference of 1 still shows: at least a third of the highlight.
  const [r, g] = diff.pixels.slice(4, 6);
  assert.ok(r >= 85 && g < r / 2, `${r},${g}`);
  // The largest difference is drawn strongest.
  assert.ok(diff.pixels[8] > r);
});

test('identical images differ nowhere; mismatched sizes are refused', () => {
  const a = new Uint8ClampedArray(4 * 16).fill(90);
  assert.deepEqual([pixelDiff(a, a.slice(), RED).differing, pixelDiff(a, a.slice(), RED).largest], [0, 0]);
  assert.throws(() => pixelDiff(a, a.slice(4), RED), /same size/u);
});
