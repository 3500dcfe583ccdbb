// npm run bench:remote — our REST client against the real `mlflow server` 3.18.0 on a throwaway
// PostgreSQL cluster (loopback only), beside MLflow's own Python client on the same server:
//  (a) listing every run of a 10k-run experiment, page by page: runs per second (goal >= 2x Python);
//  (b) time to the first page of 200 runs, as the VS Code tree asks it: cold (a fresh process,
//      a new connection) and warm, p50 (goal < 300 ms).
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { RestClient } from '../src/store/rest/restClient.ts';
import { RestTrackingStore } from '../src/store/rest/restTrackingStore.ts';
import { runPageQuery, DEFAULT_RUN_LIST_OPTIONS } from '../src/vscode/experiments/runListOptions.ts';
import { startMlflowServer, type MlflowServer } from '../test/support/mlflowServer.ts';
import { startPostgresCluster, type PostgresCluster } from '../test/support/postgresCluster.ts';
import { repoRoot, venvPython } from '../test/support/python.ts';

const run = promisify(execFile);
const RUNS = Number(process.env.BENCH_REMOTE_RUNS ?? 10_000);
const PAGE = 1000; // MlflowClient.search_runs' default max_results, used by both clients
const FULL_PASSES = Number(process.env.BENCH_REMOTE_PASSES ?? 3);
const COLD_SAMPLES = Number(process.env.BENCH_REMOTE_COLD ?? 5);
const WARM_SAMPLES = Number(process.env.BENCH_REMOTE_WARM ?? 20);
const TREE_PAGE = DEFAULT_RUN_LIST_OPTIONS.pageSize;
const FIRST_PAGE_GOAL_MS = 300;
const SPEEDUP_GOAL = 2;
const CHILD_TIMEOUT_MS = 10 * 60_000;
const py = (name: string) => path.join(repoRoot, 'bench', 'py', name);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const verdict = (met: boolean) => (met ? 'goal met' : 'goal missed');

/** The tree's first page of an experiment, timed from the call to the converted runs. */
async function firstPage(tracking: RestTrackingStore, experimentId: string): Promise<number> {
  const started = performance.now();
  const page = await tracking.searchRuns(runPageQuery(experimentId, DEFAULT_RUN_LIST_OPTIONS));
  const ms = performance.now() - started;
  if (page.items.length !== Math.min(TREE_PAGE, RUNS)) throw new Error(`first page has ${page.items.length} runs`);
  return ms;
}

/** Every run of the experiment through RestTrackingStore.searchRuns, page by page. */
async function listAll(tracking: RestTrackingStore, experimentId: string): Promise<{ runs: number; seconds: number }> {
  const started = performance.now();
  let runs = 0;
  let pageToken: string | undefined;
  do {
    const page = await tracking.searchRuns({ experimentIds: [experimentId], runViewType: 'ACTIVE_ONLY', maxResults: PAGE, pageToken });
    runs += page.items.length;
    pageToken = page.nextPageToken;
  } while (pageToken);
  return { runs, seconds: (performance.now() - started) / 1000 };
}

/** The same pages as raw HTTP, read as text and never parsed: the server's own share of a pass. */
async function rawPass(client: RestClient, experimentId: string): Promise<number> {
  const started = performance.now();
  let offset = 0;
  for (;;) {
    // MLflow's page token is base64 of {"offset": n}; asking by offset avoids parsing the reply.
    const pageToken = offset ? Buffer.from(`{"offset": ${offset}}`).toString('base64') : undefined;
    const body = JSON.stringify({ experiment_ids: [experimentId], run_view_type: 'ACTIVE_ONLY', max_results: PAGE, page_token: pageToken });
    const text = await client.send('POST', `${client.baseUrl}/api/2.0/mlflow/runs/search`, body, true);
    offset += PAGE;
    if (!text.includes('"next_page_token"')) return (performance.now() - started) / 1000;
  }
}

/** MLflow's Python client in one long-lived process: a full listing pass per request. */
function pythonLister(url: string, experimentId: string): { pass: () => Promise<{ runs: number; seconds: number }>; close: () => void } {
  const child = spawn(venvPython(), [py('remote_search_runs.py'), 'serve', experimentId, String(PAGE), '0'], {
    env: { ...process.env, MLFLOW_TRACKING_URI: url, PYTHONWARNINGS: 'ignore', GIT_PYTHON_REFRESH: 'quiet' }, stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error('remote_search_runs.py exited early');
    return JSON.parse(line.value) as { runs: number; seconds: number };
  };
  const ready = next();
  return {
    pass: async () => {
      await ready;
      child.stdin.write('pass\n');
      return next();
    },
    close: () => child.stdin.end(),
  };
}

async function python<T>(script: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const { stdout } = await run(venvPython(), [py(script), ...args], {
    env: { ...process.env, PYTHONWARNINGS: 'ignore', GIT_PYTHON_REFRESH: 'quiet', ...env }, timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as T;
}

/** One cold first page: a fresh Node process (modules loaded, no connection yet) asks once. */
async function coldFirstPage(url: string, experimentId: string): Promise<number> {
  const { stdout } = await run(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(repoRoot, 'bench', 'remote.bench.ts'), '--first-page', url, experimentId], { timeout: 60_000 });
  return Number(stdout.trim().split('\n').pop());
}

async function bench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-remote-bench-'));
  let cluster: PostgresCluster | undefined;
  let server: MlflowServer | undefined;
  try {
    cluster = await startPostgresCluster();
    // SQLAlchemy 2.1 defaults postgresql:// to psycopg 3; the venv has psycopg2.
    server = await startMlflowServer({
      backendStoreUri: cluster.url.replace(/^postgresql:/u, 'postgresql+psycopg2:'), artifactsDestination: path.join(dir, 'mlartifacts'), cwd: dir,
    });
    const tracking = new RestTrackingStore(new RestClient({ baseUrl: server.url, timeoutMs: 120_000, maxRetries: 0 }));
    const experimentId = await tracking.createExperiment('bench-remote');
    const fill = await python<{ seconds: number }>('remote_fill_runs.py', [cluster.url, experimentId, String(RUNS)]);

    // (a) passes interleaved (ours, raw HTTP, Python) so load from elsewhere hits all alike; one
    // warm-up pass each, then the best of FULL_PASSES stands for each.
    const client = new RestClient({ baseUrl: server.url, timeoutMs: 120_000, maxRetries: 0 });
    const lister = pythonLister(server.url, experimentId);
    const ours: number[] = [];
    const raw: number[] = [];
    const theirs: number[] = [];
    try {
      for (let i = 0; i <= FULL_PASSES; i++) {
        const pass = await listAll(tracking, experimentId);
        if (pass.runs !== RUNS) throw new Error(`our client listed ${pass.runs} of ${RUNS} runs`);
        const rawSeconds = await rawPass(client, experimentId);
        const mlflowPass = await lister.pass();
        if (mlflowPass.runs !== RUNS) throw new Error(`MlflowClient listed ${mlflowPass.runs} of ${RUNS} runs`);
        if (i === 0) continue;
        ours.push(pass.seconds);
        raw.push(rawSeconds);
        theirs.push(mlflowPass.seconds);
      }
    } finally {
      lister.close();
    }

    // (b) cold: fresh processes; warm: this process, its connection open.
    const cold: number[] = [];
    for (let i = 0; i < COLD_SAMPLES; i++) cold.push(await coldFirstPage(server.url, experimentId));
    await firstPage(tracking, experimentId);
    const warm: number[] = [];
    for (let i = 0; i < WARM_SAMPLES; i++) warm.push(await firstPage(tracking, experimentId));
    const pythonPage = await python<{ ms: number[] }>('remote_search_runs.py', ['page', experimentId, String(TREE_PAGE), String(WARM_SAMPLES)], { MLFLOW_TRACKING_URI: server.url });

    const oursRate = RUNS / Math.min(...ours);
    const theirsRate = RUNS / Math.min(...theirs);
    const rawRate = RUNS / Math.min(...raw);
    const speedup = oursRate / theirsRate;
    const coldP50 = median(cold);
    const warmP50 = median(warm);
    console.log(`mlflow server 3.18.0 (1 worker) on PostgreSQL, loopback; ${fmt(RUNS)} runs (3 params, 3 metrics, 3 tags each) filled in ${fill.seconds.toFixed(1)} s`);
    console.log(`(a) list all ${fmt(RUNS)} runs, pages of ${PAGE}, best of ${FULL_PASSES} interleaved passes after a warm-up`);
    console.log(`    RunLens RestTrackingStore.searchRuns: ${fmt(oursRate)} runs/s (${Math.min(...ours).toFixed(2)} s per pass)`);
    console.log(`    MLflow MlflowClient.search_runs:      ${fmt(theirsRate)} runs/s (${Math.min(...theirs).toFixed(2)} s per pass)`);
    console.log(`    raw HTTP, replies not parsed:         ${fmt(rawRate)} runs/s (${Math.min(...raw).toFixed(2)} s per pass: the server's share)`);
    console.log(`    ratio: ${speedup.toFixed(2)}x (goal >= ${SPEEDUP_GOAL}x): ${verdict(speedup >= SPEEDUP_GOAL)}`);
    console.log(`    ceiling for any sequential client on this server: ${(rawRate / theirsRate).toFixed(2)}x; ours reaches ${(100 * oursRate / rawRate).toFixed(0)}% of raw HTTP`);
    console.log(`    per pass, median: ours ${median(ours).toFixed(2)} s, raw ${median(raw).toFixed(2)} s, Python ${median(theirs).toFixed(2)} s`);
    console.log(`(b) first page of ${TREE_PAGE} runs, as the Experiments tree asks it`);
    console.log(`    RunLens cold (fresh process, new connection), p50 of ${COLD_SAMPLES}: ${coldP50.toFixed(1)} ms (max ${Math.max(...cold).toFixed(1)} ms)`);
    console.log(`    RunLens warm, p50 of ${WARM_SAMPLES}: ${warmP50.toFixed(1)} ms`);
    console.log(`    MLflow MlflowClient warm, p50 of ${WARM_SAMPLES}: ${median(pythonPage.ms).toFixed(1)} ms (for reference)`);
    console.log(`    goal < ${FIRST_PAGE_GOAL_MS} ms: cold ${verdict(coldP50 < FIRST_PAGE_GOAL_MS)}, warm ${verdict(warmP50 < FIRST_PAGE_GOAL_MS)}`);
  } finally {
    await server?.stop();
    await cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--first-page') {
  const [, , , url, experimentId] = process.argv;
  console.log(await firstPage(new RestTrackingStore(new RestClient({ baseUrl: url, maxRetries: 0 })), experimentId));
} else {
  await bench();
}
