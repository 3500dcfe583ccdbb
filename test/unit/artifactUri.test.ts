// The runlens-artifact: URI scheme and the pure helpers behind the artifact commands.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import { LocalArtifactRepository } from '../../src/store/artifacts/localArtifactRepository.ts';
import {
  ARTIFACT_SCHEME, artifactUriPath, artifactUriString, isArtifactUriAncestor, languageForArtifact, parseArtifactUriPath,
} from '../../src/vscode/artifacts/artifactUri.ts';
import { OPEN_IN_EDITOR_MAX_BYTES, formatBytes, tooLargeToOpen } from '../../src/vscode/artifacts/artifactSizes.ts';
import { isLocalArtifactRoot, localArtifactPath } from '../../src/vscode/artifacts/artifactLocalPath.ts';
import { downloadArtifactFile, downloadArtifactFolder, downloadTarget, listFilesBelow } from '../../src/vscode/artifacts/artifactDownload.ts';

const RUN_ID = '0123456789abcdef0123456789abcdef';
const MODEL_ID = 'm-a30be4a0d26242aa9e4a20b3143f9331';

function invalidParameter(error: unknown): boolean {
  return error instanceof MlflowError && error.code === 'INVALID_PARAMETER_VALUE';
}

describe('artifact URIs', () => {
  test('a run artifact keeps its file name last', () => {
    assert.equal(artifactUriPath({ owner: 'runs', id: RUN_ID, path: 'plots/confusion.png' }), `/runs/${RUN_ID}/plots/confusion.png`);
    assert.equal(artifactUriString({ owner: 'runs', id: RUN_ID, path: 'model/MLmodel' }), `${ARTIFACT_SCHEME}:/runs/${RUN_ID}/model/MLmodel`);
  });

  test('a logged model artifact lives under /models/<modelId>/', () => {
    assert.equal(artifactUriPath({ owner: 'models', id: MODEL_ID, path: 'MLmodel' }), `/models/${MODEL_ID}/MLmodel`);
  });

  test('the root of a run has no trailing path', () => {
    assert.equal(artifactUriPath({ owner: 'runs', id: RUN_ID, path: '' }), `/runs/${RUN_ID}`);
    assert.deepEqual(parseArtifactUriPath(`/runs/${RUN_ID}`), { owner: 'runs', id: RUN_ID, path: '' });
    assert.deepEqual(parseArtifactUriPath(`/runs/${RUN_ID}/`), { owner: 'runs', id: RUN_ID, path: '' });
  });

  test('parses what it builds, for odd but legal names', () => {
    for (const artifactPath of ['notes.txt', 'plots/confusion.png', 'a b/ü%20#?.json', 'deep/er/still/file']) {
      for (const location of [{ owner: 'runs' as const, id: RUN_ID, path: artifactPath }, { owner: 'models' as const, id: MODEL_ID, path: artifactPath }]) {
        assert.deepEqual(parseArtifactUriPath(artifactUriPath(location)), location);
      }
    }
  });

  test('the string form percent-encodes each segment and decodes back', () => {
    const text = artifactUriString({ owner: 'runs', id: RUN_ID, path: 'a b/c#d?.txt' });
    assert.equal(text, `${ARTIFACT_SCHEME}:/runs/${RUN_ID}/a%20b/c%23d%3F.txt`);
    const url = new URL(text);
    assert.deepEqual(parseArtifactUriPath(decodeURIComponent(url.pathname)), { owner: 'runs', id: RUN_ID, path: 'a b/c#d?.txt' });
  });

  test('normalises empty and "." segments', () => {
    assert.deepEqual(parseArtifactUriPath(`/runs/${RUN_ID}/./plots//confusion.png`), { owner: 'runs', id: RUN_ID, path: 'plots/confusion.png' });
  });

  test('refuses ".." anywhere in the artifact path', () => {
    assert.throws(() => parseArtifactUriPath(`/runs/${RUN_ID}/../other/notes.txt`), invalidParameter);
    assert.throws(() => parseArtifactUriPath(`/runs/${RUN_ID}/plots/../../x`), invalidParameter);
    assert.throws(() => artifactUriPath({ owner: 'runs', id: RUN_ID, path: '../notes.txt' }), invalidParameter);
  });

  test('refuses an empty or malformed id', () => {
    assert.throws(() => parseArtifactUriPath('/runs//notes.txt'), (e) => invalidParameter(e) && /run id is empty/u.test((e as Error).message));
    assert.throws(() => parseArtifactUriPath('/runs'), invalidParameter);
    assert.throws(() => artifactUriPath({ owner: 'runs', id: '', path: 'x' }), invalidParameter);
    assert.throws(() => artifactUriPath({ owner: 'models', id: '..', path: 'x' }), (e) => invalidParameter(e) && /logged model id/u.test((e as Error).message));
    assert.throws(() => artifactUriPath({ owner: 'runs', id: 'a/b', path: 'x' }), invalidParameter);
  });

  test('refuses other owners, relative paths, backslashes and control characters', () => {
    assert.throws(() => parseArtifactUriPath(`/experiments/1/notes.txt`), invalidParameter);
    assert.throws(() => parseArtifactUriPath(`runs/${RUN_ID}/notes.txt`), invalidParameter);
    assert.throws(() => parseArtifactUriPath(`/runs/${RUN_ID}/a\\b.txt`), invalidParameter);
    assert.throws(() => parseArtifactUriPath(`/runs/${RUN_ID}/a\u0000b.txt`), invalidParameter);
  });

  test('the folders above every artifact are recognised', () => {
    for (const ancestor of ['/', '', '/runs', '/models/', '/runs/']) assert.equal(isArtifactUriAncestor(ancestor), true, ancestor);
    for (const other of [`/runs/${RUN_ID}`, '/runsx', `/models/${MODEL_ID}/MLmodel`]) assert.equal(isArtifactUriAncestor(other), false, other);
  });

  test('MLmodel (and MLproject) are YAML; other names are left to VS Code', () => {
    assert.equal(languageForArtifact('model/MLmodel'), 'yaml');
    assert.equal(languageForArtifact('MLmodel'), 'yaml');
    assert.equal(languageForArtifact('MLproject'), 'yaml');
    assert.equal(languageForArtifact('model/conda.yaml'), undefined);
    assert.equal(languageForArtifact('notes.txt'), undefined);
    assert.equal(languageForArtifact('model/MLmodel.bak'), undefined);
  });
});

describe('artifact sizes', () => {
  test('formats sizes for people', () => {
    assert.equal(formatBytes(0), '0 bytes');
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1023), '1023 bytes');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(OPEN_IN_EDITOR_MAX_BYTES), '50 MB');
    assert.equal(formatBytes(3 * 1024 ** 3 + 1024 ** 3 / 4), '3.3 GB');
  });

  test('only a size known to pass 50 MB is too large to open', () => {
    assert.equal(tooLargeToOpen(undefined), false);
    assert.equal(tooLargeToOpen(OPEN_IN_EDITOR_MAX_BYTES), false);
    assert.equal(tooLargeToOpen(OPEN_IN_EDITOR_MAX_BYTES + 1), true);
  });
});

describe('local artifact paths', () => {
  const root = path.resolve(os.tmpdir(), 'runlens-root', 'artifacts');

  test('file: URIs and absolute paths are local; servers and clouds are not', () => {
    assert.equal(isLocalArtifactRoot(root), true);
    assert.equal(isLocalArtifactRoot(pathToFileURL(root).href), true);
    for (const remote of ['mlflow-artifacts:/1/abc/artifacts', 'http://host:5000/api/2.0/mlflow-artifacts/artifacts/1', 's3://bucket/1', 'relative/path']) {
      assert.equal(isLocalArtifactRoot(remote), false, remote);
      assert.equal(localArtifactPath(remote, 'notes.txt'), undefined);
    }
  });

  test('resolves an artifact below a plain-path root and a file: root alike', () => {
    const expected = path.join(root, 'plots', 'confusion.png');
    assert.equal(localArtifactPath(root, 'plots/confusion.png'), expected);
    assert.equal(localArtifactPath(pathToFileURL(root).href, 'plots/confusion.png'), expected);
    assert.equal(localArtifactPath(root, ''), root);
  });

  test('refuses paths that leave the root', () => {
    assert.throws(() => localArtifactPath(root, '../secret'), invalidParameter);
  });
});

describe('artifact downloads', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'runlens-artifact-download-test-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  const source = path.join(scratch, 'source');
  const files: Record<string, string> = {
    'notes.txt': 'hello\n',
    'model/MLmodel': 'flavors: {}\n',
    'model/data/weights.bin': 'W'.repeat(5000),
    'model/data/deeper/x.json': '{"a": 1}\n',
  };
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(source, relative)), { recursive: true });
    writeFileSync(path.join(source, relative), text);
  }
  const tempRoot = path.join(scratch, 'temp');
  mkdirSync(tempRoot);
  const repository = new LocalArtifactRepository(source, { tempRoot });

  test('the target is the artifact name inside the chosen folder', () => {
    assert.equal(downloadTarget('/tmp/x', 'model/data'), path.join('/tmp/x', 'data'));
    assert.throws(() => downloadTarget('/tmp/x', '../up'), invalidParameter);
  });

  test('lists every file below a folder, recursively', async () => {
    const listed = (await listFilesBelow(repository, 'model')).map((entry) => entry.path).sort();
    assert.deepEqual(listed, ['model/MLmodel', 'model/data/deeper/x.json', 'model/data/weights.bin']);
  });

  test('downloads one file with progress and leaves no temp files behind', async () => {
    const target = path.join(scratch, 'one');
    const seen: number[] = [];
    const written = await downloadArtifactFile(repository, 'model/data/weights.bin', target, { onBytes: (bytes) => seen.push(bytes) });
    assert.equal(written, path.join(target, 'weights.bin'));
    assert.equal(readFileSync(written, 'utf8'), files['model/data/weights.bin']);
    assert.equal(seen.at(-1), 5000);
    assert.deepEqual(readdirSync(tempRoot), []);
  });

  test('downloads a folder keeping its layout', async () => {
    const target = path.join(scratch, 'many');
    const progress: string[] = [];
    const written = await downloadArtifactFolder(repository, 'model', target, { onFile: ({ done, total }) => progress.push(`${done}/${total}`) });
    assert.equal(written, path.join(target, 'model'));
    for (const relative of ['model/MLmodel', 'model/data/weights.bin', 'model/data/deeper/x.json']) {
      assert.equal(readFileSync(path.join(target, ...relative.split('/')), 'utf8'), files[relative]);
    }
    assert.deepEqual(progress, ['0/3', '1/3', '2/3', '3/3']);
    assert.deepEqual(readdirSync(tempRoot), []);
  });

  test('a cancelled folder download stops with CANCELLED', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(downloadArtifactFolder(repository, 'model', path.join(scratch, 'cancelled'), { signal: controller.signal }), (e) => e instanceof MlflowError && e.code === 'CANCELLED');
  });

  test('a missing file is RESOURCE_DOES_NOT_EXIST', async () => {
    await assert.rejects(downloadArtifactFile(repository, 'nope.txt', path.join(scratch, 'missing')), (e) => e instanceof MlflowError && e.code === 'RESOURCE_DOES_NOT_EXIST');
  });
});
