// Runs grouped by one param or tag for the charts' aggregated curves: five seeds of one config
// become one group. Pure: the charts page and tests share it.

/** A run with the params and tags a group-by can read. */
export interface GroupableRun {
  runId: string;
  params?: Readonly<Record<string, string>>;
  tags?: Readonly<Record<string, string>>;
}

/** What the runs are grouped by: `param:<name>` or `tag:<name>`. */
export interface GroupBy {
  kind: 'param' | 'tag';
  name: string;
}

export interface GroupChoice {
  /** The choice as the page state keeps it: `param:lr`. */
  value: string;
  label: string;
}

export interface RunGroup {
  /** The value the group's runs share; undefined for the runs without the param or tag. */
  value: string | undefined;
  runIds: string[];
  /** "config=a (3 runs)" or "config not set (2 runs)". */
  label: string;
  /** The group's slot in the run palette (its place in the sorted groups). */
  colorIndex: number;
}

export function groupByValue(groupBy: GroupBy): string {
  return `${groupBy.kind}:${groupBy.name}`;
}

/** `param:lr` → { kind: 'param', name: 'lr' }; anything else (None included) → undefined. */
export function parseGroupBy(value: string | undefined): GroupBy | undefined {
  const match = /^(param|tag):(.+)$/su.exec(value ?? '');
  return match ? { kind: match[1] as GroupBy['kind'], name: match[2] } : undefined;
}

function valueOf(run: GroupableRun, groupBy: GroupBy): string | undefined {
  const values = groupBy.kind === 'param' ? run.params : run.tags;
  return values && Object.hasOwn(values, groupBy.name) ? values[groupBy.name] : undefined;
}

/** Every param, then every tag, that at least one of the runs has, each sorted by name. */
export function groupByChoices(runs: readonly GroupableRun[]): GroupChoice[] {
  const names = (pick: (run: GroupableRun) => Readonly<Record<string, string>> | undefined) =>
    [...new Set(runs.flatMap((run) => Object.keys(pick(run) ?? {})))].sort((a, b) => a.localeCompare(b));
  return [
    ...names((run) => run.params).map((name) => ({ value: groupByValue({ kind: 'param', name }), label: `Param: ${name}` })),
    ...names((run) => run.tags).map((name) => ({ value: groupByValue({ kind: 'tag', name }), label: `Tag: ${name}` })),
  ];
}

const runCount = (n: number) => `${n} ${n === 1 ? 'run' : 'runs'}`;

/**
 * The runs split by their value of the param or tag, in run order within a group. Groups are
 * ordered by value (numerically when every value is a number: lr 1e-4 before 0.01), the runs
 * without the value last, as a group of their own.
 */
export function groupRuns(runs: readonly GroupableRun[], groupBy: GroupBy): RunGroup[] {
  const byValue = new Map<string | undefined, string[]>();
  for (const run of runs) {
    const value = valueOf(run, groupBy);
    const ids = byValue.get(value);
    if (ids) ids.push(run.runId);
    else byValue.set(value, [run.runId]);
  }
  const values = [...byValue.keys()].filter((v): v is string => v !== undefined);
  const numeric = values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  values.sort(numeric ? (a, b) => Number(a) - Number(b) || a.localeCompare(b) : (a, b) => a.localeCompare(b));
  const ordered: (string | undefined)[] = byValue.has(undefined) ? [...values, undefined] : values;
  return ordered.map((value, colorIndex) => {
    const runIds = byValue.get(value) as string[];
    const label = value === undefined ? `${groupBy.name} not set (${runCount(runIds.length)})` : `${groupBy.name}=${value} (${runCount(runIds.length)})`;
    return { value, runIds, label, colorIndex };
  });
}
