// The colour scale that colours Compare Runs' parallel-coordinates lines by a metric.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { colourAt, cssRgb, parseHexColour, scalePositions, valueRange } from '../../src/shared/colourScale.ts';

const blue = { r: 0, g: 0, b: 255 };
const red = { r: 255, g: 0, b: 0 };
const white = { r: 255, g: 255, b: 255 };

describe('colour scale', () => {
  test('theme colours parse in their three hex spellings, anything else is refused', () => {
    assert.deepEqual(parseHexColour('#3794ff'), { r: 0x37, g: 0x94, b: 0xff });
    assert.deepEqual(parseHexColour(' #3794ffcc '), { r: 0x37, g: 0x94, b: 0xff });
    assert.deepEqual(parseHexColour('#fa0'), { r: 0xff, g: 0xaa, b: 0x00 });
    assert.equal(parseHexColour('rgb(1, 2, 3)'), undefined);
    assert.equal(parseHexColour('#12345'), undefined);
  });

  test('positions mix neighbouring stops and are clamped at the ends', () => {
    assert.deepEqual(colourAt([blue, red], 0), blue);
    assert.deepEqual(colourAt([blue, red], 1), red);
    assert.equal(cssRgb(colourAt([blue, red], 0.5)), 'rgb(128, 0, 128)');
    assert.deepEqual(colourAt([blue, white, red], 0.5), white);
    assert.deepEqual(colourAt([blue, white, red], 0.75), { r: 255, g: 127.5, b: 127.5 });
    assert.deepEqual(colourAt([blue, red], 7), red);
    assert.deepEqual(colourAt([blue, red], -1), blue);
    assert.throws(() => colourAt([], 0.5), /at least one stop/u);
  });

  test('values sit between the finite min and max; missing values get no position', () => {
    assert.deepEqual(valueRange([3, Number.NaN, 1, 2]), { min: 1, max: 3 });
    assert.equal(valueRange([Number.NaN]), undefined);
    assert.deepEqual(scalePositions([1, 2, 3, Number.NaN]), [0, 0.5, 1, undefined]);
    assert.deepEqual(scalePositions([4, 4]), [0.5, 0.5]);
    assert.deepEqual(scalePositions([0, 1, Number.POSITIVE_INFINITY]), [0, 1, 1]);
  });
});
