#!/usr/bin/env node
// `npm start`: builds the extension, makes (or reuses) a demo workspace whose mlflow.db the
// examples filled, and opens it with RunLens loaded from this checkout. Plain JS so that an
// older Node can still explain what is missing or hand over to .tools/node22.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundledNode, hasBundledNode, isSupportedNode, reexecWith, unsupportedNodeMessage } from './demo/nodeVersion.mjs';
import { ensureCodeServer, findOnPath, openInDesktopCode, startCodeServer } from './demo/openWorkspace.mjs';
import { prepareWorkspace } from './demo/prepareWorkspace.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();

const HELP = `Usage: npm start [-- options]

Builds RunLens, makes a demo workspace (.demo/workspace) whose mlflow.db is filled by running
examples/, and opens it with the extension: in desktop VS Code when \`code\` is on PATH,
otherwise in code-server at http://127.0.0.1:8080.

Options:
  --fresh       rebuild the demo workspace instead of reusing it
  --browser     use code-server even when \`code\` is on PATH
  --port N      code-server's port (default 8080; 0 picks a free one)
  --dir DIR     where the demo lives (default .demo in the repo)
  --no-python   write the demo with RunLens's own store instead of running examples/
  -h, --help    show this help
`;

const say = (line) => process.stdout.write(`${line}\n`);
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      fresh: { type: 'boolean', default: false },
      browser: { type: 'boolean', default: false },
      port: { type: 'string', default: '8080' },
      dir: { type: 'string' },
      'no-python': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, got '${values.port}'`);
  return { ...values, port, demoRoot: path.resolve(values.dir ?? path.join(repoRoot, '.demo')) };
}

function build() {
  say('Building RunLens (npm run build)');
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed (see above)');
}

/** Runs code-server until Ctrl-C or until it stops by itself. */
async function serveInBrowser(opts, workspace) {
  ensureCodeServer(repoRoot, say);
  const server = await startCodeServer({ repoRoot, workspace, stateDir: path.join(opts.demoRoot, 'code-server'), port: opts.port });
  process.once('exit', () => {
    try {
      process.kill(-server.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  say(`\nRunLens demo ready in ${seconds()}. Open this URL in a browser (RunLens is the beaker in the activity bar):\n\n  ${server.url}\n\ncode-server log: ${server.logFile}\nPress Ctrl-C to stop.`);
  return new Promise((resolve) => {
    let stopping = false;
    const shutdown = (signal) => {
      stopping = true;
      say(`\n${signal}: stopping code-server`);
      server.stop().then(() => resolve(0));
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    server.child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`code-server stopped (${code ?? signal}); its log: ${server.logFile}`);
      resolve(code === 0 ? 0 : 1);
    });
  });
}

async function main(argv) {
  const opts = options(argv);
  if (opts.help) {
    say(HELP);
    return 0;
  }
  if (!isSupportedNode()) {
    if (!hasBundledNode(repoRoot)) {
      process.stderr.write(`${unsupportedNodeMessage(repoRoot)}\n`);
      return 1;
    }
    say(`Node ${process.versions.node} is too old for RunLens; using ${path.relative(process.cwd(), bundledNode(repoRoot))}`);
    return reexecWith(bundledNode(repoRoot), [fileURLToPath(import.meta.url), ...argv]);
  }

  build();
  const prepared = await prepareWorkspace({ repoRoot, demoRoot: opts.demoRoot, fresh: opts.fresh, usePython: !opts['no-python'], say });
  say(prepared.reused
    ? `Reusing the demo workspace ${prepared.workspace} (npm start -- --fresh rebuilds it)`
    : `Demo workspace ${prepared.workspace} ready (${prepared.filledBy === 'examples' ? 'filled by examples/' : 'written by our store'}) after ${seconds()}`);

  const code = opts.browser ? undefined : findOnPath('code');
  if (code) {
    say(`Opening it in VS Code (${code}) with RunLens from ${repoRoot}`);
    return openInDesktopCode(code, repoRoot, prepared.workspace);
  }
  return serveInBrowser(opts, prepared.workspace);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
