// MLflow's limits on get-history-bulk-interval, shared by every store.
import { MlflowError } from '../shared/errors.ts';
import type { BulkIntervalQuery } from './trackingStore.ts';

export const MAX_RUNS_PER_BULK_INTERVAL = 100;
export const MAX_RESULTS_PER_RUN = 2500;

/** Checks the query as MLflow's handler does and returns the effective max_results. */
export function validateBulkIntervalQuery(query: BulkIntervalQuery): number {
  const { runIds, metricKey, startStep, endStep } = query;
  if (!Array.isArray(runIds) || runIds.length === 0) throw MlflowError.invalidParameter("Missing value for required parameter 'run_ids'.");
  if (runIds.length > MAX_RUNS_PER_BULK_INTERVAL) {
    throw MlflowError.invalidParameter(`GetMetricHistoryBulkInterval request must specify at most ${MAX_RUNS_PER_BULK_INTERVAL} run_ids. Received ${runIds.length} run_ids.`);
  }
  if (!metricKey) throw MlflowError.invalidParameter("Missing value for required parameter 'metric_key'.");
  const maxResults = query.maxResults ?? MAX_RESULTS_PER_RUN;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS_PER_RUN) {
    throw MlflowError.invalidParameter(`max_results must be between 1 and ${MAX_RESULTS_PER_RUN}.`);
  }
  if ((startStep === undefined) !== (endStep === undefined)) {
    throw MlflowError.invalidParameter('If either start step or end step are specified, both must be specified.');
  }
  if (startStep !== undefined && endStep !== undefined && startStep > endStep) {
    throw MlflowError.invalidParameter(`end_step must be greater than start_step. Found start_step=${startStep} and end_step=${endStep}.`);
  }
  return maxResults;
}
