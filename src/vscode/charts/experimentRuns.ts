// The runs an experiment's charts show: the first `limit` of the Experiments view's listing (its
// filter, order and deleted-runs choice), and how many that listing holds. No vscode here.
import type { ExperimentRunSource } from '../../shared/chartsProtocol.ts';
import { MAX_CHARTED_RUNS } from '../../shared/chartsProtocol.ts';
import type { SearchRunsQuery, TrackingStore } from '../../store/trackingStore.ts';

/** Runs counted at most: past this the page says "5,000+". */
export const RUN_COUNT_CAP = 5000;
const COUNT_PAGE = 1000;

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

function query(source: ExperimentRunSource, maxResults: number, pageToken?: string): SearchRunsQuery {
  return {
    experimentIds: source.experimentIds,
    filter: source.filter,
    orderBy: source.orderBy ? [source.orderBy] : undefined,
    runViewType: source.showDeleted ? 'ALL' : 'ACTIVE_ONLY',
    maxResults,
    pageToken,
  };
}

/** The first `limit` run ids in the listing's order, and how many runs the listing has (up to RUN_COUNT_CAP). */
export async function experimentRunIds(tracking: TrackingStore, source: ExperimentRunSource): Promise<{ runIds: string[]; total: number; totalCapped: boolean }> {
  const first = await tracking.searchRuns(query(source, source.limit));
  const runIds = first.items.map((r) => r.info.runId);
  let total = runIds.length;
  let pageToken = first.nextPageToken;
  // Counting pages on from where the first page stopped (page tokens are offsets into the same order).
  while (pageToken && total < RUN_COUNT_CAP) {
    const page = await tracking.searchRuns(query(source, COUNT_PAGE, pageToken));
    total += page.items.length;
    pageToken = page.nextPageToken;
  }
  return { runIds, total: Math.min(total, RUN_COUNT_CAP), totalCapped: pageToken !== undefined || total > RUN_COUNT_CAP };
}
