// "Show Model Version Details": a panel per model version with where it stands, how it was
// created (the source run's provenance and datasets) and its timeline. It reloads when the data
// changes and is restored after a window reload. The command resolves to what the panel shows.
import * as vscode from 'vscode';
import {
  isModelDetailsPageMessage, type ModelDetailsHostMessage, type ModelDetailsPageMessage, type ModelVersionDetails,
} from '../../shared/modelDetailsProtocol.ts';
import type { Run } from '../../shared/entities.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { registerCommand } from '../commandRunner.ts';
import { itemCommandArgs } from '../commandArgs.ts';
import type { StoreSession } from '../storeSession.ts';
import { PanelHost, registerPanelSerializer } from '../webview/panelHost.ts';
import { webviewOptions } from '../webview/webviewHtml.ts';
import { loggedModelIdOf, newestVersionsFirst, versionsFilter } from '../../describe/modelLabels.ts';
import { isModelOrVersionNode, type ModelNode, type ModelVersionNode } from './modelNodes.ts';
import { modelVersionDetails } from '../../describe/modelVersionDetails.ts';

const VIEW_TYPE = 'runlens.modelDetails';
const PICK_MODELS = 1000;

interface VersionRef {
  name: string;
  version: string;
}

/** Reads the version, its model (the trail, the aliases) and its source run. */
async function loadDetails(store: OpenedStore, { name, version }: VersionRef): Promise<ModelVersionDetails> {
  const [model, modelVersion] = await Promise.all([store.registry.getRegisteredModel(name), store.registry.getModelVersion(name, version)]);
  let runId = modelVersion.runId;
  const loggedModelId = loggedModelIdOf(modelVersion);
  if (!runId && loggedModelId) runId = (await store.tracking.getLoggedModel(loggedModelId).catch(() => undefined))?.sourceRunId;
  let run: Run | undefined;
  let runProblem: string | undefined;
  if (runId) {
    try {
      run = await store.tracking.getRun(runId);
    } catch (error) {
      // A deleted or unreachable run must not hide the registry's own record.
      runProblem = `The source run ${runId} could not be read: ${(error as Error).message}`;
    }
  }
  return modelVersionDetails(model, { ...modelVersion, runId: modelVersion.runId || runId }, run, runProblem);
}

/** Palette without a version selected: pick a model (when not given), then one of its versions. */
async function pickVersion(store: OpenedStore, modelName?: string): Promise<VersionRef | undefined> {
  let name = modelName;
  if (name === undefined) {
    const models = (await store.registry.searchRegisteredModels({ maxResults: PICK_MODELS })).items;
    const picked = await vscode.window.showQuickPick(models.map((m) => ({ label: m.name, description: m.description?.split('\n')[0] })), {
      title: 'Show Model Version Details', placeHolder: models.length ? 'Registered model' : 'No registered models in this store',
    });
    name = picked?.label;
  }
  if (name === undefined) return undefined;
  const versions = newestVersionsFirst((await store.registry.searchModelVersions({ filter: versionsFilter(name) })).items.filter((v) => v.name === name));
  const picked = await vscode.window.showQuickPick(versions.map((v) => ({ label: `Version ${v.version}`, description: v.currentStage === 'None' ? '' : v.currentStage, version: v.version })), {
    title: `Show Model Version Details: ${name}`, placeHolder: 'Version',
  });
  return picked ? { name, version: picked.version } : undefined;
}

const panelTitle = ({ name, version }: VersionRef) => `${name} v${version}`;

/** `selection`: the Models view's selection, what the command acts on from the palette. */
export function registerModelDetailsPanel(context: vscode.ExtensionContext, session: StoreSession, selection: () => readonly unknown[]): void {
  const open = new Map<string, { panel: vscode.WebviewPanel; show: (details: ModelVersionDetails) => void }>();
  const keyOf = ({ name, version }: VersionRef) => `${name}\u0000${version}`;

  const attach = (panel: vscode.WebviewPanel, ref: VersionRef) => {
    const send = async (): Promise<void> => host.post({ type: 'details', details: await loadDetails(await session.requireStore(), ref) });
    // The command posts what it loaded before the page listens; the page's first 'ready' then
    // needs nothing more. Every later 'ready' (the page reloads when the tab is shown again) does.
    let sawReady = false;
    let postedBeforeReady = false;
    const onMessage = async (message: ModelDetailsPageMessage): Promise<void> => {
      switch (message.type) {
        case 'ready': {
          const covered = !sawReady && postedBeforeReady;
          sawReady = true;
          return covered ? undefined : send();
        }
        case 'copy':
          await vscode.env.clipboard.writeText(message.text);
          void vscode.window.setStatusBarMessage(`RunLens: copied ${message.text}`, 3000);
          return undefined;
      }
    };
    const host = new PanelHost<ModelDetailsHostMessage, ModelDetailsPageMessage>(panel, context.extensionUri, session.log, {
      app: 'modelDetails',
      title: panelTitle(ref),
      label: `Model version details (${panelTitle(ref)})`,
      isPageMessage: isModelDetailsPageMessage,
      onMessage,
      errorMessage: (message) => ({ type: 'error', message }),
    });
    const key = keyOf(ref);
    open.set(key, {
      panel,
      show: (details) => {
        if (!sawReady) postedBeforeReady = true;
        host.post({ type: 'details', details });
      },
    });
    host.own(
      session.onDidChangeData(() => {
        if (panel.visible) host.run(send);
      }),
      () => open.delete(key),
    );
  };

  const showDetails = async (node: ModelNode | ModelVersionNode | undefined): Promise<ModelVersionDetails | undefined> => {
    const store = await session.requireStore();
    const ref = node?.kind === 'modelVersion'
      ? { name: node.version.name, version: node.version.version }
      : await pickVersion(store, node?.model.name);
    if (!ref) return undefined;
    const details = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Loading ${panelTitle(ref)}` }, () => loadDetails(store, ref));
    let existing = open.get(keyOf(ref));
    if (existing) {
      existing.panel.reveal();
    } else {
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(ref), vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
      attach(panel, ref);
      existing = open.get(keyOf(ref));
    }
    existing?.show(details);
    return details;
  };

  context.subscriptions.push(
    registerCommand(session.log, 'runlens.model.showDetails', (...raw: unknown[]) => {
      const { node } = itemCommandArgs(raw, isModelOrVersionNode, selection());
      return showDetails(node);
    }),
    // The page keeps the version it shows in its state, so a reload reopens it.
    registerPanelSerializer(VIEW_TYPE, (panel, state) => {
      const { name, version } = (state ?? {}) as { name?: unknown; version?: unknown };
      if (typeof name !== 'string' || typeof version !== 'string' || open.has(keyOf({ name, version }))) return false;
      attach(panel, { name, version });
      return true;
    }),
  );
}
