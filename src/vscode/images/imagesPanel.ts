// "RunLens: Show Images" on a run, a selection of runs, an experiment (its newest runs) or from
// the palette (a run picker): a panel with every image the runs logged, one column per run. The
// layout goes first; the page asks for the images it shows (imagesSource.ts reads them).
import * as vscode from 'vscode';
import type { Run } from '../../shared/entities.ts';
import { isImagesPageMessage, type ImagesHostMessage, type ImagesPageMessage } from '../../shared/imagesProtocol.ts';
import { registerCommand } from '../commandRunner.ts';
import { experimentRunIds, experimentRunSource, type RunListing } from '../charts/experimentRuns.ts';
import { experimentNames, pickRuns } from '../runPicker.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ExperimentsNode } from '../treeNodes.ts';
import { PanelHost } from '../webview/panelHost.ts';
import { webviewOptions } from '../webview/webviewHtml.ts';
import { ImagesSource } from './imagesSource.ts';

const VIEW_TYPE = 'runlens.images';
/** Columns an experiment's panel shows (its newest runs); picked runs are all shown. */
export const EXPERIMENT_IMAGE_RUNS = 12;

export interface ImagesPanelHandle {
  panel: vscode.WebviewPanel;
  runIds: string[];
  onDidPost: vscode.Event<ImagesHostMessage>;
  /** Delivers a message as if the page had posted it (tests). */
  receive(message: unknown): Promise<void>;
}

interface ImagesTarget {
  runIds: string[];
  experimentIds: string[];
}

function targetOf(node: unknown, selection: unknown): ImagesTarget {
  const nodes = (Array.isArray(selection) && selection.length > 0 ? selection : [node]) as (ExperimentsNode | undefined)[];
  return {
    runIds: [...new Set(nodes.flatMap((n) => (n?.kind === 'run' ? [n.run.info.runId] : [])))],
    experimentIds: nodes.flatMap((n) => (n?.kind === 'experiment' ? [n.experiment.experimentId] : [])),
  };
}

function panelTitle(runs: Run[], experimentIds: string[], names: Map<string, string>): string {
  if (experimentIds.length > 0) return `Images: ${experimentIds.map((id) => names.get(id) ?? id).join(', ')}`;
  return runs.length === 1 ? `Images: ${runs[0].info.runName || runs[0].info.runId}` : `Images: ${runs.length} runs`;
}

/**
 * `selectedNodes`: the Experiments view's selection, used from the palette.
 * `runListing`: how that view filters runs now, which an experiment's panel follows (newest first).
 */
export function registerImagesPanel(
  context: vscode.ExtensionContext,
  session: StoreSession,
  selectedNodes: () => readonly unknown[] = () => [],
  runListing: () => RunListing = () => ({ showDeleted: false }),
): void {
  const open = (panel: vscode.WebviewPanel, target: ImagesTarget): ImagesPanelHandle => {
    const lifetime = new AbortController();
    const host = new PanelHost<ImagesHostMessage, ImagesPageMessage>(panel, context.extensionUri, session.log, {
      app: 'images',
      title: 'Images',
      label: 'Images',
      isPageMessage: isImagesPageMessage,
      onMessage: (message) => onMessage(message),
      errorMessage: (message) => ({ type: 'error', message }),
    });
    let source: ImagesSource | undefined;
    const handle: ImagesPanelHandle = { panel, runIds: target.runIds, onDidPost: host.onDidPost, receive: (message) => host.receive(message) };

    const load = async () => {
      const store = await session.requireStore();
      const names = await experimentNames(store);
      let total: number | undefined;
      if (target.experimentIds.length > 0) {
        const { filter, showDeleted } = runListing();
        const listed = await experimentRunIds(store.tracking, experimentRunSource(target.experimentIds, { filter, showDeleted, orderBy: 'attributes.start_time DESC' }, EXPERIMENT_IMAGE_RUNS));
        handle.runIds = listed.runIds;
        total = listed.total;
      }
      const runs = (await Promise.all(handle.runIds.map((id) => store.tracking.getRun(id, { signal: lifetime.signal }).catch(() => undefined)))).filter((r): r is Run => r !== undefined);
      panel.title = panelTitle(runs, target.experimentIds, names);
      host.post({ type: 'loading', title: panel.title });
      const next = new ImagesSource((root) => store.artifacts(root), lifetime.signal);
      const layout = await next.layout(runs, total);
      source = next;
      host.post({ type: 'layout', ...layout });
    };

    async function onMessage(message: ImagesPageMessage): Promise<void> {
      switch (message.type) {
        case 'ready':
          return load();
        case 'images':
          source?.request(message.wanted, (answer) => host.post(answer));
          return;
      }
    }

    // New images appear as runs log them: the layout is walked again (the page keeps its sliders).
    let reloading: Promise<void> | undefined;
    const reload = () => {
      if (!panel.visible || reloading) return;
      reloading = load().catch((error: unknown) => host.fail(error, true)).finally(() => {
        reloading = undefined;
      });
    };
    host.own(session.onDidChangeData(reload), session.onDidChangeStore(reload), () => lifetime.abort());
    return handle;
  };

  context.subscriptions.push(
    registerCommand(session.log, 'runlens.showImages', async (node?: unknown, selection?: unknown) => {
      const fromPalette = node === undefined && selection === undefined;
      const target = targetOf(node, selection ?? (fromPalette ? selectedNodes() : undefined));
      if (target.runIds.length === 0 && target.experimentIds.length === 0) {
        target.runIds = (await pickRuns(await session.requireStore(), 'Show Images', 'Pick the runs whose images to show')) ?? [];
        if (target.runIds.length === 0) return undefined;
      }
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Images', vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
      return open(panel, target);
    }),
  );
}
