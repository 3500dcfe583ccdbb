// Store connection in real VS Code: connecting to a token-protected tracking server (our CLI's),
// the embedded server with the real mlflow logging through it, creating a local store and
// copying examples. Every test puts the fixture store back before it ends.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { runLens, runLensExtension, waitFor } from './support/extension.ts';

const exec = promisify(execFile);
const repoRoot = () => runLensExtension().extensionPath;
const python = () => path.join(repoRoot(), '.tools', 'venv', 'bin', 'python');
const workspaceFolder = () => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests open a workspace folder');
  return folder.uri.fsPath;
};

/** Our CLI's tracking server on a free loopback port, as a separate process. */
async function startCliServer(folder: string, authToken: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [
    path.join(repoRoot(), 'dist', 'cli.js'), 'server', '--backend-store-uri', `sqlite:///${path.join(folder, 'mlflow.db')}`,
    '--artifacts-destination', path.join(folder, 'mlartifacts'), '--port', '0', '--auth-token', authToken,
  ], { cwd: folder, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the CLI server did not start: ${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening at (http:\/\/\S+)/u.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`the CLI server exited with ${code}: ${output}`)));
  });
  return { url, process: child };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Back to the fixture: no tracking URI in the workspace settings, auto-detected mlflow.db. */
async function restoreFixtureStore(fixtureDb: string): Promise<void> {
  const api = await runLens();
  await vscode.workspace.getConfiguration('runlens').update('trackingUri', undefined, vscode.ConfigurationTarget.Workspace);
  // The setting change reconnects by itself; reconnect only if it did not.
  const back = await waitFor(async () => (await api.session.ready().catch(() => undefined))?.location === fixtureDb, 3000);
  if (!back) await api.session.reconnect();
  assert.equal(api.session.store?.location, fixtureDb, 'the fixture store is connected again');
}

function workspaceSettingsText(): string {
  const file = path.join(workspaceFolder(), '.vscode', 'settings.json');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

suite('Store connection', function () {
  this.timeout(120_000);
  let fixtureDb: string;

  suiteSetup(async () => {
    const store = (await runLens()).session.store;
    assert.ok(store?.kind === 'sqlite', 'the fixture is a local mlflow.db');
    fixtureDb = store.location;
  });

  suiteTeardown(async () => {
    await restoreFixtureStore(fixtureDb);
  });

  test('connects to a token-protected tracking server: the token goes to secret storage, only the URL to settings', async () => {
    const api = await runLens();
    const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-connect-')));
    const token = `token-${Date.now()}-secret`;
    const server = await startCliServer(folder, token);
    try {
      // A wrong token is refused and changes nothing.
      const refused = await vscode.commands.executeCommand<string | undefined>('runlens.connect', server.url, { token: 'wrong-token' });
      assert.equal(refused, undefined);
      assert.equal(api.session.store?.location, fixtureDb, 'a failed connection keeps the current store');
      assert.doesNotMatch(workspaceSettingsText(), /runlens\.trackingUri/u, 'a failed connection writes no setting');

      const location = await vscode.commands.executeCommand<string | undefined>('runlens.connect', server.url, { token });
      assert.equal(location, server.url);
      assert.equal(api.session.store?.kind, 'remote');
      assert.equal(api.session.store?.location, server.url);
      // The session reconnected on its own and still gets through the token check: it read the
      // token back from secret storage (no MLFLOW_TRACKING_TOKEN here).
      assert.equal(process.env.MLFLOW_TRACKING_TOKEN, undefined);
      assert.deepEqual(await api.listExperimentNames(), ['Default']);

      const settings = workspaceSettingsText();
      assert.match(settings, /"runlens\.trackingUri"/u);
      assert.ok(settings.includes(server.url), 'the URL is in the workspace settings');
      assert.ok(!settings.includes(token), 'the token is not in the workspace settings');
    } finally {
      await restoreFixtureStore(fixtureDb);
      server.process.kill();
      rmSync(folder, { recursive: true, force: true });
    }
    assert.doesNotMatch(workspaceSettingsText(), /runlens\.trackingUri/u);
  });

  test('a remote store is polled while the view is visible: a run logged by the real mlflow refreshes it', async () => {
    const api = await runLens();
    const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-poll-')));
    const token = `token-${Date.now()}-poll`;
    const server = await startCliServer(folder, token);
    const config = vscode.workspace.getConfiguration('runlens');
    let changes = 0;
    const listener = api.session.onDidChangeData(() => changes++);
    try {
      await config.update('remotePollSeconds', 2, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('runlens.experiments.focus');
      assert.equal(await vscode.commands.executeCommand('runlens.connect', server.url, { token }), server.url);
      // Let the poller see the store once before anything changes.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      changes = 0;
      await exec(python(), [path.join(repoRoot(), 'test', 'vscode', 'py', 'log_run.py'), 'polled'], {
        cwd: folder, env: { ...process.env, MLFLOW_TRACKING_URI: server.url, MLFLOW_TRACKING_TOKEN: token, PYTHONWARNINGS: 'ignore' },
      });
      assert.ok(await waitFor(() => changes > 0, 15_000), 'polling noticed the new run');
      assert.ok((await api.listExperimentNames()).includes('polled'));
    } finally {
      listener.dispose();
      await config.update('remotePollSeconds', undefined, vscode.ConfigurationTarget.Workspace);
      await restoreFixtureStore(fixtureDb);
      server.process.kill();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('a refused connection and a non-http URL leave the store as it was', async () => {
    const api = await runLens();
    const port = await closedPort();
    assert.equal(await vscode.commands.executeCommand('runlens.connect', `http://127.0.0.1:${port}`, {}), undefined);
    assert.equal(await vscode.commands.executeCommand('runlens.connect', 'ftp://example.com', {}), undefined);
    assert.equal(api.session.store?.location, fixtureDb);
  });

  test('creates a local store that the real mlflow reads, connects to it, and connects again when it exists', async () => {
    const api = await runLens();
    const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-create-')));
    const database = path.join(folder, 'mlflow.db');
    try {
      const created = await vscode.commands.executeCommand<string>('runlens.createLocalStore', vscode.Uri.file(folder));
      assert.equal(created, database);
      assert.ok(existsSync(database));
      assert.equal(api.session.store?.kind, 'sqlite');
      assert.equal(api.session.store?.location, database);
      // What mlflow itself finds in the new database: its schema, the Default experiment.
      const { stdout } = await exec(python(), ['-c', [
        'import json, sys, mlflow',
        'client = mlflow.MlflowClient(tracking_uri="sqlite:///" + sys.argv[1])',
        'print(json.dumps([e.name for e in client.search_experiments()]))',
      ].join('\n'), database], { env: { ...process.env, PYTHONWARNINGS: 'ignore' } });
      const mlflowNames = JSON.parse(stdout.trim().split('\n').pop() as string) as string[];
      assert.deepEqual(await api.listExperimentNames(), mlflowNames);

      const again = await vscode.commands.executeCommand<string>('runlens.createLocalStore', vscode.Uri.file(folder));
      assert.equal(again, database);
      assert.equal(api.session.store?.location, database);
    } finally {
      await restoreFixtureStore(fixtureDb);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  test('copies an example into the workspace folder without overwriting, and opens it', async () => {
    const copies: string[] = [];
    try {
      const first = await vscode.commands.executeCommand<string>('runlens.openExample', 'iris_basic.py');
      copies.push(first);
      assert.equal(path.dirname(first), workspaceFolder());
      const original = readFileSync(path.join(repoRoot(), 'examples', 'iris_basic.py'), 'utf8');
      assert.equal(readFileSync(first, 'utf8'), original);
      assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, first);

      const second = await vscode.commands.executeCommand<string>('runlens.openExample', 'iris_basic');
      copies.push(second);
      assert.notEqual(second, first, 'a second copy gets a new name');
      assert.equal(readFileSync(first, 'utf8'), original, 'the first copy is untouched');
      assert.equal(readFileSync(second, 'utf8'), original);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const copy of copies) rmSync(copy, { force: true });
    }
  });
});

suite('Embedded tracking server', function () {
  this.timeout(180_000);
  const experimentName = `served-${Date.now()}`;

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('runlens.stopServer');
    const store = (await runLens()).session.store;
    const experiment = await store?.tracking.getExperimentByName(experimentName);
    if (experiment) await store?.tracking.deleteExperiment(experiment.experimentId);
  });

  test('the real mlflow logs through it, and the views hear about it (live refresh after a write through the server)', async () => {
    const api = await runLens();
    const url = await vscode.commands.executeCommand<string>('runlens.startServer');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/u);
    assert.equal(await (await fetch(`${url}/health`)).text(), 'OK');
    assert.equal(await vscode.commands.executeCommand('runlens.startServer'), url, 'starting again keeps the running server');

    let changes = 0;
    const listener = api.session.onDidChangeData(() => changes++);
    try {
      const { stdout } = await exec(python(), [path.join(repoRoot(), 'test', 'vscode', 'py', 'log_run.py'), experimentName], {
        cwd: workspaceFolder(), env: { ...process.env, MLFLOW_TRACKING_URI: url, PYTHONWARNINGS: 'ignore' },
      });
      const logged = JSON.parse(stdout.trim().split('\n').pop() as string) as { runId: string; trackingUri: string };
      assert.equal(logged.trackingUri, url);
      assert.ok(await waitFor(() => changes > 0), 'the session announced changed data');

      const run = await api.session.store?.tracking.getRun(logged.runId);
      assert.equal(run?.info.status, 'FINISHED');
      assert.deepEqual(run?.data.params.map((p) => [p.key, p.value]), [['alpha', '0.5']]);
      assert.deepEqual(run?.data.metrics.map((m) => [m.key, m.value, m.step]), [['loss', 1 / 3, 2]]);
      assert.ok((await api.listExperimentNames()).includes(experimentName));
    } finally {
      listener.dispose();
    }
  });

  test('a script writing mlflow.db directly refreshes the views too (file watcher)', async () => {
    const api = await runLens();
    await vscode.commands.executeCommand('runlens.stopServer');
    const store = api.session.store;
    assert.ok(store?.kind === 'sqlite');
    let changes = 0;
    const listener = api.session.onDidChangeData(() => changes++);
    try {
      await exec(python(), [path.join(repoRoot(), 'test', 'vscode', 'py', 'log_run.py'), `${experimentName}-direct`], {
        cwd: workspaceFolder(), env: { ...process.env, MLFLOW_TRACKING_URI: `sqlite:///${store.location}`, PYTHONWARNINGS: 'ignore' },
      });
      assert.ok(await waitFor(() => changes > 0, 15_000), 'the watcher on mlflow.db and its WAL noticed the write');
    } finally {
      listener.dispose();
      const experiment = await store.tracking.getExperimentByName(`${experimentName}-direct`);
      if (experiment) await store.tracking.deleteExperiment(experiment.experimentId);
    }
  });

  test('copies its URL, and stops', async () => {
    const url = await vscode.commands.executeCommand<string>('runlens.startServer');
    assert.equal(await vscode.commands.executeCommand('runlens.copyServerUrl'), url);
    assert.equal(await vscode.env.clipboard.readText(), url);

    await vscode.commands.executeCommand('runlens.stopServer');
    await assert.rejects(fetch(`${url}/health`), 'nothing listens after Stop');
    assert.equal(await vscode.commands.executeCommand('runlens.copyServerUrl'), undefined, 'no URL to copy once stopped');
  });
});
