// scripts/setup/: the phase runner npm start and .ci/run share (one timed line per phase, output in
// the phase's log, a failure names the phase and its log), and the check that decides whether
// npm ci must run, on the repo's real package-lock.json and npm's own record of node_modules.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installState } from '../../scripts/setup/installState.mjs';
import { PhaseFailure, runPhases } from '../../scripts/setup/phaseRunner.mjs';
import { childEnv, runLogged } from '../../scripts/setup/runLogged.mjs';
import { repoRoot } from '../support/python.ts';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'runlens-setup-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fake clock that advances by the given milliseconds at each call. */
function steppingClock(stepsMs: number[]): () => number {
  let now = 0;
  let index = 0;
  return () => (now += stepsMs[index++ % stepsMs.length]);
}

describe('runPhases', () => {
  test('prints one line per phase with its time; the output of the commands goes to each phase\'s log', async () => {
    const logDir = path.join(scratch, 'ok-logs');
    const lines: string[] = [];
    const results = await runPhases([
      { name: 'first', run: async ({ logFile }) => { await runLogged(process.execPath, ['-e', 'console.log("to stdout"); console.error("to stderr")'], { logFile }); return { detail: 'made', reused: false }; } },
      { name: 'second', run: () => ({ detail: '1.2.3', reused: true }) },
      { name: 'third', run: () => ({ detail: 'not needed here', skipped: true }) },
    ], { logDir, say: (line) => lines.push(line), now: steppingClock([0, 1234]) });
    assert.deepEqual(lines, ['✓ first made 1.2 s', '✓ second 1.2.3 (reused) 1.2 s', '– third not needed here 1.2 s']);
    assert.equal(readFileSync(path.join(logDir, 'first.log'), 'utf8'), 'to stdout\nto stderr\n');
    assert.equal(readFileSync(path.join(logDir, 'second.log'), 'utf8'), '', 'each log starts empty');
    assert.deepEqual(results.map((r) => [r.name, r.reused, r.skipped, r.ms]), [['first', false, false, 1234], ['second', true, false, 1234], ['third', false, true, 1234]]);
  });

  test('a failing phase is named with its log path and tail; later phases do not run', async () => {
    const logDir = path.join(scratch, 'fail-logs');
    const ownLog = path.join(scratch, 'elsewhere', 'install.log');
    mkdirSync(path.dirname(ownLog), { recursive: true });
    writeFileSync(ownLog, 'from an earlier run\n');
    const lines: string[] = [];
    let laterRan = false;
    const failure = await runPhases([
      { name: 'install', logFile: ownLog, run: ({ logFile }) => runLogged(process.execPath, ['-e', 'console.error("npm ERR! no such package"); process.exit(3)'], { logFile }) },
      { name: 'later', run: () => { laterRan = true; } },
    ], { logDir, say: (line) => lines.push(line) }).then(() => undefined, (error: unknown) => error);
    assert.ok(failure instanceof PhaseFailure, String(failure));
    assert.equal(failure.phase, 'install');
    assert.equal(failure.logFile, ownLog);
    assert.equal(laterRan, false);
    assert.match(lines[0], /^✗ install failed after \d+\.\d s: .* exited with 3$/u);
    assert.equal(lines[1], `  its log: ${ownLog}`);
    assert.equal(lines[2], '    npm ERR! no such package');
    assert.equal(readFileSync(ownLog, 'utf8'), 'npm ERR! no such package\n', 'the log starts empty at each run');
  });

  test('a nested npm does not inherit the outer npm script\'s own variables, but keeps the user\'s npm config', () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, { npm_execpath: '/outer/npm-cli.js', npm_lifecycle_event: 'start', npm_config_user_agent: 'npm/x node/v20', npm_config_cache: '/my/cache', INIT_CWD: '/x' });
      const env = childEnv({ EXTRA: '1' });
      assert.deepEqual([env.npm_execpath, env.npm_lifecycle_event, env.npm_config_user_agent, env.INIT_CWD], [undefined, undefined, undefined, undefined]);
      assert.equal(env.npm_config_cache, '/my/cache');
      assert.equal(env.EXTRA, '1');
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe('installState (does npm ci need to run?)', () => {
  const recorded = path.join(repoRoot, 'node_modules', '.package-lock.json');

  /** A project folder with the repo's package-lock.json and, optionally, npm's record edited. */
  function project(name: string, edit?: (packages: Record<string, { version?: string; optional?: boolean }>) => void): string {
    const root = path.join(scratch, name);
    mkdirSync(path.join(root, 'node_modules'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'package-lock.json'), path.join(root, 'package-lock.json'));
    if (edit) {
      const record = JSON.parse(readFileSync(recorded, 'utf8'));
      edit(record.packages);
      writeFileSync(path.join(root, 'node_modules', '.package-lock.json'), JSON.stringify(record));
    }
    return root;
  }

  test('the repo\'s own node_modules, installed by npm ci, is current', () => {
    assert.ok(existsSync(recorded), 'npm ci leaves node_modules/.package-lock.json');
    const state = installState(repoRoot);
    assert.ok(state.current, JSON.stringify(state));
    assert.ok(state.packages > 100);
  });

  test('missing node_modules, or one npm did not record, is stale', () => {
    const bare = path.join(scratch, 'bare');
    mkdirSync(bare);
    copyFileSync(path.join(repoRoot, 'package-lock.json'), path.join(bare, 'package-lock.json'));
    assert.deepEqual(installState(bare), { current: false, reason: 'node_modules is missing' });
    assert.deepEqual(installState(project('unrecorded')), { current: false, reason: 'node_modules has no .package-lock.json (not installed by npm ci)' });
  });

  test('a package at another version, a missing one or an extra one is stale; a missing optional one is not', () => {
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')).packages as Record<string, { version: string; optional?: boolean }>;
    const yamlVersion = lock['node_modules/yaml'].version;
    assert.deepEqual(installState(project('older', (p) => { p['node_modules/yaml'].version = '0.0.1'; })), { current: false, reason: `node_modules/yaml is 0.0.1, the lock asks for ${yamlVersion}` });
    assert.deepEqual(installState(project('missing', (p) => { delete p['node_modules/yaml']; })), { current: false, reason: 'node_modules/yaml is not installed' });
    assert.deepEqual(installState(project('extra', (p) => { p['node_modules/left-pad'] = { version: '1.3.0' }; })), { current: false, reason: 'node_modules/left-pad is installed but not in package-lock.json' });
    const optional = Object.keys(lock).find((key) => lock[key].optional);
    assert.ok(optional, 'the lock has optional packages (other platforms\' binaries)');
    const withoutOptional = installState(project('no-optional', (p) => { delete p[optional]; }));
    assert.equal(withoutOptional.current, true, JSON.stringify(withoutOptional));
  });
});
