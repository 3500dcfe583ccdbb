// `npm start` end to end: scripts/start.mjs builds, fills a demo workspace by running examples/
// through `runlens server`, and serves it in code-server; headless Chromium then finds the RunLens
// activity-bar entry and, in its Experiments view, the experiments the real mlflow lists.
// Needs .tools/code-server (.ci/setup-code-server.sh), /usr/bin/chromium and the venv.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { experimentRows, mlflowExperimentNames, startDemo as startCommand, withoutMlflowEnv } from './support/demoStart.ts';

const chromiumPath = process.env.RUNLENS_CHROMIUM ?? '/usr/bin/chromium';
const startScript = path.join(repoRoot, 'scripts', 'start.mjs');

/** Runs `npm start` (as node scripts/start.mjs) in this checkout until it prints the workbench URL. */
const startDemo = (args: string[]) => startCommand(process.execPath, [startScript, '--browser', '--port', '0', ...args], { cwd: repoRoot, env: withoutMlflowEnv() });

describe('npm start', { timeout: 180_000 }, () => {
  const demoRoot = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-demo-')));
  const workspace = path.join(demoRoot, 'workspace');
  after(() => rmSync(demoRoot, { recursive: true, force: true, maxRetries: 3 }));

  test('fills a workspace from examples/ and opens it in code-server with RunLens', async (t) => {
    for (const [what, file] of [['code-server', path.join(repoRoot, '.tools', 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js')], ['chromium', chromiumPath]]) {
      assert.ok(existsSync(file), `${what} not found at ${file}: run bash .ci/setup-code-server.sh`);
    }
    const demo = await startDemo(['--dir', demoRoot]);
    const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      t.diagnostic(`first start printed its URL after ${demo.seconds.toFixed(1)} s`);
      assert.match(demo.output(), /^✓ demo .* filled by examples\/ \(6 of 6 ran as expected\)/mu);
      assert.match(readFileSync(path.join(demoRoot, 'demo.log'), 'utf8'), /ok {3}failing_run\.py .*fails on purpose/u);
      const expected = await mlflowExperimentNames(workspace);
      for (const name of ['iris-basic', 'grid-sweep', 'sklearn-autolog', 'artifacts-demo', 'registry-promotion', 'failing-run']) {
        assert.ok(expected.includes(name), `mlflow does not list the example experiment ${name}: ${expected.join(', ')}`);
      }
      assert.ok(existsSync(path.join(workspace, 'examples', 'iris_basic.py')), 'the examples are not copied into the workspace');

      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(demo.url);
      await page.locator('.activitybar .action-label[aria-label="RunLens"]').click({ timeout: 60_000 });
      const shown = await experimentRows(page, expected, 60_000);
      assert.deepEqual(shown, expected);
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

  test('a second start reuses the workspace', async (t) => {
    const demo = await startDemo(['--dir', demoRoot]);
    try {
      t.diagnostic(`second start printed its URL after ${demo.seconds.toFixed(1)} s`);
      assert.match(demo.output(), /^✓ demo .* \(reused\) /mu);
      assert.doesNotMatch(readFileSync(path.join(demoRoot, 'demo.log'), 'utf8'), /runlens server on/u);
    } finally {
      await demo.stop();
    }
  });

  test('without Python, --fresh --no-python writes runs, a model with an alias and artifacts through our store', async () => {
    const demo = await startDemo(['--dir', demoRoot, '--fresh', '--no-python']);
    await demo.stop();
    assert.match(demo.output(), /written by our store/u);
    const code = [
      'import json, sys, warnings', 'warnings.filterwarnings("ignore")', 'from mlflow import MlflowClient',
      'from mlflow.artifacts import download_artifacts',
      'client = MlflowClient("sqlite:///" + sys.argv[1] + "/mlflow.db")',
      'exps = {e.name: e.experiment_id for e in client.search_experiments()}',
      'runs = client.search_runs([exps["demo-training"]], order_by=["attributes.start_time ASC"])',
      'best = [r for r in runs if r.info.run_name == "lr-0.01"][0]',
      'model = client.get_registered_model("demo-classifier")',
      'print(json.dumps({"experiments": sorted(exps), "statuses": sorted(r.info.status for r in runs),',
      '  "lossSteps": len(client.get_metric_history(best.info.run_id, "loss")), "params": best.data.params,',
      '  "aliases": model.aliases, "artifactUri": best.info.artifact_uri,',
      '  "children": sum("mlflow.parentRunId" in r.data.tags for r in client.search_runs([exps["demo-sweep"]]))}))',
    ].join('\n');
    const facts = await runPythonJson<{
      experiments: string[]; statuses: string[]; lossSteps: number; params: Record<string, string>;
      aliases: Record<string, number | string>; artifactUri: string; children: number;
    }>('-c', [code, workspace]);
    assert.deepEqual(facts.experiments, ['Default', 'demo-sweep', 'demo-training']);
    assert.deepEqual(facts.statuses, ['FAILED', 'FINISHED', 'FINISHED']);
    assert.equal(facts.lossSteps, 30);
    assert.equal(facts.params.learning_rate, '0.01');
    assert.deepEqual(Object.fromEntries(Object.entries(facts.aliases).map(([alias, version]) => [alias, String(version)])), { champion: '2', previous: '1' });
    assert.equal(facts.children, 6);
    const artifacts = path.join(workspace, 'mlartifacts', ...facts.artifactUri.replace(/^mlflow-artifacts:\/*/u, '').split('/'));
    for (const file of ['notes.txt', 'metrics.json', 'plots/loss.png', 'model/MLmodel']) {
      assert.ok(existsSync(path.join(artifacts, file)), `missing artifact ${file}`);
    }
  });
});
