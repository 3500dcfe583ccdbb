// How the Experiments view lists runs: filter, order, deleted runs, page size. No vscode here.
import type { ViewType } from '../../shared/entities.ts';
import type { SearchRunsQuery } from '../../store/trackingStore.ts';
import { parseRunFilter, parseRunOrderBy } from '../../store/search/runSearch.ts';

export interface RunListOptions {
  /** An MLflow search expression, e.g. `metrics.accuracy > 0.9 and params.model = 'forest'`. */
  filter?: string;
  /** One MLflow order_by term, e.g. `metrics.loss ASC`; MLflow's default (newest first) when unset. */
  orderBy?: string;
  showDeleted: boolean;
  pageSize: number;
}

export const DEFAULT_RUN_LIST_OPTIONS: RunListOptions = { showDeleted: false, pageSize: 200 };

/** The searchRuns query for one page of an experiment's runs. */
export function runPageQuery(experimentId: string, options: RunListOptions, pageToken?: string): SearchRunsQuery {
  const viewType: ViewType = options.showDeleted ? 'ALL' : 'ACTIVE_ONLY';
  return {
    experimentIds: [experimentId],
    filter: options.filter || undefined,
    orderBy: options.orderBy ? [options.orderBy] : undefined,
    runViewType: viewType,
    maxResults: options.pageSize,
    pageToken,
  };
}

/** Why a filter expression is not valid MLflow search syntax, or undefined when it is. */
export function filterProblem(expression: string): string | undefined {
  try {
    parseRunFilter(expression.trim() || undefined);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Why an order_by term is not valid, or undefined when it is. */
export function orderByProblem(term: string): string | undefined {
  try {
    parseRunOrderBy([term]);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The newest-first list of filters used before, with `latest` on top, bounded. */
export function rememberFilter(history: readonly string[], latest: string, limit = 10): string[] {
  const trimmed = latest.trim();
  if (!trimmed) return [...history];
  return [trimmed, ...history.filter((entry) => entry !== trimmed)].slice(0, limit);
}

/** A row of the Filter Runs box. */
export interface FilterChoice {
  label: string;
  description?: string;
  detail?: string;
  alwaysShow?: boolean;
  filter: string;
}

/** The typed expression on top (with its problem, if any), then the recent filters. */
export function filterChoices(typed: string, history: readonly string[]): FilterChoice[] {
  const value = typed.trim();
  const typedChoice: FilterChoice[] = [];
  if (value && !history.includes(value)) {
    const problem = filterProblem(value);
    typedChoice.push({ label: value, description: problem ? undefined : 'Apply this filter', detail: problem ? `$(error) ${problem}` : undefined, filter: value, alwaysShow: true });
  }
  return [...typedChoice, ...history.map((h): FilterChoice => ({ label: h, description: 'recent', filter: h }))];
}
