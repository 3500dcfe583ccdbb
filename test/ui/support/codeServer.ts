// code-server (real VS Code's server and web workbench) from .tools/code-server, offline and
// loopback-only, for the UI tests. Each run keeps its config, user data and extensions in one
// data folder so nothing touches ~/.config or the user's extensions.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/python.ts';

export const codeServerEntry = path.join(repoRoot, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** The folders code-server is pointed at with --config, --user-data-dir and --extensions-dir. */
export interface CodeServerDirs {
  config: string;
  userDataDir: string;
  extensionsDir: string;
}

/** The standard layout inside one data folder; `extensionsDir` may live elsewhere. */
export function codeServerDirs(dataDir: string, extensionsDir = path.join(dataDir, 'extensions')): CodeServerDirs {
  return { config: path.join(dataDir, 'config.yaml'), userDataDir: path.join(dataDir, 'user'), extensionsDir };
}

export function assertCodeServerInstalled(): void {
  if (!existsSync(codeServerEntry)) {
    throw new Error(`code-server not found at ${path.relative(repoRoot, codeServerEntry)}: run bash .ci/setup-code-server.sh`);
  }
}

function dirFlags(dirs: CodeServerDirs): string[] {
  return ['--config', dirs.config, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
}

// An empty gallery keeps the offline workbench from asking open-vsx.org for anything; an empty
// IPC hook keeps code-server from handing the command to an already running instance.
function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, EXTENSIONS_GALLERY: '{}', VSCODE_IPC_HOOK_CLI: '', ELECTRON_RUN_AS_NODE: '', ...extra };
}

/** `code-server --install-extension <vsix>`; resolves with its output, rejects on a non-zero exit. */
export function installExtension(vsix: string, dirs: CodeServerDirs): Promise<string> {
  assertCodeServerInstalled();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [codeServerEntry, ...dirFlags(dirs), '--install-extension', vsix], { env: offlineEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`code-server --install-extension exited ${code}:\n${output}`))));
  });
}

export interface RunningCodeServer {
  child: ChildProcess;
  port: number;
  /** Everything code-server printed so far (also written to `logFile`). */
  output(): string;
  /** Kills code-server and its helpers (extension host, pty host, file watcher). */
  kill(): void;
}

/** Starts code-server in its own process group on a free loopback port. */
export function startCodeServer(dirs: CodeServerDirs, logFile: string, env: Record<string, string> = {}): Promise<RunningCodeServer> {
  assertCodeServerInstalled();
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    ...dirFlags(dirs),
  ];
  // The extension host inherits this environment, so `env` reaches the extension too.
  const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: offlineEnv(env) });
  const log = createWriteStream(logFile);
  child.once('exit', () => log.end());
  let output = '';
  const kill = () => {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`code-server did not listen within 60 s:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString();
      const listening = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/u.exec(output);
      if (!listening) return;
      clearTimeout(timer);
      resolve({ child, port: Number(listening[1]), output: () => output, kill });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => { clearTimeout(timer); reject(error); });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

/** The extension host logs under the user data folder: where activation errors show up. */
export function extensionHostLogs(dirs: CodeServerDirs): string {
  const logsDir = path.join(dirs.userDataDir, 'logs');
  if (!existsSync(logsDir)) return '';
  return readdirSync(logsDir, { recursive: true, encoding: 'utf8' })
    // remoteexthost.log, plus the extensions' own output channels under exthost*/.
    .filter((file) => file.includes('exthost') && file.endsWith('.log'))
    .sort()
    .map((file) => `--- ${file}\n${readFileSync(path.join(logsDir, file), 'utf8')}`)
    .join('\n');
}
