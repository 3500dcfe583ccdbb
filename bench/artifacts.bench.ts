// npm run bench:artifacts — RunLens's S3 artifact repository beside MLflow's own Python client
// (its S3ArtifactRepository over boto3) on the same bucket of a local S3 server (SeaweedFS on
// loopback), in one run. MLflow's client logs one run (SQLite tracking store, experiment
// artifact_location s3://bench/…) with
//  (a) a folder of 2,000 small artifacts: list it (RunLens: list over all pages; MLflow:
//      MlflowClient.list_artifacts) — files/s;
//  (b) a folder of 200 files of 100 KB: download it to a fresh folder (RunLens: the folder download
//      behind the Download… command; MLflow: MlflowClient.download_artifacts) — files/s and MB/s.
// Each side runs in fresh processes and times itself after its imports: "cold" is a process's
// first call (SDK loaded and its client made on the way), "warm" the calls after it. RunLens runs
// from a bundle built as the extension ships (bench/support/artifactCalls.ts).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { DOWNLOAD_CONCURRENCY } from '../src/vscode/artifacts/parallelFiles.ts';
import { startSeaweedS3 } from '../test/support/cloudServers/seaweedS3.ts';
import { repoRoot, venvPython } from '../test/support/python.ts';

const run = promisify(execFile);
const SMALL_FILES = Number(process.env.BENCH_ARTIFACTS_SMALL ?? 2000);
const BIG_FILES = Number(process.env.BENCH_ARTIFACTS_FILES ?? 200);
const BIG_BYTES = 100 * 1024;
const PROCESSES = Number(process.env.BENCH_ARTIFACTS_PROCESSES ?? 3);
const WARM_CALLS = Number(process.env.BENCH_ARTIFACTS_WARM ?? 4);
const CONCURRENCY = Number(process.env.BENCH_ARTIFACTS_CONCURRENCY ?? DOWNLOAD_CONCURRENCY);
// mlflow 3.18 sizes its download pool min(2 x CPUs, 20) with no environment variable; the bench
// also tries 10 threads (botocore's default connection pool) and compares against the faster.
const MLFLOW_WORKERS = [undefined, 10];
const SPEEDUP_GOAL = 2;
const CHILD_TIMEOUT_MS = 15 * 60_000;
const MB = 1e6;

interface Sample {
  cold: number;
  warm: number[];
  warmCpu: number[];
  count: number;
  workers?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const py = (name: string) => path.join(repoRoot, 'bench', 'py', name);
const lastJson = <T>(stdout: string) => JSON.parse(stdout.trim().split('\n').pop() as string) as T;

/** artifactCalls.ts built as the extension ships code: one minified CommonJS bundle that loads the
 * S3 SDK from cloud-sdk/s3.js beside it the first time an s3:// root is met. */
async function bundleAsShipped(folder: string): Promise<string> {
  const shared = { bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node22', logLevel: 'warning' } as const;
  const entry = path.join(folder, 'artifactCalls.js');
  await esbuild.build({
    ...shared, entryPoints: [path.join(repoRoot, 'bench', 'support', 'artifactCalls.ts')], outfile: entry, external: ['./cloud-sdk/*'], define: { RUNLENS_BUNDLED: 'true' },
  });
  await esbuild.build({ ...shared, entryPoints: [path.join(repoRoot, 'src', 'store', 'artifacts', 'cloud', 's3ObjectStore.ts')], outfile: path.join(folder, 'cloud-sdk', 's3.js') });
  return entry;
}

/**
 * On a loaded machine the S3 server sometimes fails a request and a client gives up (mlflow's
 * download then reports only "Failed to download artifacts"): said, then the sample is taken again
 * into an emptied folder. A second failure ends the bench.
 */
async function retriedOnce(who: string, destinationBase: string, sample: () => Promise<Sample>): Promise<Sample> {
  try {
    return await sample();
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n');
    console.warn(`${who} failed (${stderr.at(-1)}); taking that sample again`);
    rmSync(destinationBase, { recursive: true, force: true });
    mkdirSync(destinationBase, { recursive: true });
    return sample();
  }
}

interface Side {
  ours(operation: 'list' | 'download', artifactPath: string, destinationBase: string): Promise<Sample>;
  theirs(operation: 'list' | 'download', artifactPath: string, destinationBase: string, workers?: number): Promise<Sample>;
}

function sides(env: Record<string, string>, trackingUri: string, runId: string, root: string, bundle: string): Side {
  const childEnv = { ...process.env, ...env, PYTHONWARNINGS: 'ignore', GIT_PYTHON_REFRESH: 'quiet' };
  const options = { env: childEnv, timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 };
  return {
    async ours(operation, artifactPath, destinationBase) {
      const args = [bundle, operation, root, artifactPath, String(WARM_CALLS), destinationBase, String(CONCURRENCY)];
      return retriedOnce(`RunLens ${operation}`, destinationBase, async () => lastJson<Sample>((await run(process.execPath, args, options)).stdout));
    },
    async theirs(operation, artifactPath, destinationBase, workers) {
      const env = workers ? { ...childEnv, BENCH_MLFLOW_WORKERS: String(workers) } : childEnv;
      const args = [py('artifacts_timing.py'), trackingUri, runId, operation, artifactPath, String(WARM_CALLS), destinationBase];
      return retriedOnce(`MlflowClient ${operation}`, destinationBase, async () => lastJson<Sample>((await run(venvPython(), args, { ...options, env })).stdout));
    },
  };
}

/** Cold and warm medians over several processes' samples, checking each listed or wrote them all. */
function summarise(samples: Sample[], expected: number, who: string): { cold: number; warm: number; warmCpu: number; workers?: number } {
  for (const sample of samples) if (sample.count !== expected) throw new Error(`${who} saw ${sample.count} of ${expected} artifacts`);
  return {
    cold: median(samples.map((s) => s.cold)), warm: median(samples.flatMap((s) => s.warm)), warmCpu: median(samples.flatMap((s) => s.warmCpu)), workers: samples[0].workers,
  };
}

/** RunLens's download is byte-identical to what MLflow's client wrote to disk. */
function sameFiles(ours: string, theirs: string): void {
  const names = readdirSync(theirs).sort();
  if (names.length !== BIG_FILES || readdirSync(ours).sort().join('\n') !== names.join('\n')) throw new Error('the two downloads hold different files');
  for (const name of names) if (!readFileSync(path.join(ours, name)).equals(readFileSync(path.join(theirs, name)))) throw new Error(`${name} differs between the downloads`);
}

const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;

function rates(count: number, bytes: number, seconds: number): string {
  const mbs = bytes > 0 ? `, ${(bytes / MB / seconds).toFixed(1)} MB/s` : '';
  return `${Math.round(count / seconds).toLocaleString('en-US')} files/s${mbs} (${(seconds * 1000).toFixed(0)} ms)`;
}

async function bench(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-artifacts-bench-'));
  const server = await startSeaweedS3();
  try {
    await server.createBucket('bench');
    const trackingUri = `sqlite:///${path.join(dir, 'mlflow.db')}`;
    const fill = await run(venvPython(), [py('artifacts_fill.py'), trackingUri, server.rootUri('bench', 'experiments/1'), String(SMALL_FILES), String(BIG_FILES), String(BIG_BYTES)], {
      env: { ...process.env, ...server.env, PYTHONWARNINGS: 'ignore', GIT_PYTHON_REFRESH: 'quiet' }, timeout: CHILD_TIMEOUT_MS,
    });
    const logged = lastJson<{ run_id: string; artifact_uri: string; seconds: number }>(fill.stdout);
    const side = sides(server.env, trackingUri, logged.run_id, logged.artifact_uri, await bundleAsShipped(path.join(dir, 'bundle')));

    // Interleaved, so load from elsewhere on the machine falls on both sides alike.
    const samples = { oursList: [] as Sample[], theirsList: [] as Sample[], oursGet: [] as Sample[], theirsGet: MLFLOW_WORKERS.map(() => [] as Sample[]) };
    const destination = (name: string) => {
      const folder = path.join(dir, 'downloads', name);
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder, { recursive: true });
      return folder;
    };
    for (let i = 0; i < PROCESSES; i++) {
      samples.oursList.push(await side.ours('list', 'many', dir));
      samples.theirsList.push(await side.theirs('list', 'many', dir));
      samples.oursGet.push(await side.ours('download', 'files', destination('ours')));
      for (const [k, workers] of MLFLOW_WORKERS.entries()) samples.theirsGet[k].push(await side.theirs('download', 'files', destination(`mlflow-${k}`), workers));
    }
    sameFiles(path.join(dir, 'downloads', 'ours', '0', 'files'), path.join(dir, 'downloads', 'mlflow-0', '0', 'files'));

    const oursList = summarise(samples.oursList, SMALL_FILES, 'RunLens list');
    const theirsList = summarise(samples.theirsList, SMALL_FILES, 'MlflowClient.list_artifacts');
    const oursGet = summarise(samples.oursGet, BIG_FILES, 'RunLens download');
    const theirsGets = samples.theirsGet.map((s) => summarise(s, BIG_FILES, 'MlflowClient.download_artifacts'));
    const bytes = BIG_FILES * BIG_BYTES;
    const fmtRatio = (ours: number, theirs: number) => `${(theirs / ours).toFixed(2)}x`;
    const verdict = (ours: number, theirs: number) => (theirs / ours >= SPEEDUP_GOAL ? 'goal met' : 'goal missed');

    console.log(`SeaweedFS S3 gateway on loopback; run logged by MlflowClient (boto3) in ${logged.seconds.toFixed(1)} s; ${PROCESSES} fresh processes per side, ${WARM_CALLS} warm calls each; medians`);
    console.log(`(a) list ${SMALL_FILES.toLocaleString('en-US')} artifacts of one folder (pages of 1000)`);
    for (const mode of ['cold', 'warm'] as const) {
      console.log(`    ${mode}: RunLens list ${rates(SMALL_FILES, 0, oursList[mode])} | MlflowClient.list_artifacts ${rates(SMALL_FILES, 0, theirsList[mode])}`);
      console.log(`          ratio RunLens/mlflow ${fmtRatio(oursList[mode], theirsList[mode])} (goal >= ${SPEEDUP_GOAL}x): ${verdict(oursList[mode], theirsList[mode])}`);
    }
    console.log(`    client CPU per warm call: RunLens ${ms(oursList.warmCpu)}, mlflow ${ms(theirsList.warmCpu)}`);
    console.log(`(b) download ${BIG_FILES} files of ${BIG_BYTES / 1024} KB (${(bytes / MB).toFixed(1)} MB) to a fresh folder; RunLens ${CONCURRENCY} at once, byte-identical to mlflow's`);
    for (const mode of ['cold', 'warm'] as const) {
      const best = Math.min(...theirsGets.map((t) => t[mode]));
      console.log(`    ${mode}: RunLens folder download ${rates(BIG_FILES, bytes, oursGet[mode])}`);
      for (const theirs of theirsGets) console.log(`          MlflowClient.download_artifacts, ${theirs.workers} threads: ${rates(BIG_FILES, bytes, theirs[mode])}`);
      console.log(`          ratio RunLens/mlflow (its faster pool) ${fmtRatio(oursGet[mode], best)} (goal >= ${SPEEDUP_GOAL}x): ${verdict(oursGet[mode], best)}`);
    }
    console.log(`    client CPU per warm call: RunLens ${ms(oursGet.warmCpu)}, mlflow ${theirsGets.map((t) => `${ms(t.warmCpu)} (${t.workers} threads)`).join(', ')}`);
    console.log(`load average ${os.loadavg().map((n) => n.toFixed(1)).join(' ')} on ${os.availableParallelism()} CPUs (the S3 server shares them)`);
  } catch (error) {
    console.error(`SeaweedFS log:\n${server.log()}`);
    throw error;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await bench();
