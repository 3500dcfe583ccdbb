// "RunLens: Show Metric Charts" from a run, several selected runs or an experiment: a webview of
// Chart.js line charts. The host shapes every series to the page's pixel width (chartsData.ts),
// answers zoom requests, and appends points of running runs as they are logged.
import * as vscode from 'vscode';
import { experimentNames, pickRuns } from '../runPicker.ts';
import { DEFAULT_EXPERIMENT_RUN_LIMIT, isChartsPageMessage, type ChartsHostMessage, type ChartsPageMessage, type ExperimentRunSource, type RunSelection } from '../../shared/chartsProtocol.ts';
import type { Run } from '../../shared/entities.ts';
import type { XAxis } from '../../shared/seriesShaping.ts';
import { registerCommand, withCancellableProgress } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ExperimentsNode } from '../treeNodes.ts';
import { PanelHost, registerPanelSerializer } from '../webview/panelHost.ts';
import { webviewOptions } from '../webview/webviewHtml.ts';
import { ChartsData, lastStepsOf } from './chartsData.ts';
import { clampRunLimit, experimentRunIds, experimentRunSource, type RunListing } from './experimentRuns.ts';

const VIEW_TYPE = 'runlens.charts';
/** Polls for points of running runs: local stores another process may write, and remote servers. */
const LOCAL_POLL_MS = 1000;
const REMOTE_POLL_MS = 10_000;

/** What the command returns: the panel, what it charts, and its messages as they go to the page. */
export interface ChartsPanelHandle {
  panel: vscode.WebviewPanel;
  runIds: string[];
  /** The experiment listing the runs come from (charts opened on an experiment). */
  source?: ExperimentRunSource;
  onDidPost: vscode.Event<ChartsHostMessage>;
  /** Handles a message as if the page posted it (checked as the page's are; tests drive the page's controls through it). */
  receive(message: unknown): Promise<void>;
}

/** Explicit choices that skip the picker (tests, other panels). */
export interface ShowChartsOptions {
  runIds?: string[];
}

/** What to chart from the clicked node and the tree's selection: runs as they are, experiments as the view lists them. */
function chartTarget(node: unknown, selection: unknown, listing: RunListing): { runIds: string[]; source?: ExperimentRunSource } {
  const nodes = (Array.isArray(selection) && selection.length > 0 ? selection : [node]) as (ExperimentsNode | undefined)[];
  const experimentIds = nodes.flatMap((n) => (n?.kind === 'experiment' ? [n.experiment.experimentId] : []));
  if (experimentIds.length > 0) return { runIds: [], source: experimentRunSource(experimentIds, listing, DEFAULT_EXPERIMENT_RUN_LIMIT) };
  return { runIds: [...new Set(nodes.flatMap((n) => (n?.kind === 'run' ? [n.run.info.runId] : [])))] };
}

function panelTitle(runs: Run[], source: ExperimentRunSource | undefined, names: Map<string, string>): string {
  if (source) return `Charts: ${source.experimentIds.map((id) => names.get(id) ?? id).join(', ')}`;
  return runs.length === 1 ? `Charts: ${runs[0].info.runName || runs[0].info.runId}` : `Charts: ${runs.length} runs`;
}

function sameRuns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** The same experiments listed the same way (the run limit aside: the page changes that). */
function sameSource(a: ExperimentRunSource, b: ExperimentRunSource): boolean {
  const listing = (s: ExperimentRunSource) => JSON.stringify([[...s.experimentIds].sort(), s.filter ?? '', s.orderBy ?? '', s.showDeleted]);
  return listing(a) === listing(b);
}

function isSource(value: unknown): value is ExperimentRunSource {
  const v = value as Partial<ExperimentRunSource> | undefined;
  return Array.isArray(v?.experimentIds) && v.experimentIds.every((id) => typeof id === 'string') && typeof v.limit === 'number' && typeof v.showDeleted === 'boolean';
}

/**
 * `selectedNodes`: the Experiments view's selection, used when the command comes from the palette.
 * `runListing`: how that view lists runs now (filter, order, deleted), which an experiment's charts follow.
 */
export function registerChartsPanel(
  context: vscode.ExtensionContext,
  session: StoreSession,
  selectedNodes: () => readonly unknown[] = () => [],
  runListing: () => RunListing = () => ({ showDeleted: false }),
): void {
  const open = new Set<ChartsPanelHandle>();

  const attach = (panel: vscode.WebviewPanel, runIds: string[], source?: ExperimentRunSource): ChartsPanelHandle => {
    const host = new PanelHost<ChartsHostMessage, ChartsPageMessage>(panel, context.extensionUri, session.log, {
      app: 'charts',
      title: 'Metric Charts',
      label: 'Metric charts',
      isPageMessage: isChartsPageMessage,
      onMessage: (message) => onMessage(message),
      errorMessage: (message) => ({ type: 'error', message }),
    });
    const handle: ChartsPanelHandle = { panel, runIds, source, onDidPost: host.onDidPost, receive: (message) => host.receive(message) };
    open.add(handle);
    let data: ChartsData | undefined;
    let xAxis: XAxis = 'step';
    let sentKeys: string[] = [];
    const lastSteps = new Map<string, number>();
    let polling: Promise<void> | undefined;
    let pollTimer: NodeJS.Timeout | undefined;

    const post = (message: ChartsHostMessage) => host.post(message);

    let selection: RunSelection | undefined;
    // Aborted when the panel closes: a million-point load still running stops in the store worker.
    const lifetime = new AbortController();
    const load = async (): Promise<ChartsData> => {
      const store = await session.requireStore();
      const names = await experimentNames(store);
      // An experiment's runs are listed again on each load: the runs it has now, in the view's order.
      if (handle.source) {
        const listed = await experimentRunIds(store.tracking, handle.source);
        handle.runIds = listed.runIds;
        selection = { source: handle.source, shown: listed.runIds.length, total: listed.total };
      }
      const runs = (await Promise.all(handle.runIds.map((id) => store.tracking.getRun(id).catch(() => undefined)))).filter((r): r is Run => r !== undefined);
      panel.title = panelTitle(runs, handle.source, names);
      data = new ChartsData(store.tracking, store.kind === 'remote', runs, names, lifetime.signal);
      sentKeys = data.keys();
      post({ type: 'init', runs: data.chartRuns(), keys: sentKeys, remote: data.remote, ...(selection ? { selection } : {}) });
      schedulePoll();
      return data;
    };

    const anyRunning = () => (data?.chartRuns() ?? []).some((r) => r.status === 'RUNNING');

    const poll = async () => {
      if (!data || !panel.visible) return;
      const before = data.chartRuns().map((r) => r.status).join();
      const series = await data.poll(xAxis, sentKeys, lastSteps);
      if (series.length > 0) post({ type: 'append', xAxis, series });
      const runs = data.chartRuns();
      const keys = data.keys();
      if (keys.join('\u0000') !== sentKeys.join('\u0000')) {
        sentKeys = keys;
        post({ type: 'init', runs, keys, remote: data.remote, ...(selection ? { selection } : {}) });
      } else if (runs.map((r) => r.status).join() !== before) post({ type: 'runs', runs });
    };
    const pollOnce = () => {
      polling ??= poll().catch((error: unknown) => host.fail(error, true)).finally(() => {
        polling = undefined;
        schedulePoll();
      });
    };
    // Local stores hear of writes through the session (embedded server, file watcher); the timer
    // covers writers it cannot see, and remote servers.
    function schedulePoll(): void {
      clearTimeout(pollTimer);
      if (anyRunning()) pollTimer = setTimeout(pollOnce, data?.remote ? REMOTE_POLL_MS : LOCAL_POLL_MS);
    }

    const exportPng = async (name: string, dataUrl: string) => {
      const match = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/u.exec(dataUrl);
      if (!match) throw new Error('The chart image is not a PNG.');
      const target = await vscode.window.showSaveDialog({ filters: { PNG: ['png'] }, defaultUri: vscode.Uri.file(`${name.replace(/[^\w.-]+/gu, '_')}.png`), title: 'Export Chart as PNG' });
      if (!target) return;
      await vscode.workspace.fs.writeFile(target, Buffer.from(match[1], 'base64'));
      void vscode.window.showInformationMessage(`Saved the chart to ${vscode.workspace.asRelativePath(target)}.`);
    };

    const exportCsv = async (keys: string[]) => {
      const charts = data ?? (await load());
      const target = await vscode.window.showSaveDialog({ filters: { CSV: ['csv'] }, defaultUri: vscode.Uri.file(`${keys.length === 1 ? keys[0].replace(/[^\w.-]+/gu, '_') : 'metrics'}.csv`), title: 'Export Metrics as CSV' });
      if (!target) return;
      const { text, rows } = await withCancellableProgress('Exporting metrics…', (signal) => charts.csv(keys, signal));
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      void vscode.window.showInformationMessage(`Exported ${rows} points to ${vscode.workspace.asRelativePath(target)}.`);
    };

    async function onMessage(message: ChartsPageMessage): Promise<void> {
      switch (message.type) {
        case 'ready':
          await load();
          return;
        case 'requestRange': {
          const charts = data ?? (await load());
          xAxis = message.xAxis;
          const range = message.min !== undefined && message.max !== undefined ? { min: message.min, max: message.max } : undefined;
          await Promise.all(message.keys.map(async (key) => {
            const series = await charts.shape(key, message.xAxis, message.pixelWidth, range);
            if (!range) lastStepsOf(series, lastSteps);
            post({ type: 'series', requestId: message.requestId, key, xAxis: message.xAxis, range, series });
          }));
          return;
        }
        case 'setRunLimit':
          if (!handle.source) throw new Error('These charts show picked runs, not an experiment: there is no run count to change.');
          handle.source = { ...handle.source, limit: clampRunLimit(message.limit) };
          lastSteps.clear();
          await load();
          return;
        case 'exportPng':
          return exportPng(message.name, message.dataUrl);
        case 'exportCsv':
          return exportCsv(message.keys);
      }
    }

    host.own(
      session.onDidChangeData(() => {
        if (anyRunning()) pollOnce();
      }),
      session.onDidChangeStore(() => host.run(load)),
      () => {
        clearTimeout(pollTimer);
        lifetime.abort();
        open.delete(handle);
      },
    );
    return handle;
  };

  context.subscriptions.push(
    registerCommand(session.log, 'runlens.showCharts', async (node?: unknown, selection?: unknown, options?: ShowChartsOptions) => {
      const store = await session.requireStore();
      if (node === undefined && selection === undefined) selection = [...selectedNodes()];
      const target = options?.runIds ? { runIds: options.runIds } : chartTarget(node, selection, runListing());
      const source = 'source' in target ? target.source : undefined;
      let runIds = target.runIds;
      if (!source && runIds.length === 0) runIds = (await pickRuns(store, 'Show Metric Charts', 'Pick the runs to chart')) ?? [];
      if (!source && runIds.length === 0) return undefined;
      const existing = [...open].find((h) => (source ? h.source !== undefined && sameSource(h.source, source) : !h.source && sameRuns(h.runIds, runIds)));
      if (existing) {
        existing.panel.reveal();
        return existing;
      }
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Metric Charts', vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
      return attach(panel, runIds, source);
    }),
    // The page keeps the run ids in its state (vscode.setState), so a reload reopens the same charts.
    registerPanelSerializer(VIEW_TYPE, (panel, state) => {
      const { runIds, source } = (state ?? {}) as { runIds?: unknown; source?: unknown };
      if (isSource(source)) attach(panel, [], source);
      else if (Array.isArray(runIds) && runIds.length > 0 && runIds.every((id) => typeof id === 'string')) attach(panel, runIds);
      else return false;
      return true;
    }),
  );
}
