// Runs inside a real VS Code extension host (code-server through test/vscode/shim/code).
// The workspace is test/vscode/fixture.ts's folder: an mlflow.db with two active experiments.
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { RunLensApi } from '../../src/vscode/compositionRoot.ts';

const extensionId = 'runlens.runlens';

function runLens(): vscode.Extension<RunLensApi> {
  const extension = vscode.extensions.getExtension<RunLensApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed in this VS Code`);
  return extension;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** What the real mlflow listed from the fixture before VS Code started (see .vscode-test.mjs). */
function expectedExperimentNames(): string[] {
  const json = process.env.RUNLENS_EXPECTED_EXPERIMENTS;
  assert.ok(json, 'RUNLENS_EXPECTED_EXPERIMENTS is not set: run these tests through `npm run test:vscode`');
  return JSON.parse(json) as string[];
}

suite('RunLens in VS Code', () => {
  test('opens the fixture workspace trusted', () => {
    assert.ok(vscode.version, 'vscode.version is empty');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    assert.equal(vscode.workspace.isTrusted, true);
  });

  test('the extension is present', () => {
    assert.equal(runLens().packageJSON.name, 'runlens');
  });

  test('activates by itself on the workspace mlflow.db', async () => {
    // No activate() call here: workspaceContains:mlflow.db must have done it.
    assert.equal(await waitFor(() => runLens().isActive, 20_000), true, `${extensionId} did not activate on mlflow.db`);
  });

  test('its API lists the experiments mlflow lists', async () => {
    const api = await runLens().activate();
    assert.equal(typeof api?.listExperimentNames, 'function', 'activate() did not return { listExperimentNames }');
    console.log(`      activate() took ${api.activationMs.toFixed(1)} ms in this VS Code`);
    const names = await api.listExperimentNames();
    assert.deepEqual([...names].sort(), expectedExperimentNames());
  });

  test('registers runlens.refresh, which runs without error', async () => {
    await runLens().activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('runlens.refresh'), 'runlens.refresh is not registered');
    await vscode.commands.executeCommand('runlens.refresh');
    assert.deepEqual([...(await runLens().exports.listExperimentNames())].sort(), expectedExperimentNames());
  });

  test('every command package.json contributes is registered', async () => {
    await runLens().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (runLens().packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    assert.ok(contributed.length > 40, 'expected the full command list');
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });
});
