// A cheap summary of what a remote store shows, so polling refreshes the views only when it
// changed: experiments, the newest runs (status, end, latest metric times) and registered models.
// No vscode here.
import type { ModelRegistryStore } from '../../store/modelRegistryStore.ts';
import type { TrackingStore } from '../../store/trackingStore.ts';

/** Runs compared per poll: the newest ones, where live logging happens. */
const NEWEST_RUNS = 50;
/** searchRuns takes a bounded experiment list. */
const MAX_EXPERIMENTS = 100;

export async function remoteFingerprint(tracking: TrackingStore, registry: ModelRegistryStore): Promise<string> {
  const experiments = (await tracking.searchExperiments({ viewType: 'ALL', maxResults: MAX_EXPERIMENTS, orderBy: ['last_update_time DESC'] })).items;
  const active = experiments.filter((e) => e.lifecycleStage === 'active').map((e) => e.experimentId);
  const runs = active.length === 0 ? [] : (await tracking.searchRuns({ experimentIds: active, runViewType: 'ALL', maxResults: NEWEST_RUNS, orderBy: ['attributes.start_time DESC'] })).items;
  const models = (await registry.searchRegisteredModels({ maxResults: 100, orderBy: ['last_updated_timestamp DESC'] })).items;
  return JSON.stringify([
    experiments.map((e) => [e.experimentId, e.name, e.lifecycleStage, e.lastUpdateTime ?? 0, e.tags.length]),
    runs.map((r) => [
      r.info.runId, r.info.runName, r.info.status, r.info.endTime ?? 0, r.info.lifecycleStage,
      r.data.metrics.length, Math.max(0, ...r.data.metrics.map((m) => m.timestamp)), r.data.params.length, r.data.tags.length,
    ]),
    models.map((m) => [m.name, m.lastUpdatedTimestamp ?? 0, m.latestVersions.length, m.aliases.length]),
  ]);
}
