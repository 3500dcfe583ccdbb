// RunLens's language-model tools in real VS Code, called as an agent calls them
// (vscode.lm.invokeTool) against the fixture store the real mlflow wrote: answers match what
// mlflow answers, acting tools change exactly what their confirmation says (read back through
// mlflow), launches run through Run with Tracking, mlruns/ stores refuse writes, and answers stay
// bounded on a 100k-run store. The untrusted-workspace refusals live in untrusted/.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { OpenedStore } from '../../src/store/openStore.ts';
import { AGENT_TOOLS } from '../../src/tools/toolCatalog.ts';
import { RESULT_CHAR_LIMIT } from '../../src/tools/toolResult.ts';
import { autoApproveTools, dataOf, invokeTool, mlflowJson, prepared, python, useTrackingUri } from './support/agentCalls.ts';
import { fixtureFacts, fixtureRun, runLens, runLensExtension, waitFor } from './support/extension.ts';

const exec = promisify(execFile);
const MODEL = 'agent-tools-model';
const LAUNCH_EXPERIMENT = 'agent-launched';
const SCRIPT = 'agent_train.py';

interface MlflowModel {
  stages: Record<string, string>;
  aliases: Record<string, string>;
  audit: { user: string; action: string; version?: string; from?: string; to?: string; reason?: string }[];
}

/** The model's stages, aliases and RunLens audit events (in key order), as mlflow reads them. */
const readModel = (store: OpenedStore): Promise<MlflowModel> => mlflowJson<MlflowModel>(`
import json, sys, mlflow
c = mlflow.MlflowClient(sys.argv[1])
m = c.get_registered_model(sys.argv[2])
print(json.dumps({
  "stages": {str(v.version): v.current_stage for v in c.search_model_versions(f"name = '{m.name}'")},
  "aliases": {a: str(v) for a, v in m.aliases.items()},
  "audit": [json.loads(m.tags[k]) for k in sorted(m.tags) if k.startswith("runlens.audit.")],
}))`, `sqlite:///${store.location}`, MODEL);

/** A run's tags, params and metrics as mlflow reads them. */
const readRun = (trackingUri: string, runId: string) => mlflowJson<{ status: string; tags: Record<string, string>; params: Record<string, string>; metrics: Record<string, number> }>(`
import json, sys, mlflow
r = mlflow.MlflowClient(sys.argv[1]).get_run(sys.argv[2])
print(json.dumps({"status": r.info.status, "tags": r.data.tags, "params": r.data.params, "metrics": r.data.metrics}))`, trackingUri, runId);

function withinBound(name: string, text: string): void {
  assert.ok(text.length <= RESULT_CHAR_LIMIT, `${name} answered ${text.length} characters, over ${RESULT_CHAR_LIMIT}`);
}

suite('Agent tools (vscode.lm)', function () {
  this.timeout(300_000);
  let store: OpenedStore;
  let trackingUri: string;
  let workspace: string;
  const temporary: string[] = [];

  suiteSetup(async () => {
    const api = await runLens();
    assert.ok(api.session.store?.kind === 'sqlite', 'the fixture store is open');
    store = api.session.store;
    trackingUri = `sqlite:///${store.location}`;
    workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    await autoApproveTools(true);
    // A model of this suite's own, so the fixture's iris-model stays as other suites expect it.
    const runId = fixtureFacts().modelRunId;
    await store.registry.createRegisteredModel(MODEL);
    for (let i = 0; i < 2; i++) await store.registry.createModelVersion({ name: MODEL, source: `runs:/${runId}/model`, runId });
  });

  suiteTeardown(async () => {
    const api = await runLens();
    await useTrackingUri(undefined, (location) => location === store.location).catch(() => undefined);
    const current = api.session.store;
    await current?.registry.deleteRegisteredModel(MODEL).catch(() => undefined);
    await current?.tracking.deleteTag(fixtureRun('house-prices', 'ridge-run').runId, 'reviewed').catch(() => undefined);
    const launched = await current?.tracking.getExperimentByName(LAUNCH_EXPERIMENT);
    if (launched) await current?.tracking.deleteExperiment(launched.experimentId);
    rmSync(path.join(workspace, SCRIPT), { force: true });
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
    for (const key of ['launch.pythonPath', 'launch.openCharts']) await vscode.workspace.getConfiguration('runlens').update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await autoApproveTools(false);
    await vscode.commands.executeCommand('runlens.refresh');
  });

  test('every catalog tool is registered with its schema', () => {
    for (const tool of AGENT_TOOLS) {
      const registered = vscode.lm.tools.find((t) => t.name === tool.name);
      assert.ok(registered, `${tool.name} is in vscode.lm.tools`);
      assert.deepEqual(registered.inputSchema, tool.inputSchema);
      assert.ok(registered.tags.includes('runlens'));
    }
  });

  test("searchRuns: the best run by a metric is the one mlflow's search_runs orders first", async () => {
    const expected = await mlflowJson<string[]>(`
import json, sys, mlflow
c = mlflow.MlflowClient(sys.argv[1])
e = c.get_experiment_by_name("house-prices")
print(json.dumps([r.info.run_id for r in c.search_runs([e.experiment_id], order_by=["metrics.accuracy DESC"], max_results=3)]))`, trackingUri);
    const text = await invokeTool('runlens_searchRuns', { experiments: ['house-prices'], orderBy: ['metrics.accuracy DESC'], maxResults: 3 });
    const runs = dataOf(text).runs as { id: string; metrics: Record<string, number> }[];
    assert.deepEqual(runs.map((r) => r.id), expected);
    assert.equal(runs[0].metrics.accuracy, fixtureRun('house-prices', 'gbm-run').metrics.accuracy);
  });

  test("getRun: params and latest metrics as mlflow read them; bad input named", async () => {
    const run = fixtureRun('house-prices', 'lasso-run');
    const data = dataOf(await invokeTool('runlens_getRun', { runId: run.runId }));
    const params = Object.fromEntries((data.params as { items: { key: string; value: string }[] }).items.map((p) => [p.key, p.value]));
    const metrics = Object.fromEntries((data.metrics as { items: { key: string; value: number }[] }).items.map((m) => [m.key, m.value]));
    assert.deepEqual(params, run.params);
    assert.deepEqual(metrics, run.metrics);
    assert.match(await invokeTool('runlens_getRun', { id: run.runId }), /^Invalid input: id: unknown field/u);
  });

  test('readArtifact: a text artifact as the file mlflow stored; an image by its size, no bytes', async () => {
    const run = fixtureRun('iris-classifier', 'forest-run');
    const root = run.artifactUri.startsWith('file:') ? fileURLToPath(run.artifactUri) : run.artifactUri;
    const notes = dataOf(await invokeTool('runlens_readArtifact', { runId: run.runId, path: 'notes.txt' }));
    assert.equal(notes.kind, 'text');
    assert.deepEqual(notes.lines, readFileSync(path.join(root, 'notes.txt'), 'utf8').trimEnd().split('\n'));
    const image = dataOf(await invokeTool('runlens_readArtifact', { runId: run.runId, path: 'plots/confusion.png' }));
    assert.equal(image.kind, 'image');
    assert.equal(image.bytes, statSync(path.join(root, 'plots', 'confusion.png')).size);
    assert.ok(Number(image.width) > 0 && Number(image.height) > 0, 'pixel size read from the header');
    assert.match(await invokeTool('runlens_readArtifact', { runId: run.runId, path: '../notes.txt' }), /INVALID_PARAMETER_VALUE.*path/u);
  });

  test('setTag: the confirmation states the change, and exactly that tag changes', async () => {
    const run = fixtureRun('house-prices', 'ridge-run');
    const input = { runId: run.runId, key: 'reviewed', value: 'yes' };
    const first = await prepared('runlens_setTag', input);
    assert.equal(first.invocationMessage, 'Setting tag…');
    assert.equal(first.confirmation, `Set tag \`reviewed\` = \`yes\` on run 'ridge-run' (${run.runId.slice(0, 8)}…) in experiment 'house-prices'; the run has no such tag yet.`);
    const before = await readRun(trackingUri, run.runId);
    assert.match(await invokeTool('runlens_setTag', input), /^Set tag reviewed on run 'ridge-run'/u);
    const after = await readRun(trackingUri, run.runId);
    assert.deepEqual(after, { ...before, tags: { ...before.tags, reviewed: 'yes' } });

    const second = await prepared('runlens_setTag', { ...input, value: 'no' });
    assert.match(second.confirmation ?? '', /`reviewed` = `no`.*its old value `yes` is replaced\.$/u);
    await invokeTool('runlens_setTag', { ...input, value: 'no' });
    assert.equal((await readRun(trackingUri, run.runId)).tags.reviewed, 'no');
  });

  test("setTag refuses MLflow's system tags and RunLens's bookkeeping, changing nothing", async () => {
    const run = fixtureRun('house-prices', 'gbm-run');
    const before = await readRun(trackingUri, run.runId);
    assert.match(await invokeTool('runlens_setTag', { runId: run.runId, key: 'mlflow.runName', value: 'x' }), /^Invalid input: key: 'mlflow\.runName' is one of MLflow's system tags/u);
    assert.match(await invokeTool('runlens_setTag', { runId: run.runId, key: 'runlens.command', value: 'rm -rf ~' }), /^Invalid input: key: 'runlens\.command' is RunLens's own bookkeeping/u);
    assert.deepEqual(await readRun(trackingUri, run.runId), before);
  });

  test('transitionStage: the version moves as stated, the audit trail records user and reason', async () => {
    const user = os.userInfo().username;
    const input = { model: MODEL, version: '1', stage: 'Staging', reason: 'best accuracy of the sweep' };
    const { confirmation } = await prepared('runlens_transitionStage', input);
    assert.equal(confirmation, `Move model '${MODEL}' version 1 from None to Staging. Reason recorded in the audit trail: "best accuracy of the sweep".`);
    const before = await readModel(store);
    assert.match(await invokeTool('runlens_transitionStage', input), new RegExp(`^Model '${MODEL}' version 1 moved from None to Staging\\.`, 'u'));
    const after = await readModel(store);
    assert.deepEqual(after.stages, { ...before.stages, 1: 'Staging' });
    assert.deepEqual(after.aliases, before.aliases);
    assert.equal(after.audit.length, before.audit.length + 1);
    assert.deepEqual({ ...after.audit.at(-1), time: 0 }, { time: 0, user, action: 'stage', version: '1', from: 'None', to: 'Staging', reason: input.reason });

    // Version 2 to Staging, archiving version 1: said before, done after.
    const archiving = { model: MODEL, version: 2, stage: 'staging', archiveExisting: true, reason: 'retrained' };
    assert.match((await prepared('runlens_transitionStage', archiving)).confirmation ?? '', /from None to Staging\. Version 1, now in Staging, will be moved to Archived\./u);
    await invokeTool('runlens_transitionStage', archiving);
    assert.deepEqual((await readModel(store)).stages, { 1: 'Archived', 2: 'Staging' });
    assert.match(await invokeTool('runlens_transitionStage', { model: MODEL, version: '1', stage: 'Archived', archiveExisting: true }), /^Invalid input: archiveExisting/u);
  });

  test('setAlias: the alias points where stated, with user and reason in the trail', async () => {
    const input = { model: MODEL, alias: 'champion', version: '2', reason: 'promoted by the agent' };
    assert.match((await prepared('runlens_setAlias', input)).confirmation ?? '', /^Point alias @champion of model 'agent-tools-model' at version 2 \(a new alias\)\./u);
    const before = await readModel(store);
    await invokeTool('runlens_setAlias', input);
    const after = await readModel(store);
    assert.deepEqual(after.aliases, { ...before.aliases, champion: '2' });
    assert.deepEqual(after.stages, before.stages);
    assert.equal(after.audit.at(-1)?.action, 'alias-set');
    assert.equal(after.audit.at(-1)?.user, os.userInfo().username);
    assert.equal(after.audit.at(-1)?.reason, input.reason);

    assert.match((await prepared('runlens_setAlias', { ...input, version: '1' })).confirmation ?? '', /\(it moves from version 2\)/u);
    assert.match(await invokeTool('runlens_setAlias', { ...input, alias: 'latest' }), /^Invalid input: alias: 'latest' alias name \(case insensitive\) is reserved/u);
    assert.deepEqual((await readModel(store)).aliases, after.aliases);
  });

  test('launchRun: a workspace script runs as a tracked run that ends FINISHED with its --lr param', async () => {
    await vscode.workspace.getConfiguration('runlens').update('launch.pythonPath', python(), vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('runlens').update('launch.openCharts', false, vscode.ConfigurationTarget.Workspace);
    writeFileSync(path.join(workspace, SCRIPT), [
      'import argparse, mlflow',
      'parser = argparse.ArgumentParser()',
      'parser.add_argument("--lr", type=float)',
      'args = parser.parse_args()',
      'with mlflow.start_run():',
      '    mlflow.log_param("lr", args.lr)',
      '    mlflow.log_metric("loss", 1 - args.lr)',
      '',
    ].join('\n'));
    const input = { script: SCRIPT, params: { lr: 0.01 }, experimentName: LAUNCH_EXPERIMENT, runName: 'agent-lr-0.01' };
    assert.equal((await prepared('runlens_launchRun', input)).confirmation,
      `Run \`${SCRIPT}\` \`--lr 0.01\` with the workspace's Python, as a new run 'agent-lr-0.01' in a new experiment '${LAUNCH_EXPERIMENT}'. The script runs in a terminal in the workspace folder and can do anything its code does.`);
    const text = await invokeTool('runlens_launchRun', input);
    const { runId, command } = dataOf(text) as { runId: string; command: string };
    assert.match(command, /agent_train\.py --lr 0\.01$/u);
    const ended = await waitFor(async () => (await readRun(trackingUri, runId)).status !== 'RUNNING', 120_000);
    assert.ok(ended, 'the launched run ended');
    const run = await readRun(trackingUri, runId);
    assert.equal(run.status, 'FINISHED');
    assert.equal(run.params.lr, '0.01');
    assert.equal(run.tags['mlflow.runName'], 'agent-lr-0.01');
    assert.equal(run.tags['runlens.command'], command, 'Run with Tracking recorded the command');
    assert.equal(run.tags['mlflow.source.name'], path.join(workspace, SCRIPT));

    for (const script of ['../outside.py', path.join(workspace, SCRIPT), 'missing.py']) {
      assert.match(await invokeTool('runlens_launchRun', { script }), /^Invalid input: script/u, script);
    }
  });

  test('on an mlruns/ store the real mlflow wrote, acting tools are refused and change nothing', async () => {
    const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-agent-mlruns-')));
    temporary.push(folder);
    const { stdout } = await exec(python(), [path.join(runLensExtension().extensionPath, 'test', 'support', 'py', 'agent_store.py'), folder, 'mlruns'], { env: { ...process.env, MLFLOW_ALLOW_FILE_STORE: 'true', PYTHONWARNINGS: 'ignore' }, maxBuffer: 16 * 1024 * 1024 });
    const written = JSON.parse(stdout.trim().split('\n').pop() as string) as { bestByValAccuracy: string[]; trackingUri: string };
    const mlruns = path.join(folder, 'mlruns');
    await useTrackingUri(mlruns, (location) => location === mlruns);

    const best = written.bestByValAccuracy[0];
    const found = dataOf(await invokeTool('runlens_searchRuns', { experiments: ['agent-sweep'], orderBy: ['metrics.val_accuracy DESC'], maxResults: 1 }));
    assert.deepEqual((found.runs as { id: string }[]).map((r) => r.id), [best], 'reads work');
    const before = await readRun(mlruns, best);
    const calls: [string, Record<string, unknown>][] = [
      ['runlens_setTag', { runId: best, key: 'reviewed', value: 'yes' }],
      ['runlens_transitionStage', { model: 'agent-model', version: '1', stage: 'Production', reason: 'x' }],
      ['runlens_setAlias', { model: 'agent-model', alias: 'champion', version: '1' }],
      ['runlens_launchRun', { script: SCRIPT, experimentName: 'agent-sweep' }],
    ];
    for (const [name, input] of calls) {
      const refusal = /^Refused: .* changes the store, and mlruns folders are read-only in RunLens\.$/u;
      const { invocationMessage, confirmation } = await prepared(name, input);
      assert.match(invocationMessage, refusal, `${name} says so before it runs`);
      assert.equal(confirmation, undefined, 'nothing to confirm');
      assert.match(await invokeTool(name, input), refusal, name);
    }
    assert.deepEqual(await readRun(mlruns, best), before);
    const runs = await mlflowJson<number>(`
import json, sys, mlflow
c = mlflow.MlflowClient(sys.argv[1])
print(json.dumps(len(c.search_runs([e.experiment_id for e in c.search_experiments()], max_results=1000))))`, mlruns);
    assert.equal(runs, 7, 'no run was launched');
  });

  test('answers stay under the size bound on a 100k-run store', async () => {
    const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-agent-100k-')));
    temporary.push(folder);
    // Filled in a process of its own: the extension host stays free meanwhile.
    await exec(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(runLensExtension().extensionPath, 'test', 'support', 'fillRunsMain.ts'), folder, '100000'], { maxBuffer: 1024 * 1024 });
    const db = path.join(folder, 'mlflow.db');
    await useTrackingUri(db, (location) => location === db);

    const widest = await invokeTool('runlens_searchRuns', { orderBy: ['metrics.accuracy DESC'], maxResults: 100 });
    withinBound('searchRuns', widest);
    const runs = dataOf(widest).runs as { id: string; metrics: Record<string, number> }[];
    assert.ok(runs.length > 0 && runs.length <= 100);
    assert.match(widest, /more match/u, 'says there are more');
    const filtered = await invokeTool('runlens_searchRuns', { experiments: ['sweep-100000'], filter: "params.optimizer = 'adam' AND metrics.accuracy > 0.5", maxResults: 100 });
    withinBound('searchRuns (filtered)', filtered);
    withinBound('getRun', await invokeTool('runlens_getRun', { runId: runs[0].id }));
    const twenty = runs.slice(0, 20).map((r) => r.id);
    withinBound('compareRuns', await invokeTool('runlens_compareRuns', { runIds: twenty }));
    withinBound('metricSummary', await invokeTool('runlens_metricSummary', { runIds: twenty }));
    withinBound('listModels', await invokeTool('runlens_listModels', {}));
    const importance = await invokeTool('runlens_parameterImportance', { experiment: 'sweep-100000', metric: 'accuracy', maxRuns: 10000 });
    withinBound('parameterImportance', importance);
    assert.match(importance, /optimizer|lr|batch/u, 'ranks the params the runs have');
  });
});
