// How long RunLens takes to activate: loading dist/extension.js plus activate(), each in a fresh
// Node process (as an extension host loads it once), on a workspace with an mlflow.db.
// Budget: activate() under 50 ms. Run `npm run build` first (npm run bench:activation does).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/store/sqlite/openSqliteStore.ts';
import { loadExtension } from './support/extensionHost.ts';

const SAMPLES = 15;
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--once') {
  const { requireMs, activateMs } = loadExtension(process.argv[3]);
  console.log(JSON.stringify({ requireMs, activateMs }));
  process.exit(0);
}

const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-activation-'));
try {
  const stores = openSqliteStore(path.join(folder, 'mlflow.db'));
  await stores.tracking.createExperiment('bench');
  stores.close();
  const samples = Array.from({ length: SAMPLES }, () => {
    const out = execFileSync(process.execPath, ['--disable-warning=ExperimentalWarning', self, '--once', folder], { encoding: 'utf8' });
    return JSON.parse(out.trim().split('\n').pop() as string) as { requireMs: number; activateMs: number };
  });
  const p50 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const max = (values: number[]) => Math.max(...values);
  const activate = samples.map((s) => s.activateMs);
  const load = samples.map((s) => s.requireMs);
  console.log(`RunLens activation, ${SAMPLES} fresh processes (dist/extension.js, stand-in vscode module)`);
  console.log(`  activate():              p50 ${p50(activate).toFixed(1)} ms, max ${max(activate).toFixed(1)} ms (goal < 50 ms): ${max(activate) < 50 ? 'goal met' : 'goal missed'}`);
  console.log(`  load dist/extension.js:  p50 ${p50(load).toFixed(1)} ms, max ${max(load).toFixed(1)} ms`);
  console.log(`  load + activate:         p50 ${p50(samples.map((s) => s.requireMs + s.activateMs)).toFixed(1)} ms`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
