// `runlens server` with MLflow's team flags over a real S3 API (SeaweedFS on loopback):
// --artifacts-destination s3://… (the proxy streams to and from the bucket, confined under its
// prefix) and --default-artifact-root s3://… (clients write straight to the bucket). The real
// mlflow client logs and reads; the bucket is checked with the AWS SDK, byte for byte.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startSeaweedS3 } from '../support/cloudServers/seaweedS3.ts';
import type { CloudTestServer } from '../support/cloudServers/cloudTestServer.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';

const BUCKET = 'team';
const SENTINEL = 'outside/secret.txt';
const MAX_UPLOAD_MB = 8;
const MiB = 1024 * 1024;
const script = path.join(repoRoot, 'test', 'conformance', 'py', 'server_cloud_artifacts.py');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface ClientReport {
  experiment_id: string;
  artifact_location: string;
  run_id: string;
  artifact_uri: string;
  model_id: string;
  model_artifact_location: string;
  listed_root: [string, boolean][];
  listed_folder: [string, boolean, number | null][];
  run_files: Record<string, string>;
  model_files: Record<string, string>;
  predicts: boolean;
}

interface Reply { status: number; body: string }

/**
 * One request with the path sent exactly as written (no URL normalisation of '..'). `chunked`
 * streams the body without a length and stops sending once answered; `announceOnly` sends the
 * headers (Content-Length of the body) and waits for the answer without sending the body.
 */
function request(base: string, method: string, rawPath: string, body?: Buffer, mode: 'whole' | 'chunked' | 'announceOnly' = 'whole'): Promise<Reply> {
  const chunked = mode === 'chunked';
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    let answered = false;
    // A fresh connection each time: a refused upload's connection is closed by the server.
    const req = http.request({ host: hostname, port, method, path: rawPath, agent: false, headers: chunked || !body ? {} : { 'Content-Length': body.length } }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        if (mode === 'announceOnly') req.destroy();
      });
      res.on('error', reject);
    });
    // The server may answer a refused upload before it has read it all: that answer is what
    // counts, so a write error fails the request only when no answer came.
    let writeError: Error | undefined;
    req.on('error', (error) => (writeError = error));
    req.on('close', () => {
      if (!answered) reject(writeError ?? new Error(`${method} ${rawPath}: connection closed without an answer`));
    });
    if (body && mode === 'announceOnly') {
      req.flushHeaders();
    } else if (body && chunked) {
      void (async () => {
        for (let start = 0; start < body.length && !answered && !req.destroyed; start += 256 * 1024) {
          if (!req.write(body.subarray(start, start + 256 * 1024))) await new Promise((drained) => req.once('drain', drained));
        }
        if (!answered) req.end();
      })();
    } else {
      req.end(body);
    }
  });
}

describe('runlens server with S3 buckets (SeaweedFS)', () => {
  let s3: CloudTestServer;
  let client: S3Client;
  let dir: string;
  let proxy: ServerProcess;
  let direct: ServerProcess;
  const local: Record<string, Buffer> = {};

  const listKeys = async (prefix = ''): Promise<string[]> => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  };
  const objectBytes = async (key: string) => (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray();
  /** Every key outside the two prefixes the servers own. */
  const keysOutsidePrefixes = async () => (await listKeys()).filter((key) => !key.startsWith('proxied/') && !key.startsWith('direct/'));

  before(async () => {
    s3 = await startSeaweedS3();
    await s3.createBucket(BUCKET);
    client = new S3Client({
      endpoint: s3.env.MLFLOW_S3_ENDPOINT_URL, forcePathStyle: true, region: 'us-east-1',
      credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
    });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: SENTINEL, Body: 'not for the proxy' }));

    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-server-cloud-'));
    local['data.bin'] = randomBytes(300 * 1024);
    local['folder/a.txt'] = Buffer.from('alpha\n');
    local['folder/sub/b.json'] = Buffer.from('{"b": 2}');
    local['folder/sub/deep/c.bin'] = randomBytes(70 * 1024);
    for (const [name, bytes] of Object.entries(local)) {
      mkdirSync(path.dirname(path.join(dir, 'input', name)), { recursive: true });
      writeFileSync(path.join(dir, 'input', name), bytes);
    }
    mkdirSync(path.join(dir, 'proxy'));
    mkdirSync(path.join(dir, 'direct'));
    // Credentials reach the servers through their environment, as for mlflow server.
    proxy = await startRunlensServer(path.join(dir, 'proxy'), ['--artifacts-destination', s3.rootUri(BUCKET, 'proxied'), '--max-artifact-upload-mb', String(MAX_UPLOAD_MB)], s3.env);
    direct = await startRunlensServer(path.join(dir, 'direct'), ['--default-artifact-root', s3.rootUri(BUCKET, 'direct')], s3.env);
  });
  after(async () => {
    await proxy?.stop();
    await direct?.stop();
    client?.destroy();
    await s3?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs the client script against a server; `env` adds what the client itself needs. */
  const logWithClient = (server: ServerProcess, experiment: string, env: Record<string, string> = {}) =>
    runPythonJson<ClientReport>(script, [experiment, path.join(dir, 'input', 'data.bin'), path.join(dir, 'input', 'folder'), path.join(dir, `download-${experiment}`)], {
      MLFLOW_TRACKING_URI: server.url, ...env,
    }, dir);

  /** The report's files, the bucket's objects and the local inputs all agree byte for byte. */
  async function assertBucketHolds(report: ClientReport, keyPrefix: string): Promise<void> {
    const runKeys = await listKeys(`${keyPrefix}/${report.experiment_id}/${report.run_id}/artifacts/`);
    const runPrefix = `${keyPrefix}/${report.experiment_id}/${report.run_id}/artifacts/`;
    assert.deepEqual(runKeys.map((key) => key.slice(runPrefix.length)), Object.keys(local).sort());
    for (const [name, bytes] of Object.entries(local)) {
      assert.equal(sha256(await objectBytes(`${runPrefix}${name}`)), sha256(bytes), `bucket object ${name} is byte-identical`);
      assert.equal(report.run_files[name], sha256(bytes), `${name} downloaded through the client is byte-identical`);
    }
    const modelPrefix = `${keyPrefix}/${report.experiment_id}/models/${report.model_id}/artifacts/`;
    const modelKeys = await listKeys(modelPrefix);
    assert.ok(modelKeys.some((key) => key.endsWith('/MLmodel')), `the model's MLmodel is in the bucket: ${modelKeys.join(', ')}`);
    assert.deepEqual(modelKeys.map((key) => key.slice(modelPrefix.length)), Object.keys(report.model_files).sort());
    for (const key of modelKeys) {
      assert.equal(sha256(await objectBytes(key)), report.model_files[key.slice(modelPrefix.length)], `model file ${key} is byte-identical`);
    }
    // MLflow 3 keeps a logged model under the experiment's models/, not in the run's artifacts.
    assert.deepEqual(report.listed_root, [['data.bin', false], ['folder', true]]);
    assert.deepEqual(report.listed_folder, [['folder/a.txt', false, 6], ['folder/sub', true, null]]);
    assert.equal(report.predicts, true);
  }

  test('--artifacts-destination s3://…: the client logs a file, a folder and a model through the proxy into the bucket prefix', async () => {
    // The client gets no bucket credentials: every byte goes through the server.
    const report = await logWithClient(proxy, 'proxied-exp');
    assert.equal(report.artifact_location, `mlflow-artifacts:/${report.experiment_id}`);
    assert.equal(report.artifact_uri, `mlflow-artifacts:/${report.experiment_id}/${report.run_id}/artifacts`);
    assert.equal(report.model_artifact_location, `mlflow-artifacts:/${report.experiment_id}/models/${report.model_id}/artifacts`);
    await assertBucketHolds(report, 'proxied');

    // The tracking API's artifacts/list reads the same bucket folder.
    const listed = await fetch(`${proxy.url}/api/2.0/mlflow/artifacts/list?run_id=${report.run_id}&path=folder/sub`).then((r) => r.json());
    assert.deepEqual(listed, {
      root_uri: report.artifact_uri,
      files: [{ path: 'folder/sub/b.json', is_dir: false, file_size: 8 }, { path: 'folder/sub/deep', is_dir: true }],
    });
    assert.deepEqual(await keysOutsidePrefixes(), [SENTINEL]);
  });

  test('the proxy over a bucket: upload, HEAD, GET, list and DELETE, all under the prefix', async () => {
    const bytes = randomBytes(2 * MiB + 17);
    const put = await request(proxy.url, 'PUT', '/api/2.0/mlflow-artifacts/artifacts/manual/run/f%20one.bin', bytes, 'chunked');
    assert.deepEqual([put.status, put.body], [200, '{}']);
    assert.equal(sha256(await objectBytes('proxied/manual/run/f one.bin')), sha256(bytes));

    const got = await fetch(`${proxy.url}/api/2.0/mlflow-artifacts/artifacts/manual/run/f%20one.bin`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-length'), String(bytes.length));
    assert.equal(got.headers.get('content-type'), 'application/octet-stream');
    assert.equal(sha256(new Uint8Array(await got.arrayBuffer())), sha256(bytes));
    const head = await fetch(`${proxy.url}/api/2.0/mlflow-artifacts/artifacts/manual/run/f%20one.bin`, { method: 'HEAD' });
    assert.deepEqual([head.status, head.headers.get('content-length')], [200, String(bytes.length)]);

    assert.deepEqual(await fetch(`${proxy.url}/api/2.0/mlflow-artifacts/artifacts?path=manual`).then((r) => r.json()), { files: [{ path: 'run', is_dir: true }] });
    assert.deepEqual(await fetch(`${proxy.url}/api/2.0/mlflow-artifacts/artifacts?path=manual/run`).then((r) => r.json()), {
      files: [{ path: 'f one.bin', is_dir: false, file_size: bytes.length }],
    });
    assert.deepEqual(await fetch(`${proxy.url}/api/2.0/mlflow-artifacts/artifacts?path=no/such`).then((r) => r.json()), {});
    const missing = await fetch(`${proxy.url}/api/2.0/mlflow-artifacts/artifacts/manual/none.txt`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error_code: string }).error_code, 'RESOURCE_DOES_NOT_EXIST');

    const removed = await request(proxy.url, 'DELETE', '/api/2.0/mlflow-artifacts/artifacts/manual');
    assert.deepEqual([removed.status, removed.body], [200, '{}']);
    assert.deepEqual(await listKeys('proxied/manual/'), []);
  });

  test('traversal (encoded .., absolute, double-encoded, raw ..) gets MLflow\'s error and nothing leaves the prefix', async () => {
    const attempts: [string, string][] = [
      ['GET', '/api/2.0/mlflow-artifacts/artifacts/..%2Foutside%2Fsecret.txt'],
      ['GET', '/api/2.0/mlflow-artifacts/artifacts/%2Foutside%2Fsecret.txt'],
      ['GET', '/api/2.0/mlflow-artifacts/artifacts/%252e%252e%252foutside%252fsecret.txt'],
      ['GET', '/api/2.0/mlflow-artifacts/artifacts/../../outside/secret.txt'],
      ['GET', '/api/2.0/mlflow-artifacts/artifacts?path=..%2Foutside'],
      ['GET', '/api/2.0/mlflow-artifacts/artifacts?path=%2Foutside'],
      ['PUT', '/api/2.0/mlflow-artifacts/artifacts/..%2Fescaped.txt'],
      ['PUT', '/api/2.0/mlflow-artifacts/artifacts/%2Fescaped.txt'],
      ['PUT', '/api/2.0/mlflow-artifacts/artifacts/a%2F..%2F..%2Fescaped.txt'],
      ['PUT', '/api/2.0/mlflow-artifacts/artifacts/..%5Cescaped.txt'],
      ['DELETE', '/api/2.0/mlflow-artifacts/artifacts/..%2Foutside'],
      ['DELETE', '/api/2.0/mlflow-artifacts/artifacts/%2Foutside%2Fsecret.txt'],
    ];
    for (const [method, rawPath] of attempts) {
      const reply = await request(proxy.url, method, rawPath, method === 'PUT' ? Buffer.from('escaped') : undefined);
      assert.equal(reply.status, 400, `${method} ${rawPath}: ${reply.body}`);
      assert.equal((JSON.parse(reply.body) as { error_code: string }).error_code, 'INVALID_PARAMETER_VALUE', `${method} ${rawPath}`);
      assert.doesNotMatch(reply.body, /not for the proxy/u);
    }
    assert.deepEqual(await keysOutsidePrefixes(), [SENTINEL], 'no key written outside the prefix, the sentinel untouched');
    assert.equal(Buffer.from(await objectBytes(SENTINEL)).toString(), 'not for the proxy');
    assert.deepEqual((await listKeys('proxied/')).filter((key) => key.includes('escaped')), []);
  });

  test('an upload over --max-artifact-upload-mb is refused and leaves no object, announced or streamed', async () => {
    const big = randomBytes((MAX_UPLOAD_MB + 4) * MiB);
    // Announced: refused on the Content-Length alone, before any byte of the body is read.
    // Streamed: refused once the cap is passed, after the part already sent to the bucket is aborted.
    for (const mode of ['announceOnly', 'chunked'] as const) {
      const name = `${mode}.bin`;
      const reply = await request(proxy.url, 'PUT', `/api/2.0/mlflow-artifacts/artifacts/big/${name}`, big, mode);
      assert.equal(reply.status, 400, `${name}: ${reply.body}`);
      const error = JSON.parse(reply.body) as { error_code: string; message: string };
      assert.equal(error.error_code, 'INVALID_PARAMETER_VALUE');
      assert.match(error.message, /larger than this server accepts/u);
    }
    assert.deepEqual(await listKeys('proxied/big/'), []);
  });

  test('--default-artifact-root s3://…: experiments get <root>/<id> and the client writes straight to the bucket', async () => {
    const defaultExperiment = await fetch(`${direct.url}/api/2.0/mlflow/experiments/get?experiment_id=0`).then((r) => r.json()) as { experiment: { artifact_location: string } };
    assert.equal(defaultExperiment.experiment.artifact_location, `s3://${BUCKET}/direct/0`);

    const report = await logWithClient(direct, 'direct-exp', s3.env);
    assert.equal(report.artifact_location, `s3://${BUCKET}/direct/${report.experiment_id}`);
    assert.equal(report.artifact_uri, `s3://${BUCKET}/direct/${report.experiment_id}/${report.run_id}/artifacts`);
    assert.equal(report.model_artifact_location, `s3://${BUCKET}/direct/${report.experiment_id}/models/${report.model_id}/artifacts`);
    await assertBucketHolds(report, 'direct');
    // Nothing went through the server's own artifact folder.
    const served = path.join(dir, 'direct', 'mlartifacts');
    assert.deepEqual(readdirSync(served, { recursive: true }), []);

    // The server lists an s3:// run root with its own credentials, as mlflow server does.
    const listed = await fetch(`${direct.url}/api/2.0/mlflow/artifacts/list?run_id=${report.run_id}&path=folder`).then((r) => r.json());
    assert.deepEqual(listed, {
      root_uri: report.artifact_uri,
      files: [{ path: 'folder/a.txt', is_dir: false, file_size: 6 }, { path: 'folder/sub', is_dir: true }],
    });
    assert.deepEqual(await keysOutsidePrefixes(), [SENTINEL]);
  });

  test('explicit cloud artifact locations mlflow accepts are accepted, traversal in them is not', async () => {
    const locations = [
      `s3://${BUCKET}/elsewhere/exp`,
      'gs://some-bucket/team/exp',
      'wasbs://artifacts@account.blob.core.windows.net/team/exp',
      'abfss://artifacts@account.dfs.core.windows.net/team/exp',
    ];
    for (const [index, location] of locations.entries()) {
      const created = await fetch(`${direct.url}/api/2.0/mlflow/experiments/create`, {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `explicit-${index}`, artifact_location: location }),
      });
      assert.equal(created.status, 200, `${location}: ${await created.clone().text()}`);
      const { experiment_id: id } = await created.json() as { experiment_id: string };
      const got = await fetch(`${direct.url}/api/2.0/mlflow/experiments/get?experiment_id=${id}`).then((r) => r.json()) as { experiment: { artifact_location: string } };
      assert.equal(got.experiment.artifact_location, location);
    }
    const refused = await fetch(`${direct.url}/api/2.0/mlflow/experiments/create`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'climbing', artifact_location: `s3://${BUCKET}/direct/%2e%2e/outside` }),
    });
    assert.equal(refused.status, 400);
  });
});
