// runlens_compareRuns: what differs between a few runs — params, latest metrics with the best run
// per metric, user tags — and how much is the same. The rows come from Compare Runs' own logic
// (shared/runComparison.ts), so the agent and the panel agree on "differs" and "best".
import { bestIndexes, compareRuns, lowerIsBetter, type CompareRow } from '../shared/runComparison.ts';
import { isAuditTagKey } from '../store/audit/auditEvent.ts';
import { toComparedRun } from '../describe/comparedRuns.ts';
import type { AgentTool } from './agentTool.ts';
import { isSecretKey } from './agentSafeText.ts';
import { directionOverrides, onlyFields, runIdList } from './toolInput.ts';

const MAX_RUNS = 20;
const MAX_DIRECTION_KEYS = 50;

interface CompareRunsInput {
  runIds: string[];
  higherIsBetter: string[];
  lowerIsBetter: string[];
}

const FIELDS = ['runIds', 'higherIsBetter', 'lowerIsBetter'] as const;

/** A run's cell: its value, or absent when the run did not log the key; never a secret-looking key's value. */
const cells = (row: CompareRow, names: readonly string[]) => Object.fromEntries(names.map((name, i) => [
  name, row.values[i] === undefined ? '(absent)' : row.section !== 'metrics' && isSecretKey(row.key) ? '(hidden: secret-looking key)' : row.values[i],
]));

export const compareRunsTool: AgentTool<CompareRunsInput> = {
  name: 'runlens_compareRuns',
  displayName: 'Compare MLflow runs',
  userDescription: 'What differs between 2–20 runs: params, metrics (with the best run per metric) and tags.',
  modelDescription: [
    'Compares 2 to 20 MLflow runs and returns only what differs: params whose values differ (a run that did not log one shows "(absent)"), the latest value of every metric per run with the best run per metric, user tags that differ, and counts of the params, metrics and tags that are identical.',
    'Use it for "what did the best run change?", "how do these runs differ?". Get the ids from runlens_searchRuns first.',
    'runIds: 2 to 20 run ids, e.g. ["3f2a…", "9bc1…"]. Runs are named by their run name in the answer.',
    'Best per metric: lower is better for names like loss, error, mae, mse, rmse, perplexity, latency, time; higher for everything else (accuracy, f1, auc…). Override with higherIsBetter: ["my_score"] or lowerIsBetter: ["val_gap"].',
  ].join('\n'),
  inputSchema: {
    type: 'object',
    properties: {
      runIds: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: MAX_RUNS, description: 'The runs to compare (2–20 ids).' },
      higherIsBetter: { type: 'array', items: { type: 'string' }, description: 'Metric keys where higher is better, overriding the name-based guess.' },
      lowerIsBetter: { type: 'array', items: { type: 'string' }, description: 'Metric keys where lower is better, overriding the name-based guess.' },
    },
    required: ['runIds'],
    additionalProperties: false,
  },
  acts: false,
  parse(raw) {
    onlyFields(raw, FIELDS);
    return { runIds: runIdList(raw, 'runIds', 2, MAX_RUNS), ...directionOverrides(raw, MAX_DIRECTION_KEYS) };
  },
  async run(input, context) {
    const runs = await Promise.all(input.runIds.map((id) => context.store.tracking.getRun(id, { signal: context.signal })));
    // Names identify runs in the answer; a repeated name gets its id's start.
    const names = runs.map((run) => run.info.runName || run.info.runId);
    const labels = names.map((name, i) => (names.indexOf(name) !== i || names.lastIndexOf(name) !== i ? `${name} (${runs[i].info.runId.slice(0, 8)})` : name));
    const compared = runs.map((run) => {
      const c = toComparedRun(run, run.info.experimentId);
      c.tags = Object.fromEntries(Object.entries(c.tags).filter(([key]) => !key.startsWith('runlens.') && !isAuditTagKey(key)));
      return c;
    });
    // Keys whose direction differs from the name-based guess, as the panel's "flipped" list.
    const metricKeys = [...new Set(compared.flatMap((c) => Object.keys(c.metrics)))];
    const flipped = metricKeys.filter((key) => (input.lowerIsBetter.includes(key) && !lowerIsBetter(key)) || (input.higherIsBetter.includes(key) && lowerIsBetter(key)));
    const rows = compareRuns(compared, { onlyDifferences: false, flippedMetrics: flipped });
    const section = (name: CompareRow['section']) => rows.filter((row) => row.section === name);

    const params = section('params').filter((row) => row.differs).map((row) => ({ key: row.key, values: cells(row, labels) }));
    const metrics = section('metrics').map((row) => {
      const lower = lowerIsBetter(row.key, flipped);
      const values = row.values as (number | undefined)[];
      const best = bestIndexes(values, lower);
      return {
        key: row.key,
        direction: lower ? 'lower is better' : 'higher is better',
        values: cells(row, labels),
        best: best.length ? best.map((i) => labels[i]) : row.differs ? '(no single best)' : '(all equal)',
      };
    });
    const tags = section('tags').filter((row) => row.differs).map((row) => ({ key: row.key, values: cells(row, labels) }));
    const identical = {
      params: section('params').length - params.length,
      metrics: section('metrics').filter((row) => !row.differs).length,
      tags: section('tags').length - tags.length,
    };
    const attributes = Object.fromEntries(section('attributes').filter((row) => row.differs).map((row) => [row.key, cells(row, labels)]));
    return {
      summary: `${runs.length} runs: ${params.length} params differ (${identical.params} identical), ${metrics.length} metrics (${identical.metrics} identical), ${tags.length} tags differ (${identical.tags} identical).`,
      data: {
        runs: runs.map((run, i) => ({ label: labels[i], id: run.info.runId, experimentId: run.info.experimentId, status: run.info.status })),
        ...(Object.keys(attributes).length ? { attributes } : {}),
        params,
        metrics,
        tags,
        identical,
      },
    };
  },
};
