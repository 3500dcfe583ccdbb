// Every argument shape VS Code hands a command (palette: nothing; view title: the selected row;
// item menus: the clicked row plus the selection) and the explicit values RunLens's own callers pass.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Run } from '../../src/shared/entities.ts';
import { itemCommandArgs, optionsArg, stringArg } from '../../src/vscode/commandArgs.ts';
import { isArtifactNode, isRunNode, type ArtifactNode, type ExperimentNode, type RunNode } from '../../src/vscode/treeNodes.ts';

function runNode(runId: string): RunNode {
  const run: Run = {
    info: { runId, runName: runId, experimentId: '1', userId: 'u', status: 'FINISHED', startTime: 0, artifactUri: '', lifecycleStage: 'active' },
    data: { metrics: [], params: [], tags: [] },
    inputs: { datasetInputs: [], modelInputs: [] },
    outputs: { modelOutputs: [] },
  };
  return { kind: 'run', run, childRuns: [] };
}

const [a, b, c] = [runNode('a'), runNode('b'), runNode('c')];
const experiment: ExperimentNode = { kind: 'experiment', experiment: { experimentId: '1', name: 'e', artifactLocation: '', lifecycleStage: 'active', tags: [] } };
const artifact: ArtifactNode = { kind: 'artifact', run: a.run, path: 'model/MLmodel', isDir: false };

describe('itemCommandArgs', () => {
  test('an explicit caller: node first, values after', () => {
    assert.deepEqual(itemCommandArgs([a, 'new-name'], isRunNode), { node: a, targets: [a], values: ['new-name'] });
    assert.deepEqual(itemCommandArgs([a, 'key', 'value'], isRunNode).values, ['key', 'value']);
    assert.deepEqual(itemCommandArgs([a, [], { confirmed: true }], isRunNode), { node: a, targets: [a], values: [{ confirmed: true }] });
  });

  test('an item menu with several rows selected: the selection is never taken for a value', () => {
    const args = itemCommandArgs([b, [a, b, c]], isRunNode);
    assert.deepEqual(args.targets, [a, b, c]);
    assert.equal(args.node, b);
    assert.deepEqual(args.values, []);
    assert.equal(stringArg(args.values[0]), undefined);
  });

  test('a right-click outside the selection acts on the clicked row only', () => {
    assert.deepEqual(itemCommandArgs([c, [a, b]], isRunNode).targets, [c]);
  });

  test('rows of other kinds in the selection are ignored, and rebuilt nodes for the same run count once', () => {
    const tag = { kind: 'tag', run: a.run, key: 'k', value: 'v' };
    assert.deepEqual(itemCommandArgs([a, [a, tag, runNode('a'), b]], isRunNode).targets.map((n) => n.run.info.runId), ['a', 'b']);
  });

  test('the palette or a keybinding: nothing passed, the view selection is used', () => {
    assert.deepEqual(itemCommandArgs([], isRunNode, [a, b]), { node: a, targets: [a, b], values: [] });
    assert.deepEqual(itemCommandArgs([], isRunNode, [experiment]), { node: undefined, targets: [], values: [] });
    assert.deepEqual(itemCommandArgs([], isArtifactNode, [a, artifact]).node, artifact);
  });

  test('a row of the wrong kind is not the node, and the selection is not consulted for it', () => {
    assert.deepEqual(itemCommandArgs([experiment], isRunNode, [a]), { node: undefined, targets: [], values: [] });
  });
});

describe('explicit values', () => {
  test('a tree row, a selection or a number is not a string', () => {
    assert.equal(stringArg(experiment), undefined);
    assert.equal(stringArg([a]), undefined);
    assert.equal(stringArg(3), undefined);
    assert.equal(stringArg(''), '');
    assert.equal(stringArg('metrics.loss < 1'), 'metrics.loss < 1');
  });

  test('options are plain objects only', () => {
    assert.deepEqual(optionsArg({ confirmed: true }), { confirmed: true });
    assert.deepEqual(optionsArg(a), {});
    assert.deepEqual(optionsArg([a]), {});
    assert.deepEqual(optionsArg('x'), {});
    assert.deepEqual(optionsArg(undefined), {});
  });
});
