// The tracking server over real HTTP and a real SQLite file: bad input, security, events, concurrency.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ChangeEvent } from '../../src/server/changeEvents.ts';
import { LOG_BATCH_MAX_BYTES } from '../../src/server/logBatchLimit.ts';
import { startTrackingServer, type RunningServer } from '../../src/server/trackingServer.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';

interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  json: () => Record<string, unknown>;
}

function send(port: number, method: string, rawPath: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: rawPath, headers: { Host: `127.0.0.1:${port}`, ...(body !== undefined && !headers['Content-Type'] ? { 'Content-Type': 'application/json' } : {}), ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers, json: () => JSON.parse(text) as Record<string, unknown> });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const API = '/api/2.0/mlflow';

describe('tracking server HTTP behaviour', () => {
  let dir: string;
  let stores: SqliteStores;
  let server: RunningServer;
  const events: ChangeEvent[] = [];
  let runId: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-http-'));
    stores = openSqliteStore(path.join(dir, 'mlflow.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
    server = await startTrackingServer({
      tracking: stores.tracking, registry: stores.registry, port: 0, artifactsDestination: path.join(dir, 'mlartifacts'),
      corsAllowedOrigins: ['http://allowed.example'], version: 'test',
    });
    server.events.subscribe((e) => events.push(e));
    const created = await send(server.port, 'POST', `${API}/runs/create`, JSON.stringify({ experiment_id: '0', start_time: 1 }));
    runId = ((created.json().run as Record<string, Record<string, string>>).info.run_id);
  });
  after(async () => {
    await server.close();
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('health, version and server-info answer like MLflow', async () => {
    assert.deepEqual(await send(server.port, 'GET', '/health').then((r) => [r.status, r.body]), [200, 'OK']);
    assert.equal((await send(server.port, 'GET', '/version')).body, 'test');
    const info = (await send(server.port, 'GET', '/api/3.0/mlflow/server-info')).json();
    assert.equal(info.store_type, 'SqlStore');
    assert.equal(info.workspaces_enabled, false);
  });

  test('new experiments get mlflow-artifacts:/<id> so clients upload through the proxy', async () => {
    const id = (await send(server.port, 'POST', `${API}/experiments/create`, JSON.stringify({ name: 'proxied' }))).json().experiment_id;
    const experiment = (await send(server.port, 'GET', `${API}/experiments/get?experiment_id=${id}`)).json().experiment as Record<string, string>;
    assert.equal(experiment.artifact_location, `mlflow-artifacts:/${id}`);
  });

  test('malformed JSON, wrong types, missing fields and unknown endpoints get MLflow errors', async () => {
    const cases: [string, string, string | undefined, number, string, RegExp][] = [
      ['POST', `${API}/runs/log-metric`, '{"run_id": ', 400, 'INVALID_PARAMETER_VALUE', /Malformed JSON/u],
      ['POST', `${API}/runs/log-metric`, '[1, 2]', 400, 'INVALID_PARAMETER_VALUE', /JSON object/u],
      ['POST', `${API}/runs/log-metric`, JSON.stringify({ run_id: 'x', key: 'm', value: 'abc', timestamp: 1 }), 400, 'INVALID_PARAMETER_VALUE', /'value'/u],
      ['POST', `${API}/runs/log-metric`, JSON.stringify({ run_id: 'x', key: 'm', value: 1 }), 400, 'INVALID_PARAMETER_VALUE', /'timestamp'/u],
      ['POST', `${API}/runs/log-batch`, JSON.stringify({ metrics: [] }), 400, 'INVALID_PARAMETER_VALUE', /'run_id'/u],
      ['POST', `${API}/experiments/create`, JSON.stringify({ name: 5 }), 400, 'INVALID_PARAMETER_VALUE', /'name'/u],
      ['POST', `${API}/experiments/create`, JSON.stringify({ tags: [] }), 400, 'INVALID_PARAMETER_VALUE', /'name'/u],
      ['GET', `${API}/runs/get?run_id=0123456789abcdef0123456789abcdef`, undefined, 404, 'RESOURCE_DOES_NOT_EXIST', /not found/u],
      ['GET', `${API}/metrics/get-history-bulk-interval?metric_key=m`, undefined, 400, 'INVALID_PARAMETER_VALUE', /'run_ids'/u],
      ['GET', `${API}/no/such/endpoint`, undefined, 404, 'ENDPOINT_NOT_FOUND', /endpoint/u],
      ['POST', `${API}/runs/log-metric`, 'key=value', 400, 'INVALID_PARAMETER_VALUE', /Content-Type/u],
    ];
    for (const [method, url, body, status, code, message] of cases) {
      const reply = await send(server.port, method, url, body, url.endsWith('log-metric') && body === 'key=value' ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {});
      assert.equal(reply.status, status, `${method} ${url} ${body}: ${reply.body}`);
      assert.equal(reply.json().error_code, code, reply.body);
      assert.match(String(reply.json().message), message);
    }
    assert.equal((await send(server.port, 'GET', '/health')).status, 200, 'still serving');
  });

  test('an oversize log-batch is refused and writes nothing', async () => {
    // Over the largest batch MLflow's limits allow (src/server/logBatchLimit.ts), refused before parsing.
    const metrics = Array.from({ length: 900 }, (_, i) => ({ key: `k${i}`.padEnd(200, 'x'), value: i, timestamp: 1, step: 0 }));
    const params = Array.from({ length: 100 }, (_, i) => ({ key: `p${i}`, value: 'v'.repeat(Math.ceil(LOG_BATCH_MAX_BYTES / 100)) }));
    const body = JSON.stringify({ run_id: runId, metrics, params });
    assert.ok(Buffer.byteLength(body) > LOG_BATCH_MAX_BYTES);
    const reply = await send(server.port, 'POST', `${API}/runs/log-batch`, body);
    assert.equal(reply.status, 400);
    assert.equal(reply.json().error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(String(reply.json().message), new RegExp(`at most ${LOG_BATCH_MAX_BYTES} bytes`, 'u'));
    const run = await stores.tracking.getRun(runId);
    assert.deepEqual([run.data.metrics.length, run.data.params.length], [0, 0]);
  });

  test('NaN and Infinity travel as protobuf JSON spells them', async () => {
    const body = `{"run_id": "${runId}", "metrics": [{"key": "n", "value": NaN, "timestamp": 1, "step": 0}, {"key": "i", "value": -Infinity, "timestamp": 1, "step": 0}]}`;
    assert.equal((await send(server.port, 'POST', `${API}/runs/log-batch`, body)).status, 200);
    const text = (await send(server.port, 'GET', `${API}/runs/get?run_id=${runId}`)).body;
    assert.match(text, /"value":"NaN"/u);
    assert.match(text, /"value":-1\.7976931348623157e\+308/u);
  });

  test('foreign Host and Origin headers are refused; allowed origins get CORS headers', async () => {
    const rebinding = await send(server.port, 'GET', `${API}/experiments/search`, undefined, { Host: 'evil.example:5000' });
    assert.equal(rebinding.status, 403);
    assert.match(String(rebinding.json().message), /Host/u);
    const foreign = await send(server.port, 'POST', `${API}/experiments/create`, JSON.stringify({ name: 'csrf' }), { Origin: 'http://evil.example' });
    assert.equal(foreign.status, 403);
    assert.equal(await stores.tracking.getExperimentByName('csrf'), undefined);
    const allowed = await send(server.port, 'GET', `${API}/experiments/search?max_results=1`, undefined, { Origin: 'http://allowed.example' });
    assert.equal(allowed.status, 200);
  });

  test('the root answers with a page saying what the server is (mlflow prints <server>/#/experiments/… links)', async () => {
    const page = await send(server.port, 'GET', '/');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html\b/u);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/u);
    assert.match(csp, /script-src 'none'/u, 'without an editor to link to, the page runs no script');
    assert.match(page.body, /RunLens tracking server/u);
    assert.doesNotMatch(page.body, /<script/u);
    assert.equal((await send(server.port, 'HEAD', '/')).status, 200);
    assert.equal((await send(server.port, 'POST', '/', '{}')).status, 404, 'only GET and HEAD serve the page');
    const rebinding = await send(server.port, 'GET', '/', undefined, { Host: 'evil.example' });
    assert.equal(rebinding.status, 403, 'the page keeps the Host check');
    assert.equal((await send(server.port, 'GET', '/', undefined, { Origin: 'http://evil.example' })).status, 403);
  });

  test('artifact traversal through the proxy writes nothing outside the destination', async () => {
    for (const attempt of ['../escape.txt', '..%2fescape.txt', '%2e%2e/escape.txt', 'a/../../escape.txt', '%252e%252e%252fescape.txt', '..\\escape.txt']) {
      const reply = await send(server.port, 'PUT', `/api/2.0/mlflow-artifacts/artifacts/${attempt}`, 'data', { 'Content-Type': 'application/octet-stream' });
      assert.ok(reply.status === 400 || reply.status === 200, `${attempt}: ${reply.status} ${reply.body}`);
    }
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('escape')), []);
  });

  test('a retried batch is idempotent', async () => {
    const batch = JSON.stringify({ run_id: runId, metrics: [{ key: 'retry', value: 0.5, timestamp: 9, step: 3 }], params: [{ key: 'retry_p', value: 'x' }], tags: [{ key: 'retry_t', value: 'y' }] });
    for (let attempt = 0; attempt < 3; attempt++) assert.equal((await send(server.port, 'POST', `${API}/runs/log-batch`, batch)).status, 200);
    assert.deepEqual((await stores.tracking.getMetricHistory(runId, 'retry')).items, [{ key: 'retry', value: 0.5, timestamp: 9, step: 3 }]);
    const run = await stores.tracking.getRun(runId);
    assert.deepEqual(run.data.params.filter((p) => p.key === 'retry_p'), [{ key: 'retry_p', value: 'x' }]);
  });

  test('writes publish change events', async () => {
    events.length = 0;
    await send(server.port, 'POST', `${API}/runs/log-metric`, JSON.stringify({ run_id: runId, key: 'evt', value: 1, timestamp: 5 }));
    assert.deepEqual(events.map((e) => [e.kind, e.runId]), [['metrics', runId]]);
  });

  test('concurrent clients never see database is locked', async () => {
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => send(server.port, 'POST', `${API}/runs/log-batch`,
      JSON.stringify({ run_id: runId, metrics: Array.from({ length: 100 }, (_, j) => ({ key: `c${i}`, value: j, timestamp: j, step: j })) }))));
    assert.deepEqual([...new Set(replies.map((r) => r.status))], [200]);
    const history = await stores.tracking.getMetricHistory(runId, 'c7');
    assert.equal(history.items.length, 100);
  });
});

describe('tracking server root page inside the editor', () => {
  test('links back into the editor with a nonce\'d script, escaping what it embeds', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-page-'));
    const stores = openSqliteStore(path.join(dir, 'mlflow.db'));
    const server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, version: '1.0 <b>', openInEditorUri: 'vscode://runlens.runlens"><img src=x>' });
    try {
      const page = await send(server.port, 'GET', '/?x=<script>alert(1)</script>');
      assert.equal(page.status, 200);
      const nonce = /script-src 'nonce-([^']+)'/u.exec(String(page.headers['content-security-policy']))?.[1];
      assert.ok(nonce, 'the script runs only by nonce');
      assert.equal([...page.body.matchAll(/<script\b[^>]*>/gu)].map((m) => m[0]).join(), `<script nonce="${nonce}">`);
      assert.match(page.body, /data-base="vscode:\/\/runlens\.runlens&quot;&gt;&lt;img src=x&gt;"/u);
      assert.doesNotMatch(page.body, /<img|<b>|alert/u, 'nothing from options or the request is echoed unescaped');
      const again = await send(server.port, 'GET', '/');
      assert.notEqual(/nonce-([^']+)/u.exec(String(again.headers['content-security-policy']))?.[1], nonce, 'a fresh nonce per response');
    } finally {
      await server.close();
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tracking server credentials', () => {
  test('a token is required as Bearer or Basic password, compared in constant time', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-auth-'));
    const stores = openSqliteStore(path.join(dir, 'mlflow.db'));
    const server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, authToken: 's3cret', version: 'test' });
    try {
      const url = `${API}/experiments/search?max_results=1`;
      assert.equal((await send(server.port, 'GET', url)).status, 401);
      assert.equal((await send(server.port, 'GET', url, undefined, { Authorization: 'Bearer wrong' })).status, 401);
      assert.equal((await send(server.port, 'GET', url, undefined, { Authorization: 'Bearer s3cret' })).status, 200);
      const basic = Buffer.from('anyone:s3cret').toString('base64');
      assert.equal((await send(server.port, 'GET', url, undefined, { Authorization: `Basic ${basic}` })).status, 200);
      assert.equal((await send(server.port, 'GET', '/health')).status, 200, 'health stays open for probes');
    } finally {
      await server.close();
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('only the exact credential gets in: anything added, missing or re-spaced is MLflow\'s 401', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-auth-'));
    const stores = openSqliteStore(path.join(dir, 'mlflow.db'));
    const server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, authToken: 's3cret', version: 'test' });
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    try {
      const url = `${API}/experiments/search?max_results=1`;
      const refused = [
        'Bearer s3cret junk', 'Bearer  s3cret', 'Bearer\ts3cret', 'Bearer s3cre', 'Bearer s3cret2', 'Bearers3cret', 'Token s3cret', 'Bearer', 's3cret',
        `Basic ${b64('anyone:s3cret')} junk`, `Basic  ${b64('anyone:s3cret')}`, `Basic ${b64('anyone:s3cre')}`, `Basic ${b64('s3cret')}`,
        // Base64 that only a lenient decoder reads as anyone:s3cret.
        `Basic ${b64('anyone:s3cret').replace('=', '')}`, `Basic ${b64('anyone:s3cret').slice(0, 4)}*${b64('anyone:s3cret').slice(4)}`,
      ];
      for (const authorization of refused) {
        const reply = await send(server.port, 'GET', url, undefined, { Authorization: authorization });
        assert.equal(reply.status, 401, authorization);
        assert.equal(reply.json().error_code, 'UNAUTHENTICATED', authorization);
      }
      // What the mlflow client sends; the scheme's case is free in HTTP (RFC 9110 §11.1).
      for (const authorization of ['Bearer s3cret', 'bearer s3cret', `Basic ${b64('anyone:s3cret')}`, `Basic ${b64(':s3cret')}`]) {
        assert.equal((await send(server.port, 'GET', url, undefined, { Authorization: authorization })).status, 200, authorization);
      }
    } finally {
      await server.close();
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an empty or blank token is refused at start instead of admitting an empty credential', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-auth-'));
    const stores = openSqliteStore(path.join(dir, 'mlflow.db'));
    try {
      for (const authToken of ['', '   ', '\t']) {
        // A server that wrongly starts is closed, so the failure is an assertion and not a hang.
        const started = startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, authToken, version: 'test' });
        await assert.rejects(started.then(async (server) => server.close()), /auth token is empty/u, JSON.stringify(authToken));
      }
    } finally {
      stores.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
