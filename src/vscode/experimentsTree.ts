// The Experiments view: experiments, and under each its runs (newest first).
import * as vscode from 'vscode';
import type { Experiment, Run, RunStatus } from '../shared/entities.ts';
import type { OpenedStore } from '../store/openStore.ts';

const RUNS_PER_PAGE = 200;

const STATUS_ICONS: Record<RunStatus, vscode.ThemeIcon> = {
  RUNNING: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  SCHEDULED: new vscode.ThemeIcon('clock'),
  FINISHED: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  FAILED: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  KILLED: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

export type ExperimentsNode = { kind: 'experiment'; experiment: Experiment } | { kind: 'run'; run: Run };

export class ExperimentsTree implements vscode.TreeDataProvider<ExperimentsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExperimentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private store: OpenedStore | undefined;

  setStore(store: OpenedStore | undefined): void {
    this.store = store;
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: ExperimentsNode): Promise<ExperimentsNode[]> {
    if (!this.store) return [];
    if (!node) {
      const page = await this.store.tracking.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000 });
      return page.items.map((experiment) => ({ kind: 'experiment', experiment }));
    }
    if (node.kind === 'experiment') {
      const page = await this.store.tracking.searchRuns({ experimentIds: [node.experiment.experimentId], maxResults: RUNS_PER_PAGE });
      return page.items.map((run) => ({ kind: 'run', run }));
    }
    return [];
  }

  getTreeItem(node: ExperimentsNode): vscode.TreeItem {
    if (node.kind === 'experiment') {
      const item = new vscode.TreeItem(node.experiment.name, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `experiment:${node.experiment.experimentId}`;
      item.iconPath = new vscode.ThemeIcon('beaker');
      item.contextValue = 'experiment';
      item.tooltip = `Experiment ${node.experiment.experimentId}\n${node.experiment.artifactLocation}`;
      return item;
    }
    const { info } = node.run;
    const item = new vscode.TreeItem(info.runName || info.runId, vscode.TreeItemCollapsibleState.None);
    item.id = `run:${info.runId}`;
    item.iconPath = STATUS_ICONS[info.status] ?? new vscode.ThemeIcon('circle-outline');
    item.description = info.startTime ? new Date(info.startTime).toLocaleString() : undefined;
    item.contextValue = `run.${info.status.toLowerCase()}`;
    item.tooltip = `${info.runName}\n${info.status} · ${info.runId}`;
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
