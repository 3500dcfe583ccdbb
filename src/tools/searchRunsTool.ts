// runlens_searchRuns: MLflow's run search (filter, order_by, max results) over one, several or all
// experiments, answered with compact run summaries.
import type { AgentTool } from './agentTool.ts';
import { experimentsFor } from './experimentRefs.ts';
import { mentionedKeys, paramKeysByVariation, summarizeRun } from './runSummary.ts';
import { onlyFields, optionalBoolean, optionalInteger, optionalString, stringList } from './toolInput.ts';

export const SEARCH_RUNS_LIMIT = 100;

interface SearchRunsInput {
  experiments: string[];
  filter?: string;
  orderBy: string[];
  maxResults: number;
  includeDeleted: boolean;
}

const FIELDS = ['experiments', 'filter', 'orderBy', 'maxResults', 'includeDeleted'] as const;

export const searchRunsTool: AgentTool<SearchRunsInput> = {
  name: 'runlens_searchRuns',
  displayName: 'Search MLflow runs',
  userDescription: 'Find MLflow runs by params, metrics, tags and status, sorted as asked.',
  modelDescription: [
    'Searches the MLflow runs of the tracking store open in RunLens and returns, per run: id, name, experiment id, status, start time, duration, the params that differ between the runs found, and the metrics asked about (latest values).',
    'Use it to answer "which run was best", "runs with lr 0.01", "failed runs this week". Then call runlens_getRun for one run\'s details or runlens_compareRuns for differences.',
    'experiments: names or ids; leave out to search every active experiment.',
    'filter: MLflow search syntax, clauses joined with AND (no OR): metrics.accuracy > 0.9 AND params.optimizer = \'adam\'; tags.mlflow.runName LIKE \'%baseline%\'; attributes.status = \'FAILED\'; attributes.start_time > 1733000000000 (ms). Quote string values with single quotes; keys with spaces in backticks: metrics.`val loss` < 0.2. Params and tags are strings (compare with =, !=, LIKE, ILIKE, IN); metrics are numbers (=, !=, <, <=, >, >=).',
    'orderBy: e.g. ["metrics.val_accuracy DESC"] for the best first, ["attributes.start_time DESC"] (the default) for the newest first.',
    `maxResults: 1 to ${SEARCH_RUNS_LIMIT} (default 20).`,
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      experiments: { type: 'array', items: { type: 'string' }, description: 'Experiment names or ids; omit for all active experiments.' },
      filter: { type: 'string', description: "MLflow filter, e.g. metrics.accuracy > 0.9 AND params.lr = '0.01'" },
      orderBy: { type: 'array', items: { type: 'string' }, description: 'e.g. ["metrics.accuracy DESC"]' },
      maxResults: { type: 'integer', minimum: 1, maximum: SEARCH_RUNS_LIMIT, description: 'Default 20.' },
      includeDeleted: { type: 'boolean', description: 'Also deleted runs (default false).' },
    },
    additionalProperties: false,
  },
  acts: false,
  parse(raw) {
    onlyFields(raw, FIELDS);
    return {
      experiments: stringList(raw, 'experiments', 20),
      filter: optionalString(raw, 'filter', 4000),
      orderBy: stringList(raw, 'orderBy', 10),
      maxResults: optionalInteger(raw, 'maxResults', 1, SEARCH_RUNS_LIMIT, 20),
      includeDeleted: optionalBoolean(raw, 'includeDeleted', false),
    };
  },
  async run(input, context) {
    const experiments = await experimentsFor(context, input.experiments);
    if (experiments.length === 0) return { summary: 'The store has no active experiments.', data: { runs: [] } };
    const page = await context.store.tracking.searchRuns({
      experimentIds: experiments.map((e) => e.experimentId),
      filter: input.filter,
      orderBy: input.orderBy.length ? input.orderBy : undefined,
      maxResults: input.maxResults,
      runViewType: input.includeDeleted ? 'ALL' : 'ACTIVE_ONLY',
    }, { signal: context.signal });
    const clauses = [input.filter ?? '', ...input.orderBy];
    const keyParams = [...mentionedKeys(clauses, 'params'), ...paramKeysByVariation(page.items)];
    const keyMetrics = mentionedKeys(clauses, 'metrics');
    const names = new Map(experiments.map((e) => [e.experimentId, e.name]));
    const runs = page.items.map((run) => ({ ...summarizeRun(run, keyParams, keyMetrics), experiment: names.get(run.info.experimentId) }));
    const scope = input.experiments.length ? `in ${experiments.map((e) => `'${e.name}'`).join(', ')}` : `in ${experiments.length} experiment(s)`;
    const more = page.nextPageToken ? ` (more match: narrow the filter or raise maxResults up to ${SEARCH_RUNS_LIMIT})` : '';
    return { summary: `${runs.length} run(s) ${scope}${input.filter ? ` matching ${input.filter}` : ''}${more}.`, data: { runs } };
  },
};
