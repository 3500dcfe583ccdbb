// Listing a large folder through a tracking server's artifact proxy. MLflow's proxy list endpoint
// has no paging (checked here against the pinned mlflow: a page size or token is ignored and the
// whole folder comes back at once), so ProxyArtifactRepository cuts pages itself.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import { PROXY_PAGE_SIZE, ProxyArtifactRepository } from '../../src/store/artifacts/proxyArtifactRepository.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { runPythonJson } from '../support/python.ts';

const FILES = 2 * PROXY_PAGE_SIZE + 345;

// Fills one proxied folder and lists it with MLflow's own server app (Flask test client).
const MLFLOW_SCRIPT = `
import json, os, sys
work, count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.environ["_MLFLOW_SERVER_FILE_STORE"] = f"sqlite:///{work}/mlflow.db"
os.environ["_MLFLOW_SERVER_ARTIFACT_ROOT"] = "mlflow-artifacts:/"
os.environ["_MLFLOW_SERVER_ARTIFACT_DESTINATION"] = f"{work}/mlartifacts"
os.environ["_MLFLOW_SERVER_SERVE_ARTIFACTS"] = "true"
folder = f"{work}/mlartifacts/big"
os.makedirs(f"{folder}/sub")
for i in range(count):
    with open(f"{folder}/f{i:05d}.txt", "w") as f:
        f.write("x" * (i % 7))
from mlflow.server import app
client = app.test_client()
route = "/api/2.0/mlflow-artifacts/artifacts"
plain = client.get(route, query_string={"path": "big"})
paged = client.get(route, query_string={"path": "big", "max_results": "10", "page_token": "eyJvZmZzZXQiOiAxMH0="})
with open(out, "wb") as f:
    f.write(plain.get_data())
body = plain.get_json()
print(json.dumps({
    "status": plain.status_code,
    "entries": len(body.get("files", [])),
    "keys": sorted(body.keys()),
    "paged_status": paged.status_code,
    "paged_entries": len((paged.get_json() or {}).get("files", [])),
}))
`;

interface MlflowListing { status: number; entries: number; keys: string[]; paged_status: number; paged_entries: number }

describe('ProxyArtifactRepository pages large folders', () => {
  let work: string;
  let mlflow: MlflowListing;
  let server: http.Server;
  let baseUrl: string;
  let requests = 0;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'runlens-proxy-paging-'));
    const script = path.join(work, 'list_big_folder.py');
    writeFileSync(script, MLFLOW_SCRIPT);
    const reply = path.join(work, 'reply.json');
    mlflow = await runPythonJson<MlflowListing>(script, [work, String(FILES), reply]);
    // Our client is pointed at a server answering exactly what MLflow answered.
    const body = readFileSync(reply);
    server = http.createServer((req, res) => {
      requests++;
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/api/2.0/mlflow-artifacts/artifacts' && url.searchParams.get('path') === 'big') res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
      else res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  test('MLflow 3.18.0 answers the whole folder at once and has no page token', () => {
    assert.equal(mlflow.status, 200);
    assert.equal(mlflow.entries, FILES + 1, 'every file and the subfolder in one answer');
    assert.deepEqual(mlflow.keys, ['files'], 'no next_page_token');
    assert.equal(mlflow.paged_status, 200);
    assert.equal(mlflow.paged_entries, FILES + 1, 'max_results and page_token are ignored');
  });

  test('pages of at most PROXY_PAGE_SIZE entries, in order, covering the folder once', async () => {
    const repository = new ProxyArtifactRepository('mlflow-artifacts:/big', new RestClient({ baseUrl, maxRetries: 0 }));
    const seen: string[] = [];
    const sizes: number[] = [];
    let pageToken: string | undefined;
    requests = 0;
    do {
      const page = await repository.list('', pageToken);
      sizes.push(page.items.length);
      seen.push(...page.items.map((entry) => entry.path));
      pageToken = page.nextPageToken;
    } while (pageToken);
    assert.deepEqual(sizes, [PROXY_PAGE_SIZE, PROXY_PAGE_SIZE, FILES + 1 - 2 * PROXY_PAGE_SIZE]);
    assert.equal(new Set(seen).size, FILES + 1);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(seen.at(-1), 'sub');
    assert.equal(requests, sizes.length, 'one request per page');
  });

  test('a small folder is one page without a token, and a bad token is refused', async () => {
    const repository = new ProxyArtifactRepository('mlflow-artifacts:/', new RestClient({ baseUrl, maxRetries: 0 }));
    assert.deepEqual(await repository.list('elsewhere'), { items: [] });
    await assert.rejects(repository.list('big', 'not a token'), (error: unknown) => error instanceof MlflowError && error.code === 'INVALID_PARAMETER_VALUE');
  });
});
