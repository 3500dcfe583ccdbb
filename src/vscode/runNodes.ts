// Run nodes for run ids, so webviews (compare, runs table) can hand runs to the tree's commands.
import type { OpenedStore } from '../store/openStore.ts';
import type { RunNode } from './treeNodes.ts';

export function runNodes(store: OpenedStore, runIds: readonly string[]): Promise<RunNode[]> {
  return Promise.all(runIds.map(async (id): Promise<RunNode> => ({ kind: 'run', run: await store.tracking.getRun(id), childRuns: [] })));
}
