// The runs parameter importance looks at: an experiment's (optionally through the runs table's
// filter) or picked ones, loaded a page at a time; and what the page's scatter asks of them.
// No vscode here.
import type { ScatterData } from '../../shared/importanceProtocol.ts';
import type { ImportanceRun } from '../../shared/paramEncoding.ts';
import type { RunsQuery } from '../../shared/runsTableProtocol.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { toComparedRun } from '../../describe/comparedRuns.ts';
import { comparedPages, searchQuery } from '../runsTable/runsTableData.ts';

/** More runs than this are not loaded: the first ones in the listing's order are used, and the panel says so. */
export const MAX_IMPORTANCE_RUNS = 20_000;

export type ImportanceTarget =
  | { kind: 'runs'; runIds: string[] }
  /** `query`: the runs table's filter and sort, when it asked. */
  | { kind: 'experiment'; experimentId: string; query?: RunsQuery };

export interface LoadedRuns {
  runs: ImportanceRun[];
  /** Set when the listing had more than MAX_IMPORTANCE_RUNS runs. */
  truncatedAt?: number;
  experimentName?: string;
}

function slim(run: ImportanceRun): ImportanceRun {
  return { runId: run.runId, name: run.name, params: run.params, metrics: run.metrics };
}

export async function loadImportanceRuns(store: OpenedStore, target: ImportanceTarget, signal?: AbortSignal, progress?: (loaded: number) => void): Promise<LoadedRuns> {
  if (target.kind === 'runs') {
    const runs = await Promise.all(target.runIds.map((id) => store.tracking.getRun(id)));
    return { runs: runs.map((run) => slim(toComparedRun(run, run.info.experimentId))) };
  }
  const experiment = await store.tracking.getExperiment(target.experimentId);
  const query = searchQuery(target.experimentId, target.query ?? {});
  const runs: ImportanceRun[] = [];
  for await (const page of comparedPages(store.tracking, query, experiment.name, signal)) {
    for (const run of page) {
      if (runs.length === MAX_IMPORTANCE_RUNS) return { runs, truncatedAt: MAX_IMPORTANCE_RUNS, experimentName: experiment.name };
      runs.push(slim(run));
    }
    progress?.(runs.length);
  }
  return { runs, experimentName: experiment.name };
}

/** Every metric key the runs logged, sorted. */
export function metricKeysOf(runs: readonly ImportanceRun[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.metrics)) keys.add(key);
  return [...keys].sort((a, b) => a.localeCompare(b));
}

/** The metric against one param (and a colouring param) over the runs with a finite metric value. */
export function scatterData(runs: readonly ImportanceRun[], metric: string, param: string, colourParam?: string): ScatterData {
  const used = runs.filter((run) => Number.isFinite(run.metrics[metric]));
  return {
    param,
    x: used.map((run) => run.params[param] ?? null),
    ...(colourParam ? { colourParam, colour: used.map((run) => run.params[colourParam] ?? null) } : {}),
    y: used.map((run) => run.metrics[metric]),
    names: used.map((run) => run.name),
  };
}
