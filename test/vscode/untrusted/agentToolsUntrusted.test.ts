// The agent tools in a workspace the user has not trusted (the "untrusted" configuration of
// .vscode-test.mjs: the shim leaves the fixture folder untrusted): reads answer, every acting tool
// is refused before and when it runs, and the store, read back through mlflow, is unchanged.
import assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { AGENT_TOOLS } from '../../../src/tools/toolCatalog.ts';
import { autoApproveTools, dataOf, invokeTool, mlflowJson, prepared } from '../support/agentCalls.ts';
import { fixtureFacts, fixtureRun, runLens } from '../support/extension.ts';

/** Everything an acting tool could change, as mlflow reads it: runs (with tags), models (stages, aliases, tags). */
const snapshot = (trackingUri: string) => mlflowJson<unknown>(`
import json, sys, mlflow
from mlflow.entities import ViewType
c = mlflow.MlflowClient(sys.argv[1])
ids = [e.experiment_id for e in c.search_experiments(view_type=ViewType.ALL)]
runs = {r.info.run_id: [r.info.status, r.data.tags, r.data.params] for r in c.search_runs(ids, run_view_type=ViewType.ALL, max_results=5000)}
models = {m.name: [m.tags, {a: str(v) for a, v in m.aliases.items()}, {str(v.version): v.current_stage for v in c.search_model_versions(f"name = '{m.name}'")}] for m in c.search_registered_models()}
print(json.dumps({"runs": runs, "models": models}, sort_keys=True))`, trackingUri);

suite('Agent tools in an untrusted workspace', function () {
  this.timeout(120_000);
  let trackingUri: string;

  suiteSetup(async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this configuration opens the workspace untrusted');
    const store = (await runLens()).session.store;
    assert.ok(store?.kind === 'sqlite', 'the workspace store is open (read-only use)');
    trackingUri = `sqlite:///${store.location}`;
    await autoApproveTools(true);
  });

  suiteTeardown(() => autoApproveTools(false));

  test('reads answer as in a trusted workspace', async () => {
    const run = fixtureRun('house-prices', 'gbm-run');
    const data = dataOf(await invokeTool('runlens_getRun', { runId: run.runId }));
    assert.equal((data.info as { id: string }).id, run.runId);
  });

  test('every acting tool is refused, says so before running, and nothing changes', async () => {
    const run = fixtureRun('house-prices', 'ridge-run');
    const model = fixtureFacts().models[0];
    const inputs: Record<string, Record<string, unknown>> = {
      runlens_setTag: { runId: run.runId, key: 'reviewed', value: 'yes' },
      runlens_transitionStage: { model: model.name, version: model.versions[0].version, stage: 'Archived', reason: 'x' },
      runlens_setAlias: { model: model.name, alias: 'untrusted', version: model.versions[0].version },
      runlens_launchRun: { script: 'train.py', params: { lr: 0.01 } },
    };
    const acting = AGENT_TOOLS.filter((t) => t.acts).map((t) => t.name);
    assert.deepEqual(acting.filter((name) => !(name in inputs)), [], 'every acting tool is tried here');
    const before = await snapshot(trackingUri);
    for (const name of acting) {
      const refusal = /^Refused: .* changes the store, and this workspace is not trusted/u;
      const { invocationMessage, confirmation } = await prepared(name, inputs[name]);
      assert.match(invocationMessage, refusal, `${name} says so before it runs`);
      assert.equal(confirmation, undefined);
      assert.match(await invokeTool(name, inputs[name]), refusal, name);
    }
    assert.deepEqual(await snapshot(trackingUri), before);
  });
});
