// The hosts accept from a webview page only messages their protocol allows: every kind the pages
// send passes its guard, anything else (unknown kinds, missing or mistyped fields) is refused.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isChartsPageMessage } from '../../src/shared/chartsProtocol.ts';
import { isComparePageMessage } from '../../src/shared/compareProtocol.ts';
import { isImagesPageMessage, MAX_IMAGES_PER_REQUEST } from '../../src/shared/imagesProtocol.ts';
import { isModelDetailsPageMessage } from '../../src/shared/modelDetailsProtocol.ts';
import { isRunsTablePageMessage } from '../../src/shared/runsTableProtocol.ts';

const notMessages = [null, undefined, 'ready', 7, [], [{ type: 'ready' }], {}, { type: 7 }, { type: 'toString' }, { type: '__proto__' }, { type: 'hasOwnProperty' }];

test('charts page messages', () => {
  const accepted = [
    { type: 'ready' },
    { type: 'requestRange', requestId: 3, keys: ['loss', 'acc'], xAxis: 'step', pixelWidth: 800 },
    { type: 'requestRange', requestId: 4, keys: [], xAxis: 'relativeTime', min: 0.5, max: 9, pixelWidth: 320.5 },
    { type: 'setRunLimit', limit: 25 },
    { type: 'setRunLimit', limit: 0 },
    { type: 'exportPng', name: 'loss', dataUrl: 'data:image/png;base64,AAAA' },
    { type: 'exportCsv', keys: ['loss'] },
  ];
  for (const message of accepted) assert.ok(isChartsPageMessage(message), JSON.stringify(message));
  const refused = [
    ...notMessages,
    { type: 'requestRange', requestId: 3, keys: 'loss', xAxis: 'step', pixelWidth: 800 },
    { type: 'requestRange', requestId: 3, keys: ['loss'], xAxis: 'epoch', pixelWidth: 800 },
    { type: 'requestRange', requestId: 3, keys: ['loss'], xAxis: 'step', pixelWidth: Number.POSITIVE_INFINITY },
    { type: 'requestRange', requestId: 3, keys: ['loss'], xAxis: 'step', pixelWidth: 800, min: '0' },
    { type: 'requestRange', keys: ['loss'], xAxis: 'step', pixelWidth: 800 },
    { type: 'setRunLimit', limit: '25' },
    { type: 'exportPng', name: 'loss' },
    { type: 'exportCsv', keys: [{ key: 'loss' }] },
    { type: 'series' },
  ];
  for (const message of refused) assert.ok(!isChartsPageMessage(message), JSON.stringify(message) ?? String(message));
});

test('compare page messages', () => {
  for (const message of [{ type: 'ready' }, { type: 'showCharts', runIds: ['a', 'b'] }, { type: 'copy', text: 'x' }]) assert.ok(isComparePageMessage(message));
  for (const message of [...notMessages, { type: 'showCharts', runIds: 'a' }, { type: 'showCharts', runIds: [1] }, { type: 'copy' }, { type: 'copy', text: 3 }, { type: 'runs', runs: [] }]) {
    assert.ok(!isComparePageMessage(message), JSON.stringify(message) ?? String(message));
  }
});

test('runs table page messages', () => {
  const accepted = [
    { type: 'ready' },
    { type: 'query', queryId: 1, query: {} },
    { type: 'query', queryId: 2, query: { filter: 'metrics.acc > 0.5', sortColumn: 'metrics.acc', ascending: true } },
    { type: 'rows', queryId: 2, start: 0, count: 50 },
    { type: 'groupBy', queryId: 2, paramKey: 'lr' },
    { type: 'columns', visibleColumns: ['attributes.run_name'] },
    { type: 'action', action: 'charts', runIds: ['a'] },
    { type: 'exportCsv' },
  ];
  for (const message of accepted) assert.ok(isRunsTablePageMessage(message), JSON.stringify(message));
  const refused = [
    ...notMessages,
    { type: 'query', queryId: 1 },
    { type: 'query', queryId: 1, query: { filter: 3 } },
    { type: 'query', queryId: 1, query: { ascending: 'yes' } },
    { type: 'query', queryId: 1, query: null },
    { type: 'rows', queryId: 2, start: -1, count: 50 },
    { type: 'rows', queryId: 2, start: 0.5, count: 50 },
    { type: 'rows', queryId: 2, start: 0, count: '50' },
    { type: 'action', action: 'delete', runIds: ['a'] },
    { type: 'action', action: 'compare', runIds: 'a' },
    { type: 'columns', visibleColumns: [null] },
  ];
  for (const message of refused) assert.ok(!isRunsTablePageMessage(message), JSON.stringify(message) ?? String(message));
});

test('model version details page messages', () => {
  for (const message of [{ type: 'ready' }, { type: 'copy', text: 'models:/iris/1' }]) assert.ok(isModelDetailsPageMessage(message), JSON.stringify(message));
  for (const message of [...notMessages, { type: 'copy' }, { type: 'copy', text: 7 }, { type: 'details' }]) assert.ok(!isModelDetailsPageMessage(message), JSON.stringify(message));
});

test('images page messages', () => {
  const wanted = (n: number) => Array.from({ length: n }, (_, i) => ({ runId: 'r', path: `images/k+step+${i}+timestamp+1+u.png` }));
  for (const message of [{ type: 'ready' }, { type: 'images', wanted: wanted(1) }, { type: 'images', wanted: wanted(MAX_IMAGES_PER_REQUEST) }, { type: 'images', wanted: [] }]) assert.ok(isImagesPageMessage(message), JSON.stringify(message));
  const refused = [...notMessages, { type: 'images' }, { type: 'images', wanted: wanted(MAX_IMAGES_PER_REQUEST + 1) }, { type: 'images', wanted: [{ runId: 'r' }] }, { type: 'images', wanted: [{ runId: 1, path: 'a.png' }] }, { type: 'layout', runs: [] }];
  for (const message of refused) assert.ok(!isImagesPageMessage(message), JSON.stringify(message) ?? String(message));
});
