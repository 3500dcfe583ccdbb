// runlens_readArtifact describes images by the pixel size their header states: checked on files
// Pillow writes (PNG, baseline and progressive JPEG, GIF, WebP as VP8, VP8L and VP8X) against the
// size Pillow reads back, and on SVG root elements.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { imagePixelSize } from '../../src/tools/imageSize.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

test('PNG, JPEG, GIF and WebP headers give the size Pillow reads', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-images-'));
  try {
    const sizes = await runPythonJson<Record<string, [number, number]>>(path.join(repoRoot, 'test', 'support', 'py', 'image_headers.py'), [dir]);
    assert.equal(Object.keys(sizes).length, 7);
    for (const [name, [width, height]] of Object.entries(sizes)) {
      const extension = name.slice(name.lastIndexOf('.') + 1);
      assert.deepEqual(imagePixelSize(extension, readFileSync(path.join(dir, name))), { width, height }, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SVG: width and height, else the viewBox; bytes that are no image give nothing', () => {
  const svg = (text: string) => imagePixelSize('svg', Buffer.from(text));
  assert.deepEqual(svg('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640" height="480px"></svg>'), { width: 640, height: 480 });
  assert.deepEqual(svg('<svg viewBox="0 0 300 150"><rect/></svg>'), { width: 300, height: 150 });
  assert.equal(svg('<svg width="100%" height="50%"></svg>'), undefined);
  assert.equal(imagePixelSize('png', Buffer.from('not an image at all, just text')), undefined);
  assert.equal(imagePixelSize('jpg', Buffer.from([0xff, 0xd8, 0xff])), undefined);
});
