// "RunLens: Show Parameter Importance": for a metric the user picks, which params of an
// experiment's runs (or of picked runs) matter — Spearman's rho and a random-forest importance per
// param, fitted in a worker thread — drawn as a sorted bar chart; a param opens a scatter of the
// metric against it. Offered on experiment rows, multi-selected runs, the palette, and the title
// bars of the runs table and Compare Runs (which hand over their runs).
import * as vscode from 'vscode';
import { importanceOffThread } from '../../importance/importanceWorker.ts';
import { isImportancePageMessage, type ImportanceHostMessage, type ImportancePageMessage } from '../../shared/importanceProtocol.ts';
import type { ImportanceResult } from '../../shared/importanceResult.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { optionsArg } from '../commandArgs.ts';
import { registerCommand, withCancellableProgress } from '../commandRunner.ts';
import { activeComparedRunIds } from '../compare/comparePanel.ts';
import { activeRunsTable } from '../runsTable/runsTablePanel.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ExperimentsNode } from '../treeNodes.ts';
import { UserError } from '../userError.ts';
import { PanelHost } from '../webview/panelHost.ts';
import { webviewOptions } from '../webview/webviewHtml.ts';
import { loadImportanceRuns, metricKeysOf, scatterData, type ImportanceTarget, type LoadedRuns } from './importanceRuns.ts';

const VIEW_TYPE = 'runlens.parameterImportance';
const LAST_METRIC_KEY = 'runlens.importance.lastMetric';

/** Explicit choices that skip the prompts (tests, other panels). */
export interface ShowImportanceOptions {
  metric: string;
  runIds: string[];
  experimentId: string;
}

/** What the command returns: the panel, what it computed, and its messages as they go to the page. */
export interface ImportancePanelHandle {
  panel: vscode.WebviewPanel;
  result: ImportanceResult;
  onDidPost: vscode.Event<ImportanceHostMessage>;
  /** Handles a message as if the page posted it (tests drive the page's controls through it). */
  receive(message: unknown): Promise<void>;
}

/** From the tree: an experiment row, or the selected runs. Undefined when the command came from elsewhere. */
function treeTarget(node: unknown, selection: unknown): ImportanceTarget | undefined {
  const nodes = (Array.isArray(selection) && selection.length > 0 ? selection : [node]) as (ExperimentsNode | undefined)[];
  const experiment = nodes.find((n) => n?.kind === 'experiment');
  if (experiment?.kind === 'experiment') return { kind: 'experiment', experimentId: experiment.experiment.experimentId };
  const runIds = [...new Set(nodes.flatMap((n) => (n?.kind === 'run' ? [n.run.info.runId] : [])))];
  return runIds.length > 0 ? { kind: 'runs', runIds } : undefined;
}

/** The runs table or Compare Runs panel in front (their title bar button), if any. */
function panelTarget(): ImportanceTarget | undefined {
  const table = activeRunsTable();
  if (table) return { kind: 'experiment', experimentId: table.experimentId, query: table.query };
  const runIds = activeComparedRunIds();
  return runIds ? { kind: 'runs', runIds } : undefined;
}

async function pickExperiment(store: OpenedStore): Promise<ImportanceTarget | undefined> {
  const page = await store.tracking.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000 });
  const picked = await vscode.window.showQuickPick(page.items.map((e) => ({ label: e.name, description: e.experimentId, id: e.experimentId })), { title: 'Show Parameter Importance', placeHolder: 'Experiment whose runs to weigh' });
  return picked && { kind: 'experiment', experimentId: picked.id };
}

function scopeOf(target: ImportanceTarget, loaded: LoadedRuns): string {
  if (target.kind === 'runs') return `${target.runIds.length} selected runs`;
  const filter = target.query?.filter?.trim();
  return `experiment ${loaded.experimentName ?? target.experimentId}${filter ? ` (filter: ${filter})` : ''}`;
}

export function registerImportancePanel(context: vscode.ExtensionContext, session: StoreSession): void {
  const pickMetric = async (metrics: string[]): Promise<string | undefined> => {
    const last = context.workspaceState.get<string>(LAST_METRIC_KEY);
    const ordered = last && metrics.includes(last) ? [last, ...metrics.filter((m) => m !== last)] : metrics;
    const picked = await vscode.window.showQuickPick(ordered.map((m) => ({ label: m, description: m === last ? 'last used' : undefined })), { title: 'Show Parameter Importance', placeHolder: 'Metric the params should explain' });
    return picked?.label;
  };

  const open = (loaded: LoadedRuns, metric: string, scope: string, result: ImportanceResult): ImportancePanelHandle => {
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Importance: ${metric}`, vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
    const onMessage = (message: ImportancePageMessage): void => {
      switch (message.type) {
        case 'ready':
          return host.post({ type: 'result', scope, result, ...(loaded.truncatedAt ? { truncatedAt: loaded.truncatedAt } : {}) });
        case 'scatter':
          return host.post({ type: 'scatter', scatter: scatterData(loaded.runs, metric, message.param, message.colourParam) });
      }
    };
    const host = new PanelHost<ImportanceHostMessage, ImportancePageMessage>(panel, context.extensionUri, session.log, {
      app: 'importance',
      title: 'Parameter Importance',
      label: 'Parameter importance',
      isPageMessage: isImportancePageMessage,
      onMessage,
      errorMessage: (message) => ({ type: 'error', message }),
    });
    return { panel, result, onDidPost: host.onDidPost, receive: (message) => host.receive(message) };
  };

  context.subscriptions.push(
    registerCommand(session.log, 'runlens.showParameterImportance', async (node?: unknown, selection?: unknown, explicit?: unknown) => {
      const options = optionsArg<ShowImportanceOptions>(explicit ?? (Array.isArray(selection) ? undefined : selection));
      const store = await session.requireStore();
      const target: ImportanceTarget | undefined = options.runIds ? { kind: 'runs', runIds: options.runIds }
        : options.experimentId ? { kind: 'experiment', experimentId: options.experimentId }
        : treeTarget(node, selection) ?? panelTarget() ?? (await pickExperiment(store));
      if (!target) return undefined;
      const loaded = await withCancellableProgress('Loading runs for parameter importance…', (signal, progress) => loadImportanceRuns(store, target, signal, (n) => progress.report({ message: `${n} runs` })));
      const metrics = metricKeysOf(loaded.runs);
      if (metrics.length === 0) throw new UserError(`None of these ${loaded.runs.length} runs logged a metric, so there is nothing for params to explain.`);
      const metric = options.metric ?? (await pickMetric(metrics));
      if (!metric) return undefined;
      if (!metrics.includes(metric)) throw new UserError(`No run here logged the metric "${metric}".`);
      await context.workspaceState.update(LAST_METRIC_KEY, metric);
      const result = await withCancellableProgress(`Weighing params against ${metric}…`, (signal) => importanceOffThread(loaded.runs, metric, signal));
      if (result.runsUsed < 3) throw new UserError(`Only ${result.runsUsed} run(s) logged "${metric}": parameter importance needs at least 3.`);
      if (result.params.length === 0) throw new UserError(`Every param has one value across the ${result.runsUsed} runs with "${metric}": none can explain it.`);
      return open(loaded, metric, scopeOf(target, loaded), result);
    }),
  );
}
