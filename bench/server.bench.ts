// npm run bench:server — the same client workload against `mlflow server` 3.18.0 and `runlens server`
// (both on SQLite, default settings, loopback), with the ratios printed:
//  (a) 8 python processes × 50 runs × one 1000-metric log_batch each: points per second (+ our RSS);
//  (b) 2000 single log_metric calls from one client: p50 and p99 latency;
//  (c) search_runs over 100k runs with a filter and order_by: p50.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openSqliteStore } from '../src/store/sqlite/openSqliteStore.ts';
import { repoRoot, venvPython } from '../test/support/python.ts';
import { fillRuns, SEARCH_FILTER, SEARCH_ORDER_BY } from '../test/support/fillRuns.ts';

const run = promisify(execFile);
const PROCESSES = 8;
const RUNS_PER_PROCESS = Number(process.env.BENCH_RUNS_PER_PROCESS ?? 50);
const SINGLE_CALLS = Number(process.env.BENCH_SINGLE_CALLS ?? 2000);
const SEARCH_RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 100_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-server-bench-'));
const load = path.join(repoRoot, 'bench', 'py', 'server_load.py');

interface Server { name: string; url: string; child: ChildProcess; rssPid: number }

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no answer from ${url}`);
}

async function startServer(name: 'mlflow' | 'runlens', workdir: string): Promise<Server> {
  mkdirSync(workdir, { recursive: true });
  const port = await freePort();
  const backend = `sqlite:///${path.join(workdir, 'mlflow.db')}`;
  const artifacts = path.join(workdir, 'mlartifacts');
  const args = ['server', '--backend-store-uri', backend, '--artifacts-destination', artifacts, '--host', '127.0.0.1', '--port', String(port)];
  const child = name === 'mlflow'
    ? spawn(path.join(path.dirname(venvPython()), 'mlflow'), args, { cwd: workdir, stdio: 'ignore' })
    : spawn(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(repoRoot, 'src', 'cli.ts'), ...args], { cwd: workdir, stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, child);
  return { name, url, child, rssPid: child.pid ?? 0 };
}

async function stop(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await exited;
}

async function client(url: string, ...args: string[]): Promise<Record<string, number>> {
  const { stdout } = await run(venvPython(), [load, ...args], { env: { ...process.env, MLFLOW_TRACKING_URI: url, MLFLOW_HTTP_REQUEST_TIMEOUT: '600', PYTHONWARNINGS: 'ignore' }, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, number>;
}

async function createExperiment(url: string, name: string): Promise<string> {
  const reply = await fetch(`${url}/api/2.0/mlflow/experiments/create`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name }) });
  return ((await reply.json()) as { experiment_id: string }).experiment_id;
}

/** CPU seconds used so far by a process and all its descendants (MLflow's server forks workers). */
function treeCpuSeconds(root: number): number {
  const stats = readdirSync('/proc').filter((d) => /^\d+$/u.test(d)).flatMap((pid) => {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /su, '').split(' ');
      return [{ pid: Number(pid), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) }];
    } catch {
      return [];
    }
  });
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const s of stats) if (!tree.has(s.pid) && tree.has(s.ppid)) { tree.add(s.pid); grew = true; }
  }
  return stats.filter((s) => tree.has(s.pid)).reduce((sum, s) => sum + s.ticks, 0) / 100;
}

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/u.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
}

async function ingest(server: Server): Promise<{ pointsPerSecond: number; peakRssMb: number; serverCpuMsPer1000: number }> {
  const experimentId = await createExperiment(server.url, 'bench-ingest');
  const cpuBefore = treeCpuSeconds(server.rssPid);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.rssPid))), 100);
  const results = await Promise.all(Array.from({ length: PROCESSES }, () => client(server.url, 'batch', experimentId, String(RUNS_PER_PROCESS), '1000')));
  clearInterval(sampler);
  // From the first process starting to log to the last one finishing, interpreter start-up excluded.
  const seconds = Math.max(...results.map((x) => x.end)) - Math.min(...results.map((x) => x.start));
  const points = results.reduce((n, r) => n + r.points, 0);
  const serverCpuMsPer1000 = ((treeCpuSeconds(server.rssPid) - cpuBefore) * 1000) / (points / 1000);
  return { pointsPerSecond: points / seconds, peakRssMb: peak, serverCpuMsPer1000 };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

try {
  // One 100k-run database for (c), copied so each server searches the same rows.
  const seed = path.join(dir, 'seed.db');
  const stores = openSqliteStore(seed, { defaultArtifactRoot: 'mlflow-artifacts:/' });
  const searchExperiment = await stores.tracking.createExperiment('bench-search');
  stores.close();
  fillRuns(seed, searchExperiment, SEARCH_RUNS);

  const results: Record<string, { ingest: Awaited<ReturnType<typeof ingest>>; single: Record<string, number>; search: Record<string, number> }> = {};
  for (const name of ['mlflow', 'runlens'] as const) {
    const workdir = path.join(dir, name);
    mkdirSync(workdir, { recursive: true });
    copyFileSync(seed, path.join(workdir, 'mlflow.db'));
    const server = await startServer(name, workdir);
    try {
      const ingestResult = await ingest(server);
      const singleExperiment = await createExperiment(server.url, 'bench-single');
      const single = await client(server.url, 'single', singleExperiment, String(SINGLE_CALLS));
      // MLflow's server takes close to a minute per query here, so it gets fewer repeats.
      const search = await client(server.url, 'search', searchExperiment, SEARCH_FILTER, SEARCH_ORDER_BY, name === 'mlflow' ? '3' : '15');
      results[name] = { ingest: ingestResult, single, search };
    } finally {
      await stop(server);
    }
  }
  const m = results.mlflow;
  const r = results.runlens;
  console.log(`(a) ${PROCESSES} processes × ${RUNS_PER_PROCESS} runs × 1000-metric log_batch`);
  console.log(`    mlflow server 3.18.0: ${fmt(m.ingest.pointsPerSecond)} points/s`);
  console.log(`    runlens server:       ${fmt(r.ingest.pointsPerSecond)} points/s, peak RSS ${r.ingest.peakRssMb.toFixed(0)} MB (goal < 150 MB)`);
  console.log(`    ratio: ${(r.ingest.pointsPerSecond / m.ingest.pointsPerSecond).toFixed(1)}x (goal >= 20x)`);
  // The python clients share the machine's cores with the server, so wall-clock throughput is
  // capped by their own cost; the server's CPU per point shows the server's side on its own.
  console.log(`    server CPU per 1000 points: mlflow ${m.ingest.serverCpuMsPer1000.toFixed(1)} ms, runlens ${r.ingest.serverCpuMsPer1000.toFixed(1)} ms (${(m.ingest.serverCpuMsPer1000 / r.ingest.serverCpuMsPer1000).toFixed(1)}x less)`);
  console.log(`(b) ${SINGLE_CALLS} single log_metric calls, one client`);
  console.log(`    mlflow server 3.18.0: p50 ${m.single.p50_ms.toFixed(2)} ms, p99 ${m.single.p99_ms.toFixed(2)} ms`);
  console.log(`    runlens server:       p50 ${r.single.p50_ms.toFixed(2)} ms, p99 ${r.single.p99_ms.toFixed(2)} ms`);
  console.log(`    ratio: p50 ${(m.single.p50_ms / r.single.p50_ms).toFixed(1)}x, p99 ${(m.single.p99_ms / r.single.p99_ms).toFixed(1)}x faster (goal >= 5x)`);
  console.log(`(c) search_runs over ${fmt(SEARCH_RUNS)} runs: ${SEARCH_FILTER}, order_by ${SEARCH_ORDER_BY}, page of 100 (p50 of 3 for mlflow, 15 for runlens, after one warm-up each)`);
  console.log(`    mlflow server 3.18.0: p50 ${m.search.p50_ms.toFixed(1)} ms`);
  console.log(`    runlens server:       p50 ${r.search.p50_ms.toFixed(1)} ms`);
  console.log(`    ratio: ${(m.search.p50_ms / r.search.p50_ms).toFixed(1)}x faster (goal >= 10x)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
