// Azure Blob artifacts on real parts: Azurite on loopback (it checks shared-key signatures), the
// pinned mlflow's own AzureBlobArtifactRepository writing and reading the same container, and
// RunLens's repository for wasbs:// roots in between. Azure specifics only; the cross-provider
// folder rules live in the shared contract suite.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { RestError } from '@azure/storage-blob';
import type { ArtifactEntry, WritableArtifactRepository } from '../../src/store/artifacts/artifactRepository.ts';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import { classifyAzureError } from '../../src/store/artifacts/cloud/azureObjectStore.ts';
import { accountUrlFor, credentialSourceFor } from '../../src/store/artifacts/cloud/azureServiceClient.ts';
import { CloudFailure } from '../../src/store/artifacts/cloud/cloudErrors.ts';
import { parseAzureConnectionString } from '../../src/store/artifacts/cloud/azureConnectionString.ts';
import { parseCloudLocation } from '../../src/store/artifacts/cloud/cloudLocation.ts';
import type { CloudEnvironment } from '../../src/store/artifacts/cloud/objectStore.ts';
import { rejectsWith } from '../support/assertions.ts';
import { AZURITE_KEY, azuriteConnectionString, startAzurite } from '../support/cloudServers/azurite.ts';
import type { CloudTestServer } from '../support/cloudServers/cloudTestServer.ts';
import { freePort } from '../support/mlflowServer.ts';
import { runPythonJson } from '../support/python.ts';

const MiB = 1024 * 1024;
const CONTAINER = 'mlflow-artifacts';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

interface MlflowEntry { path: string; is_dir: boolean; file_size: number | null }
interface MlflowReport { lists: Record<string, MlflowEntry[]>; hashes: Record<string, string> }

// The mlflow client's Azure repository: log a folder, then list and hash what is under a root.
const MLFLOW_SCRIPT = `
import hashlib, json, os, sys, tempfile
from mlflow.store.artifact.azure_blob_artifact_repo import AzureBlobArtifactRepository

root, upload_dir, list_paths, hash_paths = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
repo = AzureBlobArtifactRepository(root)
if upload_dir:
    repo.log_artifacts(upload_dir)
lists = {p: [{"path": f.path, "is_dir": f.is_dir, "file_size": f.file_size} for f in repo.list_artifacts(p or None)] for p in list_paths}
hashes = {}
with tempfile.TemporaryDirectory() as dst:
    for p in hash_paths:
        local = repo.download_artifacts(p, dst)
        with open(local, "rb") as f:
            hashes[p] = hashlib.sha256(f.read()).hexdigest()
print(json.dumps({"lists": lists, "hashes": hashes}))
`;

function write(root: string, relative: string, data: string | Buffer): Buffer {
  const file = path.join(root, ...relative.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
  return Buffer.from(data);
}

/** Every page of a folder, as the Experiments view reads it. */
async function listAll(repository: WritableArtifactRepository, folder?: string): Promise<ArtifactEntry[]> {
  const items: ArtifactEntry[] = [];
  let token: string | undefined;
  do {
    const page = await repository.list(folder, token);
    items.push(...page.items);
    token = page.nextPageToken;
  } while (token);
  return items;
}

/** Ours in mlflow's shape: mlflow sorts by path too and gives folders no size. */
const asMlflow = (items: ArtifactEntry[]): MlflowEntry[] => items.map((item) => ({ path: item.path, is_dir: item.isDir, file_size: item.isDir ? null : (item.fileSize ?? null) }));

/** A TCP port that accepts connections and never answers: a black-holed endpoint. */
async function silentServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('Azure Blob artifacts on Azurite with the mlflow client', () => {
  let server: CloudTestServer & { blobEndpoint: string };
  let base: string;
  let script: string;
  let root: string;
  let cloudEnv: CloudEnvironment;
  let repository: WritableArtifactRepository;
  const written: Record<string, Buffer> = {};

  const mlflow = (rootUri: string, options: { upload?: string; list?: string[]; hash?: string[] }) =>
    runPythonJson<MlflowReport>(script, [rootUri, options.upload ?? '', JSON.stringify(options.list ?? []), JSON.stringify(options.hash ?? [])], server.env);

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-azure-test-'));
    script = path.join(base, 'mlflow_azure.py');
    fs.writeFileSync(script, MLFLOW_SCRIPT);
    server = await startAzurite();
    await server.createBucket(CONTAINER);
    cloudEnv = server.env;
    root = server.rootUri(CONTAINER, '1/0123456789abcdef/artifacts');
    const local = path.join(base, 'logged');
    written['model/MLmodel'] = write(local, 'model/MLmodel', 'artifact_path: model\nflavors: {}\n');
    written['model/model.pkl'] = write(local, 'model/model.pkl', randomBytes(300 * 1024));
    written['model/sub/deep.bin'] = write(local, 'model/sub/deep.bin', randomBytes(5 * MiB + 17));
    written['metrics.json'] = write(local, 'metrics.json', JSON.stringify({ accuracy: 0.93 }));
    written['plot.png'] = write(local, 'plot.png', randomBytes(40_000));
    written['spaced name.txt'] = write(local, 'spaced name.txt', 'a name with a space');
    written['empty.txt'] = write(local, 'empty.txt', '');
    await mlflow(root, { upload: local });
    repository = artifactRepositoryFor(root, { cloudEnv, tempRoot: base }) as WritableArtifactRepository;
  });

  after(async () => {
    await server?.stop();
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  test('lists one folder level exactly as the mlflow client lists it, a file path listing empty', async () => {
    const folders = ['', 'model', 'model/sub', 'model/MLmodel', 'nothing-here'];
    const theirs = await mlflow(root, { list: folders });
    for (const folder of folders) {
      assert.deepEqual(asMlflow(await listAll(repository, folder)), theirs.lists[folder], `listing of '${folder}'`);
    }
    assert.deepEqual(
      (await listAll(repository)).map((entry) => [entry.path, entry.isDir, entry.fileSize]),
      [['empty.txt', false, 0], ['metrics.json', false, written['metrics.json'].length], ['model', true, undefined], ['plot.png', false, 40_000], ['spaced name.txt', false, 19]],
    );
    assert.deepEqual(await listAll(repository, 'model/MLmodel'), []);
  });

  test('reads and downloads what the mlflow client wrote, byte-identical', async () => {
    for (const [name, bytes] of Object.entries(written)) {
      const file = await repository.download(name);
      assert.equal(sha256(fs.readFileSync(file)), sha256(bytes), `download of ${name}`);
      assert.equal(path.basename(file), path.posix.basename(name));
    }
    assert.deepEqual(await repository.read('metrics.json'), written['metrics.json']);
    assert.deepEqual(await repository.read('empty.txt'), Buffer.alloc(0));
    await assert.rejects(repository.download('model/nope.bin'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /model\/nope\.bin/u));
  });

  test('a listing longer than a page comes in pages joined by the continuation token', async () => {
    const pagedRoot = server.rootUri(CONTAINER, 'paged');
    const { BlobServiceClient } = await import('@azure/storage-blob');
    const blobs = BlobServiceClient.fromConnectionString(server.env.AZURE_STORAGE_CONNECTION_STRING).getContainerClient(CONTAINER);
    const names = Array.from({ length: 1003 }, (_, i) => `f${String(i).padStart(4, '0')}.txt`);
    for (let start = 0; start < names.length; start += 50) {
      await Promise.all(names.slice(start, start + 50).map((name) => blobs.getBlockBlobClient(`paged/${name}`).upload(name, name.length)));
    }
    const paged = artifactRepositoryFor(pagedRoot, { cloudEnv }) as WritableArtifactRepository;
    const first = await paged.list();
    assert.equal(first.items.length, 1000);
    assert.ok(first.nextPageToken, 'a continuation token after the first 1000');
    const second = await paged.list(undefined, first.nextPageToken);
    assert.equal(second.items.length, 3);
    assert.equal(second.nextPageToken, undefined);
    assert.deepEqual([...first.items, ...second.items].map((entry) => entry.path), names);
  });

  test('what RunLens uploads, the mlflow client reads back; delete removes a folder and only it', async () => {
    const local = path.join(base, 'to-upload');
    const log = write(local, 'stdout.log', 'epoch 1\nepoch 2\n');
    const big = write(local, 'big.bin', randomBytes(9 * MiB + 3)); // several blocks, streamed
    const code: Record<string, Buffer> = {
      'code/uncommitted.diff': write(local, 'code/uncommitted.diff', '--- a\n+++ b\n'),
      'code/nested/deeper/x.py': write(local, 'code/nested/deeper/x.py', 'print(1)\n'),
      'code/empty.txt': write(local, 'code/empty.txt', ''),
    };
    await repository.upload(path.join(local, 'stdout.log'), 'logs/stdout.log');
    await repository.upload(path.join(local, 'big.bin'), 'data/big.bin');
    assert.equal(await repository.uploadFolder(path.join(local, 'code'), 'code'), 3);

    const theirs = await mlflow(root, { list: ['logs', 'code', 'code/nested/deeper'], hash: ['logs/stdout.log', 'data/big.bin', ...Object.keys(code)] });
    assert.equal(theirs.hashes['logs/stdout.log'], sha256(log));
    assert.equal(theirs.hashes['data/big.bin'], sha256(big));
    for (const [name, bytes] of Object.entries(code)) assert.equal(theirs.hashes[name], sha256(bytes), name);
    assert.deepEqual(theirs.lists.logs, [{ path: 'logs/stdout.log', is_dir: false, file_size: log.length }]);
    assert.deepEqual(theirs.lists.code, asMlflow(await listAll(repository, 'code')));

    await repository.delete('code');
    assert.deepEqual(await listAll(repository, 'code'), []);
    const after = await mlflow(root, { list: ['', 'code'] });
    assert.deepEqual(after.lists.code, []);
    assert.ok(after.lists[''].some((entry) => entry.path === 'logs'), 'logs/ is still there');
    assert.ok(after.lists[''].some((entry) => entry.path === 'model'), 'model/ is still there');
    await repository.delete('no/such/folder'); // nothing to delete is not an error
  });

  test('a connection string with a SAS token instead of the key works too', async () => {
    const { AccountSASPermissions, BlobServiceClient, StorageSharedKeyCredential } = await import('@azure/storage-blob');
    const owner = new BlobServiceClient(server.blobEndpoint, new StorageSharedKeyCredential('devstoreaccount1', AZURITE_KEY));
    const sas = new URL(owner.generateAccountSasUrl(new Date(Date.now() + 3600_000), AccountSASPermissions.parse('rl'), 'sco')).search.slice(1);
    const env = { AZURE_STORAGE_CONNECTION_STRING: `BlobEndpoint=${server.blobEndpoint};SharedAccessSignature=${sas}` };
    const viaSas = artifactRepositoryFor(root, { cloudEnv: env });
    assert.deepEqual(await viaSas.read('metrics.json'), written['metrics.json']);
    assert.deepEqual(asMlflow(await listAll(viaSas as WritableArtifactRepository, 'model')), asMlflow(await listAll(repository, 'model')));
  });

  test('a wrong account key is access denied, and the message holds no key', async () => {
    const wrongKey = randomBytes(64).toString('base64');
    const env = { AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(server.blobEndpoint, wrongKey) };
    const denied = artifactRepositoryFor(root, { cloudEnv: env });
    const noSecret = (error: unknown) => {
      const message = (error as Error).message;
      for (const secret of [wrongKey, AZURITE_KEY, 'AccountKey', env.AZURE_STORAGE_CONNECTION_STRING]) assert.ok(!message.includes(secret), `message leaks ${secret.slice(0, 10)}…: ${message}`);
      return true;
    };
    const deniedMessage = /Access denied to .*wasbs:\/\/mlflow-artifacts@devstoreaccount1\.blob\.core\.windows\.net.*\((AuthorizationFailure|AuthenticationFailed)\).*AZURE_STORAGE_CONNECTION_STRING/u;
    await assert.rejects(denied.list(), (error) => rejectsWith('PERMISSION_DENIED', deniedMessage)(error) && noSecret(error));
    await assert.rejects(denied.read('metrics.json'), (error) => rejectsWith('PERMISSION_DENIED', deniedMessage)(error) && noSecret(error));
  });

  test('a malformed connection string is named, never quoted', async () => {
    const garbled = 'AccountKey not-really-secret-but-never-shown';
    await assert.rejects(artifactRepositoryFor(root, { cloudEnv: { AZURE_STORAGE_CONNECTION_STRING: garbled } }).list(), (error) =>
      rejectsWith('INTERNAL_ERROR', /\(AZURE_STORAGE_CONNECTION_STRING is not a valid storage connection string: every part must be Name=value\)/u)(error) && !(error as Error).message.includes('not-really-secret'));
  });

  test('a missing container is named as such', async () => {
    const missing = artifactRepositoryFor(server.rootUri('no-such-container', 'x'), { cloudEnv });
    await assert.rejects(missing.list(), rejectsWith('RESOURCE_DOES_NOT_EXIST', /Container 'no-such-container' of wasbs:\/\/no-such-container@.* does not exist \(ContainerNotFound/u));
    await assert.rejects(missing.download('a.txt'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /Container 'no-such-container'/u));
  });

  test('an endpoint that refuses connections fails fast with a clear message', async () => {
    const port = await freePort();
    const env = { AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(`http://127.0.0.1:${port}/devstoreaccount1`) };
    const started = Date.now();
    await assert.rejects(artifactRepositoryFor(root, { cloudEnv: env }).list(), rejectsWith('TEMPORARILY_UNAVAILABLE', new RegExp(`Cannot reach the storage endpoint .*ECONNREFUSED at http://127\\.0\\.0\\.1:${port}\\).*connection string`, 'u')));
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });

  test('an endpoint that accepts but never answers times out within the bound', async () => {
    const silent = await silentServer();
    try {
      const env = { AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(`http://127.0.0.1:${silent.port}/devstoreaccount1`) };
      const started = Date.now();
      await assert.rejects(artifactRepositoryFor(root, { cloudEnv: env }).list(), rejectsWith('DEADLINE_EXCEEDED', /did not answer in time \(no answer from http:\/\/127\.0\.0\.1:\d+ within 20 s\)/u));
      const took = Date.now() - started;
      assert.ok(took >= 19_000 && took < 25_000, `took ${took} ms`);
    } finally {
      await silent.close();
    }
  });

  test('traversal paths are refused before any call is made', async () => {
    // A dead endpoint: a path that reached the network would fail as unreachable instead.
    const env = { AZURE_STORAGE_CONNECTION_STRING: azuriteConnectionString(`http://127.0.0.1:${await freePort()}/devstoreaccount1`) };
    const guarded = artifactRepositoryFor(root, { cloudEnv: env }) as WritableArtifactRepository;
    const local = path.join(base, 'refused.txt');
    fs.writeFileSync(local, 'x');
    for (const bad of ['../secret.txt', 'model/../../other-run/x', '/etc/passwd', 'a\\..\\b']) {
      const refused = rejectsWith('INVALID_PARAMETER_VALUE', /./u);
      await assert.rejects(guarded.list(bad), refused);
      await assert.rejects(guarded.download(bad), refused);
      await assert.rejects(guarded.upload(local, bad), refused);
      await assert.rejects(guarded.delete(bad), refused);
    }
  });

  test('with no connection string, key or Azure sign-in, the message says what to set', async () => {
    const saved = { ...process.env };
    // Only the environment step of DefaultAzureCredential: no managed-identity probe leaves loopback.
    process.env.AZURE_TOKEN_CREDENTIALS = 'EnvironmentCredential';
    for (const name of ['AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_USERNAME']) delete process.env[name];
    try {
      const started = Date.now();
      const anonymous = artifactRepositoryFor(server.rootUri(CONTAINER, 'x'), { cloudEnv: {} });
      await assert.rejects(anonymous.list(), rejectsWith('UNAUTHENTICATED', /No credentials found for wasbs:\/\/mlflow-artifacts@devstoreaccount1\.blob\.core\.windows\.net\/x\. Set AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_ACCESS_KEY, sign in with 'az login'/u));
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});

describe('Azure credentials and endpoints as mlflow 3.18 chooses them', () => {
  const wasbs = parseCloudLocation('wasbs://runs@acct01.blob.core.windows.net/mlflow/1');
  const china = parseCloudLocation('wasbs://runs@acct01.blob.core.chinacloudapi.cn/mlflow');
  const abfss = parseCloudLocation('abfss://lake@acct02.dfs.core.windows.net/mlflow/2');

  test('the account URL is the URI host; an ADLS Gen2 (dfs) host maps to the same account\'s blob endpoint', () => {
    assert.equal(accountUrlFor(wasbs), 'https://acct01.blob.core.windows.net');
    assert.equal(accountUrlFor(china), 'https://acct01.blob.core.chinacloudapi.cn');
    assert.equal(accountUrlFor(abfss), 'https://acct02.blob.core.windows.net');
  });

  test('wasbs: connection string, then access key, then DefaultAzureCredential; abfss: SAS token, then DefaultAzureCredential', () => {
    const all = { AZURE_STORAGE_CONNECTION_STRING: 'x', AZURE_STORAGE_ACCESS_KEY: 'y', AZURE_STORAGE_SAS_TOKEN: 'z' };
    assert.equal(credentialSourceFor(wasbs, all), 'connection-string');
    assert.equal(credentialSourceFor(wasbs, { AZURE_STORAGE_ACCESS_KEY: 'y' }), 'access-key');
    assert.equal(credentialSourceFor(wasbs, { AZURE_STORAGE_SAS_TOKEN: 'z' }), 'default-credential');
    assert.equal(credentialSourceFor(wasbs, { AZURE_STORAGE_CONNECTION_STRING: '  ' }), 'default-credential');
    assert.equal(credentialSourceFor(abfss, all), 'sas-token');
    assert.equal(credentialSourceFor(abfss, { AZURE_STORAGE_CONNECTION_STRING: 'x' }), 'default-credential');
  });

  test('connection strings are read as the Python SDK behind mlflow reads them', async () => {
    const strings = [
      'DefaultEndpointsProtocol=https;AccountName=acct01;AccountKey=a2V5;EndpointSuffix=core.windows.net',
      'AccountName=acct01;AccountKey=a2V5',
      'accountname=acct01;accountkey=a2V5;endpointsuffix=core.chinacloudapi.cn;',
      'DefaultEndpointsProtocol=http;AccountName=acct01;AccountKey=a2V5',
      'DefaultEndpointsProtocol=http;AccountName=acct01;AccountKey=a2V5;EndpointSuffix=example.test',
      'BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=sv=2020-08-04&sig=abc%3D',
      'BlobEndpoint=https://acct01.blob.core.windows.net/;AccountName=acct01;AccountKey=a2V5',
      'AccountName=acct01',
      'UseDevelopmentStorage=true',
      'not a connection string',
      'EndpointSuffix=core.windows.net',
    ];
    const script = path.join(os.tmpdir(), `runlens-azure-connstr-${process.pid}.py`);
    fs.writeFileSync(script, `
import json, sys
from azure.storage.blob._shared.base_client import parse_connection_str
out = []
for s in json.loads(sys.argv[1]):
    try:
        primary, _, credential = parse_connection_str(s, None, "blob")
        if isinstance(credential, dict): kind = "key:" + credential["account_name"]
        elif credential is None: kind = "anonymous"
        elif s.startswith("UseDevelopmentStorage"): kind = "key:devstoreaccount1"
        else: kind = "sas:" + credential
        out.append({"endpoint": primary.rstrip("/"), "credential": kind})
    except ValueError:
        out.append(None)
print(json.dumps(out))
`);
    try {
      const theirs = await runPythonJson<({ endpoint: string; credential: string } | null)[]>(script, [JSON.stringify(strings)]);
      const ours = strings.map((text) => {
        try {
          const connection = parseAzureConnectionString(text);
          if (connection.kind === 'development') return { endpoint: 'http://127.0.0.1:10000/devstoreaccount1', credential: 'key:devstoreaccount1' };
          const credential = connection.accountKey ? `key:${connection.accountName}` : connection.sas ? `sas:${connection.sas}` : 'anonymous';
          return { endpoint: connection.blobEndpoint, credential };
        } catch (error) {
          assert.ok(error instanceof CloudFailure && !error.message.includes(text), String(error));
          return null;
        }
      });
      assert.deepEqual(ours, theirs);
    } finally {
      fs.rmSync(script, { force: true });
    }
  });

  test('Azure\'s auth failures are told apart: request time out of window is clock skew, the rest is access denied', () => {
    const authFailure = () => new RestError('Server failed to authenticate the request.', { statusCode: 403, code: 'AuthenticationFailed' });
    const withDetails = (error: RestError, details: Record<string, string | undefined>) => Object.assign(error, { details: { errorCode: 'AuthenticationFailed', ...details } });
    const kind = (error: unknown) => (classifyAzureError(error, 'https://acct01.blob.core.windows.net') as CloudFailure).kind;
    const now = new Date().toUTCString();
    assert.equal(kind(withDetails(authFailure(), { authenticationErrorDetail: "Request date header too old: 'Fri, 01 Jan 2021 00:00:00 GMT'", date: now })), 'clock-skew');
    assert.equal(kind(withDetails(authFailure(), { date: new Date(Date.now() - 40 * 60_000).toUTCString() })), 'clock-skew');
    assert.equal(kind(withDetails(authFailure(), { authenticationErrorDetail: 'The MAC signature found in the HTTP request is not the same as any computed signature.', date: now })), 'denied');
    assert.equal(kind(Object.assign(new RestError('no', { statusCode: 404, code: 'BlobNotFound' }), { details: { errorCode: 'BlobNotFound' } })), 'missing');
    assert.equal(kind(Object.assign(new Error('none'), { name: 'AggregateAuthenticationError' })), 'no-credentials');
    assert.equal(kind(Object.assign(new Error('bad secret'), { name: 'AuthenticationError' })), 'denied');
    assert.equal(kind(Object.assign(new RestError('connect ECONNREFUSED', { code: 'ECONNREFUSED' }))), 'unreachable');
  });
});
