// The runs an experiment's charts show: the first `limit` of the Experiments view's listing (its
// filter, order and deleted-runs choice), and how many that listing holds. No vscode here.
import type { ExperimentRunSource } from '../../shared/chartsProtocol.ts';
import { MAX_CHARTED_RUNS } from '../../shared/chartsProtocol.ts';
import type { SearchRunsQuery, TrackingStore } from '../../store/trackingStore.ts';
import { countRuns } from '../runsTable/runsTableData.ts';

/** How the Experiments view lists runs (its RunListOptions fit this). */
export interface RunListing {
  filter?: string;
  orderBy?: string;
  showDeleted: boolean;
}

export function experimentRunSource(experimentIds: string[], listing: RunListing, limit: number): ExperimentRunSource {
  return {
    experimentIds,
    ...(listing.filter ? { filter: listing.filter } : {}),
    ...(listing.orderBy ? { orderBy: listing.orderBy } : {}),
    showDeleted: listing.showDeleted,
    limit: clampRunLimit(limit),
  };
}

/** A requested run count within 1..MAX_CHARTED_RUNS; a bad value is a clear error. */
export function clampRunLimit(limit: number): number {
  if (!Number.isFinite(limit) || limit < 1) throw new Error(`The number of runs to chart must be at least 1 (got ${String(limit)}).`);
  return Math.min(MAX_CHARTED_RUNS, Math.floor(limit));
}

function query(source: ExperimentRunSource): SearchRunsQuery {
  return {
    experimentIds: source.experimentIds,
    filter: source.filter,
    orderBy: source.orderBy ? [source.orderBy] : undefined,
    runViewType: source.showDeleted ? 'ALL' : 'ACTIVE_ONLY',
  };
}

/** The first `limit` run ids in the listing's order, and how many runs the listing has. */
export async function experimentRunIds(tracking: TrackingStore, source: ExperimentRunSource): Promise<{ runIds: string[]; total: number }> {
  const first = await tracking.searchRuns({ ...query(source), maxResults: source.limit });
  const runIds = first.items.map((r) => r.info.runId);
  // More than one page: the runs table's probe counts without loading every run.
  const total = first.nextPageToken ? await countRuns(tracking, query(source)) : runIds.length;
  return { runIds, total };
}
