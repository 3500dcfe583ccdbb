// runlens_parameterImportance: which params explain a metric across an experiment's runs — the
// random-forest importance and Spearman's rho that Show Parameter Importance computes, fitted in
// the same worker (src/importance/), never on the caller's thread.
import { importanceOffThread } from '../importance/importanceWorker.ts';
import { MlflowError } from '../shared/errors.ts';
import type { ImportanceRun } from '../shared/paramEncoding.ts';
import type { AgentTool, ToolContext } from './agentTool.ts';
import { findExperiment } from './experimentRefs.ts';
import { onlyFields, optionalInteger, optionalString, requiredString } from './toolInput.ts';

export const MAX_IMPORTANCE_RUNS = 10_000;
const TOP_PARAMS = 20;
const CONSTANT_LIMIT = 50;
const PAGE = 1000;

interface ImportanceInput {
  experiment: string;
  metric: string;
  filter?: string;
  maxRuns: number;
}

const FIELDS = ['experiment', 'metric', 'filter', 'maxRuns'] as const;

const round = (value: number) => Number(value.toPrecision(4));

/** The experiment's runs (newest first, as the filter picks them) with their params and this one metric. */
async function gatherRuns(context: ToolContext, experimentId: string, input: ImportanceInput): Promise<{ runs: ImportanceRun[]; more: boolean }> {
  const runs: ImportanceRun[] = [];
  let pageToken: string | undefined;
  do {
    const page = await context.store.tracking.searchRuns({
      experimentIds: [experimentId], filter: input.filter, runViewType: 'ACTIVE_ONLY', maxResults: Math.min(PAGE, input.maxRuns - runs.length), pageToken,
    }, { signal: context.signal });
    for (const run of page.items) {
      const metric = run.data.metrics.find((m) => m.key === input.metric);
      runs.push({
        runId: run.info.runId,
        name: run.info.runName,
        params: Object.fromEntries(run.data.params.map((p) => [p.key, p.value])),
        metrics: metric ? { [input.metric]: metric.value } : {},
      });
    }
    pageToken = page.nextPageToken;
  } while (pageToken && runs.length < input.maxRuns);
  return { runs, more: pageToken !== undefined };
}

export const parameterImportanceTool: AgentTool<ImportanceInput> = {
  name: 'runlens_parameterImportance',
  displayName: 'Parameter importance for a metric',
  userDescription: "Which params explain a metric across an experiment's runs (random-forest importance and Spearman's rho).",
  modelDescription: [
    "Ranks the params of an experiment's runs by how much they explain one metric (its latest value per run): a random-forest importance (the params' importances sum to 1) and, for numeric params, Spearman's rank correlation rho with the metric (+1: higher param, higher metric; -1: the opposite). Params with one value across the runs are listed apart as constant; runs without the metric are left out and counted.",
    'Use it for "which hyperparameters matter for val_accuracy?", "does the learning rate drive the loss?". It needs at least 3 runs with the metric; it is a correlation over the runs logged, not a causal claim.',
    "experiment: the experiment's name or id. metric: a metric key, e.g. \"val_accuracy\". filter: optional MLflow filter to narrow the runs, e.g. attributes.status = 'FINISHED' AND params.model = 'resnet'.",
    `maxRuns: how many runs (newest first) to use, 3–${MAX_IMPORTANCE_RUNS} (default 2000). The top ${TOP_PARAMS} params are returned.`,
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      experiment: { type: 'string', description: 'Experiment name or id.' },
      metric: { type: 'string', description: 'The metric key, e.g. "val_accuracy".' },
      filter: { type: 'string', description: "Optional MLflow filter, e.g. attributes.status = 'FINISHED'" },
      maxRuns: { type: 'integer', minimum: 3, maximum: MAX_IMPORTANCE_RUNS, description: 'Default 2000.' },
    },
    required: ['experiment', 'metric'],
    additionalProperties: false,
  },
  acts: false,
  parse(raw) {
    onlyFields(raw, FIELDS);
    return {
      experiment: requiredString(raw, 'experiment', 500).trim(),
      metric: requiredString(raw, 'metric', 250),
      filter: optionalString(raw, 'filter', 4000),
      maxRuns: optionalInteger(raw, 'maxRuns', 3, MAX_IMPORTANCE_RUNS, 2000),
    };
  },
  async run(input, context) {
    const experiment = await findExperiment(context, input.experiment);
    const { runs, more } = await gatherRuns(context, experiment.experimentId, input);
    const result = await importanceOffThread(runs, input.metric, context.signal);
    if (result.runsUsed < 3) {
      throw MlflowError.invalidParameter(`Only ${result.runsUsed} of the ${runs.length} run(s) looked at logged metric '${input.metric}': parameter importance needs at least 3. Check the metric key with runlens_getRun.`);
    }
    const params = result.params.slice(0, TOP_PARAMS).map((p) => ({
      param: p.param,
      kind: p.kind,
      importance: round(p.importance),
      ...(p.spearman !== undefined ? { spearman: round(p.spearman) } : {}),
      runsWithParam: p.runsWithParam,
    }));
    const notes = [
      more ? `only the newest ${runs.length} matching runs were used (maxRuns)` : '',
      result.params.length > TOP_PARAMS ? `${result.params.length - TOP_PARAMS} less important params not shown` : '',
      result.constantParams.length > CONSTANT_LIMIT ? `${result.constantParams.length - CONSTANT_LIMIT} more constant params not shown` : '',
    ].filter(Boolean);
    const top = params[0] ? ` Most important: ${params[0].param} (${params[0].importance}).` : ' Every param is constant: none can explain it.';
    return {
      summary: `Parameter importance for '${input.metric}' in '${experiment.name}' over ${result.runsUsed} run(s).${top}${notes.length ? ` Note: ${notes.join('; ')}.` : ''}`,
      data: {
        metric: input.metric,
        experiment: experiment.name,
        runsUsed: result.runsUsed,
        runsWithoutMetric: result.runsWithoutMetric,
        params,
        constantParams: [...result.constantParams].sort().slice(0, CONSTANT_LIMIT),
        ...(notes.length ? { notes } : {}),
      },
    };
  },
};
