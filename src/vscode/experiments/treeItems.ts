// How each row of the Experiments view looks: labels, codicons, theme colours, tooltips.
import path from 'node:path';
import * as vscode from 'vscode';
import type { Run, RunStatus } from '../../shared/entities.ts';
import { COMMAND_TAG, GIT_COMMIT_TAG } from '../launch/launchCommand.ts';
import type { ArtifactNode, ExperimentNode, LoadMoreNode, RunNode, RunSectionNode, RunValueNode } from '../treeNodes.ts';
import { formatBytes, formatMetricValue, runDescription, runDuration } from './runLabels.ts';
import type { RunListOptions } from './runListOptions.ts';
import { runArtifactUri } from '../artifacts/artifactCommands.ts';

const STATUS_ICONS: Record<RunStatus, vscode.ThemeIcon> = {
  RUNNING: new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue')),
  SCHEDULED: new vscode.ThemeIcon('clock'),
  FINISHED: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  FAILED: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  KILLED: new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground')),
};

const SECTION_LABELS: Record<RunSectionNode['section'], [string, string]> = {
  params: ['Parameters', 'symbol-parameter'],
  metrics: ['Metrics', 'graph-line'],
  tags: ['Tags', 'tag'],
  artifacts: ['Artifacts', 'files'],
};

const NOTE_TAG = 'mlflow.note.content';

/**
 * `run.<status>.<stage>` plus what the run's menus need to know: `.rerun` when RunLens launched it
 * (its command is recorded), `.code` when it records a git commit (Show Code Diff).
 */
export function runContextValue(run: Run): string {
  const has = (key: string) => run.data.tags.some((t) => t.key === key);
  return [`run.${run.info.status.toLowerCase()}.${run.info.lifecycleStage}`, has(COMMAND_TAG) ? 'rerun' : '', has(GIT_COMMIT_TAG) ? 'code' : ''].filter(Boolean).join('.');
}

export function experimentTreeItem(node: ExperimentNode, options: RunListOptions): vscode.TreeItem {
  const { experiment } = node;
  const item = new vscode.TreeItem(experiment.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `experiment:${experiment.experimentId}`;
  item.iconPath = new vscode.ThemeIcon('beaker');
  item.contextValue = 'experiment';
  item.description = options.filter ? `filtered: ${options.filter}` : undefined;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${experiment.name}\nID ${experiment.experimentId}\n${experiment.artifactLocation}`);
  for (const tag of experiment.tags.filter((t) => !t.key.startsWith('mlflow.'))) tooltip.appendText(`\n${tag.key}: ${tag.value}`);
  item.tooltip = tooltip;
  return item;
}

export function runTreeItem(node: RunNode, nowMs: number, keyMetric: string | undefined): vscode.TreeItem {
  const { info, data } = node.run;
  const item = new vscode.TreeItem(info.runName || info.runId, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `run:${info.runId}`;
  const deleted = info.lifecycleStage === 'deleted';
  item.iconPath = deleted ? new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground')) : (STATUS_ICONS[info.status] ?? new vscode.ThemeIcon('circle-outline'));
  item.description = runDescription(node.run, nowMs, keyMetric);
  item.contextValue = runContextValue(node.run);
  // Run data is shown as text, never as markdown: a tag value must not render links or HTML.
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${info.runName || info.runId}\n${info.status}${deleted ? ' (deleted)' : ''} · ${info.runId}`);
  if (info.startTime) tooltip.appendText(`\nStarted ${new Date(info.startTime).toLocaleString()}`);
  const duration = runDuration(node.run);
  if (duration) tooltip.appendText(`\nDuration ${duration}`);
  const note = data.tags.find((tag) => tag.key === NOTE_TAG)?.value;
  if (note) tooltip.appendText(`\n\n${note}`);
  item.tooltip = tooltip;
  return item;
}

export function sectionTreeItem(node: RunSectionNode): vscode.TreeItem {
  const [label, icon] = SECTION_LABELS[node.section];
  const { data } = node.run;
  const counts = { params: data.params.length, metrics: data.metrics.length, tags: data.tags.filter((t) => !t.key.startsWith('mlflow.')).length };
  const count = node.section === 'artifacts' ? undefined : counts[node.section];
  const empty = count === 0;
  const item = new vscode.TreeItem(label, empty ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `run:${node.run.info.runId}:${node.section}`;
  item.iconPath = new vscode.ThemeIcon(icon);
  item.description = count === undefined ? undefined : String(count);
  item.contextValue = `section.${node.section}`;
  return item;
}

export function valueTreeItem(node: RunValueNode): vscode.TreeItem {
  const shown = node.kind === 'metric' ? formatMetricValue(Number(node.value)) : node.value;
  const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.None);
  item.id = `run:${node.run.info.runId}:${node.kind}:${node.key}`;
  item.description = shown.length > 80 ? `${shown.slice(0, 79)}…` : shown;
  item.tooltip = `${node.key} = ${node.value}`;
  item.contextValue = node.kind;
  return item;
}

export function artifactTreeItem(node: ArtifactNode): vscode.TreeItem {
  const name = path.posix.basename(node.path);
  const item = new vscode.TreeItem(name, node.isDir ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `run:${node.run.info.runId}:artifact:${node.path}`;
  // The resource URI lets the file-icon theme pick icons by name; the provider serves its bytes.
  item.resourceUri = runArtifactUri(node.run, node.path);
  item.iconPath = node.isDir ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
  item.contextValue = node.isDir ? 'artifact.folder' : 'artifact.file';
  if (!node.isDir) {
    item.description = node.fileSize === undefined ? undefined : formatBytes(node.fileSize);
    item.command = { command: 'runlens.artifact.open', title: 'Open Artifact', arguments: [node] };
  }
  return item;
}

export function loadMoreTreeItem(node: LoadMoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = `loadMore:${node.parent.kind}:${node.parent.kind === 'experiment' ? node.parent.experiment.experimentId : `${node.parent.run.info.runId}:${node.parent.kind === 'artifact' ? node.parent.path : ''}`}`;
  item.iconPath = new vscode.ThemeIcon('more');
  item.contextValue = 'loadMore';
  item.command = { command: 'runlens.loadMore', title: 'Load More', arguments: [node] };
  return item;
}
