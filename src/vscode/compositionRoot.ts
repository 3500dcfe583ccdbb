// Wires RunLens into VS Code: finds the store, registers views and commands, returns the API.
import path from 'node:path';
import * as vscode from 'vscode';
import type { OpenedStore } from '../store/openStore.ts';
import { readConfig } from './config.ts';
import { ExperimentsTree } from './experimentsTree.ts';

export interface RunLensApi {
  /** Names of the active experiments of the connected store (empty when none is connected). */
  listExperimentNames(): Promise<string[]>;
}

export function activateRunLens(context: vscode.ExtensionContext): RunLensApi {
  const log = vscode.window.createOutputChannel('RunLens', { log: true });
  const tree = new ExperimentsTree();
  context.subscriptions.push(log, tree, vscode.window.registerTreeDataProvider('runlens.experiments', tree));

  let opened: OpenedStore | undefined;
  let connecting: Promise<void> | undefined;

  async function connect(): Promise<void> {
    // Loaded on first use: the store (and its native SQLite binding) stays out of activation.
    const { detectStoreUri, openStore } = await import('../store/openStore.ts');
    opened?.close();
    opened = undefined;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const uri = readConfig().trackingUri ?? folders.map((f) => detectStoreUri(f.uri.fsPath)).find((u) => u !== undefined);
    await vscode.commands.executeCommand('setContext', 'runlens.connected', uri !== undefined);
    if (!uri) {
      tree.setStore(undefined);
      return;
    }
    try {
      opened = await openStore(uri, folders[0]?.uri.fsPath ?? process.cwd());
      log.info(`Connected to ${opened.kind} store at ${opened.location}`);
      if (opened.readOnlyReason) log.warn(opened.readOnlyReason);
      tree.setStore(opened);
    } catch (error) {
      log.error(`Cannot open ${uri}: ${(error as Error).message}`);
      const choice = await vscode.window.showErrorMessage(`RunLens cannot open ${path.basename(uri)}: ${(error as Error).message}`, 'Open Settings', 'Show Log');
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'runlens.trackingUri');
      if (choice === 'Show Log') log.show();
    }
  }

  const ensureConnected = () => (connecting ??= connect());
  void ensureConnected();

  context.subscriptions.push(
    vscode.commands.registerCommand('runlens.refresh', async () => {
      connecting = connect();
      await connecting;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('runlens.trackingUri')) void vscode.commands.executeCommand('runlens.refresh');
    }),
    { dispose: () => opened?.close() },
  );

  return {
    async listExperimentNames() {
      await ensureConnected();
      if (!opened) return [];
      return (await opened.tracking.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000 })).items.map((e) => e.name);
    },
  };
}
