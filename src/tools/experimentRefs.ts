// An experiment as an agent names it: by name or by id, or every active experiment when unnamed.
import type { Experiment } from '../shared/entities.ts';
import { MlflowError } from '../shared/errors.ts';
import type { ToolContext } from './agentTool.ts';

/** Most experiments one search spans when none is named. */
export const EXPERIMENT_SPAN = 1000;

export async function findExperiment(context: ToolContext, nameOrId: string): Promise<Experiment> {
  const { tracking } = context.store;
  const byName = await tracking.getExperimentByName(nameOrId, { signal: context.signal });
  if (byName) return byName;
  if (/^\d+$/u.test(nameOrId)) return tracking.getExperiment(nameOrId, { signal: context.signal });
  throw MlflowError.notFound(`No experiment named '${nameOrId}'. Call runlens_searchRuns without an experiment to see the experiments.`);
}

/** The named experiments, or every active one. */
export async function experimentsFor(context: ToolContext, names: readonly string[]): Promise<Experiment[]> {
  if (names.length) return Promise.all(names.map((name) => findExperiment(context, name)));
  const page = await context.store.tracking.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: EXPERIMENT_SPAN }, { signal: context.signal });
  return page.items;
}
