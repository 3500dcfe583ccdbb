// Nests child runs under their parents (the mlflow.parentRunId tag), as MLflow's UI does.
import type { Run } from '../../shared/entities.ts';

export const PARENT_RUN_TAG = 'mlflow.parentRunId';

export interface RunTreeEntry {
  run: Run;
  children: RunTreeEntry[];
}

export function parentRunId(run: Run): string | undefined {
  return run.data.tags.find((tag) => tag.key === PARENT_RUN_TAG)?.value || undefined;
}

/**
 * Runs whose parent is among `runs` go under it (any depth); the rest stay top level.
 * Order within each level is the order of `runs`, so the store's sort is kept.
 */
export function nestRuns(runs: readonly Run[]): RunTreeEntry[] {
  const entries = new Map(runs.map((run) => [run.info.runId, { run, children: [] as RunTreeEntry[] }]));
  const parentOf = new Map<string, string>();
  for (const [id, entry] of entries) {
    const parent = parentRunId(entry.run);
    if (parent && parent !== id && entries.has(parent)) parentOf.set(id, parent);
  }
  // A tag cycle (a → b → a) would hide its runs: the run that closes it becomes a root.
  for (const id of parentOf.keys()) {
    const seen = new Set([id]);
    for (let up = parentOf.get(id); up !== undefined; up = parentOf.get(up)) {
      if (seen.has(up)) {
        parentOf.delete(id);
        break;
      }
      seen.add(up);
    }
  }
  const roots: RunTreeEntry[] = [];
  for (const [id, entry] of entries) {
    const parent = parentOf.get(id);
    if (parent) entries.get(parent)?.children.push(entry);
    else roots.push(entry);
  }
  return roots;
}
