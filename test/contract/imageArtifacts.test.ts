// The image panel's reads over every artifact store kind: images the real mlflow 3.18 logged
// (log_image with keys and steps, log_artifact PNG/JPEG, a model folder) are seeded into a local
// folder, our server's mlflow-artifacts proxy, and S3 / GCS / Azure emulators by each space's own
// means; the panel's walk finds the same keys, steps and plain images in each, and every image it
// reads arrives as the exact bytes mlflow wrote.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { imageGrid } from '../../src/shared/imageLayout.ts';
import { readImage } from '../../src/vscode/images/imageBytes.ts';
import { runImageFiles } from '../../src/vscode/images/runImageFiles.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { cloudSpace, localSpace, proxySpace, type ArtifactSpace } from './artifactSpaces.ts';

interface LoggedRun { name: string; root: string; logged: { key: string; step: number; timestamp: number }[]; plain: string[] }

const SPACES: [string, () => Promise<ArtifactSpace>][] = [
  ['local', localSpace],
  ['proxy', proxySpace],
  ['s3', () => cloudSpace('s3')],
  ['gcs', () => cloudSpace('gcs')],
  ['azure', () => cloudSpace('azure')],
];

let folder: string;
let run: LoggedRun;
/** What mlflow wrote, by path relative to the run's artifact root. */
let written: Record<string, Buffer>;

function filesUnder(root: string): Record<string, Buffer> {
  return Object.fromEntries(readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .map((file) => [path.relative(root, file).split(path.sep).join('/'), readFileSync(file)]));
}

before(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-image-stores-'));
  const { runs } = await runPythonJson<{ runs: LoggedRun[] }>(path.join(repoRoot, 'test', 'conformance', 'py', 'log_image_runs.py'), [folder], {}, folder);
  run = runs[0];
  written = filesUnder(run.root.startsWith('file:') ? fileURLToPath(run.root) : run.root);
});

after(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

for (const [name, open] of SPACES) {
  describe(`image panel reads over ${name} artifacts`, { timeout: 300_000 }, () => {
    let space: ArtifactSpace;
    let tempRoot: string;

    before(async () => {
      space = await open();
      await space.seed('run-a', written);
      tempRoot = path.join(folder, `downloads-${name}`);
      mkdirSync(tempRoot);
    });
    after(async () => {
      await space?.close();
    });

    test('the walk finds every logged key and step and the plain images; each read is mlflow\'s bytes', async () => {
      const repository = space.repository('run-a', tempRoot);
      const walked = await runImageFiles(repository);
      assert.equal(walked.limited, undefined);
      // Everything mlflow wrote, less the model folder the walk leaves out.
      assert.deepEqual(walked.files.map((f) => f.path).sort(), Object.keys(written).filter((p) => !p.startsWith('model/')).sort());
      const grid = imageGrid([{ runId: run.name, files: walked.files }]);
      const keys = [...new Set(run.logged.map((l) => l.key))].sort();
      assert.deepEqual(grid.stepKeys.map((k) => [k.key, k.steps]), keys.map((key) => [key, [...new Set(run.logged.filter((l) => l.key === key).map((l) => l.step))].sort((a, b) => a - b)]));
      assert.deepEqual(grid.plainRows.map((r) => r.path), [...run.plain].sort());
      const reads = [...grid.stepKeys.flatMap((k) => k.cells[0].flatMap((c) => [c.path, c.thumbnailPath ?? ''])), ...grid.plainRows.map((r) => r.path)];
      for (const file of reads) {
        assert.ok(file, 'every step image has a thumbnail');
        const image = await readImage(repository, file, walked.files.find((f) => f.path === file)?.size);
        assert.ok('dataUri' in image, `${file}: ${JSON.stringify(image)}`);
        assert.equal(image.dataUri.slice(image.dataUri.indexOf(',') + 1), written[file].toString('base64'), file);
      }
    });
  });
}
