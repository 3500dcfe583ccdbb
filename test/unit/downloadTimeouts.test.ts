// Timeouts on streamed answers: a download that keeps trickling in outlives the client's timeout,
// one that stalls fails with DEADLINE_EXCEEDED and leaves no partial file behind.
import { serveOnLoopback, type LoopbackServer } from '../support/loopbackServer.ts';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import { HttpArtifactRepository } from '../../src/store/artifacts/httpArtifactRepository.ts';
import { ProxyArtifactRepository } from '../../src/store/artifacts/proxyArtifactRepository.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';

const TIMEOUT_MS = 300;
const CHUNK = Buffer.alloc(4096, 'x');
const TRICKLE_CHUNKS = 16;
const TRICKLE_GAP_MS = 80; // well under the timeout, while the whole body takes ~4x the timeout

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the test server does for each path. */
async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '';
  if (url.includes('trickle')) {
    const json = url.startsWith('/api/2.0/mlflow/experiments/get');
    res.writeHead(200, { 'Content-Type': json ? 'application/json' : 'application/octet-stream' });
    if (json) res.write('{"experiment": {"experiment_id": "1", "tags": [');
    for (let i = 0; i < TRICKLE_CHUNKS; i++) {
      if (res.destroyed) return;
      res.write(json ? `${i ? ',' : ''}{"key": "k${i}", "value": "v"}` : CHUNK);
      await sleep(TRICKLE_GAP_MS);
    }
    res.end(json ? ']}}' : undefined);
  } else if (url.includes('stall')) {
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(CHUNK.length * 10) });
    res.write(CHUNK); // then nothing more, the connection held open
  } else if (url.includes('silent')) {
    // Never answers at all.
  } else {
    res.writeHead(404).end();
  }
}


async function failure(promise: Promise<unknown>): Promise<MlflowError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof MlflowError, String(error));
    return error;
  }
  assert.fail('expected a rejection');
}

describe('download timeouts are idle timeouts', () => {
  let server: LoopbackServer;
  let tempRoot: string;
  const clients = () => [
    { name: 'fetch', client: new RestClient({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, maxRetries: 0 }) },
    { name: 'insecure-TLS fetch', client: new RestClient({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, maxRetries: 0, insecureTls: true }) },
  ];

  before(async () => {
    server = await serveOnLoopback((req, res) => void answer(req, res));
    tempRoot = mkdtempSync(path.join(os.tmpdir(), 'runlens-download-timeouts-'));
  });
  after(async () => {
    await server.close();
    rmSync(tempRoot, { recursive: true, force: true });
  });

  test('a download that keeps flowing outlives the timeout', async () => {
    for (const { name, client } of clients()) {
      const repository = new HttpArtifactRepository(`${server.url}/files`, client, { tempRoot });
      const started = Date.now();
      const file = await repository.download('trickle.bin');
      const elapsed = Date.now() - started;
      assert.ok(elapsed > 2 * TIMEOUT_MS, `${name}: the body took ${elapsed} ms, longer than the ${TIMEOUT_MS} ms timeout`);
      assert.equal(readFileSync(file).length, CHUNK.length * TRICKLE_CHUNKS, name);
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  test('a JSON answer that keeps flowing outlives the timeout too', async () => {
    for (const { name, client } of clients()) {
      const reply = await client.call<{ experiment: { tags: unknown[] } }>('getExperiment', { experiment_id: 'trickle' });
      assert.equal(reply.experiment.tags.length, TRICKLE_CHUNKS, name);
    }
  });

  test('a stalled download fails with DEADLINE_EXCEEDED and deletes the partial file', async () => {
    for (const { name, client } of clients()) {
      for (const repository of [
        new HttpArtifactRepository(`${server.url}/files`, client, { tempRoot }),
        new ProxyArtifactRepository('mlflow-artifacts:/files', client, { tempRoot }),
      ]) {
        const seen: number[] = [];
        const started = Date.now();
        const error = await failure(repository.download('stall.bin', { onProgress: (bytes) => seen.push(bytes) }));
        const elapsed = Date.now() - started;
        assert.equal(error.code, 'DEADLINE_EXCEEDED', `${name}: ${error.message}`);
        assert.match(error.message, new RegExp(`stalled: no data for ${TIMEOUT_MS} ms`, 'u'));
        assert.ok(seen.includes(CHUNK.length), `${name}: the first bytes arrived before the stall`);
        assert.ok(elapsed < TIMEOUT_MS + 2000, `${name}: failed ${elapsed} ms after starting`);
        assert.deepEqual(readdirSync(tempRoot), [], `${name}: no partial download is left in the temp root`);
      }
    }
  });

  test('a stalled small read fails the same way', async () => {
    const client = new RestClient({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, maxRetries: 0 });
    const error = await failure(new HttpArtifactRepository(`${server.url}/files`, client).read('stall.json'));
    assert.equal(error.code, 'DEADLINE_EXCEEDED', error.message);
  });

  test('a server that never answers fails after the timeout', async () => {
    const client = new RestClient({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, maxRetries: 0 });
    const started = Date.now();
    const error = await failure(new HttpArtifactRepository(`${server.url}/files`, client, { tempRoot }).download('silent.bin'));
    assert.equal(error.code, 'DEADLINE_EXCEEDED', error.message);
    assert.match(error.message, new RegExp(`No answer from .* within ${TIMEOUT_MS} ms`, 'u'));
    assert.ok(Date.now() - started < TIMEOUT_MS + 2000);
    assert.deepEqual(readdirSync(tempRoot), []);
  });

  test('cancelling a flowing download is a cancellation, not a timeout', async () => {
    const client = new RestClient({ baseUrl: server.url, timeoutMs: TIMEOUT_MS, maxRetries: 0 });
    const controller = new AbortController();
    const pending = new HttpArtifactRepository(`${server.url}/files`, client, { tempRoot }).download('trickle.bin', {
      signal: controller.signal,
      onProgress: (bytes) => bytes >= CHUNK.length * 3 && controller.abort(),
    });
    assert.equal((await failure(pending)).code, 'CANCELLED');
    assert.deepEqual(readdirSync(tempRoot), []);
  });
});
