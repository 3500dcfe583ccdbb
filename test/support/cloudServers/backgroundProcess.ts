// A test emulator as a child process in its own process group: its log kept for failure
// messages, readiness polled over HTTP, and the whole group stopped at the end.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { graceTimer, logTail } from '../mlflowServer.ts';

export interface BackgroundProcess {
  log(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** SIGKILL for throwaway emulators whose data need not be flushed; SIGTERM (then SIGKILL after 5 s) by default. */
  stopSignal?: NodeJS.Signals;
  /** Resolves true once the process is ready (it is polled every 200 ms). */
  ready: () => Promise<boolean>;
  startTimeoutMs?: number;
}

export async function startBackgroundProcess(options: StartOptions): Promise<BackgroundProcess> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd, detached: true, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = logTail(output + chunk.toString(), 20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = logTail(output + chunk.toString(), 20_000)));
  let exitCode: number | null | undefined;
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));
  const exited = new Promise<void>((resolve) => child.once('close', (code, signal) => {
    exitCode = code ?? (signal ? -1 : null);
    resolve();
  }));
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch { /* already gone */ }
  };
  const stop = async () => {
    if (exitCode === undefined) killGroup(options.stopSignal ?? 'SIGTERM');
    if ((await Promise.race([exited.then(() => 'exited' as const), graceTimer(5_000)])) !== 'exited') killGroup('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`${options.name} could not start (${options.command}): ${spawnError.message}`);
    if (exitCode !== undefined) throw new Error(`${options.name} exited with ${exitCode} before it was ready:\n${logTail(output)}`);
    if (await options.ready().catch(() => false)) return { log: () => output, stop };
    await sleep(200);
  }
  await stop();
  throw new Error(`${options.name} was not ready within the start timeout:\n${logTail(output)}`);
}

/**
 * The HTTP status `url` answers with, or 0 when nothing answers. No keep-alive: a pooled socket
 * would keep the test process alive after the emulator stopped.
 */
export function httpStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(0));
  });
}
