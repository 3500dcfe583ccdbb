// How each row of the Experiments view looks: labels, codicons, theme colours, tooltips.
import path from 'node:path';
import * as vscode from 'vscode';
import type { Run, RunStatus } from '../../shared/entities.ts';
import { COMMAND_TAG, GIT_COMMIT_TAG } from '../../shared/launchTags.ts';
import type { ArtifactNode, ExperimentNode, LoadMoreNode, LoggedModelNode, MessageNode, RunNode, RunSectionNode, RunValueNode } from '../treeNodes.ts';
import { formatBytes, formatMetricValue, isSystemTag, runDescription, runDuration } from './runLabels.ts';
import type { RunListOptions } from './runListOptions.ts';
import { loggedModelDescription, registeredVersions, runHasModel } from './runModels.ts';
import { artifactUri } from '../artifacts/artifactCommands.ts';
import { artifactLocationOf } from '../artifacts/artifactNodes.ts';

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
  models: ['Models', 'package'],
};

const NOTE_TAG = 'mlflow.note.content';

/**
 * `run.<status>.<stage>` plus what the run's menus need to know (after the stage, so `^run\.running`
 * and `^run\.[a-z]+\.active` still match): `.model` when it has a model, `.rerun` when RunLens launched it
 * (its command is recorded), `.code` when it records a git commit (Show Code Diff).
 */
export function runContextValue(run: Run, hasModel: boolean): string {
  const has = (key: string) => run.data.tags.some((t) => t.key === key);
  return [`run.${run.info.status.toLowerCase()}.${run.info.lifecycleStage}`, hasModel ? 'model' : '', has(COMMAND_TAG) ? 'rerun' : '', has(GIT_COMMIT_TAG) ? 'code' : ''].filter(Boolean).join('.');
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
  item.contextValue = runContextValue(node.run, runHasModel(node.run, node.models));
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

export function sectionTreeItem(node: RunSectionNode, modelCount: number): vscode.TreeItem {
  const [label, icon] = SECTION_LABELS[node.section];
  const { data } = node.run;
  const counts = { params: data.params.length, metrics: data.metrics.length, tags: data.tags.length, models: modelCount };
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
  // MLflow's own tags are shown (user, source, git commit) but not offered for deletion.
  item.contextValue = node.kind === 'tag' && isSystemTag(node.key) ? 'tag.system' : node.kind;
  if (node.kind === 'tag' && isSystemTag(node.key)) item.iconPath = new vscode.ThemeIcon('gear');
  if (node.kind === 'metric') {
    const runNode: RunNode = { kind: 'run', run: node.run, childRuns: [] };
    item.command = { command: 'runlens.showCharts', title: 'Show Metric Charts', arguments: [runNode] };
  }
  return item;
}

export function loggedModelTreeItem(node: LoggedModelNode, flavors: string[] | undefined): vscode.TreeItem {
  const { model } = node;
  const item = new vscode.TreeItem(model.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `run:${node.run.info.runId}:model:${model.modelId}`;
  item.iconPath = new vscode.ThemeIcon('package');
  item.description = loggedModelDescription(model, flavors);
  item.contextValue = 'loggedModel';
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${model.name}\nLogged model ${model.modelId}\nmodels:/${model.modelId}`);
  if (model.creationTimestampMs) tooltip.appendText(`\nLogged ${new Date(model.creationTimestampMs).toLocaleString()}`);
  for (const version of registeredVersions(model)) tooltip.appendText(`\nRegistered as ${version.name} version ${version.version}`);
  item.tooltip = tooltip;
  return item;
}

export function messageTreeItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = node.isError ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('info');
  if (node.isError) item.tooltip = node.message;
  item.contextValue = 'message';
  return item;
}

export function artifactTreeItem(node: ArtifactNode): vscode.TreeItem {
  const name = path.posix.basename(node.path);
  const item = new vscode.TreeItem(name, node.isDir ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.model ? `${node.rowScope ?? `run:${node.run?.info.runId ?? ''}`}:model:${node.model.modelId}:artifact:${node.path}` : `run:${node.run.info.runId}:artifact:${node.path}`;
  // The resource URI lets the file-icon theme pick icons by name; the provider serves its bytes.
  item.resourceUri = artifactUri(artifactLocationOf(node));
  item.iconPath = node.isDir ? vscode.ThemeIcon.Folder : vscode.ThemeIcon.File;
  // A logged model's files are not a run's: "Compare with…" (across runs) is not offered for them.
  item.contextValue = `${node.isDir ? 'artifact.folder' : 'artifact.file'}${node.model ? '.model' : ''}`;
  if (!node.isDir) {
    item.description = node.fileSize === undefined ? undefined : formatBytes(node.fileSize);
    item.command = { command: 'runlens.artifact.open', title: 'Open Artifact', arguments: [node] };
  }
  return item;
}

export function loadMoreTreeItem(node: LoadMoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = `loadMore:${node.parent.kind}:${loadMoreOwnerId(node.parent)}`;
  item.iconPath = new vscode.ThemeIcon('more');
  item.contextValue = 'loadMore';
  item.command = { command: 'runlens.loadMore', title: 'Load More', arguments: [node] };
  return item;
}

function loadMoreOwnerId(parent: LoadMoreNode['parent']): string {
  switch (parent.kind) {
    case 'experiment':
      return parent.experiment.experimentId;
    case 'section':
      return parent.run.info.runId;
    case 'loggedModel':
      return parent.model.modelId;
    case 'artifact':
      return parent.model ? `${parent.model.modelId}:${parent.path}` : `${parent.run.info.runId}:${parent.path}`;
  }
}
