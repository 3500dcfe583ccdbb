// `npm start --fresh --no-python`: on a machine without Python the demo is written through
// RunLens's own store instead of by running examples/, and the real mlflow must read it back as
// written (runs and statuses, a metric history, params, a model with aliases, nested runs,
// artifacts). The start with Python, its reuse and the workbench are covered by freshClone.test.ts.
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { startDemo as startCommand, withoutMlflowEnv } from './support/demoStart.ts';

const startScript = path.join(repoRoot, 'scripts', 'start.mjs');

/** Runs `npm start` (as node scripts/start.mjs) in this checkout until it prints the workbench URL. */
const startDemo = (args: string[]) => startCommand(process.execPath, [startScript, '--browser', '--port', '0', ...args], { cwd: repoRoot, env: withoutMlflowEnv() });

describe('npm start without Python', { timeout: 180_000 }, () => {
  const demoRoot = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-demo-')));
  const workspace = path.join(demoRoot, 'workspace');
  after(() => rmSync(demoRoot, { recursive: true, force: true, maxRetries: 3 }));

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
