// `npm start -- --help` answers on the machine's own Node (20 on the CI machine) before any set-up:
// scripts/start.mjs and scripts/setup/ are plain JS that an older Node parses.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findOnPath } from '../../scripts/setup/findOnPath.mjs';
import { repoRoot } from '../support/python.ts';

test('npm start --help runs on the machine\'s node, not .tools/node22', (t) => {
  const machinePath = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir && !dir.includes(`${path.sep}.tools${path.sep}`)).join(path.delimiter);
  const node = findOnPath('node', machinePath);
  assert.ok(node, `no node on the machine's PATH (${machinePath})`);
  t.diagnostic(`machine node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()} at ${node}`);
  const result = spawnSync(node, [path.join(repoRoot, 'scripts', 'start.mjs'), '--help'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^Usage: npm start \[-- options\]/u);
  assert.match(result.stdout, /--no-python/u);
  const wrong = spawnSync(node, [path.join(repoRoot, 'scripts', 'start.mjs'), '--port', 'x'], { encoding: 'utf8' });
  assert.equal(wrong.status, 1);
  assert.equal(wrong.stderr, "npm start: --port must be a number from 0 to 65535, got 'x'\n");
});
