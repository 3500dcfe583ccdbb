// A launch's console log and code diff for a run whose artifacts live behind a server (here our
// own tracking server's artifact proxy): uploaded while the run lives, once more at the end,
// failures reported once without throwing, and no temp files left behind.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTrackingServer, type RunningServer } from '../../src/server/trackingServer.ts';
import { ProxyArtifactRepository } from '../../src/store/artifacts/proxyArtifactRepository.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { RemoteRunFiles } from '../../src/vscode/launch/remoteRunFiles.ts';
import { serveOnLoopback } from '../support/loopbackServer.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RemoteRunFiles', () => {
  let work: string;
  let stores: SqliteStores;
  let server: RunningServer;
  let destination: string;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'runlens-remote-files-'));
    destination = path.join(work, 'mlartifacts');
    stores = openSqliteStore(path.join(work, 'mlflow.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
    server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, artifactsDestination: destination, version: 'test' });
  });

  after(async () => {
    await server.close();
    stores.close();
    rmSync(work, { recursive: true, force: true });
  });

  const onServer = (run: string, ...parts: string[]) => path.join(destination, run, ...parts);

  test('the log is uploaded while the run lives and in full at the end; the diff at once; temp files go', async () => {
    const tempRoot = mkdtempSync(path.join(work, 'temp-'));
    const repository = new ProxyArtifactRepository('mlflow-artifacts:/live', new RestClient({ baseUrl: server.url }));
    const errors: string[] = [];
    const files = await RemoteRunFiles.open({ repository, logPath: 'logs/stdout.log', onError: (m) => errors.push(m), intervalMs: 100, tempRoot });
    assert.equal(await files.uploadText('code/uncommitted.diff', 'diff --git a/x b/x\n+1\n'), true);
    assert.equal(readFileSync(onServer('live', 'code', 'uncommitted.diff'), 'utf8'), 'diff --git a/x b/x\n+1\n');

    files.write('epoch 1\n');
    const deadline = Date.now() + 5000;
    while (!existsSync(onServer('live', 'logs', 'stdout.log')) && Date.now() < deadline) await sleep(50);
    assert.equal(readFileSync(onServer('live', 'logs', 'stdout.log'), 'utf8'), 'epoch 1\n', 'a live run shows its log so far');

    files.write('epoch 2\n');
    await files.finish();
    assert.equal(readFileSync(onServer('live', 'logs', 'stdout.log'), 'utf8'), 'epoch 1\nepoch 2\n');
    files.write('after the end\n');
    await files.finish();
    assert.deepEqual(errors, []);
    assert.deepEqual(readdirSync(tempRoot), [], 'the temp folder is removed');
  });

  test('a script that printed nothing still gets an (empty) log, as a local run does', async () => {
    const repository = new ProxyArtifactRepository('mlflow-artifacts:/quiet', new RestClient({ baseUrl: server.url }));
    const files = await RemoteRunFiles.open({ repository, logPath: 'logs/stdout.log', onError: assert.fail });
    await files.finish();
    assert.equal(readFileSync(onServer('quiet', 'logs', 'stdout.log'), 'utf8'), '');
  });

  test('failing uploads are logged each time, shown once, never thrown', async () => {
    const closed = await serveOnLoopback(() => undefined);
    await closed.close();
    const tempRoot = mkdtempSync(path.join(work, 'temp-'));
    const repository = new ProxyArtifactRepository('mlflow-artifacts:/down', new RestClient({ baseUrl: closed.url, maxRetries: 0 }));
    const logged: string[] = [];
    const shown: string[] = [];
    const files = await RemoteRunFiles.open({ repository, logPath: 'logs/stdout.log', onError: (m) => logged.push(m), onFirstError: (m) => shown.push(m), intervalMs: 50, tempRoot });
    assert.equal(await files.uploadText('code/uncommitted.diff', 'diff'), false);
    files.write('hello\n');
    await sleep(300);
    await files.finish();
    assert.ok(logged.length >= 2, `every failure is logged (${logged.length})`);
    assert.equal(shown.length, 1);
    assert.match(shown[0], /code\/uncommitted\.diff.*mlflow-artifacts:\/down/u);
    assert.deepEqual(readdirSync(tempRoot), []);
  });
});
