// Serve Model's pure parts: the command line and environment, the port checks, the endpoint wait
// against a real loopback HTTP server, the last-lines tail, and the registry of running servers.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { describe, test } from 'node:test';
import type { ProcessEnd } from '../../src/vscode/launch/trackedProcess.ts';
import { waitForEndpoint } from '../../src/vscode/models/serve/endpointProbe.ts';
import { freeLoopbackPort, loopbackPortTaken } from '../../src/vscode/models/serve/loopbackPort.ts';
import { OutputTail } from '../../src/vscode/models/serve/outputTail.ts';
import { ServedModels, servingContextValue, servingDescription, type ServedModel } from '../../src/vscode/models/serve/servedModels.ts';
import { crashMessage, curlCommand, endpointUrl, needsTrackingServer, portProblem, serveCommandLine, servingEnvironment } from '../../src/vscode/models/serve/serveCommandLine.ts';

function listen(handler: http.RequestListener): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port }));
  });
}

const never = new Promise<never>(() => undefined);

describe('serve command line', () => {
  test('serves the version URI on loopback with the local environment manager', () => {
    assert.equal(serveCommandLine('/venv/bin/python', 'iris-model', '3', 5001, 'linux'), '/venv/bin/python -m mlflow models serve -m models:/iris-model/3 --env-manager local -p 5001 -h 127.0.0.1');
  });

  test('a name the shell would split or expand reaches mlflow as one argument', () => {
    const line = serveCommandLine('/opt/my python/bin/python3', "team's $model", '1', 5001, 'linux');
    const echoed = execFileSync('sh', ['-c', line.replace(/^'[^']*'|^\S+/u, 'printf "%s\\n"')], { encoding: 'utf8' });
    assert.deepEqual(echoed.trim().split('\n'), ['-m', 'mlflow', 'models', 'serve', '-m', "models:/team's $model/1", '--env-manager', 'local', '-p', '5001', '-h', '127.0.0.1']);
    assert.ok(line.startsWith("'/opt/my python/bin/python3' "), line);
  });

  test('the environment points tracking and registry at the store, with credentials, and puts the interpreter first on PATH', () => {
    const python = path.join(path.sep, 'venv', 'bin', 'python');
    const env = servingEnvironment({ trackingUri: 'https://mlflow.example', credentials: { username: 'ana', password: 'pw' }, insecureTls: true, cloudEnv: { AWS_PROFILE: 'team', AWS_SESSION_TOKEN: undefined } }, python, { PATH: '/usr/bin' });
    assert.equal(env.MLFLOW_TRACKING_URI, 'https://mlflow.example');
    assert.equal(env.MLFLOW_REGISTRY_URI, 'https://mlflow.example');
    assert.equal(env.MLFLOW_TRACKING_USERNAME, 'ana');
    assert.equal(env.MLFLOW_TRACKING_PASSWORD, 'pw');
    assert.equal(env.MLFLOW_TRACKING_INSECURE_TLS, 'true');
    assert.equal(env.AWS_PROFILE, 'team');
    assert.ok('AWS_SESSION_TOKEN' in env && env.AWS_SESSION_TOKEN === undefined, 'a variable RunLens removes stays removed');
    assert.equal(env.PATH, `${path.dirname(python)}${path.delimiter}/usr/bin`);
    // No run of a launch: the server must not resume or create one.
    assert.equal(env.MLFLOW_RUN_ID, undefined);
  });

  test('a bare interpreter name leaves PATH alone; Windows keeps its spelling of Path', () => {
    assert.equal(servingEnvironment({ trackingUri: 'sqlite:////w/mlflow.db' }, 'python3', { PATH: '/usr/bin' }).PATH, undefined);
    const env = servingEnvironment({ trackingUri: 'sqlite:////w/mlflow.db' }, path.resolve('venv', 'python'), { Path: 'C:\\Windows' });
    assert.equal(env.Path, `${path.resolve('venv')}${path.delimiter}C:\\Windows`);
    assert.equal(env.PATH, undefined);
  });

  test('only files behind a server\'s artifact proxy need a tracking server to resolve', () => {
    assert.equal(needsTrackingServer('mlflow-artifacts:/1/abc/artifacts/model'), true);
    assert.equal(needsTrackingServer('MLFLOW-ARTIFACTS:/x'), true);
    for (const uri of ['/w/mlruns/1/abc/artifacts/model', 'file:///w/mlruns/1/m-1/artifacts', 's3://bucket/1/model', 'models:/m-123', '']) assert.equal(needsTrackingServer(uri), false, uri);
  });

  test('ports are checked as typed; the copied request posts JSON to /invocations', () => {
    assert.equal(portProblem('5001'), undefined);
    assert.equal(portProblem(' 8080 '), undefined);
    assert.match(portProblem('') ?? '', /port number/u);
    assert.match(portProblem('50a') ?? '', /port number/u);
    assert.match(portProblem('0') ?? '', /between/u);
    assert.match(portProblem('70000') ?? '', /between/u);
    assert.equal(endpointUrl(5001), 'http://127.0.0.1:5001');
    const curl = curlCommand('http://127.0.0.1:5001');
    assert.match(curl, /^curl -X POST http:\/\/127\.0\.0\.1:5001\/invocations -H 'Content-Type: application\/json' -d '(.*)'$/u);
    assert.ok(JSON.parse(/-d '(.*)'$/u.exec(curl)![1]).inputs, 'the body is JSON with inputs');
  });
});

describe('a crashed server', () => {
  test('is reported with how it ended and its last lines', () => {
    const lines = ['Traceback (most recent call last):', '  File "x.py", line 1', 'mlflow.exceptions.MlflowException: Model not found'];
    assert.equal(crashMessage('iris-model', '1', { code: 1, signal: null, stopped: false }, lines), 'Serving iris-model version 1 ended (exit code 1): Traceback (most recent call last): | File "x.py", line 1 | mlflow.exceptions.MlflowException: Model not found');
    assert.equal(crashMessage('m', '2', { code: null, signal: 'SIGKILL', stopped: false }, []), 'Serving m version 2 ended (signal SIGKILL).');
    const long = crashMessage('m', '2', { code: 1, signal: null, stopped: false }, ['x'.repeat(2000) + 'END']);
    assert.ok(long.length < 700 && long.endsWith('END'), 'a long line keeps its end, where the error is');
  });
});

describe('loopback ports', () => {
  test('a free port is free; a listening one is taken', async () => {
    const port = await freeLoopbackPort();
    assert.equal(await loopbackPortTaken(port), false);
    const { server, port: busy } = await listen((_request, response) => response.end());
    try {
      assert.equal(await loopbackPortTaken(busy), true);
    } finally {
      server.close();
    }
  });
});

describe('waiting for the endpoint', () => {
  test('ready once /ping answers 200, after earlier refusals', async () => {
    let pings = 0;
    const { server, port } = await listen((request, response) => {
      if (request.url === '/ping') pings++;
      response.statusCode = request.url === '/ping' && pings >= 3 ? 200 : 503;
      response.end('\n');
    });
    try {
      assert.equal(await waitForEndpoint(endpointUrl(port), { ended: never, timeoutMs: 10_000, intervalMs: 20 }), 'ready');
      assert.equal(pings, 3);
    } finally {
      server.close();
    }
  });

  test('a process that ends stops the wait at once', async () => {
    const port = await freeLoopbackPort();
    const started = Date.now();
    const ended = new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(await waitForEndpoint(endpointUrl(port), { ended, timeoutMs: 30_000, intervalMs: 5000 }), 'ended');
    assert.ok(Date.now() - started < 3000, 'did not sit out the pause');
  });

  test('bounded, and cancellable mid-pause', async () => {
    const port = await freeLoopbackPort();
    assert.equal(await waitForEndpoint(endpointUrl(port), { ended: never, timeoutMs: 200, intervalMs: 50 }), 'timeout');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    assert.equal(await waitForEndpoint(endpointUrl(port), { ended: never, signal: controller.signal, timeoutMs: 30_000, intervalMs: 5000 }), 'cancelled');
    assert.ok(Date.now() - started < 3000, 'did not sit out the pause');
  });
});

describe('output tail', () => {
  test('keeps the last lines across chunk boundaries, without colours or blanks', () => {
    const tail = new OutputTail(3);
    tail.push('one\ntw');
    tail.push('o\r\n\u001b[31mthree\u001b[0m\n\nfour\nfi');
    assert.deepEqual(tail.last(10), ['three', 'four', 'fi']);
    assert.deepEqual(tail.last(2), ['four', 'fi']);
  });
});

describe('served models', () => {
  function fakeServer(name: string, version: string, port: number): { served: ServedModel; end: () => void } {
    let end: () => void = () => undefined;
    const ended = new Promise<ProcessEnd>((resolve) => (end = () => resolve({ code: 0, signal: null, stopped: true })));
    return { served: { name, version, port, url: endpointUrl(port), pid: 42, ended, stop: () => ended, reveal: () => undefined }, end };
  }

  test('a server is listed until its process ends; listeners hear both', async () => {
    const registry = new ServedModels();
    let changes = 0;
    registry.onDidChange(() => changes++);
    const first = fakeServer('iris-model', '1', 5001);
    registry.add(first.served);
    assert.equal(registry.portOf('iris-model', '1'), 5001);
    assert.equal(registry.portOf('iris-model', '2'), undefined);
    assert.equal(changes, 1);
    first.end();
    await first.served.ended;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(registry.get('iris-model', '1'), undefined);
    assert.deepEqual(registry.list(), []);
    assert.equal(changes, 2);
  });

  test('the end of a replaced server does not remove its successor', async () => {
    const registry = new ServedModels();
    const old = fakeServer('m', '1', 5001);
    const successor = fakeServer('m', '1', 5002);
    registry.add(old.served);
    registry.add(successor.served);
    old.end();
    await old.served.ended;
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(registry.portOf('m', '1'), 5002);
  });

  test('a serving row says so in its context value and description', () => {
    assert.equal(servingContextValue('modelVersion.production', 5001), 'modelVersion.production.serving');
    assert.equal(servingContextValue('modelVersion.none', undefined), 'modelVersion.none');
    assert.equal(servingDescription('Production · @champion', 5001), 'Production · @champion · serving :5001');
    assert.equal(servingDescription('', 5001), 'serving :5001');
    assert.equal(servingDescription('Staging', undefined), 'Staging');
  });
});
