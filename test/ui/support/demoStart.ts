// Shared by the `npm start` UI tests: start the demo until it prints the workbench URL, ask the
// real mlflow which experiments the demo store holds, and read the Experiments view's rows.
import { spawn } from 'node:child_process';
import type { Page } from 'playwright-core';
import { runPythonJson } from '../../support/python.ts';

export interface StartedDemo {
  url: string;
  output: () => string;
  seconds: number;
  stop(): Promise<void>;
}

/**
 * Runs `command args` in its own process group (as a terminal would) until it prints the
 * workbench URL; stop() sends the group SIGINT, as Ctrl-C does, and SIGKILL after 20 s.
 */
export function startDemo(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<StartedDemo> {
  const began = Date.now();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => signalGroup('SIGKILL'), 20_000);
    child.once('exit', () => { clearTimeout(force); resolve(); });
    signalGroup('SIGINT');
  });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/mu.exec(output)?.[1];
      if (url) resolve({ url, output: () => output, seconds: (Date.now() - began) / 1000, stop });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited (${code}) before printing a URL:\n${output}`)));
  });
}

/** The environment without MLflow settings that would send the demo's runs elsewhere. */
export function withoutMlflowEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('MLFLOW_')));
}

/** Active experiment names as the real mlflow reads them from a demo's mlflow.db. */
export function mlflowExperimentNames(workspace: string): Promise<string[]> {
  const code = [
    'import json, sys, warnings', 'warnings.filterwarnings("ignore")', 'from mlflow import MlflowClient',
    'client = MlflowClient("sqlite:///" + sys.argv[1] + "/mlflow.db")',
    'print(json.dumps(sorted(e.name for e in client.search_experiments())))',
  ].join('\n');
  return runPythonJson<string[]>('-c', [code, workspace]);
}

/** Top-level rows of the Experiments view, polled until they equal `expected` or time runs out. */
export async function experimentRows(page: Page, expected: string[], timeoutMs: number): Promise<string[]> {
  const rows = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Experiments' }) }).locator('.monaco-list-row[aria-level="1"]');
  const deadline = Date.now() + timeoutMs;
  let names: string[] = [];
  while (Date.now() < deadline) {
    names = (await rows.allTextContents()).map((text) => text.trim()).sort();
    if (JSON.stringify(names) === JSON.stringify(expected)) break;
    await page.waitForTimeout(250);
  }
  return names;
}
