// The artifact proxy over real HTTP: streamed upload and download, the size limit, listing,
// deletion, multipart (501) and traversal sent as raw request lines. Wire behaviour is compared
// with MLflow's own handlers (Flask test client of the pinned mlflow in the venv).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { handleArtifactProxy, guessArtifactContentType, type ArtifactProxyOptions } from '../../src/server/artifacts/artifactProxy.ts';
import { listRunArtifacts } from '../../src/server/artifacts/runArtifacts.ts';
import { runPythonJson } from '../support/python.ts';

const PREFIX = '/api/2.0/mlflow-artifacts/';
const MiB = 1024 * 1024;

interface Proxy { port: number; close: () => Promise<void> }

function startProxy(options: ArtifactProxyOptions): Promise<Proxy> {
  const server = http.createServer((req, res) => {
    const rawPath = (req.url ?? '').split('?')[0];
    if (!rawPath.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    void handleArtifactProxy(req, res, rawPath.slice(PREFIX.length), options);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    }),
  })));
}

interface Reply { status: number; headers: Record<string, string>; body: Buffer }

/** Sends a request line exactly as written (no URL normalisation) over a plain socket. */
function rawRequest(port: number, method: string, target: string, body?: string | Buffer, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
    const head = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', `Content-Length: ${payload.length}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const lines = all.subarray(0, split).toString('latin1').split('\r\n');
      const status = Number(lines[0].split(' ')[1]);
      const parsed: Record<string, string> = {};
      for (const line of lines.slice(1)) parsed[line.slice(0, line.indexOf(':')).toLowerCase()] = line.slice(line.indexOf(':') + 1).trim();
      let rest = all.subarray(split + 4);
      if (parsed['transfer-encoding'] === 'chunked') rest = Buffer.from(rest.toString('latin1').replace(/(?:^|\r\n)[0-9a-f]+\r\n/gu, '').replace(/\r\n$/u, ''), 'latin1');
      resolve({ status, headers: parsed, body: rest });
    });
    // Not half-closed: the server closes after answering (Connection: close).
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
  });
}

function json(reply: Reply): Record<string, unknown> {
  return JSON.parse(reply.body.toString('utf8')) as Record<string, unknown>;
}

/** Uploads `chunks` MiB of random bytes with chunked encoding, calling `midway` after half. */
function streamedPut(port: number, target: string, chunks: number, midway?: () => Promise<void>): Promise<{ reply: Reply; sha: string }> {
  const hash = createHash('sha256');
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: target, headers: { 'Transfer-Encoding': 'chunked' } }, (res) => {
      const body: Buffer[] = [];
      res.on('data', (c: Buffer) => body.push(c));
      res.on('end', () => resolve({ reply: { status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(body) }, sha: hash.digest('hex') }));
    });
    req.on('error', reject);
    void (async () => {
      for (let i = 0; i < chunks; i++) {
        if (i === Math.floor(chunks / 2) && midway) await midway();
        const chunk = randomBytes(MiB);
        hash.update(chunk);
        if (!req.write(chunk)) await new Promise((done) => req.once('drain', done));
        if (req.destroyed) return;
      }
      req.end();
    })().catch(reject);
  });
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function tree(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return (fs.readdirSync(folder, { recursive: true, encoding: 'utf8' })).map((p) => p.split(path.sep).join('/')).sort();
}

let base: string;
let destination: string;
let sentinel: string;
let proxy: Proxy;
let small: Proxy;
let readOnly: Proxy;
const url = (sub: string): string => `${PREFIX}${sub}`;

before(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-proxy-'));
  destination = path.join(base, 'mlartifacts');
  sentinel = path.join(base, 'sentinel');
  fs.mkdirSync(sentinel);
  fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
  proxy = await startProxy({ destination, maxUploadBytes: 64 * MiB });
  small = await startProxy({ destination: path.join(base, 'small'), maxUploadBytes: MiB });
  readOnly = await startProxy({ destination, maxUploadBytes: MiB, readOnly: true });
});

after(async () => {
  await Promise.all([proxy.close(), small.close(), readOnly.close()]);
  fs.rmSync(base, { recursive: true, force: true });
});

describe('artifact proxy: upload and download', () => {
  test('a 20 MB upload is streamed to disk and downloads byte for byte', async () => {
    const folder = path.join(destination, '1', 'big', 'artifacts');
    let sawTempFile = false;
    const { reply, sha } = await streamedPut(proxy.port, url('artifacts/1/big/artifacts/weights.bin'), 20, async () => {
      // Half-way through, bytes are already on disk in a temp file: the body is not buffered.
      for (let i = 0; i < 100 && !sawTempFile; i++) {
        const temp = fs.existsSync(folder) ? fs.readdirSync(folder).find((f) => f.startsWith('.artifact.uploading.')) : undefined;
        sawTempFile = temp !== undefined && fs.statSync(path.join(folder, temp)).size >= 4 * MiB;
        if (!sawTempFile) await new Promise((done) => setTimeout(done, 20));
      }
    });
    assert.equal(reply.status, 200, reply.body.toString());
    assert.deepEqual(json(reply), {});
    assert.ok(sawTempFile, 'the upload was written to a temp file while streaming');
    assert.deepEqual(fs.readdirSync(folder), ['weights.bin'], 'no temp file remains');
    assert.equal(sha256File(path.join(folder, 'weights.bin')), sha);

    const download = await new Promise<{ status: number; length: string | undefined; type: string | undefined; sha: string }>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port: proxy.port, path: url('artifacts/1/big/artifacts/weights.bin') }, (res) => {
        const hash = createHash('sha256');
        res.on('data', (c: Buffer) => hash.update(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], type: res.headers['content-type'], sha: hash.digest('hex') }));
      }).on('error', reject);
    });
    assert.deepEqual(download, { status: 200, length: String(20 * MiB), type: 'application/octet-stream', sha });
  });

  test('an upload over the limit is refused and leaves no file behind', async () => {
    const { reply } = await streamedPut(small.port, url('artifacts/1/r/too-big.bin'), 3);
    assert.equal(reply.status, 400);
    assert.equal(json(reply).error_code, 'INVALID_PARAMETER_VALUE');
    assert.match(String(json(reply).message), /1\/r\/too-big\.bin.*larger than this server accepts \(1048576 bytes/u);
    const declared = await rawRequest(small.port, 'PUT', url('artifacts/1/r/declared.bin'), 'x', { 'Content-Length': String(3 * MiB) }).catch(() => undefined);
    if (declared) assert.equal(declared.status, 400);
    assert.deepEqual(tree(path.join(base, 'small')).filter((p) => !fs.statSync(path.join(base, 'small', p)).isDirectory()), []);
    const exact = await rawRequest(small.port, 'PUT', url('artifacts/1/r/exact.bin'), Buffer.alloc(MiB, 7));
    assert.equal(exact.status, 200, 'exactly the limit is accepted');
  });

  test('an upload the client abandons leaves no partial file', async () => {
    const folder = path.join(destination, '1', 'aborted');
    await new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: proxy.port, method: 'PUT', path: url('artifacts/1/aborted/model.bin'), headers: { 'Transfer-Encoding': 'chunked' } });
      req.on('error', () => resolve());
      req.write(randomBytes(2 * MiB), () => setTimeout(() => {
        req.destroy();
        resolve();
      }, 100));
    });
    for (let i = 0; i < 100 && tree(folder).length > 0; i++) await new Promise((done) => setTimeout(done, 20));
    assert.deepEqual(tree(folder), []);
  });

  test('downloads carry MLflow content types, length and attachment disposition', async () => {
    await rawRequest(proxy.port, 'PUT', url('artifacts/2/r/artifacts/plot.png'), 'png-bytes');
    const reply = await rawRequest(proxy.port, 'GET', url('artifacts/2/r/artifacts/plot.png'));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-type'], 'image/png');
    assert.equal(reply.headers['content-length'], '9');
    assert.match(reply.headers['content-disposition'], /^attachment; filename="?plot\.png"?$/u);
    assert.equal(reply.headers['x-content-type-options'], 'nosniff');
    assert.equal(reply.body.toString(), 'png-bytes');
  });

  test('a missing file is RESOURCE_DOES_NOT_EXIST 404; a folder is INVALID_PARAMETER_VALUE 400 as in MLflow', async () => {
    const missing = await rawRequest(proxy.port, 'GET', url('artifacts/2/r/artifacts/nope.txt'));
    assert.equal(missing.status, 404);
    assert.deepEqual(json(missing), { error_code: 'RESOURCE_DOES_NOT_EXIST', message: "No such artifact: '2/r/artifacts/nope.txt'" });
    const throughFile = await rawRequest(proxy.port, 'GET', url('artifacts/2/r/artifacts/plot.png/x'));
    assert.equal(throughFile.status, 404);
    const folder = await rawRequest(proxy.port, 'GET', url('artifacts/2/r/artifacts'));
    assert.equal(folder.status, 400);
    assert.equal(json(folder).error_code, 'INVALID_PARAMETER_VALUE');
  });

  test('multipart upload endpoints answer NOT_IMPLEMENTED 501', async () => {
    for (const action of ['create', 'complete', 'abort']) {
      const reply = await rawRequest(proxy.port, 'POST', url(`mpu/${action}/1/x.bin`), '{"path":"1/x.bin","num_parts":2}', { 'Content-Type': 'application/json' });
      assert.equal(reply.status, 501, action);
      assert.equal(json(reply).error_code, 'NOT_IMPLEMENTED');
    }
  });

  test('a read-only proxy refuses uploads and deletions but serves downloads', async () => {
    const put = await rawRequest(readOnly.port, 'PUT', url('artifacts/2/r/artifacts/new.txt'), 'x');
    assert.equal(put.status, 403);
    assert.equal(json(put).error_code, 'PERMISSION_DENIED');
    const del = await rawRequest(readOnly.port, 'DELETE', url('artifacts/2/r/artifacts/plot.png'));
    assert.equal(del.status, 403);
    assert.equal((await rawRequest(readOnly.port, 'GET', url('artifacts/2/r/artifacts/plot.png'))).status, 200);
    assert.equal(fs.existsSync(path.join(destination, '2', 'r', 'artifacts', 'new.txt')), false);
  });

  test('content types follow MLflow\'s _guess_mime_type', async () => {
    const names = ['a.txt', 'a.json', 'a.JSON', 'a.csv', 'a.CSV', 'a.yaml', 'a.log', 'a.md', 'a.ipynb', 'MLmodel', 'MLproject', 'x.MLmodel',
      'a.png', 'a.PNG', 'a.jpg', 'a.jpeg', 'a.gif', 'a.svg', 'a.html', 'a.htm', 'a.pdf', 'a.zip', 'a.tar', 'a.tar.gz', 'a.tgz', 'a.gz',
      'a.csv.gz', 'a.pkl', 'a.npy', 'a.bin', 'noext', '.hidden', 'a.mp4', 'a.mp3', 'a.css'];
    const script = path.join(base, 'mime.py');
    fs.writeFileSync(script, 'import json, sys\nfrom mlflow.utils.mime_type_utils import _guess_mime_type\nprint(json.dumps({n: _guess_mime_type(n) for n in sys.argv[1:]}))\n');
    const expected = await runPythonJson<Record<string, string>>(script, names);
    assert.deepEqual(Object.fromEntries(names.map((n) => [n, guessArtifactContentType(n)])), expected);
  });
});

describe('artifact proxy: traversal over real HTTP', () => {
  test('raw traversal request lines are refused and nothing lands outside the destination', async () => {
    fs.mkdirSync(path.join(destination, '3'), { recursive: true });
    fs.symlinkSync(sentinel, path.join(destination, '3', 'escape-link'));
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(destination, '3', 'escape-file'));
    const before = fs.readdirSync(base).sort();
    const attempts = ['../escape.txt', '../../escape.txt', '3/../../escape.txt', '..%2fescape.txt', '..%2F..%2Fescape.txt', '%2e%2e/escape.txt',
      '%2e%2e%2fescape.txt', '%252e%252e%252fescape.txt', '..%252f..%252fescape.txt', '....//escape.txt', '..\\escape.txt', '..%5cescape.txt',
      '/etc/passwd', '%2fetc%2fpasswd', '//etc/passwd', 'C:%5Cescape.txt', 'C:/escape.txt', 'a%00.txt', '%c0%ae%c0%ae/escape.txt',
      '3/escape-link/pwned.txt', '3/escape-file', 'a%23frag', 'a%3fq', 'file:%2F%2F%2Fetc%2Fpasswd'];
    for (const attempt of attempts) {
      // Deleting a link that points outside removes the link itself; checked below.
      for (const method of attempt === '3/escape-file' ? ['PUT', 'GET'] : ['PUT', 'GET', 'DELETE']) {
        const reply = await rawRequest(proxy.port, method, url(`artifacts/${attempt}`), method === 'PUT' ? 'pwned' : undefined);
        assert.equal(reply.status, 400, `${method} ${attempt}: ${reply.status} ${reply.body.toString()}`);
        assert.equal(json(reply).error_code, 'INVALID_PARAMETER_VALUE');
      }
      const listed = await rawRequest(proxy.port, 'GET', `${url('artifacts')}?path=${attempt.replace(/#/gu, '%23')}`);
      assert.equal(listed.status, 400, `list ${attempt}: ${listed.body.toString()}`);
    }
    assert.deepEqual(fs.readdirSync(sentinel), [], 'the sentinel folder stays empty');
    assert.deepEqual(fs.readdirSync(base).sort(), before);
    assert.equal(fs.readFileSync(path.join(base, 'secret.txt'), 'utf8'), 'secret');
    const listing = json(await rawRequest(proxy.port, 'GET', `${url('artifacts')}?path=3`));
    assert.deepEqual(listing, {}, 'links that lead outside are not listed');
    for (const link of ['escape-link', 'escape-file']) {
      const unlink = await rawRequest(proxy.port, 'DELETE', url(`artifacts/3/${link}`));
      assert.equal(unlink.status, 200, 'deleting a link removes the link, not its target');
      assert.equal(fs.existsSync(path.join(destination, '3', link)), false);
    }
    assert.deepEqual(fs.readdirSync(base).sort(), before);
    assert.equal(fs.readFileSync(path.join(base, 'secret.txt'), 'utf8'), 'secret');
  });

  test('deleting a folder removes the links inside it, never what they point at', async () => {
    const tree5 = path.join(destination, '5', 'tree', 'deep');
    fs.mkdirSync(tree5, { recursive: true });
    fs.writeFileSync(path.join(tree5, 'own.txt'), 'own');
    fs.writeFileSync(path.join(sentinel, 'keep.txt'), 'keep');
    fs.symlinkSync(sentinel, path.join(tree5, 'to-sentinel'));
    fs.symlinkSync(path.join(base, 'secret.txt'), path.join(destination, '5', 'tree', 'to-secret'));
    const reply = await rawRequest(proxy.port, 'DELETE', url('artifacts/5/tree'));
    assert.equal(reply.status, 200, reply.body.toString());
    assert.equal(fs.existsSync(path.join(destination, '5', 'tree')), false);
    assert.deepEqual(fs.readdirSync(sentinel), ['keep.txt']);
    assert.equal(fs.readFileSync(path.join(base, 'secret.txt'), 'utf8'), 'secret');
    fs.rmSync(path.join(sentinel, 'keep.txt'));
  });

  test('a FIFO or a socket is refused at once (opened without blocking), not waited on', { skip: process.platform === 'win32' }, async () => {
    fs.mkdirSync(path.join(destination, '6'), { recursive: true });
    execFileSync('mkfifo', [path.join(destination, '6', 'pipe')]);
    const socketServer = net.createServer();
    await new Promise<void>((done) => socketServer.listen(path.join(destination, '6', 'sock'), done));
    try {
      for (const name of ['pipe', 'sock']) {
        for (const method of ['GET', 'HEAD']) {
          const reply = await rawRequest(proxy.port, method, url(`artifacts/6/${name}`));
          assert.equal(reply.status, 400, `${method} ${name}: ${reply.body.toString()}`);
        }
      }
      const listed = json(await rawRequest(proxy.port, 'GET', `${url('artifacts')}?path=6`));
      assert.deepEqual(listed, { files: [{ path: 'pipe', is_dir: false }, { path: 'sock', is_dir: false }] }, 'listed without being opened');
    } finally {
      await new Promise((done) => socketServer.close(done));
    }
  });

  test('uploads go through links that stay inside the destination and never through one that leaves it', async () => {
    fs.mkdirSync(path.join(destination, '7', 'real'), { recursive: true });
    fs.symlinkSync(path.join(destination, '7', 'real'), path.join(destination, '7', 'inner'));
    fs.symlinkSync(sentinel, path.join(destination, '7', 'outer'));
    const inner = await rawRequest(proxy.port, 'PUT', url('artifacts/7/inner/new/a.txt'), 'through the inner link');
    assert.equal(inner.status, 200, inner.body.toString());
    assert.equal(fs.readFileSync(path.join(destination, '7', 'real', 'new', 'a.txt'), 'utf8'), 'through the inner link');
    const outer = await rawRequest(proxy.port, 'PUT', url('artifacts/7/outer/new/a.txt'), 'pwned');
    assert.equal(outer.status, 400, outer.body.toString());
    assert.deepEqual(fs.readdirSync(sentinel), []);
  });

  test('a double-encoded name is decoded once and kept literally when harmless', async () => {
    const reply = await rawRequest(proxy.port, 'PUT', url('artifacts/4/100%2525%20done.txt'), 'ok');
    assert.equal(reply.status, 200);
    assert.deepEqual(fs.readdirSync(path.join(destination, '4')), ['100%25 done.txt']);
  });
});

// The same request sequence against MLflow's Flask handlers and our proxy.
const SEQUENCE: [string, string, string?][] = [
  ['PUT', 'artifacts/1/r/artifacts/a.txt', 'hello'],
  ['PUT', 'artifacts/1/r/artifacts/empty.txt', ''],
  ['PUT', 'artifacts/1/r/artifacts/model/MLmodel', 'flavors: {}'],
  ['PUT', 'artifacts/1/r/artifacts/model/data/x.csv', 'a,b'],
  ['PUT', 'artifacts/1/r/artifacts/img.png', 'png'],
  ['PUT', 'artifacts/1/r/artifacts/model%2Fencoded.json', '{}'],
  ['PUT', 'artifacts/1/r/artifacts/Zed.txt', 'z'],
  ['GET', 'artifacts?path=1/r/artifacts'],
  ['GET', 'artifacts?path=1/r/artifacts/model'],
  ['GET', 'artifacts?path=1/r/artifacts/model/'],
  ['GET', 'artifacts?path=1/nothere'],
  ['GET', 'artifacts?path=1/r/artifacts/a.txt'],
  ['GET', 'artifacts'],
  ['GET', 'artifacts?path='],
  ['GET', 'artifacts/1/r/artifacts/a.txt'],
  ['GET', 'artifacts/1/r/artifacts/model/MLmodel'],
  ['GET', 'artifacts/1/r/artifacts/img.png'],
  ['GET', 'artifacts/1/r/artifacts/empty.txt'],
  ['GET', 'artifacts/1/r/artifacts/model'],
  ['GET', 'artifacts/1/r/artifacts/missing.txt'],
  ['DELETE', 'artifacts/1/r/artifacts/img.png'],
  ['DELETE', 'artifacts/1/r/artifacts/nothing'],
  ['GET', 'artifacts?path=1/r/artifacts'],
  ['DELETE', 'artifacts/1/r/artifacts/model/data'],
  ['GET', 'artifacts?path=1/r/artifacts/model'],
  ['PUT', 'artifacts/1/.artifact.uploading.x', 'x'],
  ['PUT', 'artifacts/..%2fx', 'x'],
  ['PUT', 'artifacts/1/%252e%252e%252fx', 'x'],
  ['GET', 'artifacts?path=../'],
  ['GET', 'artifacts?path=/etc'],
  ['GET', 'artifacts/%2e%2e/secret.txt'],
  ['POST', 'mpu/create/1/x', '{"path": "1/x", "num_parts": 1}'],
  ['POST', 'mpu/complete/1/x', '{"path": "1/x", "upload_id": "u", "parts": []}'],
  ['POST', 'mpu/abort/1/x', '{"path": "1/x", "upload_id": "u"}'],
];

const MLFLOW_SCRIPT = `
import json, os, sys
work = sys.argv[1]
os.environ["_MLFLOW_SERVER_FILE_STORE"] = f"sqlite:///{work}/mlflow.db"
os.environ["_MLFLOW_SERVER_ARTIFACT_ROOT"] = "mlflow-artifacts:/"
os.environ["_MLFLOW_SERVER_ARTIFACT_DESTINATION"] = f"{work}/mlartifacts"
os.environ["_MLFLOW_SERVER_SERVE_ARTIFACTS"] = "true"
from mlflow.server import app
client = app.test_client()
sequence = json.load(open(sys.argv[2]))

def shape(reply, method):
    out = {"status": reply.status_code}
    body = reply.get_data()
    if reply.mimetype == "application/json":
        data = json.loads(body) if body else {}
        out["json"] = {"error_code": data["error_code"]} if "error_code" in data else data
    elif method == "GET":
        out["type"] = reply.headers["Content-Type"]
        out["text"] = body.decode()
    return out

proxy = []
for method, sub, *body in sequence:
    headers = {"Content-Type": "application/json"} if method == "POST" else {}
    reply = client.open("/api/2.0/mlflow-artifacts/" + sub, method=method, data=(body[0].encode() if body else None), headers=headers)
    proxy.append(shape(reply, method))
dest = f"{work}/mlartifacts"
tree = sorted(os.path.relpath(os.path.join(d, n), dest) for d, dirs, files in os.walk(dest) for n in dirs + files)

# Tracking API artifacts/list for a proxied run and for runs with local roots.
runs = {}
for kind, location in [("proxied", None), ("local", f"{work}/local-root"), ("file", f"file://{work}/file-root")]:
    created = client.post("/api/2.0/mlflow/experiments/create", json={"name": kind, **({"artifact_location": location} if location else {})}).json
    run = client.post("/api/2.0/mlflow/runs/create", json={"experiment_id": created["experiment_id"]}).json["run"]["info"]
    runs[kind] = run["artifact_uri"]
    if kind == "proxied":
        root = run["artifact_uri"].split(":", 1)[1].lstrip("/")
        for rel, data in [("sub/deep/f.txt", b"abc"), ("top.json", b"{}"), ("empty.txt", b""), ("sub/Upper.txt", b"u")]:
            client.put(f"/api/2.0/mlflow-artifacts/artifacts/{root}/{rel}", data=data)
    else:
        folder = location.replace("file://", "")
        for rel, data in [("sub/deep/f.txt", b"abc"), ("top.json", b"{}"), ("empty.txt", b""), ("sub/Upper.txt", b"u")]:
            os.makedirs(os.path.dirname(os.path.join(folder, rel)), exist_ok=True)
            open(os.path.join(folder, rel), "wb").write(data)
lists = {}
for kind, uri in runs.items():
    run_id = uri.rstrip("/").split("/")[-2]
    for rel in [None, "sub", "sub/", "sub/deep", "./sub", "sub//deep", "nothere", "top.json", "../x"]:
        query = {"run_id": run_id, **({"path": rel} if rel is not None else {})}
        reply = client.get("/api/2.0/mlflow/artifacts/list", query_string=query)
        data = reply.get_json()
        lists[f"{kind} {rel}"] = {"status": reply.status_code, "json": {"error_code": data["error_code"]} if "error_code" in data else data}
print(json.dumps({"proxy": proxy, "tree": tree, "runs": runs, "lists": lists}))
`;

interface MlflowReport {
  proxy: { status: number; json?: Record<string, unknown>; type?: string; text?: string }[];
  tree: string[];
  runs: Record<string, string>;
  lists: Record<string, { status: number; json: Record<string, unknown> }>;
}

describe('artifact proxy and artifacts/list against MLflow', () => {
  let work: string;
  let report: MlflowReport;
  let ours: Proxy;

  before(async () => {
    work = path.join(base, 'mlflow');
    fs.mkdirSync(work);
    const script = path.join(base, 'mlflow_artifacts.py');
    fs.writeFileSync(script, MLFLOW_SCRIPT);
    const sequence = path.join(base, 'sequence.json');
    fs.writeFileSync(sequence, JSON.stringify(SEQUENCE));
    report = await runPythonJson<MlflowReport>(script, [work, sequence]);
    ours = await startProxy({ destination: path.join(base, 'ours'), maxUploadBytes: MiB });
  });

  after(() => ours.close());

  test('every proxy request answers with MLflow\'s status and body', async () => {
    assert.equal(report.proxy.length, SEQUENCE.length);
    for (const [i, [method, sub, body]] of SEQUENCE.entries()) {
      const reply = await rawRequest(ours.port, method, url(sub), body, method === 'POST' ? { 'Content-Type': 'application/json' } : {});
      const expected = report.proxy[i];
      const isJson = (reply.headers['content-type'] ?? '').startsWith('application/json');
      const data = isJson ? json(reply) : undefined;
      const actual: MlflowReport['proxy'][number] = { status: reply.status };
      if (data) actual.json = 'error_code' in data ? { error_code: data.error_code } : data;
      else if (method === 'GET') Object.assign(actual, { type: reply.headers['content-type'], text: reply.body.toString() });
      assert.deepEqual(actual, expected, `${method} ${sub}`);
    }
    assert.deepEqual(tree(path.join(base, 'ours')), report.tree, 'the same files end up on disk');
  });

  test('listRunArtifacts answers like the tracking API artifacts/list', async () => {
    for (const [key, expected] of Object.entries(report.lists)) {
      const [kind, rel] = key.split(' ');
      const relPath = rel === 'None' ? undefined : rel;
      const actual = await listRunArtifacts(report.runs[kind], relPath, path.join(work, 'mlartifacts')).then(
        (body) => ({ status: 200, json: body as unknown as Record<string, unknown> }),
        (error: { code: string; httpStatus: number }) => ({ status: error.httpStatus, json: { error_code: error.code } }),
      );
      assert.deepEqual(actual, expected, key);
    }
  });
});
