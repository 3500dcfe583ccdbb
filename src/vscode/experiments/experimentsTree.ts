// The Experiments view's data: experiments → runs (paged, nested, filtered, sorted) → a run's
// parameters, metrics, tags and artifact folders. Pages stay cached until the data changes.
import * as vscode from 'vscode';
import type { Experiment, Run } from '../../shared/entities.ts';
import type { ArtifactEntry } from '../../store/artifacts/artifactRepository.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ArtifactNode, ExperimentNode, ExperimentsNode, LoadMoreNode, RunNode, RunSectionNode } from '../treeNodes.ts';
import { nestRuns, parentRunId, type RunTreeEntry } from './runHierarchy.ts';
import { DEFAULT_RUN_LIST_OPTIONS, runPageQuery, type RunListOptions } from './runListOptions.ts';
import { runTreeItem, experimentTreeItem, sectionTreeItem, valueTreeItem, artifactTreeItem, loadMoreTreeItem } from './treeItems.ts';

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
    this.runPages.clear();
    this.artifactPages.clear();
    this.changed.fire(undefined);
  }

  setKeyMetric(key: string | undefined): void {
    this.keyMetricName = key || undefined;
    this.changed.fire(undefined);
  }

  /** Forgets cached pages and redraws; expanded rows stay expanded (their ids are stable). */
  refresh(): void {
    for (const [id, page] of this.runPages) this.loadedCounts.set(id, page.items.length);
    this.runPages.clear();
    this.artifactPages.clear();
    this.changed.fire(undefined);
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
      case 'run':
        return [...node.childRuns.map(runNode), ...SECTIONS.map((section): RunSectionNode => ({ kind: 'section', run: node.run, section }))];
      case 'section':
        return node.section === 'artifacts' ? this.artifactChildren(node, '') : valueNodes(node);
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
        return sectionTreeItem(node);
      case 'artifact':
        return artifactTreeItem(node);
      case 'loadMore':
        return loadMoreTreeItem(node);
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
    if (parent?.children.some((child) => child.run.info.runId === node.run.info.runId)) return runNode(parent);
    const store = await this.session.requireStore();
    return { kind: 'experiment', experiment: await store.tracking.getExperiment(experimentId) };
  }

  /** The "Load more" row: fetches the next page and redraws its parent. */
  async loadMore(node: LoadMoreNode): Promise<number> {
    const parent = node.parent;
    if (parent.kind === 'experiment') {
      const id = parent.experiment.experimentId;
      const cached = this.runPages.get(id);
      const page = await this.session.requireStore().then((s) => s.tracking.searchRuns(runPageQuery(id, this.options, node.pageToken)));
      this.runPages.set(id, { items: [...(cached?.items ?? []), ...page.items], nextPageToken: page.nextPageToken });
      this.changed.fire(parent);
      return page.items.length;
    }
    const key = artifactKey(parent.run, parent.kind === 'artifact' ? parent.path : '');
    const cached = this.artifactPages.get(key);
    const store = await this.session.requireStore();
    const page = await store.artifacts(parent.run.info.artifactUri).list(parent.kind === 'artifact' ? parent.path : '', node.pageToken);
    this.artifactPages.set(key, { items: [...(cached?.items ?? []), ...page.items], nextPageToken: page.nextPageToken });
    this.changed.fire(parent);
    return page.items.length;
  }

  private async experiments(): Promise<Experiment[]> {
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
      const store = await this.session.requireStore();
      // After a refresh, ask for as many runs as were showing, so "Load more" pages stay loaded.
      const pageSize = Math.max(this.options.pageSize, Math.min(this.loadedCounts.get(id) ?? 0, 5000));
      const page = await withViewProgress(() => store.tracking.searchRuns(runPageQuery(id, { ...this.options, pageSize })));
      loaded = { items: page.items, nextPageToken: page.nextPageToken };
      this.runPages.set(id, loaded);
    }
    const children: ExperimentsNode[] = nestRuns(loaded.items).map(runNode);
    if (loaded.nextPageToken) children.push({ kind: 'loadMore', parent: node, pageToken: loaded.nextPageToken });
    return children;
  }

  private async artifactChildren(node: RunSectionNode | ArtifactNode, folder: string): Promise<ExperimentsNode[]> {
    const { run } = node;
    const key = artifactKey(run, folder);
    let loaded = this.artifactPages.get(key);
    if (!loaded) {
      const store = await this.session.requireStore();
      const page = await withViewProgress(() => store.artifacts(run.info.artifactUri).list(folder));
      loaded = { items: page.items, nextPageToken: page.nextPageToken };
      this.artifactPages.set(key, loaded);
    }
    // Folders first, then files, each by name: what file explorers do.
    const entries = [...loaded.items].sort((a, b) => Number(b.isDir) - Number(a.isDir) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const children: ExperimentsNode[] = entries.map((entry): ArtifactNode => ({ kind: 'artifact', run, path: entry.path, isDir: entry.isDir, fileSize: entry.fileSize }));
    if (loaded.nextPageToken) children.push({ kind: 'loadMore', parent: node, pageToken: loaded.nextPageToken });
    return children;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function runNode(entry: RunTreeEntry): RunNode {
  return { kind: 'run', run: entry.run, childRuns: entry.children };
}

function artifactKey(run: Run, folder: string): string {
  return `${run.info.runId}/${folder}`;
}

function valueNodes(node: RunSectionNode): ExperimentsNode[] {
  const { run } = node;
  const byKey = <T extends { key: string }>(items: readonly T[]) => [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (node.section === 'params') return byKey(run.data.params).map((p) => ({ kind: 'param', run, key: p.key, value: p.value }));
  if (node.section === 'metrics') return byKey(run.data.metrics).map((m) => ({ kind: 'metric', run, key: m.key, value: String(m.value) }));
  return byKey(run.data.tags.filter((t) => !t.key.startsWith('mlflow.'))).map((t) => ({ kind: 'tag', run, key: t.key, value: t.value }));
}

/** Shows the view's progress bar while a slow page loads. */
function withViewProgress<T>(task: () => Promise<T>): Promise<T> {
  return Promise.resolve(vscode.window.withProgress({ location: { viewId: 'runlens.experiments' } }, task));
}
