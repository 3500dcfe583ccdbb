// The one workload every backend holds: written through our store API on writable backends and by
// the real Python mlflow (py/write_workload.py, from the same JSON) for the read-only mlruns backend.
import type { DatasetInput, Metric, Param, RunStatus, Tag } from '../../src/shared/entities.ts';

export interface ExperimentSpec {
  name: string;
  tags: Tag[];
  deleted?: boolean;
}

export interface RunSpec {
  runName: string;
  experiment: string;
  /** runName of the parent run: becomes the `mlflow.parentRunId` tag. */
  parent?: string;
  userId: string;
  startTime: number;
  endTime?: number;
  status: RunStatus;
  tags: Tag[];
  params: Param[];
  metrics: Metric[];
  datasets?: DatasetInput[];
  deleted?: boolean;
}

export interface LoggedModelSpec {
  name: string;
  experiment: string;
  sourceRun: string;
  modelType: string;
  tags: Tag[];
  params: Param[];
}

export interface VersionSpec {
  model: string;
  /** runName whose artifact URI + `/model` is the version's source. */
  sourceRun: string;
  description?: string;
  tags: Tag[];
}

export interface RegistrySpec {
  models: { name: string; tags: Tag[]; description?: string }[];
  versions: VersionSpec[];
  transitions: { model: string; version: string; stage: string; archiveExisting: boolean }[];
  aliases: { model: string; alias: string; version: string }[];
}

export interface WorkloadSpec {
  experiments: ExperimentSpec[];
  runs: RunSpec[];
  loggedModels: LoggedModelSpec[];
  registry: RegistrySpec;
}

const T0 = 1_750_000_000_000;
const tags = (record: Record<string, string>): Tag[] => Object.entries(record).map(([key, value]) => ({ key, value }));
const series = (key: string, steps: number[], value: (step: number) => number, t = T0): Metric[] =>
  steps.map((step) => ({ key, value: value(step), timestamp: t + step, step }));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

export const ALPHA = 'contract-alpha';
export const BETA = 'contract-beta';
export const GAMMA = 'contract-gamma';
export const DELETED_EXPERIMENT = 'contract-deleted';
export const MODEL = 'contract-model';
export const CURVE_STEPS = 50;

/** A curve with one point per step: bulk-interval sampling is exact on it. */
export const curveValue = (step: number): number => Math.round(1000 * Math.sin(step / 7)) / 1000;

export const WORKLOAD: WorkloadSpec = {
  experiments: [
    { name: ALPHA, tags: tags({ team: 'vision', priority: 'high' }) },
    { name: BETA, tags: tags({ team: 'nlp' }) },
    { name: GAMMA, tags: [] },
    { name: DELETED_EXPERIMENT, tags: tags({ team: 'vision' }), deleted: true },
  ],
  runs: [
    {
      runName: 'parent', experiment: ALPHA, userId: 'alice', startTime: T0, endTime: T0 + 5000, status: 'FINISHED',
      tags: tags({ stage: 'dev' }), params: [{ key: 'lr', value: '0.01' }, { key: 'optimizer', value: 'adam' }],
      metrics: [...series('loss', range(10), (s) => 1 / (s + 1)), ...series('accuracy', range(10), (s) => 0.5 + s / 100)],
    },
    {
      runName: 'child-a', experiment: ALPHA, parent: 'parent', userId: 'alice', startTime: T0 + 100, endTime: T0 + 900, status: 'FINISHED',
      tags: tags({ stage: 'prod' }), params: [{ key: 'lr', value: '0.1' }, { key: 'optimizer', value: 'sgd' }],
      metrics: [...series('loss', range(5), (s) => 0.5 - s / 100, T0 + 100), { key: 'accuracy', value: 0.7, timestamp: T0 + 200, step: 4 }],
    },
    {
      runName: 'child-b', experiment: ALPHA, parent: 'parent', userId: 'bob', startTime: T0 + 200, endTime: T0 + 800, status: 'FAILED',
      tags: tags({ stage: 'dev' }), params: [{ key: 'lr', value: '0.2' }, { key: 'optimizer', value: 'adam' }],
      metrics: [...series('loss', range(3), (s) => 0.4 - s / 100, T0 + 200), { key: 'accuracy', value: 0.9, timestamp: T0 + 300, step: 2 }],
    },
    {
      // Latest-value rule: highest step, then highest timestamp, then highest value.
      runName: 'edge-values', experiment: ALPHA, userId: 'bob', startTime: T0 + 300, status: 'RUNNING',
      tags: tags({ kind: 'edge' }), params: [{ key: 'empty', value: '' }],
      metrics: [
        { key: 'tie', value: 99, timestamp: T0 + 500, step: 4 },
        { key: 'tie', value: 2, timestamp: T0 + 100, step: 5 },
        { key: 'tie', value: 7, timestamp: T0 + 100, step: 5 },
        { key: 'tie', value: 3, timestamp: T0 + 100, step: 5 },
        { key: 'later_timestamp', value: 1, timestamp: T0 + 10, step: 2 },
        { key: 'later_timestamp', value: 0.5, timestamp: T0 + 20, step: 2 },
        { key: 'nan_metric', value: 1, timestamp: T0, step: 0 },
        { key: 'nan_metric', value: NaN, timestamp: T0 + 1, step: 1 },
        { key: 'pos_inf', value: Infinity, timestamp: T0, step: 0 },
        { key: 'neg_inf', value: -Infinity, timestamp: T0, step: 0 },
      ],
    },
    {
      runName: 'curve', experiment: ALPHA, userId: 'alice', startTime: T0 + 400, endTime: T0 + 700, status: 'FINISHED',
      tags: [], params: [{ key: 'lr', value: '0.05' }, { key: 'optimizer', value: 'rmsprop' }],
      metrics: [...series('curve', range(CURVE_STEPS), curveValue, T0 + 400), { key: 'accuracy', value: 0.8, timestamp: T0 + 450, step: 0 }],
    },
    {
      runName: 'with-inputs', experiment: ALPHA, userId: 'carol', startTime: T0 + 500, endTime: T0 + 600, status: 'FINISHED',
      tags: [], params: [], metrics: [],
      datasets: [
        {
          tags: tags({ 'mlflow.data.context': 'training' }),
          dataset: { name: 'train-set', digest: 'd1g3st01', sourceType: 'local', source: '{"uri": "data/train.csv"}', schema: '{"mlflow_colspec": []}', profile: '{"num_rows": 150}' },
        },
        {
          tags: tags({ 'mlflow.data.context': 'eval' }),
          dataset: { name: 'eval-set', digest: 'd1g3st02', sourceType: 'local', source: '{"uri": "data/eval.csv"}' },
        },
      ],
    },
    {
      runName: 'doomed', experiment: ALPHA, userId: 'alice', startTime: T0 + 600, endTime: T0 + 650, status: 'FINISHED',
      tags: [], params: [{ key: 'lr', value: '0.9' }], metrics: [{ key: 'loss', value: 9, timestamp: T0 + 600, step: 0 }], deleted: true,
    },
    ...range(3).map((i): RunSpec => ({
      runName: `b-${i}`, experiment: BETA, userId: 'dave', startTime: T0 + 1000 + i, endTime: T0 + 2000 + i, status: i === 2 ? 'KILLED' : 'FINISHED',
      tags: tags({ idx: String(i) }), params: [{ key: 'bucket', value: i % 2 === 0 ? 'even' : 'odd' }],
      metrics: [{ key: 'score', value: i, timestamp: T0 + 1000, step: 0 }],
    })),
  ],
  loggedModels: [
    { name: 'contract-logged', experiment: ALPHA, sourceRun: 'parent', modelType: 'classifier', tags: tags({ flavor: 'sklearn' }), params: [{ key: 'C', value: '1.0' }] },
  ],
  registry: {
    models: [
      { name: MODEL, tags: tags({ owner: 'ml-team' }), description: 'The contract model' },
      { name: 'contract-other', tags: tags({ owner: 'research' }) },
      { name: 'contract-zeta', tags: [], description: 'last by name' },
    ],
    versions: [
      { model: MODEL, sourceRun: 'parent', description: 'first', tags: tags({ validated: 'no' }) },
      { model: MODEL, sourceRun: 'child-a', tags: tags({ validated: 'yes' }) },
      { model: 'contract-other', sourceRun: 'child-b', tags: [] },
    ],
    transitions: [
      { model: MODEL, version: '1', stage: 'Production', archiveExisting: false },
      { model: MODEL, version: '2', stage: 'Production', archiveExisting: true },
      { model: 'contract-other', version: '1', stage: 'Staging', archiveExisting: false },
    ],
    aliases: [
      { model: MODEL, alias: 'champion', version: '2' },
      { model: MODEL, alias: 'baseline', version: '1' },
    ],
  },
};

/** JSON for the Python writer: NaN and the infinities as `{"$float": …}` (JSON has no literal for them). */
export function workloadJson(spec: WorkloadSpec = WORKLOAD): string {
  return JSON.stringify(spec, (_key, value: unknown) => {
    if (typeof value !== 'number' || Number.isFinite(value)) return value;
    return { $float: Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf' };
  });
}
