// "Metrics at a step" read through our SQLite and mlruns stores and through the real `mlflow server`
// on SQLite (which samples each run's rows, keeping its last) and on mlruns (whose FileStore samples
// steps across all the asked runs, so a run's last point at or before N may be left out): every
// run's value at step N, or at its nearest earlier step, equals what the real mlflow's
// get_metric_history says, and a page of runs costs a handful of calls, not one per run and point.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FileTrackingStore } from '../../src/store/file/fileTrackingStore.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { RestTrackingStore } from '../../src/store/rest/restTrackingStore.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import type { TrackingStore } from '../../src/store/trackingStore.ts';
import { readValuesAtStep, type ValuesAtStep } from '../../src/store/valuesAtStep.ts';
import { startMlflowServer, type MlflowServer } from '../support/mlflowServer.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

const LAST_STEP = 2999;
const KEYS = ['loss', 'accuracy'];
// Before every run, at a step every grid has, between grid points, past the end, deep into a long history.
const STEPS = [-1, 0, 5, 50, 55, 1234, 1799, 1800, 1806, 2005, 2990, 2999, 100_000];

interface Logged {
  ids: Record<string, string>;
  histories: Record<string, Record<string, [number, number, number][]>>;
}

/** What mlflow's history says is the value at `step`: the greatest step ≤ N, its latest timestamp. */
function fromMlflowHistory(points: [number, number, number][], step: number): { value: number; step: number; exact: boolean } | undefined {
  const earlier = points.filter(([s]) => s <= step);
  if (earlier.length === 0) return undefined;
  const at = Math.max(...earlier.map(([s]) => s));
  const latest = earlier.filter(([s]) => s === at).sort((a, b) => b[1] - a[1])[0];
  return { value: latest[2], step: at, exact: at === step };
}

function expected(logged: Logged, step: number): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, keys] of Object.entries(logged.histories)) {
    out[name] = {};
    for (const [key, points] of Object.entries(keys)) {
      const value = fromMlflowHistory(points, step);
      if (value) out[name][key] = value;
    }
  }
  return out;
}

function byName(logged: Logged, values: ValuesAtStep): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(logged.ids).map(([name, id]) => [name, Object.fromEntries(values.get(id) ?? [])]));
}

/** The store, counting its bulk-interval calls. */
function counted(tracking: TrackingStore): { tracking: TrackingStore; calls: () => number } {
  let calls = 0;
  const proxy = new Proxy(tracking, {
    get(target, name, receiver) {
      const member = Reflect.get(target, name, receiver) as unknown;
      if (name === 'getMetricHistoryBulkInterval' && typeof member === 'function') {
        return (...args: unknown[]) => {
          calls += 1;
          return (member as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof member === 'function' ? (member as (...a: unknown[]) => unknown).bind(target) : member;
    },
  });
  return { tracking: proxy, calls: () => calls };
}

const rest = (url: string) => new RestTrackingStore(new RestClient({ baseUrl: url, timeoutMs: 60_000, maxRetries: 0 }));

describe('metrics at a step against the real mlflow', { timeout: 600_000 }, () => {
  let dir: string;
  let logged: Logged;
  let loggedMlruns: Logged;
  let ours: SqliteStores;
  let sqlServer: MlflowServer;
  let fileServer: MlflowServer;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-at-step-'));
    const script = path.join(repoRoot, 'test', 'support', 'py', 'log_step_grids.py');
    logged = await runPythonJson<Logged>(script, [dir, String(LAST_STEP)], {}, dir);
    loggedMlruns = await runPythonJson<Logged>(script, [dir, String(LAST_STEP), 'mlruns'], {}, dir);
    ours = openSqliteStore(path.join(dir, 'mlflow.db'));
    sqlServer = await startMlflowServer({ backendStoreUri: `sqlite:///${path.join(dir, 'mlflow.db')}`, cwd: dir });
    fileServer = await startMlflowServer({ backendStoreUri: path.join(dir, 'mlruns'), cwd: dir, env: { MLFLOW_ALLOW_FILE_STORE: 'true' } });
  });

  after(async () => {
    ours?.close();
    await sqlServer?.stop();
    await fileServer?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const backends: [string, () => Logged, () => TrackingStore][] = [
    ['our SQLite store', () => logged, () => ours.tracking],
    ['our mlruns reader', () => loggedMlruns, () => new FileTrackingStore(path.join(dir, 'mlruns'))],
    ['mlflow server on SQLite', () => logged, () => rest(sqlServer.url)],
    ['mlflow server on mlruns (steps sampled across runs)', () => loggedMlruns, () => rest(fileServer.url)],
  ];
  for (const [label, data, open] of backends) {
    test(`each run's value at N or its nearest earlier step, through ${label}`, async () => {
      const logged = data();
      const runIds = Object.values(logged.ids);
      for (const step of STEPS) {
        const { tracking, calls } = counted(open());
        const values = await readValuesAtStep(tracking, runIds, KEYS, step);
        assert.deepEqual(byName(logged, values), expected(logged, step), `at step ${step}`);
        // One call per key for the three runs, and at most two more per run and key the sampling left unsure.
        assert.ok(calls() <= KEYS.length + 2 * runIds.length * KEYS.length, `${calls()} calls at step ${step}`);
      }
    });
  }

  test('the value logged twice at one step is the later one; a cancelled read stops', async () => {
    const at55 = await readValuesAtStep(ours.tracking, [logged.ids['every-10']], ['loss'], 55);
    assert.deepEqual(at55.get(logged.ids['every-10'])?.get('loss'), { value: 7.5, step: 50, exact: false });
    const cancelled = new AbortController();
    cancelled.abort();
    await assert.rejects(readValuesAtStep(ours.tracking, Object.values(logged.ids), KEYS, 55, cancelled.signal), { name: 'AbortError' });
  });
});
