// Big and hostile request bodies sent to `runlens server` (the real CLI in its own process) while
// /health is polled: parsing never stalls the HTTP loop, and memory stays bounded.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';

interface Reply {
  status: number;
  code?: string;
  message?: string;
  ms: number;
}

const agent = new http.Agent({ keepAlive: true });

function send(base: string, method: string, rawPath: string, body?: Buffer | string): Promise<Reply> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) };
    const req = http.request({ host: url.hostname, port: url.port, method, path: rawPath, headers, agent: body === undefined ? agent : false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        let parsed: { error_code?: string; message?: string } = {};
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof parsed;
        } catch { /* /health answers text */ }
        resolve({ status: res.statusCode ?? 0, code: parsed.error_code, message: parsed.message, ms: performance.now() - started });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The server's resident and peak memory in MB (Linux /proc; undefined elsewhere). */
function memoryMb(pid: number): { rss: number; peak: number } | undefined {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return undefined;
  const status = readFileSync(file, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`, 'u').exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

const API = '/api/2.0/mlflow';
const MB = 1024 * 1024;

/** A body the sender thread builds: a run of `[NaN,…]`, or a repeated part between a head and a tail. */
type BodySpec = { head: string; part: string; count: number; tail: string };
const nanArray = (size: number): BodySpec => ({ head: '[', part: 'NaN,', count: Math.floor((size - 5) / 4), tail: 'NaN]' });

// Plain JavaScript run in a worker thread: builds each body, sends them all at once, posts the replies.
const SENDER = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const url = new URL(workerData.url);
const sendOne = ({ path, spec }) => new Promise((resolve, reject) => {
  const body = Buffer.from(spec.head + spec.part.repeat(spec.count) + spec.tail);
  const started = performance.now();
  const req = http.request({ host: url.hostname, port: url.port, method: 'POST', path, agent: false,
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(body.length) } }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      let parsed = {};
      try { parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch {}
      resolve({ status: res.statusCode, code: parsed.error_code, message: parsed.message, ms: performance.now() - started });
    });
  });
  req.on('error', reject);
  req.end(body);
});
Promise.all(workerData.requests.map(sendOne)).then((replies) => parentPort.postMessage(replies));
`;

describe('runlens server under big request bodies', () => {
  let dir: string;
  let server: ServerProcess;
  let runId: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-bigbodies-'));
    server = await startRunlensServer(dir, ['--backend-store-uri', `sqlite:///${path.join(dir, 'runlens.db')}`]);
    const created = await fetch(`${server.url}${API}/runs/create`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ experiment_id: '0' }) });
    runId = ((await created.json()) as { run: { info: { run_id: string } } }).run.info.run_id;
  });
  after(async () => {
    agent.destroy();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Sends the bodies at once from a worker thread (so building and writing megabytes never delays
   * this thread's /health probes) and polls /health until all are answered.
   */
  async function whileHandling(requests: [string, BodySpec][]): Promise<{ replies: Reply[]; slowestHealth: number; probes: number }> {
    const sender = new Worker(SENDER, { eval: true, workerData: { url: server.url, requests: requests.map(([route, spec]) => ({ path: `${API}/${route}`, spec })) } });
    const replies = new Promise<Reply[]>((resolve, reject) => {
      sender.once('message', resolve);
      sender.once('error', reject);
    });
    await new Promise<void>((resolve) => sender.once('online', () => resolve()));
    let settled = false;
    void replies.finally(() => (settled = true));
    let slowestHealth = 0;
    let probes = 0;
    while (!settled) {
      const health = await send(server.url, 'GET', '/health');
      assert.equal(health.status, 200);
      slowestHealth = Math.max(slowestHealth, health.ms);
      probes++;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return { replies: await replies, slowestHealth, probes };
  }

  test('a 16 MB body of bare NaN is refused while /health answers within 100 ms, in bounded memory', async () => {
    // Measured on main: /health waited 8.2 s behind a 16 MB [NaN,…] body (1.7 s behind 4 MB) and
    // the server's RSS went from 110 MB to 1.5 GB.
    const before = memoryMb(server.child.pid ?? 0);
    for (const size of [4 * MB, 16 * MB]) {
      const body = nanArray(size);
      const { replies: [reply], slowestHealth, probes } = await whileHandling([['runs/log-metric', body]]);
      console.log(`${size / MB} MB of bare NaN: answered ${reply.status} in ${reply.ms.toFixed(0)} ms; slowest /health ${slowestHealth.toFixed(0)} ms of ${probes}`);
      assert.equal(reply.status, 400, `${size} bytes: ${reply.code} ${reply.message}`);
      assert.equal(reply.code, 'INVALID_PARAMETER_VALUE');
      assert.ok(slowestHealth < 100, `${size / MB} MB: /health took ${slowestHealth.toFixed(0)} ms (${probes} probes)`);
      assert.ok(reply.ms < 5000, `${size / MB} MB answered in ${reply.ms.toFixed(0)} ms`);
    }
    // The same literals inside a log-batch's metrics: refused as too many values, quickly.
    const metric = '{"key":"m","value":NaN,"timestamp":1},';
    const batch = { head: `{"run_id":"${runId}","metrics":[`, part: metric, count: Math.floor(16 * MB / metric.length), tail: '{"key":"m","value":NaN,"timestamp":1}]}' };
    const { replies: [batchReply], slowestHealth } = await whileHandling([['runs/log-batch', batch]]);
    assert.equal(batchReply.code, 'INVALID_PARAMETER_VALUE', batchReply.message);
    assert.ok(slowestHealth < 100, `log-batch: /health took ${slowestHealth.toFixed(0)} ms`);
    const afterwards = memoryMb(server.child.pid ?? 0);
    if (before && afterwards) {
      console.log(`server memory: RSS ${before.rss.toFixed(0)} MB before, ${afterwards.rss.toFixed(0)} MB after, peak ${afterwards.peak.toFixed(0)} MB`);
      assert.ok(afterwards.peak - before.rss < 400, `peak RSS grew from ${before.rss.toFixed(0)} to ${afterwards.peak.toFixed(0)} MB`);
    }
  });

  test('three 16 MB bodies at once, values and one big string, keep /health fast; the valid one is stored', async () => {
    // Measured on main: three NaN bodies at once took the server to 2.47 GB.
    const before = memoryMb(server.child.pid ?? 0);
    const withBigField = { head: `{"run_id":"${runId}","key":"big","value":"x","ignored":"`, part: 'v', count: 16 * MB - 200, tail: '"}' };
    const { replies, slowestHealth } = await whileHandling([['runs/log-metric', nanArray(16 * MB)], ['runs/log-parameter', withBigField], ['runs/set-tag', nanArray(16 * MB)]]);
    console.log(`three at once: answered in ${replies.map((r) => r.ms.toFixed(0)).join(', ')} ms; slowest /health ${slowestHealth.toFixed(0)} ms`);
    assert.deepEqual(replies.map((r) => r.status), [400, 200, 400], JSON.stringify(replies));
    assert.ok(slowestHealth < 100, `/health took ${slowestHealth.toFixed(0)} ms`);
    const run = await (await fetch(`${server.url}${API}/runs/get?run_id=${runId}`)).json() as { run: { data: { params?: { key: string; value: string }[] } } };
    assert.deepEqual(run.run.data.params, [{ key: 'big', value: 'x' }]);
    const afterwards = memoryMb(server.child.pid ?? 0);
    if (before && afterwards) {
      console.log(`server memory, three at once: RSS ${before.rss.toFixed(0)} MB before, ${afterwards.rss.toFixed(0)} MB after, peak ${afterwards.peak.toFixed(0)} MB`);
      assert.ok(afterwards.peak < 800, `peak RSS ${afterwards.peak.toFixed(0)} MB`);
    }
  });

  test('small bodies with bare NaN still parse (inline, without the worker)', async () => {
    const reply = await send(server.url, 'POST', `${API}/runs/log-metric`, `{"run_id":"${runId}","key":"n","value":NaN,"timestamp":1}`);
    assert.equal(reply.status, 200, reply.message);
    const history = await (await fetch(`${server.url}${API}/metrics/get-history?run_id=${runId}&metric_key=n`)).json() as { metrics: { value: unknown }[] };
    assert.deepEqual(history.metrics.map((m) => m.value), ['NaN']);
  });
});
