// The Models view's data: registered models (paged; the row says which version is where since
// when) → versions (stage, aliases, source run) and the model's History (its audit trail, newest
// first) → a version's aliases, History (its timeline), tags and, for a version of an MLflow 3
// logged model, the model's files; a model's own tags after its versions. The audit trail's own
// tags are never listed as tags. Pages stay cached until the data or the store changes.
import * as vscode from 'vscode';
import type { LoggedModel, ModelVersion, RegisteredModel } from '../../shared/entities.ts';
import { auditTrail, currentPlacements, withoutAuditTags, type AuditEvent } from '../../store/audit/auditEvent.ts';
import type { ArtifactEntry } from '../../store/artifacts/artifactRepository.ts';
import { artifactTreeItem } from '../experiments/treeItems.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ModelArtifactNode } from '../treeNodes.ts';
import { eventDescription, eventIconId, eventLabel, eventRowIds, eventTooltipLines, modelSummary, placementLines } from '../../describe/auditLabels.ts';
import { aliasesOf, latestVersionNumber, loggedModelIdOf, newestVersionsFirst, stageIconId, versionContextValue, versionDescription, versionsFilter } from '../../describe/modelLabels.ts';
import { versionHistory } from '../../describe/versionHistory.ts';
import type { ModelAliasNode, ModelEventNode, ModelHistoryNode, ModelNode, ModelsLoadMoreNode, ModelsNode, ModelTagNode, ModelVersionNode } from './modelNodes.ts';
import { servingContextValue, servingDescription, type ServingLookup } from './serve/servedModels.ts';

export const MODELS_VIEW_ID = 'runlens.models';
/** Registered models per page, as MLflow's search_registered_models defaults to. */
export const MODELS_PAGE_SIZE = 100;
const MAX_PAGE = 1000;
const MAX_VERSIONS = 200_000;
/** Entries listed per logged-model folder (all pages up to this), as the view has no "Load more" there. */
const MAX_FOLDER_ENTRIES = 5000;

interface Loaded<T> {
  items: T[];
  nextPageToken?: string;
}

const STAGE_COLORS: Record<string, string | undefined> = {
  Production: 'testing.iconPassed',
  Staging: 'charts.yellow',
  Archived: 'disabledForeground',
};

export class ModelsTree implements vscode.TreeDataProvider<ModelsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private models: Loaded<RegisteredModel> | undefined;
  private readonly versions = new Map<string, ModelVersion[]>();
  private readonly loggedModels = new Map<string, Promise<LoggedModel>>();
  private readonly folders = new Map<string, ArtifactEntry[]>();
  /** How many models showed, so a refresh loads as many again. */
  private shownModels = MODELS_PAGE_SIZE;
  private readonly session: StoreSession;
  private readonly serving: ServingLookup | undefined;

  constructor(session: StoreSession, serving?: ServingLookup) {
    this.session = session;
    this.serving = serving;
  }

  /** Forgets cached pages and redraws; expanded rows stay expanded (their ids are stable). */
  refresh(): void {
    if (this.models) this.shownModels = Math.min(Math.max(MODELS_PAGE_SIZE, this.models.items.length), MAX_PAGE);
    this.models = undefined;
    this.versions.clear();
    this.loggedModels.clear();
    this.folders.clear();
    this.changed.fire(undefined);
  }

  async getChildren(node?: ModelsNode): Promise<ModelsNode[]> {
    if (!this.session.store) return [];
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'model': {
        const versions = await this.versionsOf(node.model.name);
        return [
          ...versions.map((version) => toVersionNode(version, aliasesOf(node.model.aliases, version.version))),
          { kind: 'modelHistory', name: node.model.name, count: auditTrail(node.model.tags).length } satisfies ModelHistoryNode,
          ...tagNodes(node.model.name, undefined, node.model.tags),
        ];
      }
      case 'modelVersion': {
        const { model } = await this.modelNode(node.version.name);
        return [
          ...node.aliases.map((alias): ModelAliasNode => ({ kind: 'modelAlias', name: node.version.name, alias, version: node.version.version })),
          { kind: 'modelHistory', name: node.version.name, version: node.version, count: versionHistory(model, node.version).length } satisfies ModelHistoryNode,
          ...tagNodes(node.version.name, node.version.version, node.version.tags),
          ...(await this.versionFiles(node.version).catch((error: unknown) => {
            // A deleted logged model, or a store that cannot list it, must not hide the aliases and tags.
            this.session.log.warn(`The files of ${node.version.name} version ${node.version.version} could not be listed: ${(error as Error).message}`);
            return [];
          })),
        ];
      }
      case 'modelHistory':
        return this.historyEvents(node);
      case 'artifact':
        return node.isDir ? this.modelFiles(node.model, node.path, node.rowScope) : [];
      default:
        return [];
    }
  }

  getTreeItem(node: ModelsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'model':
        return modelItem(node);
      case 'modelVersion':
        return versionItem(node, this.serving?.portOf(node.version.name, node.version.version));
      case 'modelAlias': {
        const item = new vscode.TreeItem(`@${node.alias}`, vscode.TreeItemCollapsibleState.None);
        item.id = `modelAlias:${node.name}@${node.alias}`;
        item.iconPath = new vscode.ThemeIcon('symbol-constant');
        item.description = `models:/${node.name}@${node.alias}`;
        item.contextValue = 'modelAlias';
        return item;
      }
      case 'modelTag': {
        const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.None);
        item.id = `modelTag:${node.name}/${node.version ?? ''}/${node.key}`;
        item.iconPath = new vscode.ThemeIcon('tag');
        item.description = node.value;
        item.tooltip = `${node.key}: ${node.value}`;
        item.contextValue = 'modelTag';
        return item;
      }
      case 'modelHistory': {
        const item = new vscode.TreeItem('History', node.count ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `modelHistory:${node.name}/${node.version?.version ?? ''}`;
        item.iconPath = new vscode.ThemeIcon('history');
        // Models registered by other clients have no trail until RunLens (or runlens server) changes them.
        item.description = node.count ? `${node.count} ${node.count === 1 ? 'event' : 'events'}` : 'no recorded changes';
        item.tooltip = node.version
          ? `How ${node.name} version ${node.version.version} got where it is: created, then every recorded change, newest first`
          : `Every recorded change to ${node.name} and its versions, newest first`;
        item.contextValue = node.version ? 'history.version' : 'history';
        return item;
      }
      case 'modelEvent':
        return eventItem(node);
      case 'artifact':
        return artifactTreeItem(node);
      case 'modelsLoadMore': {
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.id = 'modelsLoadMore';
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { title: 'Load more', command: 'runlens.models.loadMore', arguments: [node] };
        return item;
      }
    }
  }

  /** Parents, so the view can reveal a version (Register Model's "Reveal in Models"). */
  async getParent(node: ModelsNode): Promise<ModelsNode | undefined> {
    switch (node.kind) {
      case 'modelVersion':
        return this.modelNode(node.version.name);
      case 'modelAlias':
        return this.versionNode(node.name, node.version);
      case 'modelTag':
        return node.version === undefined ? this.modelNode(node.name) : this.versionNode(node.name, node.version);
      case 'modelHistory':
        return node.version === undefined ? this.modelNode(node.name) : this.versionNode(node.name, node.version.version);
      case 'modelEvent': {
        const parent = node.version === undefined ? await this.modelNode(node.name) : await this.versionNode(node.name, node.version);
        return (await this.getChildren(parent)).find((n) => n.kind === 'modelHistory');
      }
      default:
        return undefined;
    }
  }

  /** The row of a registered model, from the loaded pages or the store. */
  async modelNode(name: string): Promise<ModelNode> {
    const cached = this.models?.items.find((m) => m.name === name);
    if (cached) return { kind: 'model', model: cached };
    const store = await this.session.requireStore();
    return { kind: 'model', model: await store.registry.getRegisteredModel(name) };
  }

  /** The row of a version, as its model's children show it. */
  async versionNode(name: string, version: string): Promise<ModelVersionNode> {
    const { model } = await this.modelNode(name);
    const found = (await this.versionsOf(name)).find((v) => v.version === version)
      ?? (await (await this.session.requireStore()).registry.getModelVersion(name, version));
    return toVersionNode(found, aliasesOf(model.aliases, version));
  }

  /** The "Load more" row: fetches the next page of registered models. */
  async loadMore(node: ModelsLoadMoreNode): Promise<number> {
    const store = await this.session.requireStore();
    const page = await withViewProgress(() => store.registry.searchRegisteredModels({ maxResults: MODELS_PAGE_SIZE, pageToken: node.pageToken }));
    this.models = { items: [...(this.models?.items ?? []), ...page.items], nextPageToken: page.nextPageToken };
    this.changed.fire(undefined);
    return page.items.length;
  }

  private async rootChildren(): Promise<ModelsNode[]> {
    if (!this.models) {
      const store = await this.session.requireStore();
      const page = await withViewProgress(() => store.registry.searchRegisteredModels({ maxResults: this.shownModels }));
      this.models = { items: page.items, nextPageToken: page.nextPageToken };
    }
    const children: ModelsNode[] = this.models.items.map((model): ModelNode => ({ kind: 'model', model }));
    if (this.models.nextPageToken) children.push({ kind: 'modelsLoadMore', pageToken: this.models.nextPageToken });
    return children;
  }

  /** A History row's events, newest first: the model's whole trail, or one version's timeline. */
  private async historyEvents(node: ModelHistoryNode): Promise<ModelEventNode[]> {
    // The model row holds the tags (the trail) as its page loaded them; a version's History reads it there.
    const { model } = await this.modelNode(node.name);
    const events: AuditEvent[] = (node.version ? versionHistory(model, node.version) : auditTrail(model.tags)).reverse();
    const scope = `modelEvent:${node.name}/${node.version?.version ?? ''}`;
    const ids = eventRowIds(events, scope);
    return events.map((event, i): ModelEventNode => ({ kind: 'modelEvent', name: node.name, version: node.version?.version, event, id: ids[i] }));
  }

  /** The files of the logged model a version was registered from (none for other sources). */
  private async versionFiles(version: ModelVersion): Promise<ModelArtifactNode[]> {
    const modelId = loggedModelIdOf(version);
    if (!modelId) return [];
    let model = this.loggedModels.get(modelId);
    if (!model) {
      const store = await this.session.requireStore();
      model = store.tracking.getLoggedModel(modelId);
      // A failed lookup (store down) is tried again on the next expansion.
      model.catch(() => this.loggedModels.delete(modelId));
      this.loggedModels.set(modelId, model);
    }
    return this.modelFiles(await model, '', `modelVersion:${version.name}/${version.version}`);
  }

  /** A logged-model folder's entries, folders first, each by name. */
  private async modelFiles(model: LoggedModel, folder: string, rowScope: string | undefined): Promise<ModelArtifactNode[]> {
    const key = `${model.modelId}/${folder}`;
    let entries = this.folders.get(key);
    if (!entries) {
      const store = await this.session.requireStore();
      const repository = store.artifacts(model.artifactUri);
      entries = await withViewProgress(async () => {
        const all: ArtifactEntry[] = [];
        let pageToken: string | undefined;
        do {
          const page = await repository.list(folder, pageToken);
          all.push(...page.items);
          pageToken = page.nextPageToken;
        } while (pageToken && all.length < MAX_FOLDER_ENTRIES);
        return all;
      });
      this.folders.set(key, entries);
    }
    return [...entries]
      .sort((a, b) => Number(b.isDir) - Number(a.isDir) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((entry): ModelArtifactNode => ({ kind: 'artifact', model, rowScope, path: entry.path, isDir: entry.isDir, fileSize: entry.fileSize }));
  }

  private async versionsOf(name: string): Promise<ModelVersion[]> {
    let versions = this.versions.get(name);
    if (!versions) {
      const store = await this.session.requireStore();
      versions = await withViewProgress(async () => {
        const all: ModelVersion[] = [];
        let pageToken: string | undefined;
        do {
          const page = await store.registry.searchModelVersions({ filter: versionsFilter(name), pageToken });
          // The filter is on the name; a store that matched loosely still shows this model's own.
          all.push(...page.items.filter((v) => v.name === name));
          pageToken = page.nextPageToken;
        } while (pageToken && all.length < MAX_VERSIONS);
        return newestVersionsFirst(all);
      });
      this.versions.set(name, versions);
    }
    return versions;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function toVersionNode(version: ModelVersion, aliases: string[]): ModelVersionNode {
  return { kind: 'modelVersion', version, aliases };
}

function tagNodes(name: string, version: string | undefined, tags: { key: string; value: string }[]): ModelTagNode[] {
  return withoutAuditTags(tags).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((tag): ModelTagNode => ({ kind: 'modelTag', name, version, key: tag.key, value: tag.value ?? '' }));
}

function modelItem(node: ModelNode): vscode.TreeItem {
  const { model } = node;
  const item = new vscode.TreeItem(model.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `model:${model.name}`;
  item.iconPath = new vscode.ThemeIcon('package');
  // latestVersions (one per stage) is enough to say which version is in Production or Staging.
  const placements = currentPlacements(model, model.latestVersions);
  item.description = modelSummary(placements, latestVersionNumber(model));
  item.contextValue = 'model';
  // The description is markdown in MLflow's UI too; untrusted, so it runs no command links.
  const tooltip = new vscode.MarkdownString();
  tooltip.appendMarkdown(`**${escapeMarkdown(model.name)}**\n\n`);
  if (placements.length) tooltip.appendText(`${placementLines(placements).join('\n')}\n\n`);
  if (model.description) tooltip.appendMarkdown(model.description);
  else tooltip.appendText('No description.');
  item.tooltip = tooltip;
  return item;
}

function versionItem(node: ModelVersionNode, servingPort: number | undefined): vscode.TreeItem {
  const { version, aliases } = node;
  // Every version has at least its History.
  const item = new vscode.TreeItem(`Version ${version.version}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `modelVersion:${version.name}/${version.version}`;
  const color = STAGE_COLORS[version.currentStage];
  item.iconPath = new vscode.ThemeIcon(stageIconId(version.currentStage), color ? new vscode.ThemeColor(color) : undefined);
  item.description = servingDescription(versionDescription(version.currentStage, aliases), servingPort);
  item.contextValue = servingContextValue(versionContextValue(version.currentStage), servingPort);
  const tooltip = new vscode.MarkdownString();
  tooltip.appendText(`${version.name} version ${version.version} · ${version.currentStage || 'None'}${version.status === 'READY' ? '' : ` · ${version.status}`}`);
  if (version.runId) tooltip.appendText(`\nSource run ${version.runId}`);
  if (version.source) tooltip.appendText(`\nSource ${version.source}`);
  if (version.creationTimestamp) tooltip.appendText(`\nRegistered ${new Date(version.creationTimestamp).toLocaleString()}`);
  if (version.description) tooltip.appendMarkdown('\n\n---\n\n').appendMarkdown(version.description);
  item.tooltip = tooltip;
  return item;
}

function eventItem(node: ModelEventNode): vscode.TreeItem {
  const { event } = node;
  // Under the model's History each row says which version it is about.
  const item = new vscode.TreeItem(eventLabel(event, { withVersion: node.version === undefined }), vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(eventIconId(event));
  item.description = eventDescription(event);
  item.tooltip = eventTooltipLines(event, node.name).join('\n');
  item.contextValue = 'auditEvent';
  return item;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/gu, '\\$&');
}

/** Shows the view's progress bar while a slow page loads. */
function withViewProgress<T>(task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId: MODELS_VIEW_ID } }, task));
}
