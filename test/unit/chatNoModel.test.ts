// What @runlens answers without a language model: the questions it recognises (routeWithoutModel),
// the runs table it draws from a runlens_searchRuns answer, and which runs a tool answer names.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { metricRef, routeWithoutModel } from '../../src/chat/noModelRoute.ts';
import { runsTable } from '../../src/chat/runsAnswer.ts';
import { collectMentions, runsInAnswer, toolData } from '../../src/chat/toolMentions.ts';
import { renderAnswer } from '../../src/tools/toolResult.ts';

const id = (n: number) => n.toString(16).padStart(32, 'a');

describe('routeWithoutModel', () => {
  test('"best by X" ranks by X, highest first unless X is a loss or error', () => {
    for (const q of ['which run is best by val_accuracy', 'Best run by val_accuracy?', 'best val_accuracy', 'top 3 runs by val_accuracy', '/best metrics.val_accuracy']) {
      assert.deepEqual(routeWithoutModel(q)?.input, { orderBy: ['metrics.val_accuracy DESC'], maxResults: 5 }, q);
      assert.equal(routeWithoutModel(q)?.metric, 'val_accuracy', q);
    }
    assert.equal(routeWithoutModel('best run by val_accuracy on the test set')?.metric, 'val_accuracy');
    assert.deepEqual(routeWithoutModel('best run by val_loss')?.input.orderBy, ['metrics.val_loss ASC']);
    assert.deepEqual(routeWithoutModel('which run is best on rmse')?.input.orderBy, ['metrics.rmse ASC']);
  });

  test('a direction said in words wins', () => {
    assert.deepEqual(routeWithoutModel('run with the lowest val_accuracy')?.input.orderBy, ['metrics.val_accuracy ASC']);
    assert.deepEqual(routeWithoutModel('highest loss')?.input.orderBy, ['metrics.loss DESC']);
    assert.deepEqual(routeWithoutModel('which run has max f1-score')?.input.orderBy, ['metrics.`f1-score` DESC']);
  });

  test('failed and newest runs', () => {
    assert.deepEqual(routeWithoutModel('show me the failed runs')?.input, { filter: "attributes.status = 'FAILED'", orderBy: ['attributes.start_time DESC'], maxResults: 10 });
    assert.deepEqual(routeWithoutModel('latest runs')?.input, { orderBy: ['attributes.start_time DESC'], maxResults: 5 });
  });

  test('anything else is not guessed at', () => {
    for (const q of ['what is the best run', 'the best model', 'which config is best', 'launch the same config with lr 0.01', 'promote the best model to Staging', 'hello', '']) assert.equal(routeWithoutModel(q), undefined, q);
  });

  test('metric keys with other characters are quoted for order_by', () => {
    assert.equal(metricRef('val_accuracy'), 'metrics.val_accuracy');
    assert.equal(metricRef('eval/loss'), 'metrics.`eval/loss`');
  });
});

describe('tool answers in the chat', () => {
  const runs = [
    { id: id(1), name: 'lr0.01-adam', experimentId: '1', status: 'FINISHED', params: { lr: '0.01', optimizer: 'adam' }, metrics: { val_accuracy: 0.95 } },
    { id: id(2), name: 'pipe|name', experimentId: '1', status: 'FINISHED', params: { lr: '0.1' }, metrics: { val_accuracy: 0.8 } },
    { id: id(3), name: 'no-metric', experimentId: '1', status: 'FAILED', params: {}, metrics: {} },
  ];
  const answer = renderAnswer('3 run(s) in \'sweep\'.', { runs });

  test('runsTable: one row per run with the metric, pipes escaped, runs without it left out', () => {
    const table = runsTable(answer, 'val_accuracy');
    assert.ok(table);
    assert.deepEqual(table.runs.map((r) => r.id), [id(1), id(2)]);
    assert.deepEqual(table.markdown.split('\n'), [
      '| Run | Id | val_accuracy | lr | optimizer |',
      '| --- | --- | --- | --- | --- |',
      `| lr0.01-adam | \`${id(1).slice(0, 8)}\` | 0.95 | 0.01 | adam |`,
      `| pipe\\|name | \`${id(2).slice(0, 8)}\` | 0.8 | 0.1 |  |`,
    ]);
    assert.equal(runsTable(answer)?.runs.length, 3, 'without a metric every run is listed');
    assert.equal(runsTable('Refused: no.'), undefined);
  });

  test('collectMentions: run ids and names from the data, model names from a models list; never from prose', () => {
    const mentions = collectMentions(answer);
    assert.deepEqual(mentions.runs, runs.map((r) => ({ id: r.id, name: r.name })));
    collectMentions(renderAnswer('1 model.', { models: [{ name: 'agent-model', versions: [{ version: '1', runId: id(1) }, { version: '2', runId: id(9) }] }] }), mentions);
    assert.deepEqual(mentions.models, ['agent-model']);
    assert.deepEqual(mentions.runs.map((r) => r.id), [id(1), id(2), id(3), id(9)], 'a version\'s run counts once');
    assert.deepEqual(collectMentions(`Run ${id(5)} is great.`), { runs: [], models: [] });
    assert.equal(toolData('INVALID_PARAMETER_VALUE: bad {x}'), undefined);
  });

  test('runsInAnswer: the runs the answer names, else the first', () => {
    const all = collectMentions(answer).runs;
    assert.deepEqual(runsInAnswer(all, 'Best: **lr0.01-adam**, then `aaaaaaaa`.').map((r) => r.id), [id(1), id(2), id(3)].filter((x) => x.startsWith('aaaaaaaa') || x === id(1)));
    assert.deepEqual(runsInAnswer(all, 'Best: lr0.01-adam').map((r) => r.id), [id(1)]);
    assert.deepEqual(runsInAnswer(all, 'nothing named').map((r) => r.id), [id(1)]);
  });
});
