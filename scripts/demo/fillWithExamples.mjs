// Fills a demo workspace's mlflow.db the way a user would: `runlens server` on it, and the
// unchanged example scripts logging to that server with the real mlflow client.
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';

// The order of test/conformance/py/run_examples.py; failing_run.py fails on purpose.
export const EXAMPLES = ['iris_basic.py', 'grid_sweep.py', 'autolog.py', 'artifacts.py', 'registry_promotion.py', 'failing_run.py'];
const EXPECTED_TO_FAIL = new Set(['failing_run.py']);

/** Environment without anything that would send the examples' runs somewhere else. */
export function cleanMlflowEnv(extra = {}) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^MLFLOW_(TRACKING_|EXPERIMENT_|RUN_ID$|REGISTRY_URI$)/u.test(key)) delete env[key];
  }
  return { ...env, ...extra };
}

/** Starts `dist/cli.js server` on the workspace store; resolves with its URL and a stop(). */
export function startTrackingServer(repoRoot, workspace, log) {
  const child = spawn(process.execPath, [
    path.join(repoRoot, 'dist', 'cli.js'), 'server',
    '--backend-store-uri', `sqlite:///${path.join(workspace, 'mlflow.db')}`,
    '--artifacts-destination', path.join(workspace, 'mlartifacts'),
    '--host', '127.0.0.1',
    '--port', '0',
  ], { cwd: workspace, stdio: ['ignore', 'pipe', 'pipe'], env: cleanMlflowEnv() });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
  const url = new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      log.write(chunk);
      seen = (seen + chunk.toString()).slice(-4096);
      const listening = /listening at (http:\/\/\S+)/u.exec(seen);
      if (listening) resolve(listening[1].replace(/\/$/u, ''));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`runlens server exited (${code ?? signal}) before listening: ${seen.trim().split('\n').pop()}`)));
  });
  return url.then((value) => ({ url: value, stop }), async (error) => { await stop(); throw error; });
}

function runExample(python, script, workspace, trackingUri, log) {
  const started = Date.now();
  return new Promise((resolve) => {
    log.write(`\n=== ${script} ===\n`);
    // A relative script path: mlflow records it as the run's source, and the workspace can move.
    const child = spawn(python, [path.join('examples', script)], {
      cwd: workspace,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: cleanMlflowEnv({ MLFLOW_TRACKING_URI: trackingUri, PYTHONUNBUFFERED: '1', GIT_PYTHON_REFRESH: 'quiet' }),
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once('error', (error) => resolve({ script, code: -1, seconds: 0, error: error.message }));
    child.once('exit', (code, signal) => resolve({ script, code: code ?? (signal ? 128 : 1), seconds: (Date.now() - started) / 1000 }));
  });
}

/**
 * Runs every example against a server on `<workspace>/mlflow.db`; a failure does not stop the
 * rest. Returns one `{ script, code, seconds, expected }` per example; output goes to logFile.
 */
export async function fillWithExamples({ repoRoot, workspace, python, logFile, say }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  const server = await startTrackingServer(repoRoot, workspace, log);
  const results = [];
  try {
    say(`  runlens server on ${server.url}; running examples/ with ${python}`);
    for (const script of EXAMPLES) {
      const result = await runExample(python, script, workspace, server.url, log);
      const failed = result.code !== 0;
      result.expected = failed === EXPECTED_TO_FAIL.has(script);
      results.push(result);
      const mark = result.expected ? 'ok  ' : 'FAIL';
      const note = EXPECTED_TO_FAIL.has(script) ? (failed ? ' (fails on purpose)' : ' (should have failed)') : failed ? ` (exit ${result.code})` : '';
      say(`  ${mark} ${script.padEnd(24)} ${result.seconds.toFixed(1).padStart(5)} s${note}`);
    }
  } finally {
    await server.stop();
    await new Promise((resolve) => log.end(resolve));
  }
  if (results.some((r) => !r.expected)) say(`  some examples did not run as expected; their output is in ${logFile}`);
  return results;
}

/** The last lines of a log, for error messages. */
export function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
