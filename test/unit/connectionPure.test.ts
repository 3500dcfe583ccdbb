// The connection UI's pure parts: URL checks, failure messages, status-bar text, example scripts.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import { connectionFailureMessage, normalizeServerUrl, serverUrlProblem, statusBarContent, storeShortName } from '../../src/vscode/connection/connectionText.ts';
import { remoteFingerprint } from '../../src/vscode/connection/remoteFingerprint.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { docstringSummary, freeTargetPath, listExampleScripts } from '../../src/vscode/connection/exampleScripts.ts';
import { repoRoot } from '../support/python.ts';

describe('server URLs', () => {
  test('accepts http and https URLs, with a path prefix', () => {
    for (const url of ['http://localhost:5000', 'https://mlflow.example.com/team/', ' http://127.0.0.1:8080 ']) assert.equal(serverUrlProblem(url), undefined, url);
  });

  test('explains what is wrong with other input', () => {
    assert.match(serverUrlProblem('') ?? '', /Enter/u);
    assert.match(serverUrlProblem('localhost:5000') ?? '', /http/u);
    assert.match(serverUrlProblem('sqlite:///mlflow.db') ?? '', /http/u);
    assert.match(serverUrlProblem('not a url') ?? '', /not a URL/u);
    assert.match(serverUrlProblem('http://me:pw@host:5000') ?? '', /credentials/u);
    assert.match(serverUrlProblem('http://host:5000/?x=1') ?? '', /query/u);
  });

  test('normalizes away trailing slashes and whitespace', () => {
    assert.equal(normalizeServerUrl(' http://Host:5000/ '), 'http://host:5000');
    assert.equal(normalizeServerUrl('https://example.com/mlflow//'), 'https://example.com/mlflow');
  });
});

describe('connection failures', () => {
  const url = 'http://example.com:5000';
  test('each cause gets its own message', () => {
    const messages = [
      connectionFailureMessage(new MlflowError('UNAUTHENTICATED', 'x'), url),
      connectionFailureMessage(new MlflowError('PERMISSION_DENIED', 'The tracking server refused access (403)'), url),
      connectionFailureMessage(new MlflowError('PERMISSION_DENIED', 'TLS failure talking to example.com:5000 (CERT_HAS_EXPIRED)'), url),
      connectionFailureMessage(new MlflowError('TEMPORARILY_UNAVAILABLE', 'Connection refused by example.com:5000: is the tracking server running?'), url),
      connectionFailureMessage(new MlflowError('ENDPOINT_NOT_FOUND', 'x'), url),
      connectionFailureMessage(new SyntaxError('Unexpected token <'), url),
    ];
    assert.equal(new Set(messages).size, messages.length);
    assert.match(messages[0], /401/u);
    assert.match(messages[1], /403/u);
    assert.match(messages[2], /TLS/u);
    assert.match(messages[3], /refused/u);
    assert.match(messages[4], /MLflow tracking server/u);
    assert.match(messages[5], /MLflow's JSON/u);
  });
});

describe('status bar', () => {
  test('names the db file, the folder or the server host', () => {
    assert.equal(storeShortName('sqlite', path.join('/w', 'proj', 'mlflow.db')), 'mlflow.db');
    assert.equal(storeShortName('mlruns', path.join('/w', 'proj', 'mlruns')), 'mlruns');
    assert.equal(storeShortName('remote', 'https://mlflow.example.com:8443/team'), 'mlflow.example.com:8443');
  });

  test('adds the server address while it runs, and the full locations in the tooltip', () => {
    const db = path.join('/w', 'proj', 'mlflow.db');
    const stopped = statusBarContent('sqlite', db, undefined);
    assert.equal(stopped.text, '$(beaker) RunLens: mlflow.db');
    assert.ok(stopped.tooltip.includes(db));
    const running = statusBarContent('sqlite', db, 'http://127.0.0.1:41234');
    assert.equal(running.text, '$(beaker) RunLens: mlflow.db  $(radio-tower) 127.0.0.1:41234');
    assert.ok(running.tooltip.includes('http://127.0.0.1:41234'));
    assert.match(statusBarContent('mlruns', '/w/mlruns', undefined, 'mlruns folders are read-only').tooltip, /Read-only/u);
  });
});

describe('example scripts', () => {
  test('reads the first docstring line', () => {
    assert.equal(docstringSummary('"""A first run.\n\nMore."""\nimport mlflow\n'), 'A first run.');
    assert.equal(docstringSummary('#!/usr/bin/env python\n"""One line."""\n'), 'One line.');
    assert.equal(docstringSummary('import mlflow\n'), '');
  });

  test('lists the shipped examples with their summaries', async () => {
    const examples = await listExampleScripts(path.join(repoRoot, 'examples'));
    const basic = examples.find((e) => e.name === 'iris_basic.py');
    assert.ok(basic);
    assert.ok(basic.summary.length > 0);
    assert.ok(examples.every((e) => e.name.endsWith('.py')));
  });

  test('never picks a taken name', () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-examples-'));
    assert.equal(freeTargetPath(folder, 'train.py'), path.join(folder, 'train.py'));
    writeFileSync(path.join(folder, 'train.py'), '');
    writeFileSync(path.join(folder, 'train-2.py'), '');
    assert.equal(freeTargetPath(folder, 'train.py'), path.join(folder, 'train-3.py'));
  });
});

describe('remote fingerprint', () => {
  test('changes when a run starts, logs a metric or ends, and only then', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'runlens-fingerprint-'));
    const stores = openSqliteStore(path.join(folder, 'mlflow.db'));
    try {
      const { tracking, registry } = stores;
      const print = () => remoteFingerprint(tracking, registry);
      const empty = await print();
      assert.equal(await print(), empty, 'stable while nothing changes');
      const run = await tracking.createRun({ experimentId: '0', startTime: 1000 });
      const started = await print();
      assert.notEqual(started, empty);
      await tracking.logMetric(run.info.runId, { key: 'loss', value: 1, timestamp: 2000, step: 0 });
      const logged = await print();
      assert.notEqual(logged, started);
      await tracking.logMetric(run.info.runId, { key: 'loss', value: 0.5, timestamp: 3000, step: 1 });
      assert.notEqual(await print(), logged, 'a new point of a known metric counts');
      const before = await print();
      await tracking.updateRun(run.info.runId, { status: 'FINISHED', endTime: 4000 });
      assert.notEqual(await print(), before);
    } finally {
      stores.close();
    }
  });
});
