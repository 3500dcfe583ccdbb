// "RunLens: Open Runs Table": one experiment's runs in a virtualised webview table. The page asks
// for row ranges as it scrolls; the host answers each with one offset query to the store.
import * as vscode from 'vscode';
import type { Experiment } from '../../shared/entities.ts';
import { stepRange } from '../../shared/metricsAtStepCells.ts';
import { availableColumns, defaultVisibleColumns } from '../../shared/runsTableColumns.ts';
import { isRunsTablePageMessage, type ColumnId, type RunsQuery, type RunsTableHostMessage, type RunsTablePageMessage } from '../../shared/runsTableProtocol.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { registerCommand, withCancellableProgress } from '../commandRunner.ts';
import { toComparedRun } from '../../describe/comparedRuns.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ExperimentsNode } from '../treeNodes.ts';
import { runNodes } from '../runNodes.ts';
import { PanelHost, registerPanelSerializer } from '../webview/panelHost.ts';
import { webviewOptions } from '../webview/webviewHtml.ts';
import { countAnswer, fetchRows, groupAllRuns, runsCsv, searchQuery } from './runsTableData.ts';

const VIEW_TYPE = 'runlens.runsTable';
const COLUMNS_KEY = 'runlens.runsTable.columns';
/** Runs sampled to discover the column keys (params, metrics, tags) of an experiment. */
const COLUMN_SAMPLE = 1000;

/** What the command returns: the panel, its experiment, and its messages as they go to the page. */
export interface RunsTableHandle {
  panel: vscode.WebviewPanel;
  experimentId: string;
  onDidPost: vscode.Event<RunsTableHostMessage>;
}

async function pickExperiment(store: OpenedStore): Promise<Experiment | undefined> {
  const page = await store.tracking.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000 });
  const picked = await vscode.window.showQuickPick(page.items.map((e) => ({ label: e.name, description: e.experimentId, experiment: e })), { title: 'Open Runs Table', placeHolder: 'Experiment' });
  return picked?.experiment;
}

const openTables = new Set<{ panel: vscode.WebviewPanel; experimentId: string; query: () => RunsQuery }>();

/** The experiment and filter of the runs table in front, for commands on its title bar (Show Parameter Importance). */
export function activeRunsTable(): { experimentId: string; query: RunsQuery } | undefined {
  const table = [...openTables].find((t) => t.panel.active);
  return table && { experimentId: table.experimentId, query: table.query() };
}

export function registerRunsTable(context: vscode.ExtensionContext, session: StoreSession): void {
  const columnsMemory = (experimentId: string) => context.workspaceState.get<Record<string, ColumnId[]>>(COLUMNS_KEY, {})[experimentId];

  const open = (panel: vscode.WebviewPanel, experimentId: string): RunsTableHandle => {
    let query: RunsQuery = {};
    let total = 0;
    // Row requests of a query the page has left (a new filter or sort), or of a closed panel, are
    // cancelled: the store worker stops reading them.
    let rowRequests = new AbortController();
    const host = new PanelHost<RunsTableHostMessage, RunsTablePageMessage>(panel, context.extensionUri, session.log, {
      app: 'runsTable',
      title: 'Runs',
      label: 'Runs table',
      isPageMessage: isRunsTablePageMessage,
      onMessage: (message): Promise<unknown> => onMessage(message),
      errorMessage: (message) => ({ type: 'error', message }),
    });
    const handle: RunsTableHandle = { panel, experimentId, onDidPost: host.onDidPost };
    const post = (message: RunsTableHostMessage): void => host.post(message);
    let experimentName = experimentId;

    const init = async () => {
      const store = await session.requireStore();
      const experiment = await store.tracking.getExperiment(experimentId);
      experimentName = experiment.name;
      panel.title = `Runs: ${experiment.name}`;
      const sample = await store.tracking.searchRuns({ experimentIds: [experimentId], maxResults: COLUMN_SAMPLE });
      const columns = availableColumns(sample.items.map((run) => toComparedRun(run, experiment.name)));
      const remembered = columnsMemory(experimentId)?.filter((c) => columns.includes(c));
      // The slider spans the sampled runs' steps; the number box takes any step.
      const steps = stepRange(sample.items);
      post({ type: 'init', experimentId, experimentName: experiment.name, columns, visibleColumns: remembered?.length ? remembered : defaultVisibleColumns(columns), ...(steps ? { stepRange: steps } : {}) });
    };

    const exportCsv = async () => {
      const store = await session.requireStore();
      const target = await vscode.window.showSaveDialog({ filters: { CSV: ['csv'] }, defaultUri: vscode.Uri.file(`${experimentName}-runs.csv`), title: 'Export Runs as CSV' });
      if (!target) return;
      const csv = await withCancellableProgress('Exporting runs…', (signal, progress) => runsCsv(store.tracking, searchQuery(experimentId, query), experimentName, signal, (n) => progress.report({ message: `${n} runs` })));
      await vscode.workspace.fs.writeFile(target, Buffer.from(csv.text, 'utf8'));
      void vscode.window.showInformationMessage(`Exported ${csv.rows} runs to ${vscode.workspace.asRelativePath(target)}.`);
    };

    const onMessage = async (message: RunsTablePageMessage): Promise<unknown> => {
      const store = await session.requireStore();
      switch (message.type) {
        case 'ready':
          return init();
        case 'query': {
          const answer = await countAnswer(store.tracking, experimentId, message.queryId, message.query);
          if (answer.type === 'count') {
            query = message.query;
            total = answer.total;
            rowRequests.abort();
            rowRequests = new AbortController();
          }
          else session.log.warn(`Runs table: ${answer.message}`);
          return post(answer);
        }
        case 'step':
          // Same runs, same order: only the values change, so the count stands and reads of the old step stop.
          query = { ...query, step: message.step };
          rowRequests.abort();
          rowRequests = new AbortController();
          return post({ type: 'count', queryId: message.queryId, total });
        case 'rows': {
          const atStep = query.step === undefined ? undefined : { step: query.step, metricKeys: message.metricKeys ?? [] };
          const rows = await fetchRows(store.tracking, searchQuery(experimentId, query), message.start, message.count, experimentName, rowRequests.signal, atStep);
          return post({ type: 'rows', queryId: message.queryId, start: message.start, rows });
        }
        case 'groupBy': {
          const groups = await groupAllRuns(store.tracking, searchQuery(experimentId, query), experimentName, message.paramKey, rowRequests.signal);
          return post({ type: 'groups', queryId: message.queryId, paramKey: message.paramKey, groups });
        }
        case 'columns': {
          const all = context.workspaceState.get<Record<string, ColumnId[]>>(COLUMNS_KEY, {});
          return context.workspaceState.update(COLUMNS_KEY, { ...all, [experimentId]: message.visibleColumns });
        }
        case 'action': {
          const nodes = await runNodes(store, message.runIds);
          const command = { compare: 'runlens.compareRuns', charts: 'runlens.showCharts', registerModel: 'runlens.run.registerModel' }[message.action];
          return vscode.commands.executeCommand(command, nodes[0], nodes);
        }
        case 'exportCsv':
          return exportCsv();
      }
    };

    // New or finished runs: the page re-asks its count and visible rows.
    const table = { panel, experimentId, query: () => query };
    openTables.add(table);
    host.own(session.onDidChangeData(() => {
      if (panel.visible) post({ type: 'refresh' });
    }), () => rowRequests.abort(), () => openTables.delete(table));
    return handle;
  };

  context.subscriptions.push(
    registerCommand(session.log, 'runlens.openRunsTable', async (node?: ExperimentsNode) => {
      const store = await session.requireStore();
      const experiment = node?.kind === 'experiment' ? node.experiment : await pickExperiment(store);
      if (!experiment) return undefined;
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Runs: ${experiment.name}`, vscode.ViewColumn.Active, webviewOptions(context.extensionUri));
      return open(panel, experiment.experimentId);
    }),
    // The page keeps the experiment id in its state, so a reload reopens the same table.
    registerPanelSerializer(VIEW_TYPE, (panel, state) => {
      const experimentId = (state as { experimentId?: unknown } | undefined)?.experimentId;
      if (typeof experimentId !== 'string') return false;
      open(panel, experimentId);
      return true;
    }),
  );
}
