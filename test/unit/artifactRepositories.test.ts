// Artifact repositories and model URI resolution on real parts: a temp folder tree, our own
// tracking server in-process (with a token) behind the proxy repository, and a real SQLite
// store whose runs:/ and models:/ answers are compared with the pinned mlflow's own resolution.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { startTrackingServer, type RunningServer } from '../../src/server/trackingServer.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import type { ArtifactRepository } from '../../src/store/artifacts/artifactRepository.ts';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import { HttpArtifactRepository } from '../../src/store/artifacts/httpArtifactRepository.ts';
import { LOCAL_PAGE_SIZE, LocalArtifactRepository } from '../../src/store/artifacts/localArtifactRepository.ts';
import { parseModelsUri, resolveModelUri } from '../../src/store/artifacts/modelUris.ts';
import { ProxyArtifactRepository } from '../../src/store/artifacts/proxyArtifactRepository.ts';
import { rejectsWith } from '../support/assertions.ts';
import { runPythonJson } from '../support/python.ts';

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const tempDir = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

function write(root: string, relative: string, data: string | Buffer): void {
  const file = path.join(root, ...relative.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

const BAD_PATHS = ['../secret.txt', 'sub/../../secret.txt', '/etc/passwd', 'sub\\b.bin', 'a\u0000b', 'C:/x'];

/** Every traversal-shaped path is refused with the path named, before a missing root is even noticed. */
async function assertRefusesBadPaths(repository: ArtifactRepository): Promise<void> {
  for (const bad of BAD_PATHS) {
    const shown = JSON.stringify(bad).slice(1, -1).replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
    const named = rejectsWith('INVALID_PARAMETER_VALUE', new RegExp(shown, 'u'));
    await assert.rejects(repository.download(bad), named);
    await assert.rejects(repository.read(bad), named);
    await assert.rejects(repository.list(bad), named);
  }
}

describe('local artifact repository', () => {
  let base: string;
  let root: string;
  let tempRoot: string;
  let repository: LocalArtifactRepository;
  const big = randomBytes(3 * MiB);

  before(() => {
    base = tempDir('runlens-artrepo-local-');
    root = path.join(base, 'root');
    tempRoot = path.join(base, 'downloads');
    fs.mkdirSync(tempRoot);
    write(root, 'a.txt', 'alpha');
    write(root, 'empty.txt', '');
    write(root, 'B.txt', 'upper case sorts first');
    write(root, 'big.bin', big);
    write(root, 'sub/b.bin', Buffer.from([1, 2, 3]));
    write(root, 'sub/deep/c.txt', 'deep');
    write(root, 'sub/.artifact.uploading.123', 'partial upload');
    write(path.join(base, 'outside'), 'secret.txt', 'do not read');
    fs.symlinkSync(path.join(base, 'outside'), path.join(root, 'escape'));
    fs.symlinkSync(path.join(base, 'outside', 'secret.txt'), path.join(root, 'escape.txt'));
    fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'inner'));
    for (let i = 0; i < LOCAL_PAGE_SIZE + 5; i++) write(root, `many/f${String(i).padStart(4, '0')}.txt`, String(i));
    repository = new LocalArtifactRepository(root, { tempRoot });
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  test('lists one level sorted by code point; links leaving the root and upload temp files are left out', async () => {
    const page = await repository.list();
    assert.equal(page.nextPageToken, undefined);
    assert.deepEqual(page.items, [
      { path: 'B.txt', isDir: false, fileSize: 22 },
      { path: 'a.txt', isDir: false, fileSize: 5 },
      { path: 'big.bin', isDir: false, fileSize: big.length },
      { path: 'empty.txt', isDir: false, fileSize: 0 },
      { path: 'inner', isDir: true },
      { path: 'many', isDir: true },
      { path: 'sub', isDir: true },
    ]);
    assert.deepEqual((await repository.list('sub')).items, [{ path: 'sub/b.bin', isDir: false, fileSize: 3 }, { path: 'sub/deep', isDir: true }]);
    assert.deepEqual((await repository.list('./sub//deep/')).items, [{ path: 'sub/deep/c.txt', isDir: false, fileSize: 4 }]);
    assert.deepEqual(await repository.list('no/such/folder'), { items: [] });
    assert.deepEqual(await repository.list('a.txt'), { items: [] });
  });

  test('a file: URI root reads the same folder', async () => {
    const viaUri = artifactRepositoryFor(pathToFileURL(root).href, { tempRoot });
    assert.ok(viaUri instanceof LocalArtifactRepository);
    assert.deepEqual(await viaUri.list('sub'), await repository.list('sub'));
    assert.equal((await viaUri.read('sub/deep/c.txt')).toString(), 'deep');
  });

  test('pages large folders 1000 entries at a time with an opaque token', async () => {
    const first = await repository.list('many');
    assert.equal(first.items.length, LOCAL_PAGE_SIZE);
    assert.ok(first.nextPageToken);
    const second = await repository.list('many', first.nextPageToken);
    assert.equal(second.items.length, 5);
    assert.equal(second.nextPageToken, undefined);
    const names = [...first.items, ...second.items].map((entry) => entry.path);
    const expected = fs.readdirSync(path.join(root, 'many')).sort().map((name) => `many/${name}`);
    assert.deepEqual(names, expected);
    await assert.rejects(repository.list('many', 'not a token!'), rejectsWith('INVALID_PARAMETER_VALUE', /page token/u));
  });

  test('downloads stream to a new temp file with progress, equal to the source', async () => {
    const progress: [number, number | undefined][] = [];
    const file = await repository.download('big.bin', { onProgress: (bytes, total) => progress.push([bytes, total]) });
    assert.ok(file.startsWith(tempRoot + path.sep));
    assert.equal(path.basename(file), 'big.bin');
    assert.equal(sha256(fs.readFileSync(file)), sha256(big));
    assert.ok(progress.length > 2);
    assert.deepEqual(progress.at(-1), [big.length, big.length]);
    assert.ok(progress.every(([bytes], i) => i === 0 || bytes >= progress[i - 1][0]));
    fs.rmSync(path.dirname(file), { recursive: true });
    const empty = await repository.download('empty.txt');
    assert.equal(fs.readFileSync(empty).length, 0);
    fs.rmSync(path.dirname(empty), { recursive: true });
    assert.equal((await repository.read('a.txt')).toString(), 'alpha');
  });

  test('the size limit rejects with RESOURCE_EXHAUSTED and leaves no temp file', async () => {
    await assert.rejects(repository.download('big.bin', { maxBytes: MiB }), rejectsWith('RESOURCE_EXHAUSTED', /big\.bin/u));
    assert.deepEqual(fs.readdirSync(tempRoot), []);
    await assert.rejects(repository.read('big.bin', { maxBytes: 4 }), rejectsWith('RESOURCE_EXHAUSTED', /big\.bin/u));
    // read() defaults to 10 MB.
    write(root, 'eleven.bin', Buffer.alloc(11 * MiB));
    await assert.rejects(repository.read('eleven.bin'), rejectsWith('RESOURCE_EXHAUSTED', /eleven\.bin/u));
    fs.rmSync(path.join(root, 'eleven.bin'));
  });

  test('an abort before or during the transfer rejects with CANCELLED and leaves no temp file', async () => {
    await assert.rejects(repository.download('big.bin', { signal: AbortSignal.abort() }), rejectsWith('CANCELLED', /big\.bin/u));
    const controller = new AbortController();
    const download = repository.download('big.bin', {
      signal: controller.signal,
      onProgress: (bytes) => { if (bytes > 0) controller.abort(); },
    });
    await assert.rejects(download, rejectsWith('CANCELLED', /big\.bin/u));
    assert.deepEqual(fs.readdirSync(tempRoot), []);
    await assert.rejects(repository.list('', undefined, AbortSignal.abort()), rejectsWith('CANCELLED', /cancelled/u));
  });

  test('missing files and folders as files: RESOURCE_DOES_NOT_EXIST and INVALID_PARAMETER_VALUE', async () => {
    await assert.rejects(repository.download('nope.txt'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /nope\.txt/u));
    await assert.rejects(repository.read('sub/nope.txt'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /sub\/nope\.txt/u));
    await assert.rejects(repository.download('sub'), rejectsWith('INVALID_PARAMETER_VALUE', /'sub' is a folder/u));
    await assert.rejects(repository.download(''), rejectsWith('INVALID_PARAMETER_VALUE', /names no file/u));
  });

  test('traversal is refused before any I/O, and symlinks may not leave the root', async () => {
    await assertRefusesBadPaths(repository);
    await assertRefusesBadPaths(new LocalArtifactRepository(path.join(base, 'does-not-exist')));
    const outside = rejectsWith('INVALID_PARAMETER_VALUE', /outside the artifact root/u);
    await assert.rejects(repository.download('escape.txt'), outside);
    await assert.rejects(repository.read('escape/secret.txt'), outside);
    await assert.rejects(repository.list('escape'), outside);
    // A link that stays inside the root is followed.
    assert.equal((await repository.read('inner/deep/c.txt')).toString(), 'deep');
    assert.throws(() => new LocalArtifactRepository('relative/root'), rejectsWith('INVALID_PARAMETER_VALUE', /relative\/root/u));
  });
});

describe('proxy artifact repository against our tracking server', () => {
  let base: string;
  let tempRoot: string;
  let destination: string;
  let stores: SqliteStores;
  let server: RunningServer;
  let client: RestClient;
  let repository: ArtifactRepository;
  const root = 'mlflow-artifacts:/1/abc/artifacts';
  const big = randomBytes(20 * MiB);
  const files: Record<string, Buffer> = {
    'model/MLmodel': Buffer.from('artifact_path: model\nflavors: {}\n'),
    'model/data/x.json': Buffer.from('{"x": 1}'),
    'ünï côdé.txt': Buffer.from('unicode name'),
    'big.bin': big,
  };

  before(async () => {
    base = tempDir('runlens-artrepo-proxy-');
    tempRoot = path.join(base, 'downloads');
    destination = path.join(base, 'mlartifacts');
    fs.mkdirSync(tempRoot);
    stores = openSqliteStore(path.join(base, 'mlflow.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
    server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, artifactsDestination: destination, version: 'test', authToken: 'tok' });
    client = new RestClient({ baseUrl: server.url, credentials: { token: 'tok' }, maxRetries: 0 });
    for (const [relative, data] of Object.entries(files)) {
      const encoded = `1/abc/artifacts/${relative}`.split('/').map(encodeURIComponent).join('/');
      const response = await fetch(`${server.url}/api/2.0/mlflow-artifacts/artifacts/${encoded}`, { method: 'PUT', body: data, headers: { Authorization: 'Bearer tok' } });
      assert.equal(response.status, 200, await response.text());
    }
    repository = artifactRepositoryFor(root, { restClient: client, tempRoot });
  });
  after(async () => {
    await server.close();
    stores.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  test('lists nested folders with paths relative to the repository root', async () => {
    assert.ok(repository instanceof ProxyArtifactRepository);
    assert.deepEqual((await repository.list()).items, [
      { path: 'big.bin', isDir: false, fileSize: big.length },
      { path: 'model', isDir: true },
      { path: 'ünï côdé.txt', isDir: false, fileSize: 12 },
    ]);
    assert.deepEqual((await repository.list('model')).items, [{ path: 'model/MLmodel', isDir: false, fileSize: files['model/MLmodel'].length }, { path: 'model/data', isDir: true }]);
    assert.deepEqual((await repository.list('model/data')).items, [{ path: 'model/data/x.json', isDir: false, fileSize: 8 }]);
    assert.deepEqual(await repository.list('missing'), { items: [] });
  });

  test('lists the same entries as reading the server folder directly', async () => {
    const direct = artifactRepositoryFor(root, { artifactsDestination: destination });
    assert.ok(direct instanceof LocalArtifactRepository);
    for (const folder of ['', 'model', 'model/data']) assert.deepEqual(await repository.list(folder), await direct.list(folder));
  });

  test('downloads a 20 MB file streamed, with progress against the announced size', async () => {
    const progress: [number, number | undefined][] = [];
    const file = await repository.download('big.bin', { onProgress: (bytes, total) => progress.push([bytes, total]) });
    assert.ok(file.startsWith(tempRoot + path.sep));
    assert.equal(sha256(fs.readFileSync(file)), sha256(big));
    assert.ok(progress.length > 10);
    assert.deepEqual(progress.at(-1), [big.length, big.length]);
    fs.rmSync(path.dirname(file), { recursive: true });
    assert.deepEqual(await repository.read('ünï côdé.txt'), files['ünï côdé.txt']);
    assert.deepEqual(await repository.read('model/MLmodel'), files['model/MLmodel']);
  });

  test('limits, aborts, missing files and bad paths', async () => {
    await assert.rejects(repository.download('big.bin', { maxBytes: MiB }), rejectsWith('RESOURCE_EXHAUSTED', /big\.bin/u));
    await assert.rejects(repository.read('big.bin'), rejectsWith('RESOURCE_EXHAUSTED', /big\.bin/u));
    const controller = new AbortController();
    const download = repository.download('big.bin', { signal: controller.signal, onProgress: (bytes) => { if (bytes > MiB) controller.abort(); } });
    await assert.rejects(download, rejectsWith('CANCELLED', /cancelled/u));
    assert.deepEqual(fs.readdirSync(tempRoot), []);
    await assert.rejects(repository.download('model/nope.bin'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /nope\.bin/u));
    await assertRefusesBadPaths(repository);
  });

  test('a wrong token is UNAUTHENTICATED', async () => {
    const wrong = artifactRepositoryFor(root, { restClient: new RestClient({ baseUrl: server.url, credentials: { token: 'nope' }, maxRetries: 0 }) });
    await assert.rejects(wrong.list(), rejectsWith('UNAUTHENTICATED', /.+/u));
    await assert.rejects(wrong.download('model/MLmodel'), rejectsWith('UNAUTHENTICATED', /.+/u));
  });

  test('an authority in the URI names the server; proxy http URLs and plain http roots work too', async () => {
    const dead = new RestClient({ baseUrl: 'http://127.0.0.1:9', credentials: { token: 'tok' }, maxRetries: 0 });
    const withHost = artifactRepositoryFor(`mlflow-artifacts://127.0.0.1:${server.port}/1/abc/artifacts`, { restClient: dead });
    assert.deepEqual(await withHost.read('model/data/x.json'), files['model/data/x.json']);

    const proxyUrl = `${server.url}/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts`;
    const viaHttp = artifactRepositoryFor(proxyUrl, { restClient: client });
    assert.ok(viaHttp instanceof ProxyArtifactRepository);
    assert.deepEqual(await viaHttp.list('model'), await repository.list('model'));

    const plain = new HttpArtifactRepository(`${proxyUrl}/model`, client);
    assert.deepEqual(await plain.list(), { items: [] });
    assert.deepEqual(await plain.read('data/x.json'), files['model/data/x.json']);
    await assert.rejects(plain.read('data/missing.json'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /missing\.json/u));
  });

  test('cloud schemes get a cloud repository, unknown ones need an MLflow server; mlflow-artifacts needs a server or its folder', () => {
    assert.equal(artifactRepositoryFor('s3://bucket/1/abc').constructor.name, 'CloudArtifactRepository');
    assert.equal(artifactRepositoryFor('wasbs://c@acct.blob.core.windows.net/1/abc').constructor.name, 'CloudArtifactRepository');
    assert.throws(() => artifactRepositoryFor('hdfs://namenode/1/abc'), rejectsWith('NOT_IMPLEMENTED', /hdfs:\/\/namenode\/1\/abc .*--serve-artifacts/u));
    assert.throws(() => artifactRepositoryFor(root), rejectsWith('INVALID_PARAMETER_VALUE', /mlflow-artifacts:\/1\/abc/u));
    assert.throws(() => artifactRepositoryFor('mlflow-artifacts:/1/../x', { restClient: client }), rejectsWith('INVALID_PARAMETER_VALUE', /\.\./u));
  });
});

// Resolves each URI with the pinned mlflow against the same database: the expected answers.
const MLFLOW_RESOLVE = `
import json, sys
from mlflow.store.artifact.models_artifact_repo import ModelsArtifactRepository
from mlflow.store.artifact.runs_artifact_repo import RunsArtifactRepository
def resolve(uri):
    if uri.startswith("models:"):
        base, sub = ModelsArtifactRepository.split_models_uri(uri)
        resolved = resolve(ModelsArtifactRepository._get_model_uri_infos(base)[2])
        return resolved + "/" + sub if sub else resolved
    if not uri.startswith("runs:"):
        return uri
    run_id, path = RunsArtifactRepository.parse_runs_uri(uri)
    if not path:
        return RunsArtifactRepository.get_underlying_uri(uri)
    repo = RunsArtifactRepository("runs:/" + run_id)
    model_repo = repo._get_logged_model_artifact_repo(run_id, path.split("/")[0])
    parent = path.rpartition("/")[0] or None
    if model_repo is not None and not any(f.path == path for f in repo._list_run_artifacts(parent)):
        rest = path.split("/", 1)[1] if "/" in path else ""
        return model_repo.repo.artifact_uri + ("/" + rest if rest else "")
    return RunsArtifactRepository.get_underlying_uri(uri)

out = {uri: resolve(uri) for uri in json.loads(sys.argv[1])}
print(json.dumps(out))
`;

describe('runs:/ and models:/ resolution on a real SQLite store', () => {
  let base: string;
  let db: string;
  let stores: SqliteStores;
  let runId: string;
  let modelId: string;
  let modelArtifacts: string;

  before(async () => {
    base = tempDir('runlens-artrepo-uris-');
    db = path.join(base, 'mlflow.db');
    stores = openSqliteStore(db, { defaultArtifactRoot: path.join(base, 'mlruns') });
    const { tracking, registry } = stores;
    const experimentId = await tracking.createExperiment('uris');
    const run = await tracking.createRun({ experimentId });
    runId = run.info.runId;
    const model = await tracking.createLoggedModel({ experimentId, name: 'model', sourceRunId: runId });
    modelId = model.modelId;
    modelArtifacts = model.artifactUri;
    write(modelArtifacts, 'MLmodel', 'flavors: {}\n');
    // A logged model whose name the run also uses for its own files: the run's files win.
    await tracking.createLoggedModel({ experimentId, name: 'plots', sourceRunId: runId });
    write(run.info.artifactUri, 'plots/loss.txt', 'loss');
    await registry.createRegisteredModel('reg');
    await registry.createModelVersion({ name: 'reg', source: `models:/${modelId}`, runId, modelId });
    await registry.createModelVersion({ name: 'reg', source: `runs:/${runId}/plots` });
    await registry.createModelVersion({ name: 'reg', source: `${run.info.artifactUri}/plots` });
    await registry.transitionModelVersionStage('reg', '2', 'Production', false);
    await registry.setRegisteredModelAlias('reg', 'champion', '1');
  });
  after(() => {
    stores.close();
    fs.rmSync(base, { recursive: true, force: true });
  });

  test('every form resolves as the pinned mlflow resolves it', async () => {
    const uris = [
      `runs:/${runId}`, `runs:/${runId}/`, `runs:/${runId}/plots`, `runs:/${runId}/plots/loss.txt`, `runs:/${runId}/model`, `runs:/${runId}/model/MLmodel`,
      `runs:/${runId}/other/file.txt`, `models:/${modelId}`, 'models:/reg/1', 'models:/reg/2', 'models:/reg/3', 'models:/reg@champion', 'models:/reg/latest',
      'models:/reg/LATEST', 'models:/reg/Production', 'models:/reg/production', 'models:/reg/None', 'models:/reg/1/MLmodel', 'models:/reg@champion/MLmodel',
    ];
    const script = path.join(base, 'mlflow_resolve.py');
    fs.writeFileSync(script, MLFLOW_RESOLVE);
    const expected = await runPythonJson<Record<string, string>>(script, [JSON.stringify(uris)], { MLFLOW_TRACKING_URI: `sqlite:///${db}` }, base);
    for (const uri of uris) {
      assert.equal(await resolveModelUri(uri, stores), expected[uri], uri);
    }
    // Spot checks that the comparison means something.
    assert.equal(expected[`runs:/${runId}/model/MLmodel`], `${modelArtifacts}/MLmodel`);
    assert.equal(expected['models:/reg/Production'], expected[`runs:/${runId}/plots`]);
    assert.ok(expected[`runs:/${runId}/plots`].endsWith(`${runId}/artifacts/plots`), 'the run\'s own plots folder wins over the logged model named plots');
  });

  test('a resolved URI opens as a repository', async () => {
    const resolved = await resolveModelUri('models:/reg@champion', stores);
    assert.deepEqual((await artifactRepositoryFor(resolved).list()).items, [{ path: 'MLmodel', isDir: false, fileSize: 12 }]);
    const viaRun = artifactRepositoryFor(await resolveModelUri(`runs:/${runId}/model`, stores));
    assert.equal((await viaRun.read('MLmodel')).toString(), 'flavors: {}\n');
  });

  test('malformed URIs are INVALID_PARAMETER_VALUE naming the URI', async () => {
    for (const bad of ['models:/', 'models:', 'models://host/reg/1', 'models:/reg/', 'models:/reg@', 'models:/@alias', 'models:/ /1', 'runs:/', 'runs://x/y', 'runs:/ /a', `runs:/${runId}/../x`, `models:/reg/1/../x`]) {
      const shown = bad.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
      await assert.rejects(resolveModelUri(bad, stores), rejectsWith('INVALID_PARAMETER_VALUE', new RegExp(`'${shown}'`, 'u')), bad);
    }
    assert.deepEqual(parseModelsUri('models:/reg/Staging/a/b'), { target: { kind: 'stage', name: 'reg', stage: 'Staging' }, artifactPath: 'a/b' });
    assert.equal(await resolveModelUri('s3://bucket/x', stores), 's3://bucket/x');
  });

  test('missing runs, models, versions, aliases and stages are RESOURCE_DOES_NOT_EXIST', async () => {
    const missing = (uri: string) => assert.rejects(resolveModelUri(uri, stores), rejectsWith('RESOURCE_DOES_NOT_EXIST', /not found|No versions/u), uri);
    await missing(`runs:/${'0'.repeat(32)}/model`);
    await missing(`models:/m-${'0'.repeat(32)}`);
    await missing('models:/reg/9');
    // MLflow's registry answers an unknown alias with INVALID_PARAMETER_VALUE; it passes through.
    await assert.rejects(resolveModelUri('models:/reg@nobody', stores), rejectsWith('INVALID_PARAMETER_VALUE', /alias nobody not found/u));
    await missing('models:/reg/Staging');
    await missing('models:/unknown/latest');
  });
});

