// Runs the pinned Python mlflow from the venv that `.ci/run` / `npm run setup:python` makes.
// A missing venv is a failure, never a skip: conformance is judged by the real mlflow.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function venvPython(): string {
  const python = process.env.RUNLENS_PYTHON ?? path.join(repoRoot, '.tools', 'venv', 'bin', 'python');
  if (!existsSync(python)) {
    throw new Error(`Python venv not found at ${path.relative(repoRoot, python)}: run \`npm run setup:python\` first`);
  }
  return python;
}

export interface PythonResult {
  stdout: string;
  stderr: string;
}

/** Runs a Python file with the venv's interpreter; rejects with its stderr on a non-zero exit. */
export function runPython(script: string, args: string[] = [], env: Record<string, string> = {}, cwd?: string): Promise<PythonResult> {
  const python = venvPython();
  return new Promise((resolve, reject) => {
    execFile(
      python,
      [script, ...args],
      {
        cwd,
        env: { ...process.env, PYTHONUNBUFFERED: '1', MLFLOW_ALLOW_FILE_STORE: 'true', GIT_PYTHON_REFRESH: 'quiet', ...env },
        maxBuffer: 256 * 1024 * 1024,
        timeout: 10 * 60_000,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${path.basename(script)} failed: ${error.message}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Runs a Python file that prints one JSON document on its last stdout line. */
export async function runPythonJson<T>(script: string, args: string[] = [], env: Record<string, string> = {}, cwd?: string): Promise<T> {
  const { stdout } = await runPython(script, args, env, cwd);
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}
