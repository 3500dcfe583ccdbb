// The artifact-repository contract: one suite every repository passes unchanged (local folders,
// a tracking server's proxy, S3, GCS, Azure). It asks what MLflow's repositories answer: one
// folder level sorted by path, complete paging, streamed byte-identical downloads, limits,
// cancellation, missing files, paths refused before any I/O, the MLflow 3 logged-model layout,
// and for writable repositories uploads and deletes that stay under the root.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { compareCodePoints } from '../../src/shared/codePointOrder.ts';
import { isWritable, type ArtifactEntry, type ArtifactRepository, type WritableArtifactRepository } from '../../src/store/artifacts/artifactRepository.ts';
import { rejectsWith } from '../support/assertions.ts';
import { logTail } from '../support/mlflowServer.ts';
import { digest, type ArtifactSpace } from './artifactSpaces.ts';

export interface ArtifactBackend {
  name: string;
  /** Whether its repositories are WritableArtifactRepository: the write tests run for those, and it is checked. */
  writable: boolean;
  open(): Promise<ArtifactSpace>;
}

const MiB = 1024 * 1024;
// More than one page of every repository (1000 entries, as MLflow's servers and S3 answer).
const MANY = 1005;
const MODEL_ID = `m-${'0123456789abcdef'.repeat(2)}`;
export const BAD_PATHS = ['../secret.txt', 'sub/../../secret.txt', '/etc/passwd', 'sub\\b.bin', 'a\u0000b', 'C:/x'];

const big = randomBytes(8 * MiB);
const FILES: Record<string, Buffer> = {
  'a.txt': Buffer.from('alpha'),
  'B.txt': Buffer.from('upper case sorts first'),
  'empty.txt': Buffer.alloc(0),
  'ünï côdé.txt': Buffer.from('unicode name'),
  'big.bin': big,
  'eleven.bin': Buffer.alloc(11 * MiB, 7),
  'sub/b.bin': Buffer.from([1, 2, 3]),
  'sub/deep/c.txt': Buffer.from('deep'),
  // Names sharing the 'sub' prefix: a folder is not a key prefix.
  'sub.txt': Buffer.from('sibling file'),
  'sub2/x.txt': Buffer.from('sibling folder'),
};
for (let i = 0; i < MANY; i++) FILES[`many/f${String(i).padStart(4, '0')}.txt`] = Buffer.from(String(i));

// MLflow 3 keeps a logged model's files beside the experiment's runs: <root>/<exp>/models/m-…/artifacts.
const MODEL_FILES: Record<string, Buffer> = {
  [`models/${MODEL_ID}/artifacts/MLmodel`]: Buffer.from(`artifact_path: model\nmodel_id: ${MODEL_ID}\nflavors: {}\n`),
  [`models/${MODEL_ID}/artifacts/model.pkl`]: randomBytes(4096),
  [`models/${MODEL_ID}/artifacts/requirements.txt`]: Buffer.from('scikit-learn\n'),
  'abc123/artifacts/plot.png': randomBytes(100),
};

const file = (relative: string, size: number): ArtifactEntry => ({ path: relative, isDir: false, fileSize: size });
const dir = (relative: string): ArtifactEntry => ({ path: relative, isDir: true });
const sized = (relative: string) => file(relative, FILES[relative].length);
const escaped = (text: string) => JSON.stringify(text).slice(1, -1).replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

async function listAll(repository: ArtifactRepository, folder: string): Promise<{ items: ArtifactEntry[]; pages: number }> {
  const items: ArtifactEntry[] = [];
  let pages = 0;
  let token: string | undefined;
  do {
    const page = await repository.list(folder, token);
    pages++;
    assert.ok(page.items.length <= 1000, `a page holds at most 1000 entries, got ${page.items.length}`);
    assert.deepEqual(page.items.map((e) => e.path), page.items.map((e) => e.path).sort(compareCodePoints), 'each page is sorted by path');
    items.push(...page.items);
    token = page.nextPageToken;
  } while (token);
  return { items, pages };
}

/** Every traversal-shaped path is refused naming it, before any I/O (so also on an unreachable root). */
async function assertRefusesBadPaths(repository: ArtifactRepository): Promise<void> {
  for (const bad of BAD_PATHS) {
    const named = rejectsWith('INVALID_PARAMETER_VALUE', new RegExp(escaped(bad), 'u'));
    await assert.rejects(repository.download(bad), named, bad);
    await assert.rejects(repository.read(bad), named, bad);
    await assert.rejects(repository.list(bad), named, bad);
  }
}

export function defineArtifactContract(backend: ArtifactBackend): void {
  describe(`artifact repository contract: ${backend.name}`, () => {
    let space: ArtifactSpace;
    let base: string;
    let tempRoot: string;
    let repository: ArtifactRepository;

    before(async () => {
      base = mkdtempSync(path.join(os.tmpdir(), 'runlens-artifact-contract-'));
      tempRoot = path.join(base, 'downloads');
      mkdirSync(tempRoot);
      space = await backend.open();
      await space.seed('repo', FILES);
      await space.seed('experiment', MODEL_FILES);
      repository = space.repository('repo', tempRoot);
    });
    after(async () => {
      await space?.close();
      rmSync(base, { recursive: true, force: true });
    });

    /** Adds the backend's log to a failure, so an emulator's complaint is visible. */
    const it = (name: string, body: () => Promise<void>) => test(name, async () => {
      try {
        await body();
      } catch (error) {
        const log = space?.diagnostics() ?? '';
        if (log && error instanceof Error) error.message += `\n--- ${backend.name} log (tail) ---\n${logTail(log, 3000)}`;
        throw error;
      }
    });

    it('lists one folder level sorted by path: folders without a size, files with theirs', async () => {
      assert.deepEqual(await repository.list(), {
        items: [
          sized('B.txt'), sized('a.txt'), sized('big.bin'), sized('eleven.bin'), sized('empty.txt'), dir('many'),
          dir('sub'), sized('sub.txt'), dir('sub2'), sized('ünï côdé.txt'),
        ],
      });
      assert.deepEqual((await repository.list('sub')).items, [sized('sub/b.bin'), dir('sub/deep')]);
      assert.deepEqual((await repository.list('./sub//deep/')).items, [sized('sub/deep/c.txt')]);
      assert.deepEqual((await repository.list('sub2')).items, [sized('sub2/x.txt')]);
    });

    it('a missing folder and a file path list empty, as MLflow answers', async () => {
      assert.deepEqual(await repository.list('no/such/folder'), { items: [] });
      assert.deepEqual(await repository.list('a.txt'), { items: [] });
      assert.deepEqual(await repository.list('sub/deep/c.txt'), { items: [] });
    });

    it(`a folder of ${MANY} entries comes back complete over page tokens`, async () => {
      const { items, pages } = await listAll(repository, 'many');
      assert.ok(pages >= 2, `expected more than one page, got ${pages}`);
      const expected = Object.keys(FILES).filter((p) => p.startsWith('many/')).sort(compareCodePoints).map(sized);
      assert.deepEqual(items, expected);
    });

    it('downloads stream to a new temp file, byte-identical, with progress up to the size', async () => {
      const progress: [number, number | undefined][] = [];
      const downloaded = await repository.download('big.bin', { onProgress: (bytes, total) => progress.push([bytes, total]) });
      assert.ok(downloaded.startsWith(tempRoot + path.sep), downloaded);
      assert.equal(path.basename(downloaded), 'big.bin');
      assert.deepEqual(digest(readFileSync(downloaded)), digest(big));
      assert.ok(progress.length > 2, `progress reported ${progress.length} times`);
      assert.deepEqual(progress.at(-1), [big.length, big.length]);
      assert.ok(progress.every(([bytes], i) => i === 0 || bytes >= progress[i - 1][0]), 'progress never goes back');
      rmSync(path.dirname(downloaded), { recursive: true });
      for (const name of ['empty.txt', 'ünï côdé.txt', 'sub/deep/c.txt']) {
        const copy = await repository.download(name);
        assert.deepEqual(readFileSync(copy), FILES[name], name);
        rmSync(path.dirname(copy), { recursive: true });
      }
      assert.deepEqual(readdirSync(tempRoot), []);
    });

    it('read returns small files whole', async () => {
      assert.deepEqual(await repository.read('a.txt'), FILES['a.txt']);
      assert.deepEqual(await repository.read('ünï côdé.txt'), FILES['ünï côdé.txt']);
      assert.deepEqual(await repository.read('empty.txt'), Buffer.alloc(0));
    });

    it('the size limit rejects with RESOURCE_EXHAUSTED naming the file and leaves no temp file', async () => {
      await assert.rejects(repository.download('big.bin', { maxBytes: MiB }), rejectsWith('RESOURCE_EXHAUSTED', /big\.bin/u));
      await assert.rejects(repository.read('big.bin', { maxBytes: 4 }), rejectsWith('RESOURCE_EXHAUSTED', /big\.bin/u));
      // read() stops at 10 MB unless told otherwise.
      await assert.rejects(repository.read('eleven.bin'), rejectsWith('RESOURCE_EXHAUSTED', /eleven\.bin/u));
      assert.deepEqual(readdirSync(tempRoot), []);
    });

    it('an abort before or during a transfer rejects with CANCELLED and leaves no temp file', async () => {
      await assert.rejects(repository.download('big.bin', { signal: AbortSignal.abort() }), rejectsWith('CANCELLED', /.+/u));
      await assert.rejects(repository.read('a.txt', { signal: AbortSignal.abort() }), rejectsWith('CANCELLED', /.+/u));
      const controller = new AbortController();
      const download = repository.download('big.bin', {
        signal: controller.signal,
        onProgress: (bytes) => { if (bytes > 0) controller.abort(); },
      });
      await assert.rejects(download, rejectsWith('CANCELLED', /.+/u));
      assert.deepEqual(readdirSync(tempRoot), []);
      await assert.rejects(repository.list('', undefined, AbortSignal.abort()), rejectsWith('CANCELLED', /.+/u));
    });

    it('a missing file is RESOURCE_DOES_NOT_EXIST naming it', async () => {
      await assert.rejects(repository.download('nope.txt'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /nope\.txt/u));
      await assert.rejects(repository.read('sub/nope.txt'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /sub\/nope\.txt/u));
      assert.deepEqual(readdirSync(tempRoot), []);
    });

    it('traversal, absolute and backslash paths are INVALID_PARAMETER_VALUE naming the path, before any I/O', async () => {
      await assertRefusesBadPaths(repository);
      await assertRefusesBadPaths(space.unreachableRepository(tempRoot));
    });

    it('the MLflow 3 logged-model layout reads through a repository rooted at models/m-…/artifacts', async () => {
      const model = space.repository(`experiment/models/${MODEL_ID}/artifacts`, tempRoot);
      const prefix = `models/${MODEL_ID}/artifacts/`;
      const entries = (name: string) => file(name, MODEL_FILES[prefix + name].length);
      assert.deepEqual(await model.list(), { items: [entries('MLmodel'), entries('model.pkl'), entries('requirements.txt')] });
      assert.deepEqual(await model.read('MLmodel'), MODEL_FILES[`${prefix}MLmodel`]);
      const pickle = await model.download('model.pkl');
      assert.deepEqual(readFileSync(pickle), MODEL_FILES[`${prefix}model.pkl`]);
      rmSync(path.dirname(pickle), { recursive: true });
      const experiment = space.repository('experiment', tempRoot);
      assert.deepEqual((await experiment.list()).items, [dir('abc123'), dir('models')]);
      assert.deepEqual((await experiment.list(`models/${MODEL_ID}`)).items, [dir(`models/${MODEL_ID}/artifacts`)]);
    });

    it(`its repositories are ${backend.writable ? '' : 'not '}writable`, async () => {
      assert.equal(isWritable(repository), backend.writable);
    });

    if (backend.writable) describe('writes', () => {
      let writes: WritableArtifactRepository;
      let local: string;

      before(async () => {
        writes = space.repository('writes', tempRoot) as WritableArtifactRepository;
        local = path.join(base, 'local');
        const put = (relative: string, data: string) => {
          mkdirSync(path.dirname(path.join(local, relative)), { recursive: true });
          writeFileSync(path.join(local, relative), data);
        };
        put('one.txt', 'first');
        put('two.txt', 'second version');
        put('folder/c.txt', 'c');
        put('folder/nested/d/e.bin', 'e');
        put('folder/nested.txt', 'sibling file');
        put('folder/nested2/x.txt', 'sibling folder');
      });

      /** The files under the writes root, by the space's own means. */
      const written = () => space.snapshot('writes');
      const localDigest = (relative: string) => digest(readFileSync(path.join(local, relative)));

      it('upload writes one file under the root, and a second upload replaces it', async () => {
        await writes.upload(path.join(local, 'one.txt'), 'up/file.txt');
        assert.deepEqual(await writes.read('up/file.txt'), Buffer.from('first'));
        await writes.upload(path.join(local, 'two.txt'), 'up/file.txt');
        assert.deepEqual(await written(), { 'up/file.txt': localDigest('two.txt') });
        assert.deepEqual((await writes.list('up')).items, [file('up/file.txt', 14)]);
      });

      it('uploadFolder writes every file below the artifact path and says how many', async () => {
        assert.equal(await writes.uploadFolder(path.join(local, 'folder'), 'logs/run'), 4);
        const expected = ['c.txt', 'nested/d/e.bin', 'nested.txt', 'nested2/x.txt'].map((p) => [`logs/run/${p}`, localDigest(`folder/${p}`)]);
        const after = await written();
        for (const [key, value] of expected) assert.deepEqual(after[key as string], value, key as string);
        assert.deepEqual((await writes.list('logs/run')).items, [file('logs/run/c.txt', 1), dir('logs/run/nested'), file('logs/run/nested.txt', 12), dir('logs/run/nested2')]);
        assert.equal(await writes.uploadFolder(path.join(local, 'folder', 'nested'), ''), 1);
        assert.deepEqual(await writes.read('d/e.bin'), Buffer.from('e'));
      });

      it('delete removes a file or a folder with everything under it, never a sibling sharing its prefix', async () => {
        await writes.delete('logs/run/nested');
        await writes.delete('logs/run/c.txt');
        await writes.delete('no/such/thing');
        assert.deepEqual(Object.keys(await written()).filter((k) => k.startsWith('logs/')).sort(compareCodePoints), ['logs/run/nested.txt', 'logs/run/nested2/x.txt']);
        await writes.delete('');
        assert.deepEqual(await written(), {});
        const others = Object.keys(await space.sizes()).filter((key) => !key.startsWith('writes/'));
        assert.equal(others.length, Object.keys(FILES).length + Object.keys(MODEL_FILES).length, 'other roots are untouched');
      });

      it('a path with .., an absolute path or a backslash never leaves the root: refused before any I/O', async () => {
        const before = await space.sizes();
        const offline = space.unreachableRepository(tempRoot) as WritableArtifactRepository;
        for (const target of [writes, offline]) {
          for (const bad of BAD_PATHS) {
            const named = rejectsWith('INVALID_PARAMETER_VALUE', new RegExp(escaped(bad), 'u'));
            await assert.rejects(target.upload(path.join(local, 'one.txt'), bad), named, bad);
            await assert.rejects(target.uploadFolder(path.join(local, 'folder'), bad), named, bad);
            await assert.rejects(target.delete(bad), named, bad);
          }
        }
        assert.deepEqual(await space.sizes(), before);
      });
    });
  });
}
