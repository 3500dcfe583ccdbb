// MLflow's batch limits, not ours: the real mlflow client logs the largest batches its limits allow
// into `runlens server` (up to ~20 MB once every character is escaped) and reads them back equal;
// one entity over any limit is refused with mlflow's INVALID_PARAMETER_VALUE.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { LOG_BATCH_MAX_BYTES } from '../../src/server/logBatchLimit.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';

interface Report {
  batches: { name: string; bytes: number; equal?: boolean; error?: string }[];
  over: { name: string; status: number; error_code?: string }[];
}

describe('log-batch within and over MLflow\'s limits, from the real mlflow client', () => {
  let dir: string;
  let server: ServerProcess;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-batchlimits-'));
    server = await startRunlensServer(dir, ['--backend-store-uri', `sqlite:///${path.join(dir, 'runlens.db')}`]);
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the largest batches are accepted and read back equal; one over a limit is refused', async () => {
    // Measured on main: the ASCII batch (1.4 MB) was refused by our 1 MB cap.
    const report = await runPythonJson<Report>(path.join(repoRoot, 'test', 'conformance', 'py', 'max_batch.py'), [], { MLFLOW_TRACKING_URI: server.url }, dir);
    for (const batch of report.batches) {
      console.log(`${batch.name} batch: ${batch.bytes} bytes (cap ${LOG_BATCH_MAX_BYTES})`);
      assert.equal(batch.error, undefined, `${batch.name}: ${batch.error}`);
      assert.equal(batch.equal, true, `${batch.name} did not read back equal`);
    }
    assert.ok(report.batches.some((b) => b.bytes > 1_000_000), JSON.stringify(report.batches));
    assert.ok(report.batches.every((b) => b.bytes < LOG_BATCH_MAX_BYTES));
    for (const over of report.over) assert.deepEqual([over.status, over.error_code], [400, 'INVALID_PARAMETER_VALUE'], over.name);
  });
});
