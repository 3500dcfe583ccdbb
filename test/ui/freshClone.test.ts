// README's "Get started", literally: a clone of the committed HEAD, then `npm start` run by the
// machine's own node/npm (Node 20 here) with no .tools/ in the clone. The start must install Node 22,
// run npm ci, link the Python venv and code-server from the shared tool cache (.ci/run built them
// there first), build, fill the demo from examples/ and serve it; Chromium then sees the demo's
// experiments in the RunLens view (one expanded to its run; screenshot test-results/demo-workspace.png).
// A second `npm start` must reuse every set-up phase.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { findOnPath } from '../../scripts/setup/findOnPath.mjs';
import { repoRoot } from '../support/python.ts';
import { experimentRows, mlflowExperimentNames, startDemo, withoutMlflowEnv } from './support/demoStart.ts';

const chromiumPath = process.env.RUNLENS_CHROMIUM ?? '/usr/bin/chromium';
const toolCache = realpathSync(process.env.RUNLENS_TOOL_CACHE ?? path.join(os.homedir(), '.cache', 'runlens-tools'));

/** PATH without this checkout's .tools/node22 or any node_modules/.bin: what a new user has. */
function machinePath(): string {
  return (process.env.PATH ?? '').split(path.delimiter)
    .filter((dir) => dir && !dir.includes(`${path.sep}.tools${path.sep}`) && !dir.endsWith(`node_modules${path.sep}.bin`))
    .join(path.delimiter);
}

/** The environment a newcomer's shell gives `npm start`: no npm script variables, no MLflow settings. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(withoutMlflowEnv()).filter(([key]) => !/^(npm_|INIT_CWD$|NODE_OPTIONS$|NODE_TEST_CONTEXT$)/u.test(key)));
  return { ...env, PATH: machinePath() };
}

/** The set-up lines of a start: phase name → the rest of its `✓ name …` line. */
function phaseLines(output: string): Map<string, string> {
  return new Map([...output.matchAll(/^([✓–]) (node|packages|python|code-server|build|demo|open) (.*)$/gmu)].map((m) => [m[2], `${m[1]} ${m[3]}`]));
}

describe('a fresh clone: git clone && npm start', { timeout: 30 * 60_000 }, () => {
  const clone = path.join(realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-clone-'))), 'runlens');
  after(() => rmSync(path.dirname(clone), { recursive: true, force: true, maxRetries: 3 }));
  const env = newcomerEnv();
  const npm = findOnPath('npm', env.PATH);
  const machineNode = findOnPath('node', env.PATH);

  test('the first npm start sets everything up with the machine\'s Node and opens the demo', async (t) => {
    assert.ok(npm && machineNode, `no node/npm on the machine's PATH (${env.PATH})`);
    const machineVersion = execFileSync(machineNode, ['--version'], { encoding: 'utf8' }).trim();
    t.diagnostic(`machine node ${machineVersion} (${machineNode}), npm ${npm}, tool cache ${toolCache}`);
    assert.ok(existsSync(chromiumPath), `chromium not found at ${chromiumPath}: run bash .ci/setup-code-server.sh`);

    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    execFileSync('git', ['clone', '--quiet', '--no-checkout', repoRoot, clone]);
    execFileSync('git', ['checkout', '--quiet', '--detach', head], { cwd: clone });
    assert.equal(existsSync(path.join(clone, '.tools')), false);
    assert.equal(existsSync(path.join(clone, 'node_modules')), false);

    const demo = await startDemo(npm, ['start', '--', '--browser', '--port', '0'], { cwd: clone, env });
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      t.diagnostic(`first npm start printed its URL after ${demo.seconds.toFixed(1)} s:\n${demo.output()}`);
      const phases = phaseLines(demo.output());
      assert.match(phases.get('node') ?? '', /^✓ 22\.20\.0 into \.tools\/node22 /u);
      assert.match(phases.get('packages') ?? '', /^✓ \d+ installed by npm ci \(node_modules is missing\) /u);
      assert.match(phases.get('python') ?? '', /^✓ mlflow 3\.18\.0 in \.tools\/venv → /u);
      assert.match(phases.get('code-server') ?? '', /^✓ 4\.117\.0 in \.tools\/code-server → /u);
      assert.match(phases.get('demo') ?? '', /filled by examples\/ \(6 of 6 ran as expected\)/u);
      // The venv and code-server are links into the shared cache, not built again in the clone.
      for (const [tool, prefix] of [['venv', 'venv-'], ['code-server', 'code-server-']]) {
        const link = path.join(clone, '.tools', tool);
        assert.ok(lstatSync(link).isSymbolicLink(), `.tools/${tool} is not a link`);
        assert.ok(realpathSync(link).startsWith(path.join(toolCache, prefix)), `.tools/${tool} → ${realpathSync(link)}, not into ${toolCache}`);
      }

      const workspace = path.join(clone, '.demo', 'workspace');
      assert.match(readFileSync(path.join(clone, '.demo', 'demo.log'), 'utf8'), /ok {3}failing_run\.py .*fails on purpose/u);
      assert.ok(existsSync(path.join(workspace, 'examples', 'iris_basic.py')), 'the examples are not copied into the workspace');
      const expected = await mlflowExperimentNames(workspace);
      for (const name of ['iris-basic', 'grid-sweep', 'sklearn-autolog', 'artifacts-demo', 'registry-promotion', 'failing-run']) {
        assert.ok(expected.includes(name), `mlflow does not list the example experiment ${name}: ${expected.join(', ')}`);
      }
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(demo.url);
      await page.locator('.activitybar .action-label[aria-label="RunLens"]').click({ timeout: 60_000 });
      assert.deepEqual(await experimentRows(page, expected, 60_000), expected);
      // Expanding an experiment lists its runs: iris_basic.py logs one, named iris-basic.
      const experiments = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Experiments' }) });
      await experiments.locator('.monaco-list-row[aria-level="1"]', { hasText: 'iris-basic' }).click();
      await experiments.locator('.monaco-list-row[aria-level="2"]', { hasText: 'iris-basic' }).first().waitFor({ timeout: 30_000 });
      mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
      await page.screenshot({ path: path.join(repoRoot, 'test-results', 'demo-workspace.png') });
    } finally {
      await browser.close();
      await demo.stop();
    }
  });

  test('a second npm start reuses every set-up phase', async (t) => {
    assert.ok(npm && existsSync(path.join(clone, '.demo', 'workspace')), 'the first start did not make the demo');
    const demo = await startDemo(npm, ['start', '--', '--browser', '--port', '0'], { cwd: clone, env });
    try {
      t.diagnostic(`second npm start printed its URL after ${demo.seconds.toFixed(1)} s:\n${demo.output()}`);
      const phases = phaseLines(demo.output());
      for (const phase of ['node', 'packages', 'python', 'code-server', 'demo']) {
        assert.match(phases.get(phase) ?? '', /^✓ .*\(reused\) \d+\.\d s$/u, `${phase}: ${phases.get(phase)}`);
      }
      assert.match(phases.get('open') ?? '', /^✓ code-server on port \d+ /u);
      assert.match(demo.output(), /RunLens demo ready in \d+\.\d s in all/u);
    } finally {
      await demo.stop();
    }
  });
});
