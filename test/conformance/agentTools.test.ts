// The agent tools (src/tools/) answer the questions agents ask with what the real mlflow's client
// answers on the same store: mlflow 3.18 writes it (test/support/py/agent_store.py) and prints its
// own answers; each tool is called through runTool, as VS Code and `runlens mcp` call it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { auditedRegistry } from '../../src/store/audit/auditedRegistry.ts';
import { openStore, type OpenedStore } from '../../src/store/openStore.ts';
import { openDatabase } from '../../src/store/sqlite/driver.ts';
import type { ToolContext } from '../../src/tools/agentTool.ts';
import {
  call, checkCompareOverrideAndIdentical, openAgentStore, type AgentStore, checkCompareRuns, checkListModels, checkMetricSummary, checkParameterImportance, checkReadArtifact, type Written,
} from '../support/agentToolChecks.ts';
import { logTail, startMlflowServer } from '../support/mlflowServer.ts';

describe('agent tools on a store the real mlflow wrote', { timeout: 600_000 }, () => {
  let dir: string;
  let written: Written;
  let store: OpenedStore;
  let context: ToolContext;

  let fixture: AgentStore | undefined;

  before(async () => {
    fixture = await openAgentStore('runlens-agent-');
    ({ dir, written, store, context } = fixture);
  });

  after(() => fixture?.close());

  test('searchRuns: the best run by a metric is the one mlflow search_runs orders first', async () => {
    const { ok, data } = await call(context, 'runlens_searchRuns', { experiments: ['agent-sweep'], orderBy: ['metrics.val_accuracy DESC'], maxResults: 3 });
    assert.ok(ok);
    const runs = data.runs as { id: string; metrics: Record<string, number>; params: Record<string, string> }[];
    assert.deepEqual(runs.map((r) => r.id), written.bestByValAccuracy.slice(0, 3));
    assert.ok('val_accuracy' in runs[0].metrics, 'the metric asked about is shown');
    assert.ok('lr' in runs[0].params && 'optimizer' in runs[0].params, 'the params that differ are shown');
  });

  test('searchRuns: a filter in MLflow syntax, and failed runs by status', async () => {
    const adam = await call(context, 'runlens_searchRuns', { filter: "params.optimizer = 'adam' AND metrics.val_accuracy > 0.5" });
    const expected = Object.entries(written.ids).filter(([name]) => name.endsWith('adam') && written.histories[name].val_accuracy.at(-1)! > 0.5).map(([, id]) => id).sort();
    assert.deepEqual((adam.data.runs as { id: string }[]).map((r) => r.id).sort(), expected);
    const failed = await call(context, 'runlens_searchRuns', { filter: "attributes.status = 'FAILED'" });
    assert.deepEqual((failed.data.runs as { id: string }[]).map((r) => r.id), [written.failed]);
  });

  test('bad input is refused with the field named; a bad filter with MLflow\'s error code', async () => {
    const unknown = await call(context, 'runlens_searchRuns', { experimnts: ['x'] });
    assert.equal(unknown.ok, false);
    assert.match(unknown.text, /experimnts/u);
    const tooMany = await call(context, 'runlens_searchRuns', { maxResults: 5000 });
    assert.match(tooMany.text, /maxResults/u);
    const badFilter = await call(context, 'runlens_searchRuns', { filter: 'metrics.val_accuracy >> 1' });
    assert.equal(badFilter.ok, false);
    assert.match(badFilter.text, /INVALID_PARAMETER_VALUE/u);
    const noExperiment = await call(context, 'runlens_searchRuns', { experiments: ['no-such-experiment'] });
    assert.match(noExperiment.text, /RESOURCE_DOES_NOT_EXIST/u);
  });

  test('getRun: params, latest metrics and artifacts; secret-looking values hidden; no absolute paths', async () => {
    const best = written.bestByValAccuracy[0];
    const { ok, text, data } = await call(context, 'runlens_getRun', { runId: best });
    assert.ok(ok);
    const name = Object.entries(written.ids).find(([, id]) => id === best)![0];
    const metrics = (data.metrics as { items: { key: string; value: number; step: number }[] }).items;
    assert.equal(metrics.find((m) => m.key === 'val_accuracy')?.value, written.histories[name].val_accuracy.at(-1));
    assert.equal(metrics.find((m) => m.key === 'val_accuracy')?.step, 9);
    const params = (data.params as { items: { key: string; value: string }[] }).items;
    assert.equal(params.find((p) => p.key === 'lr')?.value, name.slice(2).split('-')[0]);
    assert.ok(!text.includes('s3cr3t-value'), 'a param named like a token is not shown');
    assert.ok(!text.includes(dir), 'workspace paths are relative');
    const listing = JSON.stringify(data.artifacts);
    assert.match(listing, /notes\//u);
    assert.match(listing, /config\.json/u);
  });

  test('compareRuns: only what differs, absent values shown, best per metric by direction (and by override)', async () => {
    await checkCompareRuns(context, written);
    await checkCompareOverrideAndIdentical(context, written);
  });

  test('metricSummary: points, min, max, latest and best match mlflow get_metric_history; the trend of the last points', async () => {
    await checkMetricSummary(context, written);
  });

  test('readArtifact: text as lines (JSON re-indented, long logs cut and continued), images by size, binaries by size, folders, confined paths', async () => {
    await checkReadArtifact(context, written);
  });

  test('parameterImportance: params ranked for a metric with scipy\'s Spearman rho, constant params apart', async () => {
    await checkParameterImportance(context, written);
  });

  test('listModels: versions, stages and aliases as MlflowClient reads them; the audit trail after an audited change', async () => {
    await checkListModels(context, written);
    await auditedRegistry(store.registry, { user: 'alice', reason: 'passed offline eval' }).transitionModelVersionStage('agent-model', '2', 'Production', false);
    const after = await call(context, 'runlens_listModels', { filter: "name LIKE '%agent%'", trailEvents: 1 });
    const [audited] = after.data.models as { trail: { user: string; action: string; change: string; reason: string; time: string }[]; placements: { where: string; version: string; by?: string; reason?: string }[]; olderEvents?: number }[];
    assert.equal(audited.trail.length, 1);
    assert.deepEqual({ ...audited.trail[0], time: undefined }, { time: undefined, user: 'alice', action: 'Version 2 moved to Production', change: 'None → Production', reason: 'passed offline eval' });
    assert.deepEqual(audited.placements.find((p) => p.where === 'Production'), { where: 'Production', version: '2', since: audited.trail[0].time, by: 'alice', reason: 'passed offline eval' });
    assert.ok(audited.placements.some((p) => p.where === '@champion' && p.version === '2'));
    const bad = await call(context, 'runlens_listModels', { maxResults: 0 });
    assert.match(bad.text, /maxResults/u);
  });

  test('bad input names the field', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['runlens_compareRuns', { runIds: [written.failed] }, /runIds/u],
      ['runlens_compareRuns', { runIds: [written.failed, written.bestByValAccuracy[0]], lowerIsBetter: ['a'], higherIsBetter: ['a'] }, /lowerIsBetter/u],
      ['runlens_metricSummary', { runIds: [] }, /runIds/u],
      ['runlens_metricSummary', { runIds: [written.failed], keys: Array.from({ length: 11 }, (_, i) => `k${i}`) }, /keys/u],
      ['runlens_metricSummary', { runIds: [written.failed], lastPoints: 1 }, /lastPoints/u],
      ['runlens_readArtifact', { path: 'x' }, /runId/u],
      ['runlens_readArtifact', { runId: written.failed, fromLine: 0 }, /fromLine/u],
      ['runlens_parameterImportance', { experiment: 'agent-sweep' }, /metric/u],
      ['runlens_parameterImportance', { experiment: 'agent-sweep', metric: 'loss', maxRuns: 20_000 }, /maxRuns/u],
      ['runlens_listModels', { fliter: 'x' }, /fliter/u],
    ];
    for (const [name, input, field] of cases) {
      const answer = await call(context, name, input);
      assert.equal(answer.ok, false, `${name} ${JSON.stringify(input)}`);
      assert.match(answer.text, field);
    }
    const unknownRun = await call(context, 'runlens_compareRuns', { runIds: [written.failed, 'f'.repeat(32)] });
    assert.match(unknownRun.text, /RESOURCE_DOES_NOT_EXIST/u);
  });

  test('the real mlflow server over the same file answers the same through openStore(http://…)', async () => {
    const server = await startMlflowServer({ backendStoreUri: `sqlite:///${path.join(dir, 'mlflow.db')}`, cwd: dir });
    const remote = await openStore(server.url, dir);
    try {
      const remoteContext: ToolContext = { store: remote, workspaceRoot: dir, user: 'tester' };
      const [first, second] = written.bestByValAccuracy;
      const calls: [string, Record<string, unknown>][] = [
        ['runlens_compareRuns', { runIds: [first, second, written.failed] }],
        ['runlens_metricSummary', { runIds: Object.values(written.ids), lastPoints: 4 }],
        ['runlens_listModels', {}],
        ['runlens_readArtifact', { runId: first, path: 'config.json' }],
        ['runlens_readArtifact', { runId: first, path: 'plots/tiny.png' }],
        ['runlens_readArtifact', { runId: first }],
        ['runlens_parameterImportance', { experiment: 'agent-sweep', metric: 'loss' }],
      ];
      for (const [name, input] of calls) {
        const local = await call(context, name, input);
        const viaServer = await call(remoteContext, name, input);
        assert.ok(viaServer.ok, `${name}: ${viaServer.text.slice(0, 500)}\n${logTail(server.log(), 2000)}`);
        assert.deepEqual(viaServer.data, local.data, name);
      }
      await checkMetricSummary(remoteContext, written);
    } finally {
      remote.close();
      await server.stop();
    }
  });
});

describe('agent tools on the mlruns/ folder the real mlflow wrote (read-only store)', { timeout: 300_000 }, () => {
  let written: Written;
  let store: OpenedStore;
  let context: ToolContext;

  let fixture: AgentStore | undefined;

  before(async () => {
    fixture = await openAgentStore('runlens-agent-mlruns-', 'mlruns');
    ({ written, store, context } = fixture);
  });

  after(() => fixture?.close());

  test('compareRuns, metricSummary, readArtifact and parameterImportance answer as on SQLite', async () => {
    assert.equal(store.kind, 'mlruns');
    await checkCompareRuns(context, written);
    await checkCompareOverrideAndIdentical(context, written);
    await checkMetricSummary(context, written);
    await checkReadArtifact(context, written);
    await checkParameterImportance(context, written);
  });

  test('listModels reads the file store\'s registry as MlflowClient does', async () => {
    await checkListModels(context, written);
  });
});

describe('agent tool answers stay bounded on a huge run', { timeout: 300_000 }, () => {
  const POINTS = 200_000;
  const PARAMS = 2000;
  let dir: string;
  let store: OpenedStore;
  let context: ToolContext;
  let runIds: string[];
  const lossAt = (step: number) => 1 / (step + 1) + (step % 7) * 1e-13;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-agent-big-'));
    const file = path.join(dir, 'big.db');
    const created = await openStore(file, dir);
    const experimentId = await created.tracking.createExperiment('big', path.join(dir, 'artifacts'));
    runIds = [];
    for (const name of ['huge-a', 'huge-b', 'huge-c']) runIds.push((await created.tracking.createRun({ experimentId, runName: name, startTime: 1_700_000_000_000 })).info.runId);
    const registry = auditedRegistry(created.registry, { user: 'bot', reason: 'nightly' });
    await registry.createRegisteredModel('big-model');
    for (let i = 0; i < 30; i++) await registry.createModelVersion({ name: 'big-model', source: `runs:/${runIds[0]}/model`, runId: runIds[0] });
    created.close();
    // 2,000 params per run and a 200k-point history, written in one transaction as fillRuns does.
    const db = openDatabase(file);
    const param = db.prepare('INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)');
    const metric = db.prepare('INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, 0)');
    const latest = db.prepare('INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, 0, ?)');
    db.transaction(() => {
      runIds.forEach((runId, r) => {
        for (let i = 0; i < PARAMS; i++) param.run(`param_${String(i).padStart(4, '0')}`, String((i % 5) * (r + 1)), runId);
        metric.run('val', 0.5 + r / 10, 1_700_000_000_000, runId, 0);
        latest.run('val', 0.5 + r / 10, 1_700_000_000_000, 0, runId);
      });
      for (let step = 0; step < POINTS; step++) metric.run('loss', lossAt(step), 1_700_000_000_000 + step, runIds[0], step);
      latest.run('loss', lossAt(POINTS - 1), 1_700_000_000_000 + POINTS - 1, POINTS - 1, runIds[0]);
    })();
    db.close();
    const artifacts = path.join(dir, 'artifacts', runIds[0], 'artifacts');
    mkdirSync(path.join(artifacts, 'wide'), { recursive: true });
    writeFileSync(path.join(artifacts, 'big.log'), 'x'.repeat(99).concat('\n').repeat(60_000));
    writeFileSync(path.join(artifacts, 'one-long-line.txt'), 'y'.repeat(50_000));
    for (let i = 0; i < 300; i++) writeFileSync(path.join(artifacts, 'wide', `f${String(i).padStart(3, '0')}.txt`), String(i));
    store = await openStore(file, dir);
    context = { store, workspaceRoot: dir, user: 'tester' };
  });

  after(() => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('getRun and compareRuns with 2,000 params: within the limit, saying what was cut', async () => {
    const run = await call(context, 'runlens_getRun', { runId: runIds[0] });
    assert.ok(run.ok && /omitted|Cut to fit/u.test(run.text), run.text.slice(0, 300));
    const compared = await call(context, 'runlens_compareRuns', { runIds });
    assert.ok(compared.ok, compared.text.slice(0, 300));
    assert.match(compared.text, /1600 params differ \(400 identical\)/u, 'param_i with i % 5 = 0 is "0" in every run');
    assert.match(compared.text, /Cut to fit the size limit: params \d+ of 1600/u);
  });

  test('metricSummary over a 200k-point history: exact extremes and latest point, read in pages', async () => {
    const started = Date.now();
    const answer = await call(context, 'runlens_metricSummary', { runIds: [runIds[0]], keys: ['loss'] });
    assert.ok(answer.ok, answer.text);
    const loss = (answer.data.runs as { metrics: Record<string, { points: number; min: { value: number; step: number }; max: { value: number; step: number }; last: { step: number }; trend: { direction: string } }> }[])[0].metrics.loss;
    assert.equal(loss.points, POINTS);
    assert.deepEqual(loss.max, { value: lossAt(0), step: 0 });
    let min = { value: Infinity, step: -1 };
    for (let step = 0; step < POINTS; step++) if (lossAt(step) < min.value) min = { value: lossAt(step), step };
    assert.deepEqual(loss.min, min);
    assert.equal(loss.last.step, POINTS - 1);
    assert.equal(loss.trend.direction, 'falling');
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });

  test('readArtifact: a file past the read cap is described, a long line and a wide folder are cut with a note', async () => {
    const big = await call(context, 'runlens_readArtifact', { runId: runIds[0], path: 'big.log' });
    assert.deepEqual(big.data, { path: 'big.log', kind: 'not read', bytes: 6_000_000 });
    assert.match(big.text, /larger than the 4194304-byte limit/u);
    const line = await call(context, 'runlens_readArtifact', { runId: runIds[0], path: 'one-long-line.txt' });
    assert.match(line.text, /more characters/u);
    const wide = await call(context, 'runlens_readArtifact', { runId: runIds[0], path: 'wide' });
    assert.equal((wide.data.entries as string[]).length, 200);
    assert.equal(wide.data.more, 'more entries not shown');
  });

  test('parameterImportance and listModels: the top 20 params, the newest 20 versions, the newest trail events', async () => {
    const importance = await call(context, 'runlens_parameterImportance', { experiment: 'big', metric: 'val' });
    assert.ok(importance.ok, importance.text);
    assert.ok((importance.data.params as unknown[]).length <= 20);
    assert.match(importance.text, /less important params not shown/u);
    const models = await call(context, 'runlens_listModels', {});
    const [model] = models.data.models as { versions: { version: string }[]; moreVersions: string; trail: { user: string; reason: string }[]; olderEvents: number }[];
    assert.deepEqual(model.versions.map((v) => v.version), Array.from({ length: 20 }, (_, i) => String(30 - i)));
    assert.equal(model.moreVersions, '10 older versions not shown');
    assert.equal(model.trail.length, 10);
    assert.deepEqual(model.trail[0], { ...model.trail[0], user: 'bot', reason: 'nightly', action: 'Version 30 created from run ' + runIds[0].slice(0, 8) });
    assert.equal(model.olderEvents, 21, 'model-created and the 20 oldest version-created events');
  });
});
