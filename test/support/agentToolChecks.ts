// Calls agent tools as both adapters do (through runTool) and checks the read tools' answers
// against what the real mlflow printed for the store test/support/py/agent_store.py wrote. Shared
// by the SQLite, mlruns and remote cases of test/conformance/agentTools.test.ts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type OpenedStore } from '../../src/store/openStore.ts';
import type { ToolContext } from '../../src/tools/agentTool.ts';
import { runTool } from '../../src/tools/runTool.ts';
import { findTool } from '../../src/tools/toolCatalog.ts';
import { RESULT_CHAR_LIMIT } from '../../src/tools/toolResult.ts';
import { repoRoot, runPythonJson } from './python.ts';

export interface HistoryStats {
  points: number;
  min: number;
  max: number;
  last: number;
  lastStep: number;
}

/** What agent_store.py printed: mlflow's own answers. */
export interface Written {
  experimentId: string;
  ids: Record<string, string>;
  bestByValAccuracy: string[];
  histories: Record<string, Record<string, number[]>>;
  failed: string;
  historyStats: Record<string, Record<string, HistoryStats>>;
  artifactSizes: Record<string, number>;
  spearman: Record<string, number>;
  models: Record<string, { aliases: Record<string, string>; versions: Record<string, { stage: string; runId: string; status: string; aliases: string[] }> }>;
}

export interface AgentStore {
  dir: string;
  written: Written;
  store: OpenedStore;
  /** As the tools get it: workspace = the folder; writes refused where the store is read-only. */
  context: ToolContext;
  close(): void;
}

/** A temp folder the real mlflow filled (agent_store.py: mlflow.db, or mlruns/), opened as RunLens opens it. */
export async function openAgentStore(prefix: string, kind: 'sqlite' | 'mlruns' = 'sqlite'): Promise<AgentStore> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const written = await runPythonJson<Written>(path.join(repoRoot, 'test', 'support', 'py', 'agent_store.py'), kind === 'mlruns' ? [dir, 'mlruns'] : [dir], {}, dir);
  const store = await openStore(path.join(dir, kind === 'mlruns' ? 'mlruns' : 'mlflow.db'), dir);
  return {
    dir, written, store,
    context: { store, workspaceRoot: dir, user: 'tester', ...(store.readOnlyReason ? { writesRefused: store.readOnlyReason } : {}) },
    close: () => {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Called {
  ok: boolean;
  text: string;
  data: Record<string, unknown>;
}

/** The JSON after the summary line(s) of a tool's text. */
export function dataOf(text: string): Record<string, unknown> {
  return JSON.parse(text.slice(text.indexOf('\n{') + 1)) as Record<string, unknown>;
}

export async function call(context: ToolContext, name: string, input: Record<string, unknown>): Promise<Called> {
  const tool = findTool(name);
  assert.ok(tool, `${name} is in the catalog`);
  const outcome = await runTool(tool, input, context);
  assert.ok(outcome.text.length <= RESULT_CHAR_LIMIT, `${name} answer within ${RESULT_CHAR_LIMIT} characters`);
  return { ...outcome, data: outcome.ok ? dataOf(outcome.text) : {} };
}

const nameOf = (written: Written, id: string) => Object.entries(written.ids).find(([, runId]) => runId === id)?.[0] ?? 'crashed';

interface MetricRow {
  key: string;
  direction: string;
  values: Record<string, number | string>;
  best: string[] | string;
}

export async function checkCompareRuns(context: ToolContext, written: Written): Promise<Called> {
  const [first, second] = written.bestByValAccuracy;
  const answer = await call(context, 'runlens_compareRuns', { runIds: [first, second, written.failed] });
  assert.ok(answer.ok, answer.text);
  const labels = [nameOf(written, first), nameOf(written, second), 'crashed'];
  const params = answer.data.params as { key: string; values: Record<string, string> }[];
  assert.deepEqual(params.map((p) => p.key).sort(), ['api_token', 'epochs', 'lr', 'optimizer'], 'the crashed run logged only lr, so every param differs');
  const optimizer = params.find((p) => p.key === 'optimizer')!;
  assert.equal(optimizer.values.crashed, '(absent)');
  assert.equal(optimizer.values[labels[0]], labels[0].split('-')[1]);
  assert.ok(!answer.text.includes('s3cr3t-value'), 'a token-like param is hidden');
  const metrics = answer.data.metrics as MetricRow[];
  const accuracy = metrics.find((m) => m.key === 'val_accuracy')!;
  assert.deepEqual(accuracy.best, [labels[0]], 'the best by val_accuracy is the run search_runs orders first');
  assert.equal(accuracy.values[labels[0]], written.historyStats[labels[0]].val_accuracy.last);
  assert.equal(accuracy.values.crashed, '(absent)');
  const loss = metrics.find((m) => m.key === 'loss')!;
  assert.equal(loss.direction, 'lower is better');
  const lowestLoss = labels.slice(0, 2).sort((a, b) => written.historyStats[a].loss.last - written.historyStats[b].loss.last)[0];
  assert.deepEqual(loss.best, [lowestLoss]);
  assert.deepEqual(answer.data.tags, [{ key: 'team', values: { [labels[0]]: 'vision', [labels[1]]: 'vision', crashed: '(absent)' } }], 'user tags that differ; no mlflow.* tags');
  return answer;
}

export async function checkCompareOverrideAndIdentical(context: ToolContext, written: Written): Promise<void> {
  const [first, second] = written.bestByValAccuracy;
  const flipped = await call(context, 'runlens_compareRuns', { runIds: [first, second], lowerIsBetter: ['val_accuracy'] });
  const accuracy = (flipped.data.metrics as MetricRow[]).find((m) => m.key === 'val_accuracy')!;
  assert.deepEqual(accuracy.best, [nameOf(written, second)], 'the override turns the direction');
  assert.equal(accuracy.direction, 'lower is better');
  const identical = flipped.data.identical as Record<string, number>;
  const sameOptimizer = nameOf(written, first).split('-')[1] === nameOf(written, second).split('-')[1];
  assert.equal(identical.params, sameOptimizer ? 3 : 2, 'epochs, api_token (and the optimizer when both share it) are the same in both');
  assert.equal(identical.tags, 1, "'team' is the same in both");
  assert.deepEqual(flipped.data.tags, []);
}

export async function checkMetricSummary(context: ToolContext, written: Written): Promise<Called> {
  const names = Object.keys(written.ids);
  const answer = await call(context, 'runlens_metricSummary', { runIds: names.map((n) => written.ids[n]) });
  assert.ok(answer.ok, answer.text);
  const runs = answer.data.runs as { run: string; metrics: Record<string, Record<string, unknown>> }[];
  assert.equal(runs.length, names.length);
  for (const run of runs) {
    assert.deepEqual(Object.keys(run.metrics).sort(), ['loss', 'val_accuracy'], 'by default the runs\' own metrics');
    for (const key of ['loss', 'val_accuracy']) {
      const expected = written.historyStats[run.run][key];
      const history = written.histories[run.run][key];
      const got = run.metrics[key] as { points: number; min: { value: number; step: number }; max: { value: number; step: number }; last: { value: number; step: number }; best: { value: number; step: number }; trend: { direction: string; values: number[]; points: number } };
      assert.equal(got.points, expected.points, `${run.run}/${key} points`);
      assert.equal(got.min.value, expected.min);
      assert.equal(got.max.value, expected.max);
      assert.equal(history[got.min.step], expected.min, 'the min is at the step it names');
      assert.equal(history[got.max.step], expected.max);
      assert.deepEqual(got.last, { value: expected.last, step: expected.lastStep });
      assert.deepEqual(got.best, key === 'loss' ? got.min : got.max);
      assert.deepEqual(got.trend.values, history.slice(-10));
      assert.equal(got.trend.direction, key === 'loss' ? 'falling' : 'rising');
    }
  }
  const short = await call(context, 'runlens_metricSummary', { runIds: [written.bestByValAccuracy[0]], keys: ['loss', 'no_such_metric'], lastPoints: 3 });
  const best = nameOf(written, written.bestByValAccuracy[0]);
  const metrics = (short.data.runs as { metrics: Record<string, { trend: { values: number[]; fromStep: number } } | string> }[])[0].metrics;
  assert.deepEqual((metrics.loss as { trend: { values: number[]; fromStep: number } }).trend.values, written.histories[best].loss.slice(-3));
  assert.equal((metrics.loss as { trend: { fromStep: number } }).trend.fromStep, 7);
  assert.equal(metrics.no_such_metric, '(not logged)');
  return answer;
}

interface Lines {
  kind: string;
  bytes: number;
  lines: string[];
  totalLines: number;
  shownTo: number;
}

export async function checkReadArtifact(context: ToolContext, written: Written): Promise<Called[]> {
  const runId = written.bestByValAccuracy[0];
  const read = (input: Record<string, unknown>) => call(context, 'runlens_readArtifact', { runId, ...input });
  const config = await read({ path: 'config.json' });
  const configData = config.data as unknown as Lines;
  assert.equal(configData.kind, 'text');
  assert.equal(configData.bytes, written.artifactSizes['config.json']);
  assert.deepEqual(JSON.parse(configData.lines.join('\n')), { classes: ['cat', 'dog'], threshold: 0.5 });
  assert.ok(configData.lines.length > 3, 'JSON re-indented, one value a line');
  const notes = await read({ path: 'notes/summary.txt' });
  assert.deepEqual((notes.data as unknown as Lines).lines, ['first line', 'second line']);
  const png = await read({ path: 'plots/tiny.png' });
  assert.deepEqual(png.data, { path: 'plots/tiny.png', kind: 'image', bytes: written.artifactSizes['plots/tiny.png'], width: 8, height: 6 });
  const binary = await read({ path: 'weights.bin' });
  assert.deepEqual(binary.data, { path: 'weights.bin', kind: 'binary', bytes: 2048 });
  const secrets = await read({ path: 'secrets.json' });
  assert.ok(secrets.ok && !secrets.text.includes('hunter2'), 'a secret-looking value in a text artifact is hidden');
  assert.match(secrets.text, /db\.local/u);
  const log = await read({ path: 'logs/train.log' });
  const logData = log.data as unknown as Lines;
  assert.equal(logData.totalLines, 3000);
  assert.ok(logData.shownTo < 3000 && logData.lines.length === logData.shownTo, 'a long log is cut');
  assert.match(log.text, new RegExp(`fromLine ${logData.shownTo + 1}`, 'u'), 'the answer says how to read on');
  const more = await read({ path: 'logs/train.log', fromLine: logData.shownTo + 1 });
  assert.equal((more.data as unknown as Lines).lines[0], `epoch ${logData.shownTo}: loss=${(1 / (logData.shownTo + 1)).toFixed(6)}`);
  const root = await read({});
  const entries = (root.data as { entries: string[] }).entries;
  for (const expected of ['config.json (63 bytes)', 'logs/', 'notes/', 'plots/', `weights.bin (2048 bytes)`]) assert.ok(entries.includes(expected), `${expected} in ${entries.join(', ')}`);
  const folder = await read({ path: 'notes' });
  assert.deepEqual((folder.data as { entries: string[] }).entries, [`notes/summary.txt (${written.artifactSizes['notes/summary.txt']} bytes)`]);
  const missing = await read({ path: 'nope.txt' });
  assert.equal(missing.ok, false);
  assert.match(missing.text, /RESOURCE_DOES_NOT_EXIST/u);
  for (const bad of ['../../etc/passwd', '/etc/passwd', 'notes\\summary.txt']) {
    const refused = await read({ path: bad });
    assert.equal(refused.ok, false, bad);
    assert.match(refused.text, /INVALID_PARAMETER_VALUE.*'path'/u, bad);
  }
  return [config, png, log];
}

export async function checkParameterImportance(context: ToolContext, written: Written): Promise<Called> {
  const answer = await call(context, 'runlens_parameterImportance', { experiment: 'agent-sweep', metric: 'val_accuracy' });
  assert.ok(answer.ok, answer.text);
  assert.equal(answer.data.runsUsed, 6);
  assert.equal(answer.data.runsWithoutMetric, 1, 'the crashed run logged no val_accuracy');
  const params = answer.data.params as { param: string; kind: string; importance: number; spearman?: number }[];
  assert.deepEqual(params.map((p) => p.param).sort(), ['lr', 'optimizer']);
  const lr = params.find((p) => p.param === 'lr')!;
  assert.ok(Math.abs(lr.spearman! - written.spearman.lr) < 1e-3, `rho ${lr.spearman} is scipy's ${written.spearman.lr}`);
  assert.ok(Math.abs(params.reduce((s, p) => s + p.importance, 0) - 1) < 1e-3, 'importances sum to 1');
  assert.deepEqual((answer.data.constantParams as string[]).sort(), ['api_token', 'epochs']);
  const byId = await call(context, 'runlens_parameterImportance', { experiment: written.experimentId, metric: 'val_accuracy', filter: "params.optimizer = 'adam'" });
  assert.equal(byId.data.runsUsed, 3);
  const none = await call(context, 'runlens_parameterImportance', { experiment: 'agent-sweep', metric: 'no_such_metric' });
  assert.equal(none.ok, false);
  assert.match(none.text, /at least 3/u);
  return answer;
}

interface ListedModel {
  name: string;
  aliases: Record<string, string>;
  versions: { version: string; stage: string; aliases: string[]; runId: string; status: string }[];
  placements: { where: string; version: string }[];
}

/** Models, versions, stages and aliases as MlflowClient read them back. */
export async function checkListModels(context: ToolContext, written: Written): Promise<Called> {
  const answer = await call(context, 'runlens_listModels', {});
  assert.ok(answer.ok, answer.text);
  const models = answer.data.models as ListedModel[];
  assert.deepEqual(models.map((m) => m.name), Object.keys(written.models));
  const [model] = models;
  const expected = written.models[model.name];
  assert.deepEqual(model.aliases, expected.aliases);
  assert.deepEqual(Object.fromEntries(model.versions.map((v) => [v.version, { stage: v.stage, runId: v.runId, status: v.status, aliases: v.aliases }])), expected.versions);
  assert.deepEqual(model.versions.map((v) => v.version), ['2', '1'], 'newest first');
  assert.deepEqual(model.placements.map((p) => `${p.where}:${p.version}`), ['Staging:1', '@champion:2']);
  const filtered = await call(context, 'runlens_listModels', { filter: "name LIKE '%agent%'" });
  assert.deepEqual((filtered.data.models as ListedModel[]).map((m) => m.name), ['agent-model']);
  const none = await call(context, 'runlens_listModels', { filter: "name = 'no-such-model'" });
  assert.deepEqual(none.data.models, []);
  return answer;
}
