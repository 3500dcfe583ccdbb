// "RunLens: Compare Runs": a multi-select pick across experiments (or the tree's selection) →
// a panel with params, metrics, tags and attributes side by side. Restored after a reload.
import * as vscode from 'vscode';
import { experimentNames, pickRuns } from '../runPicker.ts';
import { isComparePageMessage, type CompareHostMessage, type ComparePageMessage } from '../../shared/compareProtocol.ts';
import type { Run } from '../../shared/entities.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { registerCommand } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ExperimentsNode, RunNode } from '../treeNodes.ts';
import { UserError } from '../userError.ts';
import { PanelHost, registerPanelSerializer } from '../webview/panelHost.ts';
import { webviewOptions } from '../webview/webviewHtml.ts';
import { runNodes } from '../runNodes.ts';
import { stepRange } from '../../shared/metricsAtStepCells.ts';
import { comparedAtStep, toComparedRun } from '../../describe/comparedRuns.ts';

const VIEW_TYPE = 'runlens.compare';

/** What the command returns: the panel, its runs, and its messages as they go to the page. */
export interface ComparePanelHandle {
  panel: vscode.WebviewPanel;
  runIds: string[];
  onDidPost: vscode.Event<CompareHostMessage>;
}

/** The runs as the page shows them: latest values, or with `step` the values at that step. */
async function loadRuns(store: OpenedStore, runIds: string[], step: number | undefined, signal: AbortSignal): Promise<CompareHostMessage> {
  const names = await experimentNames(store);
  const runs: Run[] = await Promise.all(runIds.map((id) => store.tracking.getRun(id, { signal })));
  const compared = runs.map((run) => toComparedRun(run, names.get(run.info.experimentId) ?? run.info.experimentId));
  const range = stepRange(runs);
  if (step === undefined) return { type: 'runs', runs: compared, stepRange: range };
  const keys = [...new Set(compared.flatMap((run) => Object.keys(run.metrics)))];
  return { type: 'runs', runs: await comparedAtStep(store.tracking, compared, keys, step, signal), step, stepRange: range };
}

function runIdsFrom(node: unknown, selection: unknown): string[] {
  const nodes = (Array.isArray(selection) ? selection : [node]) as (ExperimentsNode | undefined)[];
  return nodes.filter((n): n is RunNode => n?.kind === 'run').map((n) => n.run.info.runId);
}

const openPanels = new Set<ComparePanelHandle>();

/** The runs of the Compare Runs panel in front, for commands on its title bar (Show Parameter Importance). */
export function activeComparedRunIds(): string[] | undefined {
  return [...openPanels].find((handle) => handle.panel.active)?.runIds;
}

/** `selectedNodes`: the Experiments view's selection, used when the command comes from the palette. */
export function registerComparePanel(context: vscode.ExtensionContext, session: StoreSession, selectedNodes: () => readonly ExperimentsNode[] = () => []): void {
  const open = (panel: vscode.WebviewPanel, runIds: string[]): ComparePanelHandle => {
    // The page's "at step N" (none: latest values). A new step cancels the reads of the previous one.
    let step: number | undefined;
    let reads = new AbortController();
    const send = async () => {
      reads.abort();
      const current = (reads = new AbortController());
      const store = await session.requireStore();
      try {
        host.post(await loadRuns(store, runIds, step, current.signal));
      } catch (error) {
        if (!current.signal.aborted) throw error;
      }
    };
    const showCharts = async (ids: string[]) => {
      const nodes = await runNodes(await session.requireStore(), ids);
      await vscode.commands.executeCommand('runlens.showCharts', nodes[0], nodes);
    };
    const onMessage = async (message: ComparePageMessage) => {
      switch (message.type) {
        case 'ready':
        case 'step':
          step = message.step;
          return send();
        case 'showCharts':
          return showCharts(message.runIds);
        case 'copy':
          return vscode.env.clipboard.writeText(message.text);
      }
    };
    // The page has no error view: what it asked for fails as a notification, refreshes in the log.
    const host = new PanelHost<CompareHostMessage, ComparePageMessage>(panel, context.extensionUri, session.log, {
      app: 'compare',
      title: 'Compare Runs',
      label: 'Compare Runs',
      isPageMessage: isComparePageMessage,
      onMessage,
    });
    host.own(session.onDidChangeData(() => {
      if (panel.visible) host.run(send);
    }), () => reads.abort());
    const handle: ComparePanelHandle = { panel, runIds, onDidPost: host.onDidPost };
    openPanels.add(handle);
    host.own(() => openPanels.delete(handle));
    return handle;
  };

  context.subscriptions.push(
    registerCommand(session.log, 'runlens.compareRuns', async (node?: unknown, selection?: unknown) => {
      const store = await session.requireStore();
      let runIds = runIdsFrom(node, selection ?? (node === undefined ? selectedNodes() : undefined));
      if (runIds.length < 2) runIds = (await pickRuns(store, 'Compare Runs', 'Pick two or more runs')) ?? [];
      if (runIds.length === 0) return undefined;
      if (runIds.length < 2) throw new UserError('Pick at least two runs to compare.');
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Compare ${runIds.length} Runs`, vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
      return open(panel, runIds);
    }),
    // The page keeps the run ids in its state (vscode.setState), so a reload reopens the same runs.
    registerPanelSerializer(VIEW_TYPE, (panel, state) => {
      const runIds = (state as { runIds?: unknown } | undefined)?.runIds;
      if (!Array.isArray(runIds) || !runIds.every((id) => typeof id === 'string')) return false;
      open(panel, runIds);
      return true;
    }),
  );
}
