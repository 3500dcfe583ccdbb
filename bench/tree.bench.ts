// Expanding an experiment of 100k runs in the Experiments view: time until its first page of
// tree items exists (search + nesting + labels), through the bundled extension's own tree
// provider, beside MLflow's store fetching the same page from the same mlflow.db.
// Budget: under 100 ms. Run `npm run build` first (npm run bench:tree does).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../src/store/sqlite/openSqliteStore.ts';
import { fillRuns } from '../test/support/fillRuns.ts';
import { repoRoot, venvPython } from '../test/support/python.ts';
import { loadExtension } from './support/extensionHost.ts';

const RUNS = 100_000;
const PAGE = 200;
const REPEATS = 15;

interface Node { kind: string; experiment?: { name: string; experimentId: string } }
interface Tree { getChildren(node?: Node): Promise<Node[]>; getTreeItem(node: Node): unknown; refresh(): void }

const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-bench-tree-'));
try {
  const dbFile = path.join(folder, 'mlflow.db');
  const stores = openSqliteStore(dbFile);
  const experimentId = await stores.tracking.createExperiment('bench-100k');
  stores.close();
  const t = performance.now();
  fillRuns(dbFile, experimentId, RUNS);
  console.log(`Experiments view over ${RUNS.toLocaleString('en-US')} runs (filled in ${((performance.now() - t) / 1000).toFixed(1)} s)`);

  const { api } = loadExtension(folder);
  const session = api.session as { ready(): Promise<unknown> };
  const tree = api.experimentsTree as Tree;
  await session.ready();
  const experiment = (await tree.getChildren()).find((n) => n.experiment?.name === 'bench-100k');
  if (!experiment) throw new Error('the bench experiment is not listed');

  const expand = async () => {
    const start = performance.now();
    const children = await tree.getChildren(experiment);
    for (const child of children) tree.getTreeItem(child);
    return { ms: performance.now() - start, rows: children.length };
  };
  const cold = await expand();
  const timings: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    tree.refresh(); // drops cached pages, as a live refresh does
    timings.push((await expand()).ms);
  }
  timings.sort((a, b) => a - b);
  const p50 = timings[Math.floor(timings.length / 2)];

  const output = execFileSync(venvPython(), [path.join(repoRoot, 'bench', 'py', 'search_runs_timing.py'), dbFile, experimentId, '', '', String(PAGE), '5'], {
    encoding: 'utf8', env: { ...process.env, PYTHONWARNINGS: 'ignore' }, maxBuffer: 64 * 1024 * 1024,
  });
  const mlflow = JSON.parse(output.trim().split('\n').pop() as string) as { p50_ms: number };
  console.log(`  first expansion (cold store):   ${cold.ms.toFixed(1)} ms for ${cold.rows} rows (goal < 100 ms): ${cold.ms < 100 ? 'goal met' : 'goal missed'}`);
  console.log(`  expansion after a refresh:      ${p50.toFixed(1)} ms p50 of ${REPEATS}`);
  console.log(`  MLflow SqlAlchemyStore page of ${PAGE} (search_runs only, no UI): ${mlflow.p50_ms.toFixed(1)} ms p50`);
  console.log(`  ratio: ${(mlflow.p50_ms / p50).toFixed(1)}x faster than MLflow's store fetching the same page`);
  (api.session as { dispose(): void }).dispose();
} finally {
  rmSync(folder, { recursive: true, force: true });
}
