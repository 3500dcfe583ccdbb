// Serve Model in real VS Code: the fixture's iris-model version registered from a run's sklearn
// model folder is served by the real mlflow in the venv, answers a prediction on /invocations,
// shows as serving in the Models view, and Stop Serving ends the port and the whole process group.
import assert from 'node:assert/strict';
import { cpSync, existsSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { ProcessEnd } from '../../src/vscode/launch/trackedProcess.ts';
import { freeLoopbackPort } from '../../src/vscode/models/serve/loopbackPort.ts';
import type { ServingInfo } from '../../src/vscode/models/serve/servedModels.ts';
import type { ModelsTree } from '../../src/vscode/models/modelsTree.ts';
import { fixtureFacts, runLens, runLensExtension, waitFor } from './support/extension.ts';

const python = () => path.join(runLensExtension().extensionPath, '.tools', 'venv', 'bin', 'python');

/** POSTs JSON; resolves with the status and parsed body. */
function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, timeout: 30_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => {
        try {
          resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) });
        } catch {
          reject(new Error(`not JSON (${response.statusCode}): ${text.slice(0, 300)}`));
        }
      });
    });
    request.once('timeout', () => request.destroy(new Error('the request timed out')));
    request.once('error', reject);
    request.end(JSON.stringify(body));
  });
}

/** True when something accepts a GET on the URL at all. */
function answersAtAll(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { timeout: 2000 }, (response) => {
      response.resume();
      resolve(true);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(false));
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

suite('Serve Model', function () {
  // Loading sklearn and starting uvicorn takes 10–30 s on a loaded 2-core machine.
  this.timeout(240_000);
  const settings = () => vscode.workspace.getConfiguration('runlens');
  let previousPython: string | undefined;
  let tree: ModelsTree;
  let served: ServingInfo | undefined;

  suiteSetup(async () => {
    await runLens();
    assert.ok(existsSync(python()), `${python()} is missing: run npm run setup:python`);
    previousPython = settings().inspect<string>('launch.pythonPath')?.workspaceValue;
    // The same interpreter resolution as launches: the setting wins.
    await settings().update('launch.pythonPath', python(), vscode.ConfigurationTarget.Workspace);
    tree = (await vscode.commands.executeCommand<ModelsTree>('runlens.models.refresh')) as ModelsTree;
  });

  suiteTeardown(async () => {
    if (served) await vscode.commands.executeCommand('runlens.model.stopServing', await tree.versionNode(served.name, served.version));
    await settings().update('launch.pythonPath', previousPython, vscode.ConfigurationTarget.Workspace);
  });

  test('serves the version registered from a run\'s model folder, answers a prediction, then stops with its process group', async () => {
    const facts = fixtureFacts();
    const iris = facts.models.find((m) => m.name === 'iris-model');
    const registered = iris?.versions.find((v) => v.runId === facts.modelRunId && !v.source.startsWith('models:/'));
    assert.ok(registered, 'the fixture registers iris-model from the run\'s model/ folder');
    assert.match(registered.source, /[/\\]model$/u, 'its source is the run\'s model folder');

    const port = await freeLoopbackPort();
    const node = await tree.versionNode('iris-model', registered.version);
    served = await vscode.commands.executeCommand<ServingInfo | undefined>('runlens.model.serve', node, { port });
    assert.ok(served, 'Serve Model resolved once the endpoint answered (see the RunLens log and the Serve terminal otherwise)');
    assert.equal(served.port, port);
    assert.equal(served.url, `http://127.0.0.1:${port}`);
    const pid = served.pid;
    assert.ok(typeof pid === 'number' && groupAlive(pid), 'its process group runs');

    const answer = await postJson(`${served.url}/invocations`, { inputs: [[5.1, 3.5, 1.4, 0.2]] });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    // The first iris sample is a setosa: class 0 for the fixture's logistic regression.
    assert.deepEqual(answer.body, { predictions: [0] });

    // The row says so, and its menus can offer Stop Serving.
    const item = () => tree.versionNode('iris-model', registered.version).then((n) => tree.getTreeItem(n));
    assert.ok(await waitFor(async () => String((await item()).contextValue).endsWith('.serving'), 10_000), `context value ${(await item()).contextValue}`);
    assert.match(String((await item()).description), new RegExp(`serving :${port}$`, 'u'));

    // A second Serve of the same version shows the running one: no prompt, no second server.
    const again = await vscode.commands.executeCommand<ServingInfo | undefined>('runlens.model.serve', node);
    assert.deepEqual(again, served);

    const stopped = await vscode.commands.executeCommand<(ServingInfo & { end: ProcessEnd }) | undefined>('runlens.model.stopServing', node);
    served = undefined;
    assert.ok(stopped?.end.stopped, 'Stop Serving stopped it');
    assert.equal(await answersAtAll(`http://127.0.0.1:${port}/ping`), false, 'the port no longer answers');
    assert.ok(await waitFor(() => !groupAlive(pid), 10_000), `process group ${pid} is gone`);
    assert.ok(await waitFor(async () => !String((await item()).contextValue).endsWith('.serving'), 10_000), 'the row no longer says serving');
  });

  test('a local version stored behind the artifact proxy (mlflow-artifacts:, as launched scripts log) is served through the embedded server', async () => {
    const facts = fixtureFacts();
    const folder = facts.models.find((m) => m.name === 'iris-model')?.versions.find((v) => v.runId === facts.modelRunId && !v.source.startsWith('models:/'))?.source;
    assert.ok(folder, 'the fixture registers iris-model from the run\'s model/ folder');
    const store = (await runLens()).session.store;
    assert.ok(store?.kind === 'sqlite');
    const proxied = path.join(path.dirname(store.location), 'mlartifacts', 'serve-proxied');
    const name = 'serve-proxied-model';
    cpSync(folder, path.join(proxied, 'model'), { recursive: true });
    await store.registry.createRegisteredModel(name);
    try {
      const version = await store.registry.createModelVersion({ name, source: 'mlflow-artifacts:/serve-proxied/model' });
      await vscode.commands.executeCommand('runlens.models.refresh');
      const node = await tree.versionNode(name, version.version);
      const info = await vscode.commands.executeCommand<ServingInfo | undefined>('runlens.model.serve', node, { port: await freeLoopbackPort() });
      assert.ok(info, 'Serve Model resolved once the endpoint answered (see the RunLens log and the Serve terminal otherwise)');
      const answer = await postJson(`${info.url}/invocations`, { inputs: [[5.1, 3.5, 1.4, 0.2]] });
      assert.deepEqual(answer.body, { predictions: [0] });
      await vscode.commands.executeCommand('runlens.model.stopServing', node);
    } finally {
      await store.registry.deleteRegisteredModel(name);
      rmSync(proxied, { recursive: true, force: true });
      await vscode.commands.executeCommand('runlens.stopServer');
      await vscode.commands.executeCommand('runlens.models.refresh');
    }
  });

  test('a version mlflow cannot load ends its server: the command settles well before the bound, nothing stays serving', async () => {
    const store = (await runLens()).session.store;
    assert.ok(store);
    const name = 'serve-broken-model';
    await store.registry.createRegisteredModel(name);
    try {
      const version = await store.registry.createModelVersion({ name, source: path.join(path.dirname(store.location), 'no-such-model-folder') });
      await vscode.commands.executeCommand('runlens.models.refresh');
      const port = await freeLoopbackPort();
      const started = Date.now();
      const result = await vscode.commands.executeCommand('runlens.model.serve', await tree.versionNode(name, version.version), { port });
      assert.equal(result, undefined, 'no server to hand back');
      const terminal = vscode.window.terminals.find((t) => t.name === `Serve ${name} v${version.version}`);
      assert.ok(terminal, 'mlflow was started in its terminal (the failure is its own, not a refusal before starting)');
      terminal.dispose();
      assert.ok(Date.now() - started < 120_000, `it took ${Date.now() - started} ms: the wait did not notice the end`);
      const item = tree.getTreeItem(await tree.versionNode(name, version.version));
      assert.ok(!String(item.contextValue).endsWith('.serving'), `context value ${item.contextValue}`);
      assert.equal(await answersAtAll(`http://127.0.0.1:${port}/ping`), false);
    } finally {
      await store.registry.deleteRegisteredModel(name);
      await vscode.commands.executeCommand('runlens.models.refresh');
    }
  });

  test('Stop Serving with nothing served says so and stops nothing', async () => {
    const node = await tree.versionNode('iris-model', '1');
    assert.equal(await vscode.commands.executeCommand('runlens.model.stopServing', node), undefined);
  });
});
