// The set-up phases after Node: npm packages, the Python venv, code-server, the build. The venv
// and code-server come from .ci/setup-python.sh / .ci/setup-code-server.sh (they cache them by
// version outside the clone); `.ci/run` runs these same phases through scripts/setup/cli.mjs.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findOnPath } from './findOnPath.mjs';
import { installState } from './installState.mjs';
import { childEnv, runLogged } from './runLogged.mjs';

/** The environment for tool commands: `tools.node` first on PATH, native modules built against it. */
export function toolEnv(tools) {
  const nodeDir = path.dirname(tools.node);
  const headers = path.join(path.dirname(nodeDir), 'include', 'node');
  return childEnv({
    PATH: `${nodeDir}${path.delimiter}${process.env.PATH ?? ''}`,
    ...(existsSync(headers) ? { npm_config_nodedir: path.dirname(nodeDir) } : {}),
  });
}

const home = os.homedir();
const shown = (file) => (home && file.startsWith(`${home}/`) ? `~${file.slice(home.length)}` : file);

/** `.tools/x → <cache>/x-…` when it is a link into the tool cache. */
function linkNote(repoRoot, relative) {
  try {
    const real = realpathSync(path.join(repoRoot, relative));
    return real === path.join(repoRoot, relative) ? relative : `${relative} → ${shown(real)}`;
  } catch {
    return relative;
  }
}

export function depsPhase(repoRoot, tools) {
  return {
    name: 'packages',
    async run({ logFile }) {
      const before = installState(repoRoot);
      if (before.current) return { detail: `${before.packages} in node_modules`, reused: true };
      await runLogged('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot, env: toolEnv(tools), logFile });
      const after = installState(repoRoot);
      if (!after.current) throw new Error(`node_modules still differs from package-lock.json after npm ci: ${after.reason}`);
      return { detail: `${after.packages} installed by npm ci (${before.reason})` };
    },
  };
}

/** `required` (CI) fails without a python3; npm start then writes the demo with our own store. */
export function pythonPhase(repoRoot, tools, { wanted = true, required = false } = {}) {
  return {
    name: 'python',
    async run({ logFile }) {
      if (!wanted) return { skipped: true, detail: 'not used (--no-python): the demo is written with RunLens\'s own store' };
      const python = process.env.PYTHON ?? findOnPath('python3');
      if (!python) {
        if (required) throw new Error('no python3 on PATH');
        return { skipped: true, detail: 'no python3 on PATH: the demo is written with RunLens\'s own store instead of examples/' };
      }
      await runLogged('bash', [path.join(repoRoot, '.ci', 'setup-python.sh')], { cwd: repoRoot, env: toolEnv(tools), logFile });
      const log = readFileSync(logFile, 'utf8');
      const mlflow = /mlflow (\d+\.\d+\.\d+)/u.exec(log)?.[1] ?? '?';
      return { detail: `mlflow ${mlflow} in ${linkNote(repoRoot, '.tools/venv')}`, reused: /already present/u.test(log) };
    },
  };
}

export function codeServerPhase(repoRoot, tools, { wanted = true, reason = '' } = {}) {
  return {
    name: 'code-server',
    async run({ logFile }) {
      if (!wanted) return { skipped: true, detail: `not needed: ${reason}` };
      await runLogged('bash', [path.join(repoRoot, '.ci', 'setup-code-server.sh')], { cwd: repoRoot, env: toolEnv(tools), logFile });
      const log = readFileSync(logFile, 'utf8');
      const version = /code-server (\d+\.\d+\.\d+)/u.exec(log)?.[1] ?? '?';
      return { detail: `${version} in ${linkNote(repoRoot, '.tools/code-server')}`, reused: /already present/u.test(log) };
    },
  };
}

export function buildPhase(repoRoot, tools) {
  return {
    name: 'build',
    async run({ logFile }) {
      await runLogged(tools.node, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, env: toolEnv(tools), logFile });
      return { detail: 'dist/ (esbuild)' };
    },
  };
}
