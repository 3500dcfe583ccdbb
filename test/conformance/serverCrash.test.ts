// kill -9 of `runlens server` during a multi-process ingest: the database stays intact and every
// batch that was acknowledged with a 200 is there after a restart.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDatabase } from '../../src/store/sqlite/driver.ts';
import { repoRoot } from '../support/python.ts';
import { startRunlensServer } from '../support/runlensServer.ts';

const WORKERS = 4;

test('kill -9 during ingest loses no acknowledged batch and leaves mlflow.db intact', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-crash-'));
  try {
    const server = await startRunlensServer(dir);
    const created = await fetch(`${server.url}/api/2.0/mlflow/runs/create`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ experiment_id: '0' }) });
    const runId = ((await created.json()) as { run: { info: { run_id: string } } }).run.info.run_id;

    const acked = new Map<number, number[]>();
    const workers = Array.from({ length: WORKERS }, (_, w) => {
      const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(repoRoot, 'test', 'support', 'ingestWorker.ts'), server.url, runId, String(w), '100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
      acked.set(w, []);
      let buffered = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ack ')) acked.get(w)?.push(Number(line.slice(4)));
      });
      return new Promise<void>((resolve) => child.once('exit', () => resolve()));
    });

    // Let every worker get some batches in, then pull the plug mid-stream.
    const deadline = Date.now() + 30_000;
    while ([...acked.values()].some((list) => list.length < 20) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    server.child.kill('SIGKILL');
    await Promise.all(workers);
    const total = [...acked.values()].reduce((n, list) => n + list.length, 0);
    assert.ok(total >= WORKERS * 20, `ingest made progress before the kill (${total} batches)`);

    const file = path.join(dir, 'mlflow.db');
    const db = openDatabase(file);
    try {
      assert.equal((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check, 'ok');
      const count = db.prepare('SELECT COUNT(*) AS n FROM metrics WHERE run_uuid = ? AND key = ? AND step >= ? AND step < ?');
      for (const [w, batches] of acked) {
        for (const batch of batches) {
          assert.equal((count.get(runId, `w${w}`, batch * 100, batch * 100 + 100) as { n: number }).n, 100, `worker ${w} batch ${batch}`);
        }
      }
    } finally {
      db.close();
    }

    const restarted = await startRunlensServer(dir);
    try {
      const run = await fetch(`${restarted.url}/api/2.0/mlflow/runs/get?run_id=${runId}`);
      assert.equal(run.status, 200);
    } finally {
      assert.equal(await restarted.stop(), 0, 'SIGTERM closes cleanly');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
