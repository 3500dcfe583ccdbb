// The acting agent tools on a store the real mlflow wrote (test/support/py/agent_store.py), called
// through runTool as both adapters call them: each confirmation text says what the change will be,
// the change is exactly that (read back by mlflow's own client), and refusals change nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LaunchRequest, ToolContext } from '../../src/tools/agentTool.ts';
import { describeChange, runTool } from '../../src/tools/runTool.ts';
import { findTool } from '../../src/tools/toolCatalog.ts';
import { openAgentStore, type AgentStore, type Written } from '../support/agentToolChecks.ts';
import { runPython } from '../support/python.ts';

interface MlflowState {
  tags: Record<string, string>;
  stages: Record<string, string>;
  aliases: Record<string, string>;
  audit: Record<string, unknown>[];
}

async function call(context: ToolContext, name: string, input: Record<string, unknown>) {
  const tool = findTool(name);
  assert.ok(tool, name);
  return runTool(tool, input, context);
}

async function confirmation(context: ToolContext, name: string, input: Record<string, unknown>): Promise<string | undefined> {
  return describeChange(findTool(name)!, input, context);
}

describe('acting agent tools on a store the real mlflow wrote', { timeout: 300_000 }, () => {
  let dir: string;
  let written: Written;
  let context: ToolContext;
  let best: string;

  /** The best run's tags and agent-model's stages, aliases and audit events, as mlflow reads them. */
  async function mlflowState(): Promise<MlflowState> {
    const script = path.join(dir, 'read_state.py');
    writeFileSync(script, `
import json, sys, warnings
warnings.filterwarnings("ignore")
import mlflow
c = mlflow.MlflowClient(sys.argv[1])
m = c.get_registered_model("agent-model")
print(json.dumps({
  "tags": c.get_run(sys.argv[2]).data.tags,
  "stages": {str(v.version): v.current_stage for v in c.search_model_versions("name = 'agent-model'")},
  "aliases": {a: str(v) for a, v in m.aliases.items()},
  "audit": [json.loads(m.tags[k]) for k in sorted(m.tags) if k.startswith("runlens.audit.")],
}))`);
    const { stdout } = await runPython(script, [`sqlite:///${path.join(dir, 'mlflow.db')}`, best]);
    return JSON.parse(stdout.trim().split('\n').pop()!) as MlflowState;
  }

  let fixture: AgentStore | undefined;

  before(async () => {
    fixture = await openAgentStore('runlens-agent-acting-');
    ({ dir, written, context } = fixture);
    best = written.bestByValAccuracy[0];
  });

  after(() => fixture?.close());

  test('setTag: says what it replaces, then sets exactly that tag', async () => {
    const before = await mlflowState();
    assert.equal(await confirmation(context, 'runlens_setTag', { runId: best, key: 'team', value: 'nlp' }),
      `Set tag \`team\` = \`nlp\` on run 'lr0.01-adam' (${best.slice(0, 8)}…) in experiment 'agent-sweep'; its old value \`vision\` is replaced.`);
    const outcome = await call(context, 'runlens_setTag', { runId: best, key: 'team', value: 'nlp' });
    assert.ok(outcome.ok, outcome.text);
    assert.deepEqual((await mlflowState()).tags, { ...before.tags, team: 'nlp' });
  });

  test('setTag: reserved keys, bad keys, long values and unknown runs are refused by field', async () => {
    const before = await mlflowState();
    for (const [input, pattern] of [
      [{ runId: best, key: 'mlflow.user', value: 'x' }, /^Invalid input: key: 'mlflow\.user' is one of MLflow's system tags/u],
      [{ runId: best, key: 'runlens.audit.1', value: 'x' }, /^Invalid input: key: .*RunLens's own bookkeeping/u],
      [{ runId: best, key: '../up', value: 'x' }, /^Invalid input: key: /u],
      [{ runId: best, key: 'note', value: 'x'.repeat(9000) }, /^Invalid input: value: A tag value can have at most 8000 characters/u],
      [{ runId: best, key: 'note' }, /^Invalid input: value: required/u],
      [{ runId: 'f'.repeat(32), key: 'note', value: 'x' }, /^RESOURCE_DOES_NOT_EXIST: /u],
    ] as const) {
      const outcome = await call(context, 'runlens_setTag', input);
      assert.equal(outcome.ok, false);
      assert.match(outcome.text, pattern);
    }
    assert.deepEqual(await mlflowState(), before);
  });

  test('transitionStage: other versions in the stage are named, archived only when asked; the trail has user and reason', async () => {
    assert.equal(await confirmation(context, 'runlens_transitionStage', { model: 'agent-model', version: '2', stage: 'Staging', reason: 'better val_accuracy' }),
      'Move model \'agent-model\' version 2 from None to Staging. Version 1 stays in Staging as well. Reason recorded in the audit trail: "better val_accuracy".');
    const archiving = { model: 'agent-model', version: 2, stage: 'staging', archiveExisting: true, reason: 'better val_accuracy' };
    assert.match((await confirmation(context, 'runlens_transitionStage', archiving))!, /Version 1, now in Staging, will be moved to Archived\./u);
    const outcome = await call(context, 'runlens_transitionStage', archiving);
    assert.match(outcome.text, /^Model 'agent-model' version 2 moved from None to Staging; version 1 archived\./u);
    const state = await mlflowState();
    assert.deepEqual(state.stages, { 1: 'Archived', 2: 'Staging' });
    const stage = state.audit.find((e) => e.action === 'stage' && e.version === '2');
    assert.deepEqual({ ...stage, time: 0 }, { time: 0, user: 'tester', action: 'stage', version: '2', from: 'None', to: 'Staging', reason: 'better val_accuracy' });
  });

  test('setAlias: says where the alias moves from; the trail has user and reason', async () => {
    assert.equal(await confirmation(context, 'runlens_setAlias', { model: 'agent-model', alias: 'champion', version: '1' }),
      'Point alias @champion of model \'agent-model\' at version 1 (it moves from version 2). No reason given: the audit trail records who and when only.');
    const outcome = await call(context, 'runlens_setAlias', { model: 'agent-model', alias: 'champion', version: '1', reason: 'rollback' });
    assert.ok(outcome.ok, outcome.text);
    const state = await mlflowState();
    assert.deepEqual(state.aliases, { champion: '1' });
    assert.deepEqual({ ...state.audit.at(-1), time: 0 }, { time: 0, user: 'tester', action: 'alias-set', item: 'champion', from: '2', to: '1', reason: 'rollback' });
    assert.match((await call(context, 'runlens_setAlias', { model: 'agent-model', alias: 'v3', version: '1' })).text, /^Invalid input: alias: Version alias name 'v3' is reserved/u);
  });

  test('writes refused where the context says so, before anything is read or changed', async () => {
    const refused = { ...context, writesRefused: 'this server was started without --allow-writes' };
    const before = await mlflowState();
    for (const [name, input] of [
      ['runlens_setTag', { runId: best, key: 'team', value: 'x' }],
      ['runlens_transitionStage', { model: 'agent-model', version: '1', stage: 'Production' }],
      ['runlens_setAlias', { model: 'agent-model', alias: 'x', version: '1' }],
      ['runlens_launchRun', { script: 'train.py' }],
    ] as const) {
      const outcome = await call(refused, name, input);
      assert.equal(outcome.ok, false);
      assert.match(outcome.text, /^Refused: .* changes the store, and this server was started without --allow-writes\.$/u);
    }
    assert.deepEqual(await mlflowState(), before);
  });

  test('launchRun: confined to workspace scripts; params become --key value; outside VS Code it says so', async () => {
    writeFileSync(path.join(dir, 'train.py'), 'print("hi")\n');
    mkdirSync(path.join(dir, 'sub'));
    const outside = mkdtempSync(path.join(os.tmpdir(), 'runlens-agent-outside-'));
    writeFileSync(path.join(outside, 'evil.py'), 'print("out")\n');
    symlinkSync(path.join(outside, 'evil.py'), path.join(dir, 'sub', 'link.py'));
    try {
      const requests: LaunchRequest[] = [];
      const inVsCode = { ...context, launchRun: async (request: LaunchRequest) => (requests.push(request), { runId: 'r'.repeat(32), command: 'python train.py --lr 0.01 --epochs 3' }) };
      const input = { script: './train.py', params: { lr: 0.01, epochs: 3 }, experimentName: 'agent-sweep' };
      assert.equal(await confirmation(inVsCode, 'runlens_launchRun', input),
        "Run `train.py` `--lr 0.01 --epochs 3` with the workspace's Python, as a new run (name generated by MLflow) in experiment 'agent-sweep'. The script runs in a terminal in the workspace folder and can do anything its code does.");
      const outcome = await call(inVsCode, 'runlens_launchRun', input);
      assert.ok(outcome.ok, outcome.text);
      assert.deepEqual(requests, [{ script: 'train.py', params: [['lr', '0.01'], ['epochs', '3']], experimentName: 'agent-sweep', runName: undefined }]);

      for (const [script, problem] of [['../x.py', /no "\.\."/u], ['/etc/x.py', /relative to the workspace/u], ['sub/link.py', /leads outside the workspace/u], ['nope.py', /no file nope\.py/u], ['train.sh', /Python file/u]] as const) {
        const refused = await call(inVsCode, 'runlens_launchRun', { script });
        assert.match(refused.text, problem, script);
      }
      assert.match((await call(inVsCode, 'runlens_launchRun', { script: 'train.py', params: { 'lr; rm': 1 } })).text, /^Invalid input: params\.lr; rm/u);
      assert.equal(requests.length, 1, 'no refused launch reached the launcher');
      const outsideVsCode = await call(context, 'runlens_launchRun', { script: 'train.py' });
      assert.equal(outsideVsCode.ok, false, 'a refusal is a failed call, as MCP reports it');
      assert.match(outsideVsCode.text, /^Refused: launching runs works only inside VS Code/u);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
