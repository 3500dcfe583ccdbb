// Opens the demo workspace with the extension loaded from the repo: desktop VS Code when `code`
// is on PATH, otherwise code-server on a loopback port, offline, until Ctrl-C.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runLogged } from '../setup/runLogged.mjs';
import { cleanMlflowEnv } from './fillWithExamples.mjs';

/** Desktop VS Code opens its own window; `code` returns at once. Its output goes to logFile. */
export function openInDesktopCode(code, repoRoot, workspace, logFile) {
  return runLogged(code, [`--extensionDevelopmentPath=${repoRoot}`, workspace], { env: cleanMlflowEnv(), logFile });
}

export function codeServerEntry(repoRoot) {
  return path.join(repoRoot, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/**
 * The page to open: the workspace folder, with the repo as a development extension. code-server
 * takes --extensionDevelopmentPath only through the URL payload, as a vscode-remote:// URI.
 */
export function workbenchUrl(port, repoRoot, workspace) {
  const authority = `127.0.0.1:${port}`;
  const remote = (file) => `vscode-remote://${authority}${file}`;
  const payload = [['extensionDevelopmentPath', remote(repoRoot)], ['skipWelcome', 'true'], ['skipReleaseNotes', 'true']];
  return `http://${authority}/?folder=${encodeURIComponent(remote(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function killGroup(child, signal) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// First-run settings of the demo's own profile: no chat side bar competing with RunLens for space.
const DEMO_USER_SETTINGS = {
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.startupEditor': 'none',
};

function writeDemoSettings(stateDir) {
  const file = path.join(stateDir, 'user', 'User', 'settings.json');
  if (existsSync(file)) return; // the user's changes from earlier sessions win
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(DEMO_USER_SETTINGS, null, 2)}\n`);
}

/**
 * Starts code-server in its own process group with its state under stateDir; resolves with
 * `{ url, port, child, stop }` once it listens. Flags as in test/vscode/shim/code.
 */
export function startCodeServer({ repoRoot, workspace, stateDir, port, logFile = path.join(stateDir, 'code-server.log') }) {
  mkdirSync(stateDir, { recursive: true });
  writeDemoSettings(stateDir);
  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [
    codeServerEntry(repoRoot),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--disable-proxy',
    // The demo folder is ours: no trust prompt. The flag lasts for this session only.
    '--disable-workspace-trust',
    '--config', path.join(stateDir, 'config.yaml'),
    '--user-data-dir', path.join(stateDir, 'user'),
    '--extensions-dir', path.join(stateDir, 'extensions'),
    workspace,
  ], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The extension host inherits this: no MLFLOW_TRACKING_URI of the caller's (RunLens would
    // prefer it to the workspace mlflow.db), and an empty gallery keeps it offline.
    env: cleanMlflowEnv({ VSCODE_IPC_HOOK_CLI: '', EXTENSIONS_GALLERY: '{}', ELECTRON_RUN_AS_NODE: '' }),
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    killGroup(child, 'SIGTERM');
    setTimeout(() => killGroup(child, 'SIGKILL'), 3000).unref();
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk) => {
      log.write(chunk);
      seen = (seen + chunk.toString()).slice(-4096);
      const listening = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/u.exec(seen);
      if (listening) {
        const actual = Number(listening[1]);
        resolve({ url: workbenchUrl(actual, repoRoot, workspace), port: actual, child, stop, logFile });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      log.end();
      const inUse = /EADDRINUSE/u.test(seen) ? ` Port ${port} is in use: pass another with \`npm start -- --port N\`.` : '';
      reject(new Error(`code-server exited (${code ?? signal}) before listening.${inUse}\n${seen.trim().split('\n').slice(-15).join('\n')}`));
    });
  });
}
