// The REST client against small real HTTP(S) servers: auth headers, retries only where safe,
// timeouts, cancellation, and a distinct error for each way a connection goes wrong.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { serveOnLoopback } from '../support/loopbackServer.ts';

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    assert.ok(error instanceof MlflowError, String(error));
    return error.code;
  }
}

const json = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));

describe('RestClient', () => {
  test('sends Bearer or Basic credentials and GET fields as a query string', async () => {
    const seen: { auth?: string; url?: string }[] = [];
    const server = await serveOnLoopback((req, res) => {
      seen.push({ auth: req.headers.authorization, url: req.url });
      json(res, 200, { experiment: { experiment_id: '1', name: 'x' } });
    });
    try {
      await new RestClient({ baseUrl: server.url, credentials: { token: 'tok' } }).call('getExperiment', { experiment_id: '1' });
      await new RestClient({ baseUrl: server.url, credentials: { username: 'ann', password: 'pw' } }).call('getMetricHistoryBulkInterval', { run_ids: ['a', 'b'], metric_key: 'm' });
      assert.equal(seen[0].auth, 'Bearer tok');
      assert.equal(seen[0].url, '/api/2.0/mlflow/experiments/get?experiment_id=1');
      assert.equal(seen[1].auth, `Basic ${Buffer.from('ann:pw').toString('base64')}`);
      assert.equal(seen[1].url, '/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=a&run_ids=b&metric_key=m');
    } finally {
      await server.close();
    }
  });

  test('retries 429 and 5xx for idempotent calls only, with backoff', async () => {
    let calls = 0;
    const server = await serveOnLoopback((_req, res) => {
      calls++;
      if (calls === 1) json(res, 429, { error_code: 'REQUEST_LIMIT_EXCEEDED', message: 'slow down' });
      else if (calls === 2) json(res, 503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: 'busy' });
      else json(res, 200, { runs: [] });
    });
    try {
      const client = new RestClient({ baseUrl: server.url, backoffMs: 5 });
      assert.deepEqual(await client.call('searchRuns', { experiment_ids: ['0'] }), { runs: [] });
      assert.equal(calls, 3);
      calls = 0;
      assert.equal(await code(client.call('createRun', { experiment_id: '0' })), 'REQUEST_LIMIT_EXCEEDED');
      assert.equal(calls, 1, 'a create is not repeated');
    } finally {
      await server.close();
    }
  });

  test('distinct errors for 401, 403, a non-MLflow 404, a refused connection and a timeout', async () => {
    const server = await serveOnLoopback((req, res) => {
      if (req.url?.includes('experiment_id=401')) res.writeHead(401).end('no');
      else if (req.url?.includes('experiment_id=403')) res.writeHead(403).end('forbidden');
      else if (req.url?.includes('experiment_id=slow')) setTimeout(() => json(res, 200, {}), 2000);
      else res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html>not here</html>');
    });
    try {
      const client = new RestClient({ baseUrl: server.url, timeoutMs: 300, maxRetries: 0 });
      assert.equal(await code(client.call('getExperiment', { experiment_id: '401' })), 'UNAUTHENTICATED');
      assert.equal(await code(client.call('getExperiment', { experiment_id: '403' })), 'PERMISSION_DENIED');
      await assert.rejects(client.call('getExperiment', { experiment_id: '1' }), /is this an MLflow tracking server/u);
      assert.equal(await code(client.call('getExperiment', { experiment_id: 'slow' })), 'DEADLINE_EXCEEDED');
    } finally {
      await server.close();
    }
    const closed = await serveOnLoopback(() => undefined);
    await closed.close();
    const refused = new RestClient({ baseUrl: closed.url, maxRetries: 0 });
    await assert.rejects(refused.call('getExperiment', { experiment_id: '1' }), /Connection refused/u);
  });

  test('cancellation stops a call', async () => {
    const server = await serveOnLoopback((_req, res) => setTimeout(() => json(res, 200, {}), 2000));
    try {
      const controller = new AbortController();
      const pending = code(new RestClient({ baseUrl: server.url }).call('getRun', { run_id: 'x' }, controller.signal));
      setTimeout(() => controller.abort(), 50);
      assert.equal(await pending, 'CANCELLED');
    } finally {
      await server.close();
    }
  });

  describe('TLS', () => {
    let dir: string;
    let key: Buffer;
    let cert: Buffer;
    before(() => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-tls-'));
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
      key = readFileSync(path.join(dir, 'key.pem'));
      cert = readFileSync(path.join(dir, 'cert.pem'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('a self-signed server fails clearly, and works with MLFLOW_TRACKING_INSECURE_TLS', async () => {
      const server = await serveOnLoopback((_req, res) => json(res, 200, { experiment: { experiment_id: '7', name: 'tls' } }), https.createServer({ key, cert }));
      try {
        await assert.rejects(new RestClient({ baseUrl: server.url, maxRetries: 0 }).call('getExperiment', { experiment_id: '7' }), /TLS failure/u);
        const reply = await new RestClient({ baseUrl: server.url, insecureTls: true }).call<{ experiment: { name: string } }>('getExperiment', { experiment_id: '7' });
        assert.equal(reply.experiment.name, 'tls');
      } finally {
        await server.close();
      }
    });
  });

  test('credentials never appear in error messages', async () => {
    const secrets = { token: 'tok-SECRET-123', username: 'user-SECRET', password: 'pw-SECRET-456' };
    const server = await serveOnLoopback((req, res) => json(res, 400, { error_code: 'INVALID_PARAMETER_VALUE', message: `bad ${req.url}` }));
    const messages: string[] = [];
    try {
      for (const credentials of [{ token: secrets.token }, { username: secrets.username, password: secrets.password }]) {
        const client = new RestClient({ baseUrl: server.url, credentials, maxRetries: 0 });
        await client.call('getRun', { run_id: 'x' }).catch((e: Error) => messages.push(e.message));
      }
    } finally {
      await server.close();
    }
    await new RestClient({ baseUrl: server.url, credentials: secrets, maxRetries: 0 }).call('getRun', { run_id: 'x' }).catch((e: Error) => messages.push(e.message));
    assert.equal(messages.length, 3);
    for (const message of messages) for (const secret of Object.values(secrets)) assert.ok(!message.includes(secret), message);
  });
});
