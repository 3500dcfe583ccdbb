// The Experiments view and its title-bar commands: filter, sort, deleted runs, key metric, paging.
import * as vscode from 'vscode';
import type { StoreSession } from '../storeSession.ts';
import { registerCommand } from '../commandRunner.ts';
import { experimentsViewSettings, setWorkspaceKeyMetric } from '../config.ts';
import { isLoadMoreNode, isRunNode, type ExperimentsNode } from '../treeNodes.ts';
import { stringArg } from '../commandArgs.ts';
import { UserError } from '../userError.ts';
import { askFilter } from './filterPicker.ts';
import { ExperimentsTree } from './experimentsTree.ts';
import { filterProblem, orderByProblem, rememberFilter } from './runListOptions.ts';

const FILTER_HISTORY_KEY = 'runlens.filterHistory';
/** How often visible rows are redrawn so "5 min ago" ages; no store query is made. */
export const RELABEL_INTERVAL_MS = 60_000;

/** Order choices every store can answer; metric orders are added from the loaded runs. */
const ATTRIBUTE_ORDERS: [string, string][] = [
  ['Start time, newest first', 'attributes.start_time DESC'],
  ['Start time, oldest first', 'attributes.start_time ASC'],
  ['Run name', 'attributes.run_name ASC'],
  ['Status', 'attributes.status ASC'],
  ['End time, newest first', 'attributes.end_time DESC'],
];

export interface ExperimentsView {
  tree: ExperimentsTree;
  view: vscode.TreeView<ExperimentsNode>;
}

function readViewSettings(tree: ExperimentsTree): void {
  const { runsPageSize, keyMetric } = experimentsViewSettings();
  tree.setListOptions({ pageSize: runsPageSize });
  tree.setKeyMetric(keyMetric);
}

export function registerExperimentsView(context: vscode.ExtensionContext, session: StoreSession): ExperimentsView {
  const tree = new ExperimentsTree(session);
  const view = vscode.window.createTreeView('runlens.experiments', { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  readViewSettings(tree);
  const { log } = session;

  const showOptions = async () => {
    const { filter, showDeleted } = tree.listOptions;
    view.message = filter ? `Filter: ${filter}` : undefined;
    await vscode.commands.executeCommand('setContext', 'runlens.filtered', Boolean(filter));
    await vscode.commands.executeCommand('setContext', 'runlens.showDeleted', showDeleted);
  };

  async function askOrder(): Promise<string | undefined> {
    const metricKeys = [...new Set(tree.loadedRuns().flatMap((run) => run.data.metrics.map((m) => m.key)))].sort();
    const items = [
      ...ATTRIBUTE_ORDERS.map(([label, orderBy]) => ({ label, description: orderBy, orderBy })),
      ...metricKeys.flatMap((key) => [
        { label: `${key}, highest first`, description: `metrics.\`${key}\` DESC`, orderBy: `metrics.\`${key}\` DESC` },
        { label: `${key}, lowest first`, description: `metrics.\`${key}\` ASC`, orderBy: `metrics.\`${key}\` ASC` },
      ]),
      { label: '$(edit) Other…', description: 'any MLflow order_by term', orderBy: '' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Sort Runs', placeHolder: 'Order runs by', matchOnDescription: true });
    if (!picked || picked.orderBy) return picked?.orderBy;
    return vscode.window.showInputBox({ title: 'Sort Runs', prompt: 'An MLflow order_by term', placeHolder: 'params.lr DESC', validateInput: (value) => orderByProblem(value) });
  }

  context.subscriptions.push(
    tree,
    view,
    // Scopes the F2 / Delete keybindings to a selection that holds a run.
    view.onDidChangeSelection((e) => void vscode.commands.executeCommand('setContext', 'runlens.runSelected', e.selection.some(isRunNode))),
    redrawWhileVisible(view, () => tree.redrawLabels(), RELABEL_INTERVAL_MS),
    session.onDidChangeStore(() => tree.refresh()),
    session.onDidChangeData(() => tree.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('runlens.runsPageSize') || e.affectsConfiguration('runlens.keyMetric')) readViewSettings(tree);
    }),
    // View-title commands receive the selected row from VS Code: only a string is an explicit value.
    registerCommand(log, 'runlens.filterRuns', async (expression?: unknown) => {
      const filter = stringArg(expression) ?? (await askFilter(tree.listOptions.filter, context.workspaceState.get<string[]>(FILTER_HISTORY_KEY, [])));
      if (filter === undefined) return tree.listOptions.filter;
      const problem = filterProblem(filter);
      if (problem) throw new Error(`Invalid filter: ${problem}`);
      await context.workspaceState.update(FILTER_HISTORY_KEY, rememberFilter(context.workspaceState.get<string[]>(FILTER_HISTORY_KEY, []), filter));
      tree.setListOptions({ filter: filter.trim() || undefined });
      await showOptions();
      return tree.listOptions.filter;
    }),
    registerCommand(log, 'runlens.clearFilter', async () => {
      tree.setListOptions({ filter: undefined });
      await showOptions();
    }),
    registerCommand(log, 'runlens.sortRuns', async (term?: unknown) => {
      const orderBy = stringArg(term) ?? (await askOrder());
      if (orderBy === undefined) return tree.listOptions.orderBy;
      const problem = orderBy ? orderByProblem(orderBy) : undefined;
      if (problem) throw new Error(`Invalid sort order: ${problem}`);
      tree.setListOptions({ orderBy: orderBy || undefined });
      return tree.listOptions.orderBy;
    }),
    registerCommand(log, 'runlens.showDeleted', async () => {
      tree.setListOptions({ showDeleted: true });
      await showOptions();
    }),
    registerCommand(log, 'runlens.hideDeleted', async () => {
      tree.setListOptions({ showDeleted: false });
      await showOptions();
    }),
    registerCommand(log, 'runlens.chooseKeyMetric', async (key?: unknown) => {
      const keys = [...new Set(tree.loadedRuns().flatMap((run) => run.data.metrics.map((m) => m.key)))].sort();
      const chosen = stringArg(key) ?? (await vscode.window.showQuickPick(['(first metric by name)', ...keys], { title: 'Key Metric', placeHolder: 'Shown beside each run' }));
      if (chosen === undefined) return;
      const value = chosen === '(first metric by name)' ? '' : chosen;
      await setWorkspaceKeyMetric(value);
      tree.setKeyMetric(value);
    }),
    registerCommand(log, 'runlens.loadMore', (node?: unknown) => {
      if (!isLoadMoreNode(node)) throw new UserError('Load More continues a list: choose its "Load more…" row.');
      return tree.loadMore(node);
    }),
  );
  void showOptions();
  return { tree, view };
}

/** Calls `redraw` every `intervalMs` while the view is visible (a hidden view draws nothing). */
export function redrawWhileVisible(view: vscode.TreeView<unknown>, redraw: () => void, intervalMs: number): vscode.Disposable {
  let timer: ReturnType<typeof setInterval> | undefined;
  const update = () => {
    if (view.visible && !timer) {
      // Shown again after a while: bring the times up to date at once.
      redraw();
      timer = setInterval(redraw, intervalMs);
    } else if (!view.visible && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  const subscription = view.onDidChangeVisibility(update);
  update();
  return new vscode.Disposable(() => {
    subscription.dispose();
    clearInterval(timer);
  });
}
