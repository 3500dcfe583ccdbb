// runlens_metricSummary: per run and metric, what its history says — points, min, max, latest,
// best by direction, the trend of its last points — read through the store a page at a time and
// never sent whole.
import type { Run } from '../shared/entities.ts';
import { lowerIsBetter } from '../shared/runComparison.ts';
import type { AgentTool, ToolContext } from './agentTool.ts';
import { MetricFold, type MetricStats } from './metricStats.ts';
import { directionOverrides, onlyFields, optionalInteger, runIdList, stringList, ToolInputError } from './toolInput.ts';

const MAX_RUNS = 20;
const MAX_KEYS = 10;
const HISTORY_PAGE = 10_000;
/** Points one call reads at most, over every run and key; what is past it is summarised as far as read. */
export const POINT_BUDGET = 5_000_000;

interface MetricSummaryInput {
  runIds: string[];
  keys: string[];
  lastPoints: number;
  higherIsBetter: string[];
  lowerIsBetter: string[];
}

const FIELDS = ['runIds', 'keys', 'lastPoints', 'higherIsBetter', 'lowerIsBetter'] as const;

/** Reads one history in pages into `fold`; false when the budget ran out before its end. */
async function foldHistory(context: ToolContext, runId: string, key: string, fold: MetricFold, budget: { left: number }): Promise<boolean> {
  const { tracking, kind } = context.store;
  // mlruns keeps a history as one file the store reads whole anyway: one call, not a re-read per page.
  const pageSize = kind === 'mlruns' ? undefined : HISTORY_PAGE;
  let pageToken: string | undefined;
  do {
    const page = await tracking.getMetricHistory(runId, key, { maxResults: pageSize, pageToken }, { signal: context.signal });
    for (const point of page.items) {
      if (budget.left <= 0) return false;
      budget.left--;
      fold.add(point);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return true;
}

/** The keys asked for, or the runs' own metric keys (sorted), at most MAX_KEYS. */
function keysFor(runs: readonly Run[], asked: readonly string[]): { keys: string[]; leftOut: number } {
  if (asked.length) return { keys: [...asked], leftOut: 0 };
  const all = [...new Set(runs.flatMap((run) => run.data.metrics.map((m) => m.key)))].sort();
  return { keys: all.slice(0, MAX_KEYS), leftOut: Math.max(0, all.length - MAX_KEYS) };
}

export const metricSummaryTool: AgentTool<MetricSummaryInput> = {
  name: 'runlens_metricSummary',
  displayName: 'Summarise MLflow metric histories',
  userDescription: 'Per run and metric: min, max, latest, best and the recent trend, without the full history.',
  modelDescription: [
    'Summarises the full history of metrics for up to 20 runs without sending the points: per run and metric key, the number of points, min and max (each with its step), the latest value and step (as MLflow defines latest: the highest step), the best value and its step (lowest for loss/error-like names, highest otherwise), and the trend over the last points: rising/falling/flat, change and relative change, and up to 10 of those values.',
    'Use it for "is the loss still going down?", "at which step was val_accuracy best?", "did training plateau?". To compare latest values across runs use runlens_compareRuns.',
    'runIds: 1 to 20 run ids from runlens_searchRuns. keys: up to 10 metric keys, e.g. ["loss", "val_accuracy"]; leave out for the runs\' metrics (the first 10 by name).',
    'lastPoints: how many of the newest points the trend covers (2–1000, default 10). higherIsBetter / lowerIsBetter: metric keys whose direction differs from the name-based guess.',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      runIds: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: MAX_RUNS, description: 'Run ids (1–20).' },
      keys: { type: 'array', items: { type: 'string' }, maxItems: MAX_KEYS, description: 'Metric keys (up to 10); default: the runs\' metrics.' },
      lastPoints: { type: 'integer', minimum: 2, maximum: 1000, description: 'Points the trend covers (default 10).' },
      higherIsBetter: { type: 'array', items: { type: 'string' }, description: 'Metric keys where higher is better.' },
      lowerIsBetter: { type: 'array', items: { type: 'string' }, description: 'Metric keys where lower is better.' },
    },
    required: ['runIds'],
    additionalProperties: false,
  },
  acts: false,
  parse(raw) {
    onlyFields(raw, FIELDS);
    const runIds = runIdList(raw, 'runIds', 1, MAX_RUNS);
    const keys = [...new Set(stringList(raw, 'keys', MAX_KEYS))];
    if (keys.some((key) => !key.trim())) throw new ToolInputError('keys', 'an empty metric key');
    return { runIds, keys, lastPoints: optionalInteger(raw, 'lastPoints', 2, 1000, 10), ...directionOverrides(raw, 50) };
  },
  async run(input, context) {
    const runs = await Promise.all(input.runIds.map((id) => context.store.tracking.getRun(id, { signal: context.signal })));
    const { keys, leftOut } = keysFor(runs, input.keys);
    const lower = (key: string) => (input.lowerIsBetter.includes(key) ? true : input.higherIsBetter.includes(key) ? false : lowerIsBetter(key));
    const budget = { left: POINT_BUDGET };
    const partial: string[] = [];
    const summaries = [];
    for (const run of runs) {
      const logged = new Set(run.data.metrics.map((m) => m.key));
      const metrics: Record<string, MetricStats | string> = {};
      for (const key of keys) {
        if (!logged.has(key)) {
          metrics[key] = '(not logged)';
          continue;
        }
        const fold = new MetricFold(input.lastPoints, lower(key));
        const whole = await foldHistory(context, run.info.runId, key, fold, budget);
        metrics[key] = whole ? fold.result() : { ...fold.result(), partial: `only the first points read: one call reads at most ${POINT_BUDGET} points` };
        if (!whole) partial.push(`${run.info.runName}/${key}`);
      }
      summaries.push({ run: run.info.runName || run.info.runId, id: run.info.runId, metrics });
    }
    const directions = Object.fromEntries(keys.map((key) => [key, lower(key) ? 'lower is better' : 'higher is better']));
    const notes = [
      leftOut ? `${leftOut} more metric keys not summarised: name them in keys` : '',
      partial.length ? `histories read only in part (point budget): ${partial.slice(0, 5).join(', ')}` : '',
    ].filter(Boolean);
    return {
      summary: `${keys.length} metric(s) over ${runs.length} run(s)${notes.length ? `; ${notes.join('; ')}` : ''}.`,
      data: { directions, runs: summaries, ...(notes.length ? { notes } : {}) },
    };
  },
};
