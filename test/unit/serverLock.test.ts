// `runlens server` while another process holds mlflow.db's write lock for 12 s (a training script
// in a long transaction, `mlflow gc`): the HTTP loop never waits on SQLite, so /health and reads
// answer at once; a write answers TEMPORARILY_UNAVAILABLE (503) instead of hanging; after the
// lock is gone, writes go through. On the old single-thread design /health took ~9.8 s.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { holdWriteLock } from '../support/foreignLock.ts';
import { repoRoot } from '../support/python.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';

const LOCK_MS = 12_000;

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; status: number; body: { error_code?: string } }> {
  const start = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  return { ms: performance.now() - start, status: response.status, body: text.startsWith('{') ? JSON.parse(text) as { error_code?: string } : {} };
}

const post = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

describe('runlens server under a foreign write lock', () => {
  let dir: string;
  let file: string;
  let server: ServerProcess;
  let experimentId: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-server-lock-'));
    file = path.join(dir, 'mlflow.db');
    // A rollback-journal database, as the real mlflow leaves mlflow.db.
    const stores = openSqliteStore(file, { newDatabaseJournal: 'delete' });
    experimentId = await stores.tracking.createExperiment('locked');
    await stores.tracking.createRun({ experimentId, runName: 'r' });
    stores.close();
    server = await startRunlensServer(dir, ['--backend-store-uri', `sqlite:///${file}`]);
  });

  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('/health and reads answer within 100 ms for all 12 s; a write answers 503 TEMPORARILY_UNAVAILABLE; later writes succeed', async () => {
    const api = `${server.url}/api/2.0/mlflow`;
    const lock = await holdWriteLock(file, LOCK_MS, repoRoot);
    const lockedAt = performance.now();
    const write = timed(`${api}/experiments/create`, post({ name: 'during-the-lock' }));
    const slowest = { health: 0, read: 0, search: 0 };
    let samples = 0;
    while (performance.now() - lockedAt < LOCK_MS - 1500) {
      const health = await timed(`${server.url}/health`);
      const read = await timed(`${api}/experiments/get?experiment_id=${experimentId}`);
      const search = await timed(`${api}/runs/search`, post({ experiment_ids: [experimentId] }));
      assert.equal(health.status, 200);
      assert.equal(read.status, 200);
      assert.equal(search.status, 200);
      slowest.health = Math.max(slowest.health, health.ms);
      slowest.read = Math.max(slowest.read, read.ms);
      slowest.search = Math.max(slowest.search, search.ms);
      samples++;
      await sleep(250);
    }
    const written = await write;
    await lock.released;
    assert.ok(samples >= 20, `only ${samples} samples`);
    for (const [what, ms] of Object.entries(slowest)) assert.ok(ms < 100, `${what} took ${ms.toFixed(0)} ms while the database was locked`);
    assert.equal(written.status, 503, `the locked write answered ${written.status} ${JSON.stringify(written.body)}`);
    assert.equal(written.body.error_code, 'TEMPORARILY_UNAVAILABLE');
    assert.ok(written.ms < LOCK_MS, `the locked write hung ${written.ms.toFixed(0)} ms`);
    const after = await timed(`${api}/experiments/create`, post({ name: 'after-the-lock' }));
    assert.equal(after.status, 200);
  });
});
