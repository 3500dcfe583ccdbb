// The Experiments view's data: experiments → runs (paged, nested, filtered, sorted) → a run's
// parameters, metrics, tags, artifact folders and MLflow 3 logged models. Pages stay cached until the data changes.
import * as vscode from 'vscode';
import type { Experiment, LoggedModel, Run } from '../../shared/entities.ts';
import type { ArtifactEntry } from '../../store/artifacts/artifactRepository.ts';
import { artifactRootOf } from '../artifacts/artifactNodes.ts';
import { reportError } from '../commandRunner.ts';
import { MLMODEL_FILE } from '../models/findRunModels.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ArtifactNode, ExperimentNode, ExperimentsNode, LoadMoreNode, LoggedModelNode, ModelArtifactNode, RunArtifactNode, RunNode, RunSectionNode } from '../treeNodes.ts';
import { nestRuns, parentRunId, type RunTreeEntry } from './runHierarchy.ts';
import { emptyRunsMessage, orderedTags } from './runLabels.ts';
import { DEFAULT_RUN_LIST_OPTIONS, runPageQuery, type RunListOptions } from './runListOptions.ts';
import { loggedModelsByRun, mlmodelFlavors } from './runModels.ts';
import { runTreeItem, experimentTreeItem, sectionTreeItem, valueTreeItem, artifactTreeItem, loadMoreTreeItem, loggedModelTreeItem, messageTreeItem } from './treeItems.ts';

interface Loaded<T> {
  items: T[];
  nextPageToken?: string;
}

const SECTIONS: RunSectionNode['section'][] = ['params', 'metrics', 'tags', 'artifacts'];

export class ExperimentsTree implements vscode.TreeDataProvider<ExperimentsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExperimentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private options: RunListOptions = { ...DEFAULT_RUN_LIST_OPTIONS };
  private keyMetricName: string | undefined;
  private runPages = new Map<string, Loaded<Run>>();
  private artifactPages = new Map<string, Loaded<ArtifactEntry>>();
  /** Per experiment: its logged models by source run, looked up with its first page of runs. */
  private modelsByRun = new Map<string, Map<string, LoggedModel[]>>();
  /** Flavors read from a logged model's MLmodel once its row was expanded. */
  private readonly flavors = new Map<string, string[]>();
  private experimentList: Experiment[] | undefined;
  /** Bumped by refresh, so a listing started before it is not kept. */
  private generation = 0;
  /** How many runs each experiment showed, so a refresh loads as many again. */
  private loadedCounts = new Map<string, number>();
  private readonly session: StoreSession;

  constructor(session: StoreSession) {
    this.session = session;
  }

  get listOptions(): RunListOptions {
    return this.options;
  }

  setListOptions(options: Partial<RunListOptions>): void {
    this.options = { ...this.options, ...options };
    // A new filter or order starts over at one page.
    this.loadedCounts.clear();
    this.forgetPages();
    this.changed.fire(undefined);
  }

  setKeyMetric(key: string | undefined): void {
    this.keyMetricName = key || undefined;
    this.changed.fire(undefined);
  }

  /** Forgets cached pages and redraws; expanded rows stay expanded (their ids are stable). */
  refresh(): void {
    for (const [id, page] of this.runPages) this.loadedCounts.set(id, page.items.length);
    this.forgetPages();
    this.experimentList = undefined;
    this.changed.fire(undefined);
  }

  /** Redraws the rows from what is loaded, without asking the store: relative times age. */
  redrawLabels(): void {
    this.changed.fire(undefined);
  }

  /** Also starts a new generation: a load begun before it must not be cached after it. */
  private forgetPages(): void {
    this.generation += 1;
    this.runPages.clear();
    this.artifactPages.clear();
    this.modelsByRun.clear();
    this.flavors.clear();
  }

  /** Runs loaded so far (all experiments), for pickers such as "sort by metric". */
  loadedRuns(): Run[] {
    return [...this.runPages.values()].flatMap((page) => page.items);
  }

  async getChildren(node?: ExperimentsNode): Promise<ExperimentsNode[]> {
    const store = this.session.store;
    if (!store) return [];
    if (!node) return (await this.experiments()).map((experiment): ExperimentNode => ({ kind: 'experiment', experiment }));
    switch (node.kind) {
      case 'experiment':
        return this.runChildren(node);
      case 'run': {
        const sections = node.models?.length ? [...SECTIONS, 'models' as const] : SECTIONS;
        return [...node.childRuns.map((entry) => this.runNode(entry)), ...sections.map((section): RunSectionNode => ({ kind: 'section', run: node.run, section }))];
      }
      case 'section':
        if (node.section === 'models') return this.modelsOf(node.run).map((model): LoggedModelNode => ({ kind: 'loggedModel', run: node.run, model }));
        return node.section === 'artifacts' ? this.artifactChildren(node, '') : valueNodes(node);
      case 'loggedModel':
        return this.artifactChildren(node, '');
      case 'artifact':
        return node.isDir ? this.artifactChildren(node, node.path) : [];
      default:
        return [];
    }
  }

  getTreeItem(node: ExperimentsNode): vscode.TreeItem {
    const now = Date.now();
    switch (node.kind) {
      case 'experiment':
        return experimentTreeItem(node, this.options);
      case 'run':
        return runTreeItem(node, now, this.keyMetricName);
      case 'section':
        return sectionTreeItem(node, this.modelsOf(node.run).length);
      case 'artifact':
        return artifactTreeItem(node);
      case 'loadMore':
        return loadMoreTreeItem(node);
      case 'loggedModel':
        return loggedModelTreeItem(node, this.flavors.get(node.model.modelId));
      case 'message':
        return messageTreeItem(node);
      default:
        return valueTreeItem(node);
    }
  }

  /**
   * For TreeView.reveal: a run sits under the loaded run it nests in, else under its experiment.
   * Only experiments and runs are revealed.
   */
  async getParent(node: ExperimentsNode): Promise<ExperimentsNode | undefined> {
    if (node.kind !== 'run') return undefined;
    const experimentId = node.run.info.experimentId;
    const find = (entries: RunTreeEntry[], id: string): RunTreeEntry | undefined => {
      for (const entry of entries) {
        const found = entry.run.info.runId === id ? entry : find(entry.children, id);
        if (found) return found;
      }
      return undefined;
    };
    const parentId = parentRunId(node.run);
    const parent = parentId ? find(nestRuns(this.runPages.get(experimentId)?.items ?? []), parentId) : undefined;
    if (parent?.children.some((child) => child.run.info.runId === node.run.info.runId)) return this.runNode(parent);
    const store = await this.session.requireStore();
    return { kind: 'experiment', experiment: await store.tracking.getExperiment(experimentId) };
  }

  /** The "Load more" row: fetches the next page and redraws its parent. */
  async loadMore(node: LoadMoreNode): Promise<number> {
    const parent = node.parent;
    if (parent.kind === 'experiment') {
      const id = parent.experiment.experimentId;
      const cached = this.runPages.get(id);
      const generation = this.generation;
      const page = await this.session.requireStore().then((s) => s.tracking.searchRuns(runPageQuery(id, this.options, node.pageToken)));
      if (generation === this.generation) this.runPages.set(id, { items: [...(cached?.items ?? []), ...page.items], nextPageToken: page.nextPageToken });
      this.changed.fire(parent);
      return page.items.length;
    }
    const folder = parent.kind === 'artifact' ? parent.path : '';
    const key = artifactKey(parent, folder);
    const cached = this.artifactPages.get(key);
    const store = await this.session.requireStore();
    const page = await store.artifacts(rootOf(parent)).list(folder, node.pageToken);
    this.artifactPages.set(key, { items: [...(cached?.items ?? []), ...page.items], nextPageToken: page.nextPageToken });
    this.changed.fire(parent);
    return page.items.length;
  }

  /** The run row, with the run's logged models when its experiment's were looked up. */
  private runNode(entry: RunTreeEntry): RunNode {
    return { kind: 'run', run: entry.run, childRuns: entry.children, models: this.modelsOf(entry.run) };
  }

  private modelsOf(run: Run): LoggedModel[] {
    return this.modelsByRun.get(run.info.experimentId)?.get(run.info.runId) ?? [];
  }

  /** Cached until the next refresh, so a redraw of the labels asks the store nothing. */
  private async experiments(): Promise<Experiment[]> {
    if (this.experimentList) return this.experimentList;
    const generation = this.generation;
    const experiments = await this.searchExperiments();
    if (generation === this.generation) this.experimentList = experiments;
    return experiments;
  }

  private async searchExperiments(): Promise<Experiment[]> {
    const store = await this.session.requireStore();
    const experiments: Experiment[] = [];
    let pageToken: string | undefined;
    do {
      const page = await store.tracking.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000, pageToken });
      experiments.push(...page.items);
      pageToken = page.nextPageToken;
    } while (pageToken && experiments.length < 10_000);
    return experiments;
  }

  private async runChildren(node: ExperimentNode): Promise<ExperimentsNode[]> {
    const id = node.experiment.experimentId;
    let loaded = this.runPages.get(id);
    if (!loaded) {
      const generation = this.generation;
      const store = await this.session.requireStore();
      // After a refresh, ask for as many runs as were showing, so "Load more" pages stay loaded.
      const pageSize = Math.max(this.options.pageSize, Math.min(this.loadedCounts.get(id) ?? 0, 5000));
      // One search for the experiment's logged models beside the runs' page, not one per run.
      const [page, models] = await withViewProgress(() => Promise.all([
        store.tracking.searchRuns(runPageQuery(id, { ...this.options, pageSize })),
        loggedModelsByRun(store.tracking, id).catch((error: unknown) => {
          this.session.log.warn(`Logged models of experiment ${id} could not be listed: ${(error as Error).message}`);
          return new Map<string, LoggedModel[]>();
        }),
      ]));
      loaded = { items: page.items, nextPageToken: page.nextPageToken };
      // A page asked for under the old filter or before a refresh answers this call but is not kept.
      if (generation === this.generation) this.runPages.set(id, loaded);
      this.modelsByRun.set(id, models);
    }
    if (loaded.items.length === 0) return [{ kind: 'message', parent: node, id: `message:${node.experiment.experimentId}`, message: emptyRunsMessage(this.options.filter) }];
    const children: ExperimentsNode[] = nestRuns(loaded.items).map((entry) => this.runNode(entry));
    if (loaded.nextPageToken) children.push({ kind: 'loadMore', parent: node, pageToken: loaded.nextPageToken });
    return children;
  }

  private async artifactChildren(node: RunSectionNode | LoggedModelNode | ArtifactNode, folder: string): Promise<ExperimentsNode[]> {
    const key = artifactKey(node, folder);
    let loaded = this.artifactPages.get(key);
    if (!loaded) {
      const store = await this.session.requireStore();
      let page;
      try {
        page = await withViewProgress(() => store.artifacts(rootOf(node)).list(folder));
      } catch (error) {
        // A bucket without credentials, a missing bucket, an endpoint down: the folder says so and
        // the error is reported with what fixes it (Set Artifact Store Credentials…, Retry). Nothing
        // is cached, so expanding the folder again (or Retry) lists it anew.
        void reportError(this.session.log, error, () => this.changed.fire(node));
        return [{ kind: 'message', parent: node, id: `message:${key}`, message: `Could not list: ${error instanceof Error ? error.message : String(error)}`, isError: true }];
      }
      loaded = { items: page.items, nextPageToken: page.nextPageToken };
      this.artifactPages.set(key, loaded);
    }
    if (node.kind === 'loggedModel' && !this.flavors.has(node.model.modelId) && loaded.items.some((e) => e.path === MLMODEL_FILE)) void this.readFlavors(node);
    // Folders first, then files, each by name: what file explorers do.
    const entries = [...loaded.items].sort((a, b) => Number(b.isDir) - Number(a.isDir) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const owner = ownerOf(node);
    const children: ExperimentsNode[] = entries.map((entry): ArtifactNode => ({ kind: 'artifact', ...owner, path: entry.path, isDir: entry.isDir, fileSize: entry.fileSize }));
    if (loaded.nextPageToken) children.push({ kind: 'loadMore', parent: node, pageToken: loaded.nextPageToken });
    return children;
  }

  /** Reads the model's MLmodel (small) for its flavors, then redraws the model's row. */
  private async readFlavors(node: LoggedModelNode): Promise<void> {
    try {
      const store = await this.session.requireStore();
      const text = (await store.artifacts(node.model.artifactUri).read(MLMODEL_FILE)).toString('utf8');
      this.flavors.set(node.model.modelId, mlmodelFlavors(text));
      this.changed.fire(node);
    } catch (error) {
      this.session.log.warn(`The MLmodel of logged model ${node.model.modelId} could not be read: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

type ArtifactParent = RunSectionNode | LoggedModelNode | ArtifactNode;

function rootOf(node: ArtifactParent): string {
  if (node.kind === 'artifact') return artifactRootOf(node);
  return node.kind === 'loggedModel' ? node.model.artifactUri : node.run.info.artifactUri;
}

/** Whose files the children are: the run's, or a logged model's (shown under its run). */
function ownerOf(node: ArtifactParent): Pick<RunArtifactNode, 'run'> | Pick<ModelArtifactNode, 'model' | 'run'> {
  if (node.kind === 'section') return { run: node.run };
  if (node.model) return { model: node.model, run: node.run };
  return { run: node.run };
}

function artifactKey(node: ArtifactParent, folder: string): string {
  const owner = ownerOf(node);
  return 'model' in owner ? `model:${owner.model.modelId}/${folder}` : `run:${owner.run.info.runId}/${folder}`;
}

function valueNodes(node: RunSectionNode): ExperimentsNode[] {
  const { run } = node;
  const byKey = <T extends { key: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (node.section === 'params') return byKey(run.data.params).map((p) => ({ kind: 'param', run, key: p.key, value: p.value }));
  if (node.section === 'metrics') return byKey(run.data.metrics).map((m) => ({ kind: 'metric', run, key: m.key, value: String(m.value) }));
  return orderedTags(run.data.tags).map((t) => ({ kind: 'tag', run, key: t.key, value: t.value }));
}

/** Shows the view's progress bar while a slow page loads. */
function withViewProgress<T>(task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId: 'runlens.experiments' } }, task));
}
