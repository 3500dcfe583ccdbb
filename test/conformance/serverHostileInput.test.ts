// Hostile requests sent to `runlens server` and to the real `mlflow server` (3.18, temp SQLite):
// malformed percent-escapes in path parameters, deep JSON, long URLs, numbers in strings. We must
// never answer 5xx, and must answer mlflow's status and error code wherever mlflow answers JSON.
// Deliberate differences are listed beside their case with the reason.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startMlflowServer, type MlflowServer } from '../support/mlflowServer.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';

interface Reply {
  status: number;
  body: string;
  /** error_code of a JSON error body; undefined when the body is not JSON. */
  code?: string;
  message?: string;
  ms: number;
}

function send(base: string, method: string, rawPath: string, body?: string | Buffer): Promise<Reply> {
  const url = new URL(base);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    // Content-Length, not chunked: mlflow's server reads a chunked body as empty.
    const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) };
    const req = http.request({ host: url.hostname, port: url.port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: { error_code?: string; message?: string } | undefined;
        try {
          parsed = JSON.parse(text) as typeof parsed;
        } catch { /* not JSON */ }
        resolve({ status: res.statusCode ?? 0, body: text, code: parsed?.error_code, message: parsed?.message, ms: performance.now() - started });
      });
    });
    // A server that refuses a request before reading all of it may close the socket under our
    // write: that is its answer (status 0), not a failure of the test.
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') resolve({ status: 0, body: `connection closed (${error.code})`, ms: performance.now() - started });
      else reject(error);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const API = '/api/2.0/mlflow';
const show = (r: Reply) => `${r.status} ${r.code ?? '(not JSON)'}: ${r.body.slice(0, 200)}`;
/** mlflow's HTTP parser refused the request itself: a plain-text 400, or the socket closed under the write. */
const parserRefused = (r: Reply) => r.status === 0 || (r.code === undefined && r.status === 400 && /Invalid HTTP request/u.test(r.body));

/** Ours answered a JSON error (never 5xx) with mlflow's status and code. */
function assertSameError(ours: Reply, theirs: Reply, what: string): void {
  assert.ok(ours.status < 500, `${what}: runlens answered ${show(ours)}`);
  assert.equal(ours.status, theirs.status, `${what}: runlens ${show(ours)} / mlflow ${show(theirs)}`);
  assert.equal(ours.code, theirs.code, `${what}: runlens ${show(ours)} / mlflow ${show(theirs)}`);
}

describe('hostile input: runlens server answers as mlflow server does, never 5xx', () => {
  let dir: string;
  let mlflow: MlflowServer;
  let runlens: ServerProcess;
  const runIds: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-hostile-'));
    [mlflow, runlens] = await Promise.all([
      startMlflowServer({ backendStoreUri: `sqlite:///${path.join(dir, 'mlflow.db')}`, artifactsDestination: path.join(dir, 'mlflow-artifacts'), cwd: dir }),
      startRunlensServer(dir, ['--backend-store-uri', `sqlite:///${path.join(dir, 'runlens.db')}`, '--artifacts-destination', path.join(dir, 'runlens-artifacts')]),
    ]);
    for (const [name, url] of [['mlflow', mlflow.url], ['runlens', runlens.url]] as const) {
      const experiment = await send(url, 'POST', `${API}/experiments/create`, JSON.stringify({ name: 'hostile' }));
      const experimentId = (JSON.parse(experiment.body) as { experiment_id: string }).experiment_id;
      const run = await send(url, 'POST', `${API}/runs/create`, JSON.stringify({ experiment_id: experimentId, start_time: 1 }));
      runIds[name] = (JSON.parse(run.body) as { run: { info: { run_id: string } } }).run.info.run_id;
    }
  });
  after(async () => {
    await runlens?.stop();
    await mlflow?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same request to both servers; `body` gets each server's own run id. */
  async function both(method: string, rawPath: string, body?: (runId: string) => string | Buffer): Promise<{ ours: Reply; theirs: Reply }> {
    const theirs = await send(mlflow.url, method, rawPath, body?.(runIds.mlflow));
    const ours = await send(runlens.url, method, rawPath, body?.(runIds.runlens));
    return { ours, theirs };
  }

  test('a malformed percent-escape in a path parameter answers mlflow\'s error, not 500', async () => {
    // Measured on main: GET logged-models/%ff and logged-models/% answered 500 (URIError).
    const routes: [string, (id: string) => string, string | undefined][] = [
      ['GET', (id) => `logged-models/${id}`, undefined],
      ['DELETE', (id) => `logged-models/${id}`, undefined],
      ['PATCH', (id) => `logged-models/${id}/tags`, '{"tags":[]}'],
      ['DELETE', (id) => `logged-models/${id}/tags/k`, undefined],
      ['DELETE', (id) => `logged-models/m-x/tags/${id}`, undefined],
      ['GET', (id) => `logged-models/${id}/artifacts/directories`, undefined],
    ];
    for (const id of ['%ff', '%', '%zz', '%e2%82', '%C0%AF', 'ok%']) {
      for (const [method, at, body] of routes) {
        const { ours, theirs } = await both(method, `${API}/${at(id)}`, body === undefined ? undefined : () => body);
        assertSameError(ours, theirs, `${method} ${at(id)}`);
      }
    }
    // PATCH logged-models/{id} (finalize) and POST …/params: mlflow 3.18 reads model_id from the
    // body there, so it answers 400 "Missing model_id" for any id, even a well-formed unknown one.
    // Deliberate difference: we use the path, so a malformed id answers as an unknown id does.
    for (const [method, at, body] of [['PATCH', (id: string) => `logged-models/${id}`, '{"status":"READY"}'], ['POST', (id: string) => `logged-models/${id}/params`, '{"params":[]}']] as const) {
      const unknown = await send(runlens.url, method, `${API}/${at('m-unknown')}`, body);
      for (const id of ['%ff', '%', '%e2%82']) {
        const ours = await send(runlens.url, method, `${API}/${at(id)}`, body);
        assert.ok(ours.status < 500, `${method} ${at(id)}: ${show(ours)}`);
        assert.deepEqual([ours.status, ours.code], [unknown.status, unknown.code], `${method} ${at(id)}: ${show(ours)}`);
      }
    }
  });

  test('deep JSON nesting is refused as INVALID_PARAMETER_VALUE quickly; shallow nesting is accepted', async () => {
    // Measured on main: both answered 500 "Maximum call stack size exceeded".
    // Deliberate difference: mlflow answers these with an HTML 500 page; we answer a JSON 400.
    const deepArray = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    for (const [what, body] of [['1,000,000-deep array', deepArray], ['10,000-deep object', deepObject]] as const) {
      const { ours, theirs } = await both('POST', `${API}/runs/log-metric`, () => body);
      assert.equal(theirs.status, 500, `mlflow no longer fails on a ${what}: ${show(theirs)}; compare codes instead`);
      assert.equal(ours.status, 400, `${what}: ${show(ours)}`);
      assert.equal(ours.code, 'INVALID_PARAMETER_VALUE', `${what}: ${show(ours)}`);
      assert.match(ours.message ?? '', /nested more than \d+ levels/u);
      assert.ok(ours.ms < 2000, `${what} took ${ours.ms.toFixed(0)} ms`);
    }
    // A body nested 20 deep in an unknown field: mlflow ignores the field, and so do we.
    const shallow = (runId: string) => `{"run_id":"${runId}","key":"k","value":1,"timestamp":1,"x":${'['.repeat(20)}${']'.repeat(20)}}`;
    const { ours, theirs } = await both('POST', `${API}/runs/log-metric`, shallow);
    assert.deepEqual([ours.status, theirs.status], [200, 200], `runlens ${show(ours)} / mlflow ${show(theirs)}`);
    const health = await send(runlens.url, 'GET', '/health');
    assert.equal(health.status, 200);
  });

  test('long URLs answer an MLflow JSON error, not a bare 431', async () => {
    // Measured on main: a URL over 16 KB got Node's 431 with no body.
    // mlflow's HTTP parser (uvicorn over h11) refuses a request line still incomplete after 16 KB,
    // so whether a long URL reaches mlflow depends on how many socket reads it arrived in: the
    // same 200,000-character URL got a JSON 404 on one machine and a plain-text 400 "Invalid HTTP
    // request received." on another. Where mlflow's parser gave up, we compare with what mlflow
    // answers once it does read the request.
    let parsedAnswer: Reply | undefined;
    for (const length of [20_000, 200_000]) {
      const { ours, theirs } = await both('GET', `${API}/experiments/get-by-name?experiment_name=${'n'.repeat(length)}`);
      const what = `experiments/get-by-name with a ${length}-character name`;
      if (parserRefused(theirs) && parsedAnswer) {
        assertSameError(ours, parsedAnswer, `${what} (mlflow's parser gave up; compared with its answer to a shorter name)`);
      } else {
        assertSameError(ours, theirs, what);
        parsedAnswer ??= theirs;
      }
      assert.ok((ours.message ?? '').length < 1000, `the message quotes the whole id: ${ours.message?.length} characters`);
    }
    // Deliberate difference: mlflow refuses a 1 MB URL in its HTTP parser, with a plain-text 400
    // "Invalid HTTP request received." or by closing the socket mid-write (timing decides); we
    // answer 400 with a JSON error body. Past 256 KB our own check answers, past 512 KB of
    // request line and headers Node's parser refuses it (clientErrors.ts).
    const { ours, theirs } = await both('GET', `${API}/experiments/get?experiment_id=${'1'.repeat(1_000_000)}`);
    assert.ok(parserRefused(theirs), `mlflow now reads a 1 MB URL; compare codes instead: ${show(theirs)}`);
    const over = await send(runlens.url, 'GET', `${API}/experiments/get?experiment_id=${'1'.repeat(300_000)}`);
    for (const reply of [ours, over]) {
      assert.equal(reply.status, 400, show(reply));
      assert.equal(reply.code, 'BAD_REQUEST', show(reply));
    }
    const health = await send(runlens.url, 'GET', '/health');
    assert.equal(health.status, 200);
  });

  test('log-metric takes numbers in strings exactly where mlflow does ("0x10" is not 16)', async () => {
    // Measured on main: "0x10" was stored as 16, "0b1" as 1; "inf", "nan" and "1_000" were refused.
    // Deliberate differences: [] and {} make mlflow answer an HTML 500 (we answer
    // INVALID_PARAMETER_VALUE); non-ASCII digits ("١"), which Python's float() takes, we refuse.
    const values = ['"0x10"', '"0b1"', '"0o7"', '"0.5"', '"NaN"', '"nan"', '" nan "', '"1e3"', '"1e"', '"e1"', 'true', 'false', '"Infinity"', '"-Infinity"',
      '"infinity"', '"-inf"', '" 1"', '"1 "', '""', '"abc"', 'NaN', 'Infinity', '-Infinity', 'null', '"1_000"', '"1__0"', '"_1"', '"+1"', '".5"', '"1."', '1e400', '"1e400"'];
    for (const value of values) {
      const { ours, theirs } = await both('POST', `${API}/runs/log-metric`, (runId) => `{"run_id":"${runId}","key":"v","value":${value},"timestamp":1}`);
      if (theirs.status === 200) assert.equal(ours.status, 200, `value ${value}: mlflow accepts it, runlens ${show(ours)}`);
      else assertSameError(ours, theirs, `value ${value}`);
    }
    // Deliberate difference: mlflow takes int64 strings/numbers beyond 2^53 (1e30 even); a
    // JavaScript number cannot hold them exactly, so we refuse them.
    const integers = ['"5"', '" 5"', '"5 "', '"+5"', '"0.5"', '0.5', '1.5', '"0x10"', '"1e3"', '1e3', '"10e-1"', '"1e-3"', '"1_0"', '"1e400"', 'true', 'false', '"true"',
      '"NaN"', '"Infinity"', '"1.0"', '1.0', '""', '-1', '"-5"'];
    for (const field of ['timestamp', 'step']) {
      for (const value of integers) {
        const metric = field === 'timestamp' ? `"timestamp":${value}` : `"timestamp":1,"step":${value}`;
        const { ours, theirs } = await both('POST', `${API}/runs/log-metric`, (runId) => `{"run_id":"${runId}","key":"i","value":1,${metric}}`);
        if (theirs.status === 200) assert.equal(ours.status, 200, `${field} ${value}: mlflow accepts it, runlens ${show(ours)}`);
        else assertSameError(ours, theirs, `${field} ${value}`);
      }
    }
    // log-batch: mlflow 3.18 answers 200 to every case below, but a metric it cannot parse it
    // stores as value 0 at timestamp 0. Deliberate difference: where it stores the number as sent
    // we store the same; where it stores that zeroed metric we refuse with INVALID_PARAMETER_VALUE.
    const batchCases = [['value', '"0.5"'], ['value', 'true'], ['value', '"1_0"'], ['value', '" 2"'], ['timestamp', '"1e3"'], ['step', '"1.0"'],
      ['value', '"0x10"'], ['value', '"0b1"'], ['value', '"abc"'], ['timestamp', '"0x10"'], ['timestamp', '" x"']] as const;
    for (const [index, [field, value]] of batchCases.entries()) {
      const metric = { value: '1', timestamp: '1', step: '0', [field]: value };
      const { ours, theirs } = await both('POST', `${API}/runs/log-batch`, (runId) => `{"run_id":"${runId}","metrics":[{"key":"b${index}","value":${metric.value},"timestamp":${metric.timestamp},"step":${metric.step}}]}`);
      assert.equal(theirs.status, 200, `log-batch ${field} ${value}: mlflow ${show(theirs)}`);
      const stored = async (url: string, runId: string) => {
        const history = await send(url, 'GET', `${API}/metrics/get-history?run_id=${runId}&metric_key=b${index}`);
        return (JSON.parse(history.body) as { metrics?: { value: number; timestamp: number; step: number }[] }).metrics?.[0];
      };
      const theirsStored = await stored(mlflow.url, runIds.mlflow);
      if (theirsStored?.timestamp === 0) {
        assert.equal(ours.status, 400, `log-batch ${field} ${value}: mlflow stored it zeroed, runlens ${show(ours)}`);
        assert.equal(ours.code, 'INVALID_PARAMETER_VALUE', `log-batch ${field} ${value}: ${show(ours)}`);
      } else {
        assert.equal(ours.status, 200, `log-batch ${field} ${value}: mlflow accepts it, runlens ${show(ours)}`);
        assert.deepEqual(await stored(runlens.url, runIds.runlens), theirsStored, `log-batch ${field} ${value}`);
      }
    }
    // What was accepted is stored as mlflow reads it: "0x10" never became 16, "1e3" became 1000.
    const history = await send(runlens.url, 'GET', `${API}/metrics/get-history?run_id=${runIds.runlens}&metric_key=v`);
    const stored = (JSON.parse(history.body) as { metrics: { value: number | string }[] }).metrics.map((m) => m.value);
    assert.ok(!stored.includes(16), `"0x10" was stored as 16: ${JSON.stringify(stored)}`);
    assert.ok(stored.includes(1000), `"1e3" was not stored as 1000: ${JSON.stringify(stored)}`);
  });

  test('invalid UTF-8 and lone surrogates are refused as mlflow refuses them, never stored as U+FFFD', async () => {
    // Measured on main: {"name":"a\xffb"} and {"name":"a\xfeb"} both created "a\ufffdb" (the
    // second then collided with the first), and a \ud800 escape was stored as U+FFFD.
    const withBytes = (before: string, bad: number[], after: string) => Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
    const invalidUtf8: [string, (runId: string) => Buffer][] = [
      ['experiments/create', () => withBytes('{"name":"utf8-', [0xff], '"}')],
      ['experiments/create', () => withBytes('{"name":"utf8-', [0xed, 0xa0, 0x80], '"}')],
      ['runs/set-tag', (runId) => withBytes(`{"run_id":"${runId}","key":"k","value":"v`, [0xfe], '"}')],
      ['runs/log-parameter', (runId) => withBytes(`{"run_id":"${runId}","key":"p","value":"v`, [0xc3], '"}')],
      ['runs/log-batch', (runId) => withBytes(`{"run_id":"${runId}","params":[{"key":"bp","value":"`, [0xff], '"}]}')],
    ];
    for (const [route, body] of invalidUtf8) {
      const { ours, theirs } = await both('POST', `${API}/${route}`, body);
      if (theirs.status >= 500) {
        // mlflow 3.18 answers log-batch's undecodable body with an HTML 500; deliberate difference: we answer 400.
        assert.deepEqual([ours.status, ours.code], [400, 'INVALID_PARAMETER_VALUE'], `${route}: ${show(ours)}`);
      } else {
        assertSameError(ours, theirs, `${route} with bytes that are not UTF-8`);
      }
    }
    // A lone surrogate in a name: mlflow's protobuf parser reads the string as '' and refuses it.
    const names: [string, (runId: string) => string][] = [
      ['experiments/create', () => '{"name":"x\\ud800y"}'],
      ['experiments/create', () => '{"name":"x\\udc00y"}'],
      ['runs/log-batch', (runId) => `{"run_id":"${runId}","metrics":[{"key":"m\\ud800","value":1,"timestamp":1}]}`],
    ];
    for (const [route, body] of names) {
      const { ours, theirs } = await both('POST', `${API}/${route}`, body);
      assertSameError(ours, theirs, `${route}: ${body('')}`);
    }
    // In a value mlflow answers 200 and stores '' in place of the whole value. Deliberate
    // difference: we refuse it with INVALID_PARAMETER_VALUE rather than lose the value silently.
    const values: [string, (runId: string) => string, string][] = [
      ['runs/set-tag', (runId) => `{"run_id":"${runId}","key":"lone-tag","value":"v\\ud800"}`, 'lone-tag'],
      ['runs/log-parameter', (runId) => `{"run_id":"${runId}","key":"lone-param","value":"v\\udfff"}`, 'lone-param'],
      ['runs/log-batch', (runId) => `{"run_id":"${runId}","params":[{"key":"lone-batch","value":"\\ud800"}]}`, 'lone-batch'],
    ];
    for (const [route, body, key] of values) {
      const { ours, theirs } = await both('POST', `${API}/${route}`, body);
      assert.equal(theirs.status, 200, `mlflow no longer accepts ${route} with a lone surrogate; compare codes instead: ${show(theirs)}`);
      assert.deepEqual([ours.status, ours.code], [400, 'INVALID_PARAMETER_VALUE'], `${route}: ${show(ours)}`);
      const run = JSON.parse((await send(mlflow.url, 'GET', `${API}/runs/get?run_id=${runIds.mlflow}`)).body) as { run: { data: { tags?: { key: string; value: string }[]; params?: { key: string; value: string }[] } } };
      const stored = [...(run.run.data.tags ?? []), ...(run.run.data.params ?? [])].find((e) => e.key === key);
      assert.equal(stored?.value, '', `mlflow stored ${JSON.stringify(stored)} for ${route}`);
    }
    // Query parameters: bytes that are not UTF-8 stay percent-escapes ("%ff" is the name "%FF"),
    // so a lookup of %ff never finds an experiment named U+FFFD. (On main ours found it: 200.)
    for (const base of [mlflow.url, runlens.url]) {
      for (const name of ['\ufffd', '%FF']) await send(base, 'POST', `${API}/experiments/create`, JSON.stringify({ name }));
    }
    for (const query of ['%ff', '%FF', '%ed%a0%80', 'a%c3', '%ef%bf%bd', '%25FF']) {
      const { ours, theirs } = await both('GET', `${API}/experiments/get-by-name?experiment_name=${query}`);
      const name = (reply: Reply) => (JSON.parse(reply.body) as { experiment?: { name: string } }).experiment?.name;
      if (theirs.status === 200) assert.deepEqual([ours.status, name(ours)], [200, name(theirs)], `get-by-name ${query}: ${show(ours)}`);
      else assertSameError(ours, theirs, `get-by-name ${query}`);
    }
    const experiments = JSON.parse((await send(runlens.url, 'POST', `${API}/experiments/search`, '{"max_results":1000}')).body) as { experiments: { name: string }[] };
    assert.deepEqual(experiments.experiments.map((e) => e.name).filter((n) => /[\ufffd\p{Cs}]/u.test(n)), ['\ufffd'], 'only the experiment deliberately named U+FFFD holds one');
  });

  test('log-batch over MLflow\'s entity limits is refused with mlflow\'s code; the size cap is not ours to add', async () => {
    const batch = (counts: { metrics?: number; params?: number; tags?: number }, prefix: string) => (runId: string) => JSON.stringify({
      run_id: runId,
      metrics: Array.from({ length: counts.metrics ?? 0 }, (_, i) => ({ key: `${prefix}m${i}`, value: i, timestamp: 1 })),
      params: Array.from({ length: counts.params ?? 0 }, (_, i) => ({ key: `${prefix}p${i}`, value: 'v' })),
      tags: Array.from({ length: counts.tags ?? 0 }, (_, i) => ({ key: `${prefix}t${i}`, value: 'v' })),
    });
    for (const [what, counts] of [['1001 metrics', { metrics: 1001 }], ['101 params', { params: 101 }], ['101 tags', { tags: 101 }], ['901 metrics + 100 params', { metrics: 901, params: 100 }]] as const) {
      const { ours, theirs } = await both('POST', `${API}/runs/log-batch`, batch(counts, what.replaceAll(' ', '')));
      assert.equal(theirs.code, 'INVALID_PARAMETER_VALUE', `${what}: ${show(theirs)}`);
      assertSameError(ours, theirs, what);
    }
    // Measured on main: a 1.4 MB batch within the limits was refused by our 1 MB cap.
    const full = batch({ metrics: 800, params: 100, tags: 100 }, 'full');
    const wide = (runId: string) => full(runId).replace(/"value":"v"/gu, () => `"value":"${'w'.repeat(6000)}"`);
    const { ours, theirs } = await both('POST', `${API}/runs/log-batch`, wide);
    assert.equal(theirs.status, 200, show(theirs));
    assert.equal(ours.status, 200, show(ours));
    // mlflow 3.18 has no byte cap (its 1 MB check measures the parsed dict's key count). Deliberate
    // difference: past the largest batch MLflow's limits allow (29 MiB), we refuse before parsing.
    const padded = Buffer.from(`{"run_id":"${runIds.runlens}"${' '.repeat(31 * 1024 * 1024)}}`);
    const over = await send(runlens.url, 'POST', `${API}/runs/log-batch`, padded);
    assert.deepEqual([over.status, over.code], [400, 'INVALID_PARAMETER_VALUE'], show(over));
    assert.match(over.message ?? '', /at most \d+ bytes/u);
  });

  test('error messages quote client values bounded', async () => {
    const huge = 'x'.repeat(1_000_000);
    const replies = [
      await send(runlens.url, 'POST', `${API}/runs/log-metric`, JSON.stringify({ run_id: runIds.runlens, key: 'k', value: huge, timestamp: 1 })),
      await send(runlens.url, 'POST', `${API}/runs/log-metric`, JSON.stringify({ run_id: runIds.runlens, key: 'k', value: 1, timestamp: huge })),
      await send(runlens.url, 'POST', `${API}/experiments/search`, JSON.stringify({ view_type: huge })),
      await send(runlens.url, 'GET', `${API}/experiments/get-by-name?experiment_name=${huge.slice(0, 150_000)}`),
      await send(runlens.url, 'GET', `${API}/logged-models/${huge.slice(0, 150_000)}`),
      await send(runlens.url, 'POST', `${API}/runs/log-batch`, JSON.stringify({ run_id: runIds.runlens, metrics: [{ key: 'k', value: huge.slice(0, 900_000), timestamp: 1 }] })),
      await send(runlens.url, 'POST', `${API}/runs/set-tag`, JSON.stringify({ run_id: runIds.runlens, key: 'k', value: [huge] })),
    ];
    for (const reply of replies) {
      assert.ok(reply.status >= 400 && reply.status < 500, show(reply));
      assert.ok(reply.body.length < 2000, `an error of ${reply.body.length} characters: ${reply.body.slice(0, 300)}`);
    }
  });
});
