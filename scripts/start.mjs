#!/usr/bin/env node
// `npm start`: on a fresh clone with only the machine's Node, sets everything up (scripts/setup/,
// the same phases `.ci/run` runs: Node 22 under .tools/, npm ci when node_modules is stale, the
// Python venv, code-server), builds, makes (or reuses) a demo workspace whose mlflow.db the
// examples filled, and opens it with RunLens loaded from this checkout. One line per phase; each
// phase's output goes to its log. Plain JS: Node 20 runs it up to the hand-over to Node 22.
import { appendFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openInDesktopCode, startCodeServer } from './demo/openWorkspace.mjs';
import { prepareWorkspace } from './demo/prepareWorkspace.mjs';
import { findOnPath } from './setup/findOnPath.mjs';
import { nodePhase, reexecWith } from './setup/node.mjs';
import { formatSeconds, PhaseFailure, runPhases } from './setup/phaseRunner.mjs';
import { buildPhase, codeServerPhase, depsPhase, pythonPhase } from './setup/toolPhases.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const logDir = path.join(repoRoot, '.tools', 'logs');
// Set when Node 20 hands over to Node 22: the node phase is done, the clock keeps running.
const HANDOVER_NODE = 'RUNLENS_START_NODE';
const HANDOVER_BEGAN = 'RUNLENS_START_BEGAN';

const HELP = `Usage: npm start [-- options]

Sets up what a fresh clone lacks (Node 22 under .tools/node22, npm ci, the Python venv for the
examples, code-server; the venv and code-server are cached outside the clone in
\${RUNLENS_TOOL_CACHE:-~/.cache/runlens-tools}), builds RunLens, makes a demo workspace
(.demo/workspace) whose mlflow.db is filled by running examples/, and opens it with the
extension: in desktop VS Code when \`code\` is on PATH, otherwise in code-server at
http://127.0.0.1:8080. Prints one line per phase; each phase's output is in .tools/logs/.

Options:
  --fresh       rebuild the demo workspace instead of reusing it
  --browser     use code-server even when \`code\` is on PATH
  --port N      code-server's port (default 8080; 0 picks a free one)
  --dir DIR     where the demo lives (default .demo in the repo)
  --no-python   write the demo with RunLens's own store instead of running examples/
  -h, --help    show this help
`;

const say = (line) => process.stdout.write(`${line}\n`);

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

function demoPhase(opts, onReady) {
  return {
    name: 'demo',
    logFile: path.join(opts.demoRoot, 'demo.log'),
    async run({ logFile }) {
      const log = (line) => appendFileSync(logFile, `${line}\n`);
      const prepared = await prepareWorkspace({ repoRoot, demoRoot: opts.demoRoot, fresh: opts.fresh, usePython: !opts['no-python'], say: log });
      onReady(prepared);
      const where = path.relative(process.cwd(), prepared.workspace) || prepared.workspace;
      if (prepared.reused) return { detail: where, reused: true };
      if (prepared.filledBy === 'store') {
        const why = opts['no-python'] ? '--no-python' : `no Python with mlflow, scikit-learn and matplotlib; see ${logFile}`;
        return { detail: `${where} written by our store (${why})` };
      }
      const expected = prepared.examples.filter((result) => result.expected).length;
      const note = expected === prepared.examples.length ? '' : `; their output: ${prepared.logFile}`;
      return { detail: `${where} filled by examples/ (${expected} of ${prepared.examples.length} ran as expected${note})` };
    },
  };
}

/** Starts code-server as the last phase; then runs until Ctrl-C or until it stops by itself. */
async function serveInBrowser(opts, workspace, began) {
  const stateDir = path.join(opts.demoRoot, 'code-server');
  let server;
  // Signals are caught before code-server starts: it runs in its own process group, so a Ctrl-C
  // that ended this process by default (even one sent right as the URL appears) would leave it running.
  let signalled;
  let onSignal = (signal) => { signalled = signal; };
  process.once('SIGINT', () => onSignal('SIGINT'));
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('exit', () => {
    try {
      if (server) process.kill(-server.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  await runPhases([{
    name: 'open',
    logFile: path.join(stateDir, 'code-server.log'),
    async run({ logFile }) {
      server = await startCodeServer({ repoRoot, workspace, stateDir, port: opts.port, logFile });
      return { detail: `code-server on port ${server.port}` };
    },
  }], { logDir, say });
  if (signalled) {
    say(`\n${signalled}: stopping code-server`);
    await server.stop();
    return 0;
  }
  return new Promise((resolve) => {
    let stopping = false;
    onSignal = (signal) => {
      stopping = true;
      say(`\n${signal}: stopping code-server`);
      server.stop().then(() => resolve(0));
    };
    server.child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`code-server stopped (${code ?? signal}); its log: ${server.logFile}`);
      resolve(code === 0 ? 0 : 1);
    });
    say(`\nRunLens demo ready in ${formatSeconds(Date.now() - began)} in all. Open this URL in a browser (RunLens is the beaker in the activity bar):\n\n  ${server.url}\n\ncode-server log: ${server.logFile}\nPress Ctrl-C to stop.`);
  });
}

async function main(argv) {
  const opts = options(argv);
  if (opts.help) {
    say(HELP);
    return 0;
  }
  const began = Number(process.env[HANDOVER_BEGAN]) || Date.now();
  const tools = { node: process.env[HANDOVER_NODE] };
  delete process.env[HANDOVER_NODE];
  delete process.env[HANDOVER_BEGAN];
  if (!tools.node) {
    await runPhases([nodePhase(repoRoot, tools)], { logDir, say });
    if (realpathSync(tools.node) !== realpathSync(process.execPath)) {
      const env = { ...process.env, [HANDOVER_NODE]: tools.node, [HANDOVER_BEGAN]: String(began) };
      return reexecWith(tools.node, [fileURLToPath(import.meta.url), ...argv], env);
    }
  }

  const code = opts.browser ? undefined : findOnPath('code');
  let prepared;
  await runPhases([
    depsPhase(repoRoot, tools),
    pythonPhase(repoRoot, tools, { wanted: !opts['no-python'] }),
    codeServerPhase(repoRoot, tools, { wanted: !code, reason: `desktop VS Code opens the demo (${code})` }),
    buildPhase(repoRoot, tools),
    demoPhase(opts, (ready) => { prepared = ready; }),
  ], { logDir, say });

  if (!code) return serveInBrowser(opts, prepared.workspace, began);
  await runPhases([{
    name: 'open',
    run: async ({ logFile }) => {
      await openInDesktopCode(code, repoRoot, prepared.workspace, logFile);
      return { detail: `in VS Code (${code}) with RunLens from ${repoRoot}` };
    },
  }], { logDir, say });
  say(`RunLens demo ready in ${formatSeconds(Date.now() - began)} in all.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    const message = error instanceof PhaseFailure
      ? `the ${error.phase} phase failed; its log: ${error.logFile}`
      : error instanceof Error ? error.message : String(error);
    process.stderr.write(`npm start: ${message}\n`);
    process.exit(1);
  },
);
