// Credentials never leave the Authorization header: the REST client and the stores are driven
// through successes, every kind of failure and artifact downloads, with a bearer token (our own
// server with --auth-token) and with Basic auth (a loopback server that answers like MLflow);
// everything printed, every error in every rendering and every downloaded file is then searched
// for the secrets and their header forms. The same holds for artifact store credentials: every
// kind of cloud failure, real failing and succeeding calls against SeaweedFS's S3 gateway, the
// composed cloud environment's descriptions and warnings, and a launch's upload reports.
import { serveOnLoopback, type LoopbackServer } from '../support/loopbackServer.ts';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startTrackingServer, type RunningServer } from '../../src/server/trackingServer.ts';
import { ProxyArtifactRepository } from '../../src/store/artifacts/proxyArtifactRepository.ts';
import { HttpArtifactRepository } from '../../src/store/artifacts/httpArtifactRepository.ts';
import { RestClient, type RestCredentials } from '../../src/store/rest/restClient.ts';
import { RestRegistryStore } from '../../src/store/rest/restRegistryStore.ts';
import { RestTrackingStore } from '../../src/store/rest/restTrackingStore.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { CloudArtifactRepository } from '../../src/store/artifacts/cloud/cloudArtifactRepository.ts';
import { CloudFailure, cloudError, type CloudFailureKind } from '../../src/store/artifacts/cloud/cloudErrors.ts';
import { parseCloudLocation } from '../../src/store/artifacts/cloud/cloudLocation.ts';
import { composeCloudEnvironment, describeCloudEnvironment, settingProblems } from '../../src/vscode/cloudCredentials/cloudEnvironment.ts';
import { launchEnvironment } from '../../src/vscode/launch/launchCommand.ts';
import { RemoteRunFiles } from '../../src/vscode/launch/remoteRunFiles.ts';
import { S3_SECRET_KEY, startSeaweedS3 } from '../support/cloudServers/seaweedS3.ts';

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;
const TOKEN = secret('tok');
const WRONG_TOKEN = secret('wrongtok');
const USERNAME = 'ann';
const PASSWORD = secret('pw');
const WRONG_PASSWORD = secret('wrongpw');
const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');
const WRONG_S3_SECRET = secret('wrongs3');
const WRONG_S3_KEY_ID = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`;
const S3_SESSION_TOKEN = secret('s3session');
const AZURE_KEY = Buffer.from(secret('azurekey')).toString('base64');
const AZURE_CONNECTION = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net`;
/** Every string that must never show up anywhere but in a request header. */
const FORBIDDEN = [
  TOKEN, WRONG_TOKEN, PASSWORD, WRONG_PASSWORD, basic(USERNAME, PASSWORD), basic(USERNAME, WRONG_PASSWORD),
  S3_SECRET_KEY, WRONG_S3_SECRET, WRONG_S3_KEY_ID, S3_SESSION_TOKEN, AZURE_KEY, AZURE_CONNECTION,
];

/** What was printed (console, stdout, stderr, warnings) while the tests ran; passed through as well. */
const printed: string[] = [];
/** Every error seen, rendered every way a caller might render it. */
const renderedErrors: string[] = [];
const tempRoots: string[] = [];

function capturePrinting(): () => void {
  const restore: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      printed.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = original as typeof stream.write));
  }
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      printed.push(args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8, showHidden: true }))).join(' '));
      original(...args);
    };
    restore.push(() => (console[level] = original));
  }
  const onWarning = (warning: Error) => printed.push(`${warning.name}: ${warning.message}\n${warning.stack ?? ''}`);
  process.on('warning', onWarning);
  restore.push(() => process.off('warning', onWarning));
  return () => restore.forEach((undo) => undo());
}

function render(error: unknown): void {
  const e = error as Error;
  renderedErrors.push(e.message, String(e), e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 8, showHidden: true }));
}

/** The call must fail; its error is kept for the final search. Returns the error code. */
async function fails(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    render(error);
    return (error as { code?: string }).code ?? 'no code';
  }
  assert.fail('expected the call to fail');
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).map((name) => path.join(root, name)).filter((file) => statSync(file).isFile());
}

function newTempRoot(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'runlens-credentials-downloads-'));
  tempRoots.push(root);
  return root;
}

function clientFor(baseUrl: string, credentials: RestCredentials, extra: Partial<ConstructorParameters<typeof RestClient>[0]> = {}): RestClient {
  return new RestClient({ baseUrl, credentials, maxRetries: 2, backoffMs: 1, timeoutMs: 5000, ...extra });
}

/** A server that is not MLflow and echoes the request headers back in every answer, as debug pages do. */
function echoingHandler(req: IncomingMessage, res: ServerResponse): void {
  const echo = JSON.stringify(req.headers);
  if (req.url?.includes('500')) res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`upstream failed for ${echo}`);
  else if (req.url?.includes('404')) res.writeHead(404, { 'Content-Type': 'text/html' }).end(`<html>no such page ${echo}</html>`);
  else res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<html>Sign in. You sent ${echo}</html>`);
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
const ARTIFACT_BYTES = 'weights: 0.1 0.2 0.3\n';

let serverErrors = 0;
/** Basic auth in front of a tiny MLflow: 401 for a wrong password, as MLflow's basic-auth app answers. */
function basicAuthHandler(req: IncomingMessage, res: ServerResponse): void {
  if (req.headers.authorization !== `Basic ${basic(USERNAME, PASSWORD)}`) {
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="mlflow"', 'Content-Type': 'text/plain' })
      .end(`You are not authenticated. Please see the documentation. (got ${req.headers.authorization ?? 'nothing'})`);
    return;
  }
  const url = new URL(req.url ?? '/', 'http://x');
  const experimentId = url.searchParams.get('experiment_id');
  if (url.pathname === '/api/2.0/mlflow/experiments/get') {
    if (experimentId === '403') res.writeHead(403, { 'Content-Type': 'text/plain' }).end(`Permission denied for ${req.headers.authorization}`);
    else if (experimentId === '404') json(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: `No experiment 404 (auth ${req.headers.authorization})` });
    else if (experimentId === '500') {
      serverErrors++;
      json(res, 500, { error_code: 'INTERNAL_ERROR', message: `Database exploded while serving ${req.headers.authorization}` });
    } else json(res, 200, { experiment: { experiment_id: experimentId, name: 'basic', lifecycle_stage: 'active', tags: [] } });
  } else if (url.pathname === '/api/2.0/mlflow/runs/search') {
    json(res, 200, { runs: [] });
  } else if (url.pathname === '/api/2.0/mlflow/registered-models/get') {
    json(res, 404, { error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Registered Model with name=m not found' });
  } else if (url.pathname === '/api/2.0/mlflow-artifacts/artifacts') {
    json(res, 200, { files: [{ path: 'model.txt', is_dir: false, file_size: ARTIFACT_BYTES.length }] });
  } else if (url.pathname === '/api/2.0/mlflow-artifacts/artifacts/run/model.txt') {
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(ARTIFACT_BYTES);
  } else {
    json(res, 404, { error_code: 'ENDPOINT_NOT_FOUND', message: 'no route' });
  }
}

describe('credentials never appear in logs, errors or files', () => {
  let restorePrinting: () => void;
  let work: string;
  let stores: SqliteStores;
  let ours: RunningServer;
  let basicServer: LoopbackServer;
  let echoServer: LoopbackServer;
  let refusedUrl: string;

  before(async () => {
    restorePrinting = capturePrinting();
    work = mkdtempSync(path.join(os.tmpdir(), 'runlens-credentials-'));
    stores = openSqliteStore(path.join(work, 'mlflow.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
    ours = await startTrackingServer({
      tracking: stores.tracking, registry: stores.registry, port: 0, artifactsDestination: path.join(work, 'mlartifacts'), authToken: TOKEN, version: 'test',
    });
    basicServer = await serveOnLoopback(basicAuthHandler);
    echoServer = await serveOnLoopback(echoingHandler);
    const closed = await serveOnLoopback(() => undefined);
    refusedUrl = closed.url;
    await closed.close();
  });

  after(async () => {
    restorePrinting();
    await ours.close();
    stores.close();
    await basicServer.close();
    await echoServer.close();
    rmSync(work, { recursive: true, force: true });
    for (const root of tempRoots) rmSync(root, { recursive: true, force: true });
  });

  test('a bearer token against our own server: successes, failures and downloads', async () => {
    const client = clientFor(ours.url, { token: TOKEN });
    const tracking = new RestTrackingStore(client);
    const registry = new RestRegistryStore(client);
    const experimentId = await tracking.createExperiment('secret-safe');
    const run = await tracking.createRun({ experimentId, runName: 'r' });
    await tracking.logBatch(run.info.runId, { metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }], params: [{ key: 'p', value: 'v' }], tags: [{ key: 't', value: 'v' }] });
    assert.equal((await tracking.searchRuns({ experimentIds: [experimentId], runViewType: 'ACTIVE_ONLY', maxResults: 10 })).items.length, 1);
    await registry.createRegisteredModel('model');
    assert.equal((await registry.searchRegisteredModels({ maxResults: 10 })).items.length, 1);

    // An artifact in the run's proxied folder, then listed, downloaded and read through the proxy.
    const artifactUri = run.info.artifactUri;
    assert.match(artifactUri, /^mlflow-artifacts:/u);
    const onDisk = path.join(work, 'mlartifacts', ...artifactUri.replace(/^mlflow-artifacts:\/*/u, '').split('/'));
    mkdirSync(onDisk, { recursive: true });
    writeFileSync(path.join(onDisk, 'model.txt'), ARTIFACT_BYTES);
    const tempRoot = newTempRoot();
    const artifacts = new ProxyArtifactRepository(artifactUri, client, { tempRoot });
    assert.deepEqual((await artifacts.list()).items.map((e) => e.path), ['model.txt']);
    assert.equal(readFileSync(await artifacts.download('model.txt'), 'utf8'), ARTIFACT_BYTES);
    assert.equal((await artifacts.read('model.txt')).toString(), ARTIFACT_BYTES);
    assert.equal(await fails(artifacts.download('missing.bin')), 'RESOURCE_DOES_NOT_EXIST');

    assert.equal(await fails(tracking.getRun('0123456789abcdef0123456789abcdef')), 'RESOURCE_DOES_NOT_EXIST');
    assert.equal(await fails(registry.getRegisteredModel('no-such-model')), 'RESOURCE_DOES_NOT_EXIST');
    const wrong = clientFor(ours.url, { token: WRONG_TOKEN });
    assert.equal(await fails(new RestTrackingStore(wrong).getExperiment(experimentId)), 'UNAUTHENTICATED');
    assert.equal(await fails(new ProxyArtifactRepository(artifactUri, wrong, { tempRoot }).download('model.txt')), 'UNAUTHENTICATED');
    assert.equal(await fails(new RestTrackingStore(clientFor(refusedUrl, { token: TOKEN })).getExperiment('1')), 'TEMPORARILY_UNAVAILABLE');
    assert.equal(await fails(new RestTrackingStore(clientFor(echoServer.url, { token: TOKEN })).getExperiment('1')), 'INTERNAL_ERROR');
    assert.equal(await fails(new RestTrackingStore(clientFor(echoServer.url, { token: TOKEN })).getExperiment('404')), 'ENDPOINT_NOT_FOUND');
    assert.equal(await fails(new RestTrackingStore(clientFor(echoServer.url, { token: TOKEN })).getExperiment('500')), 'INTERNAL_ERROR');
    assert.equal(await fails(new HttpArtifactRepository(`${echoServer.url}/files`, clientFor(echoServer.url, { token: TOKEN }), { tempRoot }).download('x/404')), 'RESOURCE_DOES_NOT_EXIST');
  });

  test('Basic auth against a server that checks it: successes, failures and downloads', async () => {
    const client = clientFor(basicServer.url, { username: USERNAME, password: PASSWORD });
    const tracking = new RestTrackingStore(client);
    assert.equal((await tracking.getExperiment('1')).name, 'basic');
    assert.deepEqual((await tracking.searchRuns({ experimentIds: ['1'], runViewType: 'ACTIVE_ONLY', maxResults: 10 })).items, []);
    const tempRoot = newTempRoot();
    const artifacts = new ProxyArtifactRepository('mlflow-artifacts:/run', client, { tempRoot });
    assert.deepEqual((await artifacts.list()).items.map((e) => e.path), ['model.txt']);
    assert.equal(readFileSync(await artifacts.download('model.txt'), 'utf8'), ARTIFACT_BYTES);

    const wrong = clientFor(basicServer.url, { username: USERNAME, password: WRONG_PASSWORD });
    assert.equal(await fails(new RestTrackingStore(wrong).getExperiment('1')), 'UNAUTHENTICATED');
    assert.equal(await fails(new ProxyArtifactRepository('mlflow-artifacts:/run', wrong, { tempRoot }).download('model.txt')), 'UNAUTHENTICATED');
    assert.equal(await fails(tracking.getExperiment('403')), 'PERMISSION_DENIED');
    assert.equal(await fails(tracking.getExperiment('404')), 'RESOURCE_DOES_NOT_EXIST');
    assert.equal(await fails(new RestRegistryStore(client).getRegisteredModel('m')), 'RESOURCE_DOES_NOT_EXIST');
    serverErrors = 0;
    assert.equal(await fails(tracking.getExperiment('500')), 'INTERNAL_ERROR');
    assert.equal(serverErrors, 3, 'a 500 is retried (twice here) before it is reported');
    const refused = clientFor(refusedUrl, { username: USERNAME, password: PASSWORD });
    assert.equal(await fails(new RestTrackingStore(refused).getExperiment('1')), 'TEMPORARILY_UNAVAILABLE');
    assert.equal(await fails(new ProxyArtifactRepository('mlflow-artifacts:/run', refused, { tempRoot }).download('model.txt')), 'TEMPORARILY_UNAVAILABLE');
    const notMlflow = clientFor(echoServer.url, { username: USERNAME, password: PASSWORD });
    for (const id of ['1', '404', '500']) await fails(new RestTrackingStore(notMlflow).getExperiment(id));
    await fails(new ProxyArtifactRepository('mlflow-artifacts:/run', notMlflow, { tempRoot }).list());
  });

  test('credentials written into the server URL work like Basic auth and stay out of messages', async () => {
    const inUrl = (base: string, password: string) => base.replace('http://', `http://${USERNAME}:${encodeURIComponent(password)}@`);
    const client = new RestClient({ baseUrl: inUrl(basicServer.url, PASSWORD), maxRetries: 0 });
    assert.equal(client.baseUrl, basicServer.url, 'the URL the client shows has no credentials');
    assert.equal((await new RestTrackingStore(client).getExperiment('1')).name, 'basic');
    assert.equal(await fails(new RestTrackingStore(new RestClient({ baseUrl: inUrl(basicServer.url, WRONG_PASSWORD), maxRetries: 0 })).getExperiment('1')), 'UNAUTHENTICATED');
    assert.equal(await fails(new RestTrackingStore(new RestClient({ baseUrl: inUrl(refusedUrl, PASSWORD), maxRetries: 0 })).getExperiment('1')), 'TEMPORARILY_UNAVAILABLE');
    // An http(s) artifact root that carries credentials itself.
    const tempRoot = newTempRoot();
    const root = `${inUrl(basicServer.url, PASSWORD)}/api/2.0/mlflow-artifacts/artifacts/run`;
    assert.equal(readFileSync(await new HttpArtifactRepository(root, new RestClient({ baseUrl: refusedUrl, maxRetries: 0 }), { tempRoot }).download('model.txt'), 'utf8'), ARTIFACT_BYTES);
    assert.equal(await fails(new HttpArtifactRepository(root, new RestClient({ baseUrl: refusedUrl, maxRetries: 0 }), { tempRoot }).download('missing.txt')), 'RESOURCE_DOES_NOT_EXIST');
  });

  test('inspecting clients and stores shows no secret', () => {
    for (const credentials of [{ token: TOKEN }, { username: USERNAME, password: PASSWORD }]) {
      const client = clientFor(basicServer.url, credentials);
      for (const value of [client, new RestTrackingStore(client), new RestRegistryStore(client)]) {
        renderedErrors.push(inspect(value, { depth: 8, showHidden: true }), JSON.stringify(value));
      }
    }
  });

  test('every kind of cloud failure, and SDK errors that quote a secret, become messages without it', () => {
    const kinds: CloudFailureKind[] = ['missing', 'no-credentials', 'denied', 'no-bucket', 'unreachable', 'tls', 'clock-skew', 'timeout', 'other'];
    for (const uri of ['s3://bucket/team/1/abc/artifacts', 'gs://bucket/p', 'wasbs://box@acct.blob.core.windows.net/p']) {
      const location = parseCloudLocation(uri);
      for (const kind of kinds) render(cloudError(new CloudFailure(kind, 'SignatureDoesNotMatch'), location, 'model/MLmodel'));
      // What a vendor SDK may throw: its message quoting the key, a connection string, a token.
      const quoting = Object.assign(new Error(`The request signature for ${WRONG_S3_KEY_ID}/${WRONG_S3_SECRET} with ${AZURE_CONNECTION} and ${S3_SESSION_TOKEN} does not match`), { name: 'SignatureDoesNotMatch' });
      render(cloudError(quoting, location, ''));
      render(cloudError(Object.assign(new Error(`connect ECONNREFUSED (key ${AZURE_KEY})`), { code: 'ECONNREFUSED' }), location, 'x'));
    }
  });

  test('S3 through SeaweedFS: a wrong secret or key fails every call without showing it; the right one works', async () => {
    const seaweed = await startSeaweedS3();
    try {
      await seaweed.createBucket('secrets');
      const root = seaweed.rootUri('secrets', 'team/1/run/artifacts');
      const tempRoot = newTempRoot();
      const local = mkdtempSync(path.join(work, 'upload-'));
      writeFileSync(path.join(local, 'model.txt'), ARTIFACT_BYTES);
      const good = new CloudArtifactRepository(root, { env: seaweed.env, tempRoot });
      await good.upload(path.join(local, 'model.txt'), 'model.txt');
      assert.equal(await good.uploadFolder(local, 'folder'), 1);
      assert.deepEqual((await good.list()).items.map((e) => e.path), ['folder', 'model.txt']);
      assert.equal(readFileSync(await good.download('model.txt'), 'utf8'), ARTIFACT_BYTES);
      assert.equal(await fails(good.download('missing.bin')), 'RESOURCE_DOES_NOT_EXIST');
      assert.equal(await fails(new CloudArtifactRepository(seaweed.rootUri('no-such-bucket', 'p'), { env: seaweed.env, tempRoot }).list()), 'RESOURCE_DOES_NOT_EXIST');

      const wrongEnvs = [
        { ...seaweed.env, AWS_SECRET_ACCESS_KEY: WRONG_S3_SECRET },
        { ...seaweed.env, AWS_ACCESS_KEY_ID: WRONG_S3_KEY_ID, AWS_SECRET_ACCESS_KEY: WRONG_S3_SECRET, AWS_SESSION_TOKEN: S3_SESSION_TOKEN },
      ];
      for (const env of wrongEnvs) {
        const wrong = new CloudArtifactRepository(root, { env, tempRoot });
        assert.equal(await fails(wrong.list()), 'PERMISSION_DENIED');
        assert.equal(await fails(wrong.download('model.txt')), 'PERMISSION_DENIED');
        assert.equal(await fails(wrong.read('model.txt')), 'PERMISSION_DENIED');
        assert.equal(await fails(wrong.upload(path.join(local, 'model.txt'), 'model.txt')), 'PERMISSION_DENIED');
        assert.equal(await fails(wrong.uploadFolder(local, 'again')), 'PERMISSION_DENIED');
        assert.equal(await fails(wrong.delete('model.txt')), 'PERMISSION_DENIED');
        renderedErrors.push(inspect(wrong, { depth: 8, showHidden: false }));
        // A launch's upload reports for the same repository.
        const reports: string[] = [];
        const files = await RemoteRunFiles.open({ repository: wrong, logPath: 'logs/stdout.log', onError: (m) => reports.push(m), onFirstError: (m) => reports.push(m), tempRoot: newTempRoot() });
        await files.uploadText('code/uncommitted.diff', 'diff');
        files.write('output\n');
        await files.finish();
        assert.ok(reports.length >= 3, 'the failures were reported');
        renderedErrors.push(...reports);
      }
      const refused = { ...seaweed.env, MLFLOW_S3_ENDPOINT_URL: refusedUrl, AWS_SECRET_ACCESS_KEY: WRONG_S3_SECRET };
      assert.equal(await fails(new CloudArtifactRepository(root, { env: refused, tempRoot }).list()), 'TEMPORARILY_UNAVAILABLE');
      await good.delete('');
    } finally {
      await seaweed.stop();
    }
  });

  test("the composed cloud environment's log lines and setting warnings name variables, never credentials", () => {
    const composed = composeCloudEnvironment(
      { AWS_SESSION_TOKEN: S3_SESSION_TOKEN, AZURE_STORAGE_CONNECTION_STRING: AZURE_CONNECTION, HTTPS_PROXY: `http://u:${PASSWORD}@proxy:3128` },
      { AWS_SECRET_ACCESS_KEY: WRONG_S3_SECRET, AZURE_STORAGE_ACCESS_KEY: AZURE_KEY, MLFLOW_S3_ENDPOINT_URL: `http://u:${PASSWORD}@127.0.0.1:9000/?token=${TOKEN}` },
      { s3: { AWS_ACCESS_KEY_ID: WRONG_S3_KEY_ID, AWS_SECRET_ACCESS_KEY: S3_SECRET_KEY } },
    );
    assert.equal(composed.env.AWS_SECRET_ACCESS_KEY, S3_SECRET_KEY, 'stored credentials are used');
    const lines = describeCloudEnvironment(composed);
    assert.ok(lines.some((line) => line.startsWith('AWS_SECRET_ACCESS_KEY set (secret storage)')));
    renderedErrors.push(...lines, settingProblems(composed) ?? '');
    // The launch logs the same description of what the script gets; its environment carries the values.
    const env = launchEnvironment({ trackingUri: 'http://127.0.0.1:5000', experimentId: '1', experimentName: 'e', runId: 'r', cloudEnv: composed.overlay });
    assert.equal(env.AWS_SECRET_ACCESS_KEY, S3_SECRET_KEY);
    assert.equal(env.AWS_SESSION_TOKEN, undefined, 'a foreign session token does not reach the script beside stored keys');
    renderedErrors.push(...describeCloudEnvironment(composed).filter((line) => !line.endsWith('(environment)')));
  });

  test('nothing printed, no error rendering and no downloaded file holds a secret', () => {
    assert.ok(renderedErrors.length > 100, `errors were collected (${renderedErrors.length})`);
    const downloaded = tempRoots.flatMap(filesUnder);
    assert.ok(downloaded.length >= 3, 'downloads landed in the temp roots');
    const haystacks: [string, string][] = [
      ...printed.map((text, i) => [`printed #${i}`, text] as [string, string]),
      ...renderedErrors.map((text, i) => [`error rendering #${i}`, text] as [string, string]),
      ...downloaded.map((file) => [file, `${path.basename(file)}\n${readFileSync(file, 'utf8')}`] as [string, string]),
    ];
    for (const [where, text] of haystacks) {
      for (const forbidden of FORBIDDEN) assert.ok(!text.includes(forbidden), `${where} shows a secret:\n${text.split(forbidden).join('<SECRET>')}`);
    }
  });
});
