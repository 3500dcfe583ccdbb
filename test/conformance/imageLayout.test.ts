// The image panel's grid on runs the real mlflow 3.18 logged images into (log_image with keys
// and steps, log_artifact PNG/JPEG, a model folder): the bounded artifact walk through the real
// local repository, step keys × runs × steps, the nearest earlier step, plain images matched by
// path, and the bytes as data URIs.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { cellAtStep, imageGrid, type ImageGrid } from '../../src/shared/imageLayout.ts';
import { LocalArtifactRepository } from '../../src/store/artifacts/localArtifactRepository.ts';
import type { Run } from '../../src/shared/entities.ts';
import type { ImagesHostMessage } from '../../src/shared/imagesProtocol.ts';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import { readImage } from '../../src/vscode/images/imageBytes.ts';
import { ImagesSource } from '../../src/vscode/images/imagesSource.ts';
import { runImageFiles } from '../../src/vscode/images/runImageFiles.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface LoggedRun { name: string; root: string; logged: { key: string; step: number; timestamp: number }[]; plain: string[] }

let folder: string;

/** mlflow gives a local root as a file: URI or a plain path. */
function localRoot(root: string): string {
  return root.startsWith('file:') ? fileURLToPath(root) : root;
}

let runs: LoggedRun[];
let grid: ImageGrid;

describe('image panel layout on images logged by mlflow 3.18', () => {
  before(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-image-layout-'));
    ({ runs } = await runPythonJson<{ runs: LoggedRun[] }>(path.join(repoRoot, 'test', 'conformance', 'py', 'log_image_runs.py'), [folder], {}, folder));
    const walked = await Promise.all(runs.map(async (run) => ({ runId: run.name, ...(await runImageFiles(new LocalArtifactRepository(run.root))) })));
    for (const w of walked) assert.equal(w.limited, undefined, `${w.runId} was walked whole`);
    grid = imageGrid(walked);
  });

  after(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('one row per logged key, its slider stops every step any run logged, one column per run', () => {
    const keys = [...new Set(runs.flatMap((r) => r.logged.map((l) => l.key)))].sort();
    assert.deepEqual(grid.stepKeys.map((k) => k.key), keys);
    for (const row of grid.stepKeys) {
      const steps = [...new Set(runs.flatMap((r) => r.logged.filter((l) => l.key === row.key).map((l) => l.step)))].sort((a, b) => a - b);
      assert.deepEqual(row.steps, steps, row.key);
      assert.equal(row.cells.length, runs.length);
      runs.forEach((run, i) => {
        const own = [...new Set(run.logged.filter((l) => l.key === row.key).map((l) => l.step))].sort((a, b) => a - b);
        assert.deepEqual(row.cells[i].map((c) => c.step), own, `${run.name} ${row.key}`);
        for (const cell of row.cells[i]) {
          // The latest image logged at a step is the one shown; mlflow names files by timestamp.
          const latest = Math.max(...run.logged.filter((l) => l.key === row.key && l.step === cell.step).map((l) => l.timestamp));
          assert.match(cell.path, new RegExp(`\\+step\\+${cell.step}\\+timestamp\\+${latest}\\+.*\\.png$`, 'u'));
          assert.ok(cell.thumbnailPath?.endsWith('+compressed.webp'), `${cell.path} has mlflow's thumbnail`);
          const root = localRoot(run.root);
          assert.equal(cell.size, statSync(path.join(root, cell.path)).size);
        }
      });
    }
  });

  test('a run without an image at the chosen step shows its nearest earlier one, marked; none before is empty', () => {
    const samples = grid.stepKeys.find((k) => k.key === 'samples');
    const attention = grid.stepKeys.find((k) => k.key === 'attention/map');
    assert.ok(samples && attention);
    const [a, b] = [runs.findIndex((r) => r.name === 'a'), runs.findIndex((r) => r.name === 'b')];
    assert.deepEqual(cellAtStep(samples.cells[b], 2) && { step: cellAtStep(samples.cells[b], 2)?.cell.step, exact: cellAtStep(samples.cells[b], 2)?.exact }, { step: 1, exact: false });
    assert.deepEqual([cellAtStep(samples.cells[a], 1)?.cell.step, cellAtStep(samples.cells[a], 1)?.exact], [0, false]);
    assert.deepEqual([cellAtStep(samples.cells[a], 4)?.cell.step, cellAtStep(samples.cells[a], 4)?.exact], [4, true]);
    assert.equal(cellAtStep(attention.cells[a], 0), undefined);
    assert.equal(cellAtStep(attention.cells[b], 4), undefined);
  });

  test('plain images match across runs by path; text files and model folders are not images', () => {
    const paths = [...new Set(runs.flatMap((r) => r.plain))].sort();
    assert.deepEqual(grid.plainRows.map((r) => r.path), paths);
    for (const row of grid.plainRows) {
      runs.forEach((run, i) => {
        const cell = row.cells[i];
        if (!run.plain.includes(row.path)) return assert.equal(cell, null, `${run.name} has no ${row.path}`);
        assert.equal(cell?.size, statSync(path.join(localRoot(run.root), row.path)).size);
      });
    }
  });

  test('bytes arrive as a data URI with the right type; past the cap the cell says how big', async () => {
    const run = runs[0];
    const repository = new LocalArtifactRepository(run.root);
    const onDisk = readFileSync(path.join(localRoot(run.root), 'plots', 'confusion.png'));
    const png = await readImage(repository, 'plots/confusion.png', onDisk.length);
    assert.ok('dataUri' in png);
    assert.equal(png.dataUri, `data:image/png;base64,${onDisk.toString('base64')}`);
    const jpeg = await readImage(repository, 'roc.jpg', undefined);
    assert.ok('dataUri' in jpeg && jpeg.dataUri.startsWith('data:image/jpeg;base64,/9j/'));
    const thumbnail = grid.stepKeys[0].cells[0][0].thumbnailPath ?? '';
    const webp = await readImage(repository, thumbnail, undefined);
    assert.ok('dataUri' in webp && webp.dataUri.startsWith('data:image/webp;base64,UklGR'));
    assert.deepEqual(await readImage(repository, 'plots/confusion.png', onDisk.length, undefined, 10), { tooBig: onDisk.length });
    // Size unknown up front: the repository's own refusal past the cap is the same answer.
    assert.ok('tooBig' in await readImage(repository, 'plots/confusion.png', undefined, undefined, 10));
  });

  test('the walk stops at its limits and says which', async () => {
    const repository = new LocalArtifactRepository(runs[0].root);
    const shallow = await runImageFiles(repository, { maxDepth: 0, maxListings: 100, maxFiles: 100 });
    assert.match(shallow.limited ?? '', /deeper than 0 levels/u);
    assert.ok(shallow.files.every((f) => !f.path.includes('/')));
    const few = await runImageFiles(repository, { maxDepth: 6, maxListings: 100, maxFiles: 3 });
    assert.equal(few.files.length, 3);
    assert.match(few.limited ?? '', /first 3 files/u);
  });

  test('the host sends the layout without bytes, then only the images the layout named', async () => {
    // The fields ImagesSource reads of a run; the rest of a Run does not matter here.
    const asRuns = runs.map((r) => ({ info: { runId: r.name, runName: `run ${r.name}`, artifactUri: r.root } }) as unknown as Run);
    const source = new ImagesSource((root) => artifactRepositoryFor(root));
    const layout = await source.layout(asRuns, 7);
    assert.ok(!JSON.stringify(layout).includes('data:'), 'no image bytes in the layout');
    assert.deepEqual(layout.runs.map((r) => r.name), ['run a', 'run b']);
    assert.equal(layout.totalRuns, 7);
    const answers: ImagesHostMessage[] = [];
    const thumbnail = layout.grid.stepKeys[1].cells[1][0].thumbnailPath ?? '';
    const wanted = [{ runId: 'b', path: thumbnail }, { runId: 'a', path: 'notes.txt' }, { runId: 'a', path: '../../mlflow.db' }, { runId: 'a', path: 'model/inside.png' }, { runId: 'nobody', path: 'roc.jpg' }];
    await new Promise<void>((resolve) => source.request(wanted, (message) => {
      answers.push(message);
      if (answers.length === wanted.length) resolve();
    }));
    const byPath = new Map(answers.map((m) => [m.type === 'image' ? `${m.runId} ${m.path}` : '', m]));
    const image = byPath.get(`b ${thumbnail}`);
    assert.ok(image?.type === 'image' && image.dataUri?.startsWith('data:image/webp;base64,'));
    for (const refused of wanted.slice(1)) {
      const answer = byPath.get(`${refused.runId} ${refused.path}`);
      assert.ok(answer?.type === 'image' && answer.error === 'Not an image of this panel.' && !answer.dataUri, refused.path);
    }
  });
});
