// Step images as the real mlflow 3.18 writes them (`mlflow.log_image(…, key=, step=)`), read back
// into keys, steps, timestamps and thumbnails; the older `%`/`#` spelling still parses.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseStepImagePath, stepImagesByKey } from '../../src/shared/stepImages.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface Logged { logged: { key: string; step: number; timestamp: number }[]; paths: string[] }

describe('step images written by mlflow 3.18', () => {
  test('every logged image is found under its key and step, with its thumbnail; other files are not images of a key', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-step-images-'));
    try {
      const { logged, paths } = await runPythonJson<Logged>(path.join(repoRoot, 'test', 'conformance', 'py', 'log_step_images.py'), [folder], {}, folder);
      const byKey = stepImagesByKey(paths);
      assert.deepEqual([...byKey.keys()], [...new Set(logged.map((l) => l.key))].sort());
      for (const [key, images] of byKey) {
        const expected = logged.filter((l) => l.key === key).sort((a, b) => a.step - b.step);
        assert.deepEqual(images.map((i) => [i.step, i.timestamp]), expected.map((l) => [l.step, l.timestamp]), key);
        for (const image of images) {
          assert.ok(paths.includes(image.path) && image.path.endsWith('.png'), image.path);
          assert.ok(image.thumbnailPath && paths.includes(image.thumbnailPath) && image.thumbnailPath.endsWith('.webp'), `${image.path} has mlflow's thumbnail`);
        }
      }
      assert.ok(paths.includes('confusion_matrix.png'));
      assert.equal(parseStepImagePath('confusion_matrix.png'), undefined);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('the older spelling (% between fields, # for slashes) and a thumbnail without its image', () => {
    assert.deepEqual(parseStepImagePath('images/val#pred%step%3%timestamp%17%abc-1.png'), { key: 'val/pred', step: 3, timestamp: 17, id: 'abc-1', thumbnail: false });
    assert.equal(parseStepImagePath('images/a+step+1+timestamp+2+id%compressed.webp'), undefined, 'mixed delimiters are not one of mlflow\'s names');
    assert.equal(stepImagesByKey(['images/k+step+1+timestamp+2+id+compressed.webp']).size, 0);
  });
});
