// Starts the real `mlflow server` from the venv in its own process group, waits for /health, and
// keeps its log so a failing test can say what the server said.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { venvPython } from './python.ts';

export interface MlflowServerOptions {
  /** `sqlite:///…` or `postgresql://…`. */
  backendStoreUri: string;
  /** Where the server's artifact proxy stores files (`--artifacts-destination`); mlflow's default (./mlartifacts in cwd) when unset. */
  artifactsDestination?: string;
  /** `--default-artifact-root`: new experiments' artifact location (e.g. `s3://bucket/mlflow-artifacts`); clients then write there directly. */
  defaultArtifactRoot?: string;
  /** Added to the server's environment (a cloud emulator's endpoint and credentials). */
  env?: Record<string, string>;
  cwd: string;
  startTimeoutMs?: number;
}

export interface MlflowServer {
  url: string;
  /** Everything the server printed so far (stdout and stderr). */
  log(): string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A wait that does not hold the process open: for grace periods raced against an exit. */
export const graceTimer = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** The last part of a log: enough to explain a failure without flooding the report. */
export function logTail(text: string, chars = 6000): string {
  return text.length <= chars ? text : `…${text.slice(-chars)}`;
}

export async function startMlflowServer(options: MlflowServerOptions): Promise<MlflowServer> {
  const mlflowBin = path.join(path.dirname(venvPython()), 'mlflow');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // One worker: two cores are shared with the test process, and the client sends one call at a time.
  const args = [
    'server', '--backend-store-uri', options.backendStoreUri,
    ...(options.artifactsDestination === undefined ? [] : ['--artifacts-destination', options.artifactsDestination]),
    ...(options.defaultArtifactRoot === undefined ? [] : ['--default-artifact-root', options.defaultArtifactRoot]),
    '--host', '127.0.0.1', '--port', String(port), '--workers', '1',
  ];
  const child = spawn(mlflowBin, args, {
    cwd: options.cwd,
    detached: true, // its own process group, so stop() also ends uvicorn's worker processes
    env: { ...process.env, PYTHONUNBUFFERED: '1', GIT_PYTHON_REFRESH: 'quiet', PYTHONWARNINGS: 'ignore', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code, signal) => {
    exitCode = code ?? (signal ? -1 : null);
    resolve();
  }));

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch { /* already gone */ }
  };
  const stop = async () => {
    if (exitCode === undefined) killGroup('SIGTERM');
    // Unref'd: a stopped server must not keep the test process alive for the grace period.
    const timeout = graceTimer(10_000).then(() => 'timeout' as const);
    if ((await Promise.race([exited, timeout])) === 'timeout') killGroup('SIGKILL');
    await exited;
    // uvicorn's workers may outlive the parent for a moment; make sure the group is gone.
    killGroup('SIGKILL');
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`mlflow server exited with ${exitCode} before it was healthy (${options.backendStoreUri}):\n${logTail(output)}`);
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return { url, log: () => output, stop };
    } catch { /* not listening yet */ }
    await sleep(250);
  }
  await stop();
  throw new Error(`mlflow server did not answer /health within the start timeout (${options.backendStoreUri}):\n${logTail(output)}`);
}
