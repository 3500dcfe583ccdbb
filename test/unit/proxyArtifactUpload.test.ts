// Writing through a tracking server's artifact proxy (what launches do for `mlflow-artifacts:`
// roots): PUT a file and a folder, DELETE a file and a folder, against our server with a token
// and against the real `mlflow server`; the bytes are checked where each server keeps them.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTrackingServer, type RunningServer } from '../../src/server/trackingServer.ts';
import { isWritable } from '../../src/store/artifacts/artifactRepository.ts';
import { ProxyArtifactRepository } from '../../src/store/artifacts/proxyArtifactRepository.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { startMlflowServer, type MlflowServer } from '../support/mlflowServer.ts';

const TOKEN = 'proxy-upload-token';

function localFiles(work: string): { file: string; folder: string } {
  mkdirSync(work, { recursive: true });
  const file = path.join(work, 'stdout.log');
  writeFileSync(file, 'line 1\nline 2 ünïcode\n');
  const folder = path.join(work, 'model');
  mkdirSync(path.join(folder, 'sub dir'), { recursive: true });
  writeFileSync(path.join(folder, 'MLmodel'), 'flavors: {}\n');
  writeFileSync(path.join(folder, 'sub dir', 'weights.bin'), Buffer.from([0, 1, 2, 255]));
  return { file, folder };
}

/** The same checks against any server: `destination` is where it keeps `mlflow-artifacts:/`. */
async function uploadAndDelete(repository: ProxyArtifactRepository, destination: string, rootPath: string, work: string): Promise<void> {
  assert.ok(isWritable(repository));
  const { file, folder } = localFiles(work);
  const onServer = (...parts: string[]) => path.join(destination, ...rootPath.split('/'), ...parts);

  await repository.upload(file, 'logs/stdout.log');
  assert.equal(readFileSync(onServer('logs', 'stdout.log'), 'utf8'), 'line 1\nline 2 ünïcode\n');
  // Replacing an artifact, as the periodic console-log upload does.
  writeFileSync(file, 'line 1\nline 2 ünïcode\nline 3\n');
  await repository.upload(file, 'logs/stdout.log');
  assert.equal(readFileSync(onServer('logs', 'stdout.log'), 'utf8'), 'line 1\nline 2 ünïcode\nline 3\n');

  assert.equal(await repository.uploadFolder(folder, 'model'), 2);
  assert.deepEqual([...readFileSync(onServer('model', 'sub dir', 'weights.bin'))], [0, 1, 2, 255]);
  assert.deepEqual((await repository.list('model')).items.map((e) => [e.path, e.isDir]), [['model/MLmodel', false], ['model/sub dir', true]]);
  assert.equal((await repository.read('model/MLmodel')).toString(), 'flavors: {}\n');

  await repository.delete('logs/stdout.log');
  assert.equal(existsSync(onServer('logs', 'stdout.log')), false);
  await repository.delete('model');
  assert.equal(existsSync(onServer('model')), false);
  await repository.delete('never/there.txt');
  await assert.rejects(repository.upload(file, '../escape.txt'), { code: 'INVALID_PARAMETER_VALUE' });
  await assert.rejects(repository.upload(folder, 'a-folder'), { code: 'INVALID_PARAMETER_VALUE' });
}

describe('uploads through the artifact proxy', () => {
  let work: string;

  before(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'runlens-proxy-upload-'));
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  describe('our server, with a token', () => {
    let stores: SqliteStores;
    let server: RunningServer;
    let destination: string;

    before(async () => {
      destination = path.join(work, 'ours-mlartifacts');
      stores = openSqliteStore(path.join(work, 'ours.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
      server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, artifactsDestination: destination, authToken: TOKEN, version: 'test' });
    });

    after(async () => {
      await server.close();
      stores.close();
    });

    test('files and folders go up, replace and come down; deletes are forgiving of missing paths', async () => {
      const client = new RestClient({ baseUrl: server.url, credentials: { token: TOKEN }, maxRetries: 1, backoffMs: 1 });
      await uploadAndDelete(new ProxyArtifactRepository('mlflow-artifacts:/1/abc/artifacts', client), destination, '1/abc/artifacts', path.join(work, 'ours-local'));
    });

    test("the server's auth applies to uploads and deletes; the root itself is never deleted", async () => {
      const file = path.join(work, 'one.txt');
      writeFileSync(file, 'x');
      const wrong = new ProxyArtifactRepository('mlflow-artifacts:/1/abc/artifacts', new RestClient({ baseUrl: server.url, credentials: { token: 'wrong' }, maxRetries: 0 }));
      await assert.rejects(wrong.upload(file, 'one.txt'), { code: 'UNAUTHENTICATED' });
      await assert.rejects(wrong.delete('one.txt'), { code: 'UNAUTHENTICATED' });
      const atRoot = new ProxyArtifactRepository('mlflow-artifacts:/', new RestClient({ baseUrl: server.url, credentials: { token: TOKEN }, maxRetries: 0 }));
      await assert.rejects(atRoot.delete(''), { code: 'INVALID_PARAMETER_VALUE' });
    });
  });

  describe('the real mlflow server', () => {
    let server: MlflowServer;
    let destination: string;

    before(async () => {
      destination = path.join(work, 'mlflow-mlartifacts');
      server = await startMlflowServer({ backendStoreUri: `sqlite:///${path.join(work, 'mlflow.db')}`, artifactsDestination: destination, cwd: work });
    });

    after(async () => {
      await server?.stop();
    });

    test('files and folders go up, replace and come down; deletes are forgiving of missing paths', async () => {
      const client = new RestClient({ baseUrl: server.url, maxRetries: 1, backoffMs: 1 });
      await uploadAndDelete(new ProxyArtifactRepository('mlflow-artifacts:/2/def/artifacts', client), destination, '2/def/artifacts', path.join(work, 'mlflow-local'));
    });
  });
});
