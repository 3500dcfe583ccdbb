// gs:// artifact roots on fake-gcs-server, checked against the pinned mlflow's own GCS repository
// (google-cloud-storage, pointed at the emulator by STORAGE_EMULATOR_HOST): what mlflow writes,
// RunLens lists, reads and downloads byte-identical; what RunLens writes, mlflow downloads.
// Needs the venv and the emulator binary (.ci/setup-cloud-servers.sh); without them it fails.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ArtifactEntry, WritableArtifactRepository } from '../../src/store/artifacts/artifactRepository.ts';
import { isWritable } from '../../src/store/artifacts/artifactRepository.ts';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import type { CloudEnvironment } from '../../src/store/artifacts/cloud/objectStore.ts';
import { rejectsWith } from '../support/assertions.ts';
import { startFakeGcs } from '../support/cloudServers/fakeGcs.ts';
import type { CloudTestServer } from '../support/cloudServers/cloudTestServer.ts';
import { freePort } from '../support/mlflowServer.ts';
import { runPythonJson } from '../support/python.ts';

const MiB = 1024 * 1024;
const BUCKET = 'team-artifacts';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

// mlflow's GCSArtifactRepository, as `mlflow` itself uses it for a gs:// artifact location.
const MLFLOW_GCS = String.raw`
import hashlib, json, os, sys, tempfile
from mlflow.store.artifact.gcs_artifact_repo import GCSArtifactRepository

command, root = sys.argv[1], sys.argv[2]
repo = GCSArtifactRepository(root)

def listing(path):
    return [{"path": f.path, "isDir": f.is_dir, "fileSize": f.file_size} for f in repo.list_artifacts(path)]

def hashes(folder):
    found = {}
    for parent, _, files in os.walk(folder):
        for name in files:
            full = os.path.join(parent, name)
            with open(full, "rb") as handle:
                found[os.path.relpath(full, folder).replace(os.sep, "/")] = hashlib.sha256(handle.read()).hexdigest()
    return found

if command == "write":
    repo.log_artifacts(sys.argv[3])
    print(json.dumps({path or "": listing(path) for path in json.loads(sys.argv[4])}))
elif command == "download":
    target = tempfile.mkdtemp()
    repo.download_artifacts(sys.argv[3], target)
    print(json.dumps({"files": hashes(target), "listing": listing(None)}))
`;

function write(root: string, relative: string, data: string | Buffer): void {
  const file = path.join(root, ...relative.split('/'));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
}

/** Lists every page of one folder level. */
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

/** mlflow's listing with null sizes for folders, as RunLens leaves them unset. */
const asRunLens = (entries: { path: string; isDir: boolean; fileSize: number | null }[]): ArtifactEntry[] =>
  entries.map((entry) => (entry.isDir ? { path: entry.path, isDir: true } : { path: entry.path, isDir: false, fileSize: entry.fileSize ?? undefined }));

/** A loopback port that accepts connections and never answers: a hung endpoint. Counts connections. */
async function silentServer(): Promise<{ port: number; connections: () => number; close: () => void }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections: () => count,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/**
 * A loopback endpoint that answers every request with one GCS-shaped JSON error, as the real
 * service does for a refused key (403) or an outage (503). Counts requests.
 */
async function answeringWith(status: number, reason: string, message: string): Promise<{ port: number; requests: () => number; close: () => void }> {
  let requests = 0;
  const server = http.createServer((request, response) => {
    requests++;
    request.resume();
    request.on('end', () => {
      response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      response.end(JSON.stringify({ error: { code: status, message, errors: [{ domain: 'global', reason, message }] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, requests: () => requests, close: () => server.close() };
}

async function elapsed(work: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const start = Date.now();
  try {
    await work;
  } catch (error) {
    return { error, ms: Date.now() - start };
  }
  assert.fail('expected a failure');
}

describe('gs:// artifact roots on fake-gcs-server, with the mlflow client\'s GCS repository', () => {
  let gcs: CloudTestServer;
  let base: string;
  let script: string;
  let env: CloudEnvironment;
  const root = () => gcs.rootUri(BUCKET, '1/0123456789abcdef/artifacts');
  const repository = (uri = root(), cloudEnv: CloudEnvironment = env): WritableArtifactRepository => {
    const repo = artifactRepositoryFor(uri, { cloudEnv, tempRoot: base });
    assert.ok(isWritable(repo));
    return repo;
  };
  const mlflowGcs = <T>(args: string[]) => runPythonJson<T>(script, args, { ...gcs.env, PYTHONWARNINGS: 'ignore' }, base);
  // What mlflow logged: a model folder, a PNG-sized binary, a JSON, a nested folder, and one file
  // past the Python client's single-request size, so it went up as a resumable upload.
  const logged: Record<string, Buffer> = {
    'model/MLmodel': Buffer.from('artifact_path: model\nflavors:\n  sklearn: {}\n'),
    'model/model.pkl': randomBytes(300 * 1024),
    'plot.png': randomBytes(20 * 1024),
    'metrics.json': Buffer.from('{"accuracy": 0.93}'),
    'nested/deeper/empty.txt': Buffer.alloc(0),
    'nested/big.bin': randomBytes(9 * MiB),
  };
  let mlflowListings: Record<string, { path: string; isDir: boolean; fileSize: number | null }[]>;

  before(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-gcs-'));
    script = path.join(base, 'mlflow_gcs.py');
    fs.writeFileSync(script, MLFLOW_GCS);
    gcs = await startFakeGcs();
    env = { ...gcs.env };
    await gcs.createBucket(BUCKET);
    const source = path.join(base, 'logged');
    for (const [relative, data] of Object.entries(logged)) write(source, relative, data);
    mlflowListings = await mlflowGcs(['write', root(), source, JSON.stringify(['', 'model', 'nested', 'nested/deeper', 'plot.png', 'missing'])]);
  });

  after(async () => {
    await gcs?.stop();
    fs.rmSync(base, { recursive: true, force: true });
  });

  test('lists one folder level exactly as mlflow does: files with sizes, folders, a file or a missing path lists empty', async () => {
    const repo = repository();
    for (const folder of ['', 'model', 'nested', 'nested/deeper', 'plot.png', 'missing']) {
      assert.deepEqual(await listAll(repo, folder), asRunLens(mlflowListings[folder]), `listing of '${folder}'`);
    }
    assert.deepEqual((await repo.list()).items.map((item) => item.path), ['metrics.json', 'model', 'nested', 'plot.png']);
  });

  test('reads and downloads what mlflow wrote byte-identical, with progress and no listener-leak warnings', async () => {
    const repo = repository();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    for (const [relative, data] of Object.entries(logged)) {
      let total: number | undefined;
      const file = await repo.download(relative, { onProgress: (_bytes, announced) => (total = announced) });
      assert.equal(sha256(fs.readFileSync(file)), sha256(data), relative);
      assert.equal(total ?? data.length, data.length, `${relative}: announced size`);
      if (data.length < MiB) assert.equal(sha256(await repo.read(relative)), sha256(data), `read ${relative}`);
    }
    process.off('warning', onWarning);
    assert.deepEqual(warnings.filter((name) => name === 'MaxListenersExceededWarning'), []);
    await assert.rejects(repo.read('nested/big.bin', { maxBytes: MiB }), rejectsWith('RESOURCE_EXHAUSTED', /nested\/big\.bin/u));
    await assert.rejects(repo.read('model/nope.pkl'), rejectsWith('RESOURCE_DOES_NOT_EXIST', /No such artifact: 'model\/nope\.pkl' under gs:\/\/team-artifacts/u));
  });

  test('what RunLens uploads (a file, a folder) mlflow downloads byte-identical; delete removes a folder for both', async () => {
    const runRoot = gcs.rootUri(BUCKET, '1/fedcba9876543210/artifacts');
    const repo = repository(runRoot);
    const local = path.join(base, 'launch');
    const stdout = randomBytes(64 * 1024);
    const code: Record<string, Buffer> = {
      'uncommitted.diff': Buffer.from('diff --git a/train.py b/train.py\n+lr = 0.1\n'),
      'src/train.py': Buffer.from('print("train")\n'),
      'src/big.bin': randomBytes(9 * MiB), // above the single-request size: a resumable upload
    };
    write(local, 'stdout.log', stdout);
    for (const [relative, data] of Object.entries(code)) write(local, `code/${relative}`, data);

    await repo.upload(path.join(local, 'stdout.log'), 'logs/stdout.log');
    assert.equal(await repo.uploadFolder(path.join(local, 'code'), 'code'), 3);

    const read = await mlflowGcs<{ files: Record<string, string>; listing: { path: string }[] }>(['download', runRoot, '']);
    const expected: Record<string, string> = { 'logs/stdout.log': sha256(stdout) };
    for (const [relative, data] of Object.entries(code)) expected[`code/${relative}`] = sha256(data);
    assert.deepEqual(read.files, expected);

    await repo.delete('code');
    await repo.delete('code/never-there.txt');
    assert.deepEqual((await listAll(repo)).map((item) => item.path), ['logs']);
    const after = await mlflowGcs<{ files: Record<string, string>; listing: { path: string }[] }>(['download', runRoot, '']);
    assert.deepEqual(after.listing.map((item) => item.path), ['logs']);
    assert.deepEqual(Object.keys(after.files), ['logs/stdout.log']);
  });

  test('a download or an upload cancelled midway stops with CANCELLED and writes nothing', async () => {
    const repo = repository();
    const stopDownload = new AbortController();
    await assert.rejects(
      repo.download('nested/big.bin', { signal: stopDownload.signal, onProgress: () => stopDownload.abort() }),
      rejectsWith('CANCELLED', /nested\/big\.bin/u),
    );
    const local = path.join(base, 'cancelled.bin');
    fs.writeFileSync(local, randomBytes(9 * MiB));
    const stopUpload = new AbortController();
    const upload = repo.upload(local, 'cancelled/big.bin', stopUpload.signal);
    setImmediate(() => stopUpload.abort());
    await assert.rejects(upload, rejectsWith('CANCELLED', /cancelled\/big\.bin/u));
    assert.deepEqual(await listAll(repo, 'cancelled'), []);
  });

  test('a missing bucket is named, with what to check', async () => {
    const { error, ms } = await elapsed(repository(gcs.rootUri('no-such-bucket', 'exp/1')).list());
    rejectsWith('RESOURCE_DOES_NOT_EXIST', /Bucket 'no-such-bucket' of gs:\/\/no-such-bucket\/exp\/1 does not exist.*artifact location/u)(error);
    assert.ok(ms < 5_000, `took ${ms} ms`);
  });

  test('an endpoint that refuses connections fails fast with the endpoint to check', async () => {
    const closed = { STORAGE_EMULATOR_HOST: `http://127.0.0.1:${await freePort()}` };
    const repo = repository(root(), closed);
    for (const work of [repo.list('model'), repo.download('plot.png')]) {
      const { error, ms } = await elapsed(work);
      rejectsWith('TEMPORARILY_UNAVAILABLE', /Cannot reach the storage endpoint for gs:\/\/team-artifacts\/1\/0123456789abcdef\/artifacts \(ECONNREFUSED at http:\/\/127\.0\.0\.1:\d+\).*STORAGE_EMULATOR_HOST/u)(error);
      assert.ok(ms < 10_000, `took ${ms} ms`);
    }
  });

  test('an endpoint that accepts and never answers fails within 20 s, not minutes', async () => {
    const hung = await silentServer();
    try {
      const repo = repository(gcs.rootUri(BUCKET, 'hung'), { STORAGE_EMULATOR_HOST: `http://127.0.0.1:${hung.port}` });
      const [listing, upload] = await Promise.all([elapsed(repo.list()), elapsed(repo.upload(script, 'script.py'))]);
      for (const { error, ms } of [listing, upload]) {
        rejectsWith('DEADLINE_EXCEEDED', /did not answer in time \(no answer from http:\/\/127\.0\.0\.1:\d+ to an? (listing|upload)\)/u)(error);
        assert.ok(ms >= 10_000 && ms < 20_000, `took ${ms} ms`);
      }
      assert.ok(hung.connections() > 0, 'the calls did reach the endpoint');
    } finally {
      hung.close();
    }
  });

  test('a refused request is "access denied" without the service\'s text; an outage is retried a bounded number of times', async () => {
    const identity = 'runlens-ci@example-project.iam.gserviceaccount.com';
    const denying = await answeringWith(403, 'forbidden', `${identity} does not have storage.objects.list access`);
    try {
      const repo = repository(gcs.rootUri(BUCKET, 'team'), { STORAGE_EMULATOR_HOST: `http://127.0.0.1:${denying.port}` });
      for (const work of [repo.list(), repo.read('MLmodel'), repo.upload(script, 'script.py')]) {
        const { error } = await elapsed(work);
        rejectsWith('PERMISSION_DENIED', /Access denied to .*gs:\/\/team-artifacts\/team \(HTTP 403( forbidden)?\).*GOOGLE_APPLICATION_CREDENTIALS/u)(error);
        assert.ok(!(error as Error).message.includes(identity));
      }
    } finally {
      denying.close();
    }
    const down = await answeringWith(503, 'backendError', 'Backend Error');
    try {
      const { error, ms } = await elapsed(repository(gcs.rootUri(BUCKET, 'team'), { STORAGE_EMULATOR_HOST: `http://127.0.0.1:${down.port}` }).list());
      rejectsWith('INTERNAL_ERROR', /HTTP 503 backendError/u)(error);
      assert.equal(down.requests(), 3, 'one call and two retries');
      assert.ok(ms < 15_000, `took ${ms} ms`);
    } finally {
      down.close();
    }
  });

  test('traversal paths are refused before any call leaves the machine', async () => {
    const watched = await silentServer();
    try {
      const repo = repository(gcs.rootUri(BUCKET, 'runs/r1'), { STORAGE_EMULATOR_HOST: `http://127.0.0.1:${watched.port}` });
      for (const bad of ['../x', 'a/../../x', '/abs', '/etc/passwd', 'a\\b']) {
        const refused = rejectsWith('INVALID_PARAMETER_VALUE', /.+/u);
        await assert.rejects(repo.list(bad), refused);
        await assert.rejects(repo.read(bad), refused);
        await assert.rejects(repo.download(bad), refused);
        await assert.rejects(repo.upload(script, bad), refused);
        await assert.rejects(repo.delete(bad), refused);
      }
      assert.throws(() => repository('gs://team-artifacts/runs/../other'), rejectsWith('INVALID_PARAMETER_VALUE', /'\.\.' segments/u));
      assert.equal(watched.connections(), 0);
    } finally {
      watched.close();
    }
  });

  test('a key file that does not exist is "no credentials", and the message names neither the file nor any secret', async () => {
    const keyFile = path.join(base, 'no-such-key.json');
    const repo = repository(gcs.rootUri(BUCKET, 'x'), { GOOGLE_APPLICATION_CREDENTIALS: keyFile, GOOGLE_CLOUD_PROJECT: 'p' });
    const { error } = await elapsed(repo.list());
    rejectsWith('UNAUTHENTICATED', /No credentials found for gs:\/\/team-artifacts\/x\. Set GOOGLE_APPLICATION_CREDENTIALS/u)(error);
    assert.ok(!(error as Error).message.includes(keyFile));
  });
});
