// The agent tools (src/tools/) answer the questions agents ask with what the real mlflow's client
// answers on the same store: mlflow 3.18 writes it (test/support/py/agent_store.py) and prints its
// own answers; each tool is called through runTool, as VS Code and `runlens mcp` call it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore, type OpenedStore } from '../../src/store/openStore.ts';
import type { ToolContext } from '../../src/tools/agentTool.ts';
import { runTool } from '../../src/tools/runTool.ts';
import { findTool } from '../../src/tools/toolCatalog.ts';
import { RESULT_CHAR_LIMIT } from '../../src/tools/toolResult.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface Written {
  experimentId: string;
  ids: Record<string, string>;
  bestByValAccuracy: string[];
  histories: Record<string, Record<string, number[]>>;
  failed: string;
}

/** The JSON after the summary line(s) of a tool's text. */
function dataOf(text: string): Record<string, unknown> {
  return JSON.parse(text.slice(text.indexOf('\n{') + 1)) as Record<string, unknown>;
}

async function call(context: ToolContext, name: string, input: Record<string, unknown>): Promise<{ ok: boolean; text: string; data: Record<string, unknown> }> {
  const tool = findTool(name);
  assert.ok(tool, `${name} is in the catalog`);
  const outcome = await runTool(tool, input, context);
  assert.ok(outcome.text.length <= RESULT_CHAR_LIMIT, `${name} answer within ${RESULT_CHAR_LIMIT} characters`);
  return { ...outcome, data: outcome.ok ? dataOf(outcome.text) : {} };
}

describe('agent tools on a store the real mlflow wrote', { timeout: 300_000 }, () => {
  let dir: string;
  let written: Written;
  let store: OpenedStore;
  let context: ToolContext;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-agent-'));
    written = await runPythonJson<Written>(path.join(repoRoot, 'test', 'support', 'py', 'agent_store.py'), [dir], {}, dir);
    store = await openStore(path.join(dir, 'mlflow.db'), dir);
    context = { store, workspaceRoot: dir, user: 'tester' };
  });

  after(() => {
    store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

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
});
