#!/usr/bin/env node
// `.ci/run`'s set-up, the same phases `npm start` runs: node scripts/setup/cli.mjs node deps python code-server
// One shared plain-JS set-up (not a bash script) so npm start can print a timed line per phase
// and the phase runner and staleness check are unit-tested; the long installs stay in .ci/*.sh.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodePhase } from './node.mjs';
import { formatSeconds, runPhases } from './phaseRunner.mjs';
import { buildPhase, codeServerPhase, depsPhase, pythonPhase } from './toolPhases.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const tools = {};
const known = {
  node: () => nodePhase(repoRoot, tools),
  deps: () => depsPhase(repoRoot, tools),
  python: () => pythonPhase(repoRoot, tools, { required: true }),
  'code-server': () => codeServerPhase(repoRoot, tools),
  build: () => buildPhase(repoRoot, tools),
};

const names = process.argv.slice(2);
const unknown = names.filter((name) => !(name in known));
if (names.length === 0 || unknown.length > 0 || names[0] !== 'node') {
  process.stderr.write(`usage: node scripts/setup/cli.mjs node [deps] [python] [code-server] [build]${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}\n`);
  process.exit(2);
}
const began = Date.now();
const say = (line) => process.stdout.write(`${line}\n`);
runPhases(names.map((name) => known[name]()), { logDir: path.join(repoRoot, '.tools', 'logs'), say }).then(
  () => say(`set-up done in ${formatSeconds(Date.now() - began)}`),
  () => process.exit(1),
);
