// Folder downloads fetch several files at once: bounded, with progress that still counts up one
// file at a time, and a failure or cancellation that leaves no temp file behind.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import type { ArtifactRepository, DownloadOptions } from '../../src/store/artifacts/artifactRepository.ts';
import { LocalArtifactRepository } from '../../src/store/artifacts/localArtifactRepository.ts';
import { downloadArtifactFolder, listFilesBelow } from '../../src/vscode/artifacts/artifactDownload.ts';
import { DOWNLOAD_CONCURRENCY } from '../../src/vscode/artifacts/parallelFiles.ts';

const FILES = 24;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'runlens-folder-download-test-'));
const source = path.join(scratch, 'source');
const tempRoot = path.join(scratch, 'temp');
mkdirSync(path.join(source, 'parts', 'nested'), { recursive: true });
mkdirSync(tempRoot);
const names = Array.from({ length: FILES }, (_, i) => (i % 3 === 0 ? `nested/p${i}.txt` : `p${i}.txt`));
for (const name of names) writeFileSync(path.join(source, 'parts', name), `part ${name}\n`.repeat(200));
// A model-like tree: many sibling folders, each listed with its own call.
const treeFiles = Array.from({ length: 12 }, (_, i) => [`tree/d${i}/a.txt`, `tree/d${i}/deeper/b.txt`]).flat();
for (const name of treeFiles) {
  mkdirSync(path.dirname(path.join(source, name)), { recursive: true });
  writeFileSync(path.join(source, name), name);
}

/** The real local repository, counting how many downloads are under way at once. */
class CountingRepository implements ArtifactRepository {
  readonly inner = new LocalArtifactRepository(source, { tempRoot });
  readonly rootUri = this.inner.rootUri;
  inFlight = 0;
  maxInFlight = 0;
  listsInFlight = 0;
  maxListsInFlight = 0;
  async list(folder?: string, pageToken?: string, signal?: AbortSignal) {
    this.listsInFlight += 1;
    this.maxListsInFlight = Math.max(this.maxListsInFlight, this.listsInFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return await this.inner.list(folder, pageToken, signal);
    } finally {
      this.listsInFlight -= 1;
    }
  }
  read(file: string, options?: DownloadOptions) {
    return this.inner.read(file, options);
  }
  async download(file: string, options?: DownloadOptions): Promise<string> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // A few ms of "network", so downloads overlap as they do against a remote store.
      await new Promise((resolve) => setTimeout(resolve, 5));
      return await this.inner.download(file, options);
    } finally {
      this.inFlight -= 1;
    }
  }
}

describe('parallel folder downloads', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  test('fetches at most the default number of files at once and writes every byte', async () => {
    const repository = new CountingRepository();
    const progress: number[] = [];
    const written = await downloadArtifactFolder(repository, 'parts', path.join(scratch, 'all'), { onFile: ({ done }) => progress.push(done) });
    assert.equal(repository.maxInFlight, DOWNLOAD_CONCURRENCY);
    for (const name of names) assert.equal(readFileSync(path.join(written, ...name.split('/')), 'utf8'), `part ${name}\n`.repeat(200));
    assert.deepEqual(progress, Array.from({ length: FILES + 1 }, (_, i) => i), 'progress counts up one finished file at a time');
    assert.deepEqual(readdirSync(tempRoot), []);
  });

  test('lists the folders of one level a few at once and finds every file', async () => {
    const repository = new CountingRepository();
    const listed = (await listFilesBelow(repository, 'tree')).map((entry) => entry.path).sort();
    assert.deepEqual(listed, [...treeFiles].sort());
    assert.equal(repository.maxListsInFlight, DOWNLOAD_CONCURRENCY);
  });

  test('honours a smaller concurrency', async () => {
    const repository = new CountingRepository();
    await downloadArtifactFolder(repository, 'parts', path.join(scratch, 'two'), { concurrency: 2 });
    assert.equal(repository.maxInFlight, 2);
  });

  test('a file gone mid-way fails the download with its error once the others settled', async () => {
    const repository = new CountingRepository();
    const gone = path.join(source, 'parts', 'p7.txt');
    const kept = readFileSync(gone);
    try {
      const failure = downloadArtifactFolder(repository, 'parts', path.join(scratch, 'gone'), {
        // Listed, then deleted before its turn: the store answers "no such file".
        onFile: ({ done }) => done === 0 && rmSync(gone),
      });
      await assert.rejects(failure, (e) => e instanceof MlflowError && e.code === 'RESOURCE_DOES_NOT_EXIST' && e.message.includes('p7.txt'));
      assert.equal(repository.inFlight, 0);
      assert.deepEqual(readdirSync(tempRoot), []);
    } finally {
      writeFileSync(gone, kept);
    }
  });

  test('cancelling mid-way stops with CANCELLED, starts nothing more and leaves no temp file', async () => {
    const repository = new CountingRepository();
    const controller = new AbortController();
    let finished = 0;
    const download = downloadArtifactFolder(repository, 'parts', path.join(scratch, 'cancelled'), {
      signal: controller.signal,
      onFile: ({ done }) => {
        finished = done;
        if (done === 5) controller.abort();
      },
    });
    await assert.rejects(download, (e) => e instanceof MlflowError && e.code === 'CANCELLED');
    assert.equal(repository.inFlight, 0);
    assert.ok(finished < FILES, `stopped after ${finished} of ${FILES}`);
    assert.deepEqual(readdirSync(tempRoot), []);
  });
});
