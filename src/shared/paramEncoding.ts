// How parameter importance (issue 15, item 3) reads MLflow params, which are always strings: a
// param is numeric when every run that has it logged a number, categorical otherwise. The forest
// needs numbers, so categorical params become one-hot columns (folded back per param afterwards).
// Pure: the importance worker and the page's scatter share it.
import { numericValue } from './columnSummary.ts';

export type ParamKind = 'numeric' | 'categorical';

/** A categorical param keeps this many most frequent values; the rest share OTHER_LEVEL. */
export const MAX_LEVELS = 24;
/** The level of a run that did not log a categorical param. */
export const MISSING_LEVEL = '(missing)';
export const OTHER_LEVEL = '(other)';

/** One run as importance sees it: its params and the chosen metric's latest value. */
export interface ImportanceRun {
  runId: string;
  name: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
}

export interface ParamColumns {
  param: string;
  kind: ParamKind;
  /** Categorical only: the one-hot levels, most frequent first. */
  levels?: string[];
}

/**
 * Numeric when at least two distinct numbers were logged and nothing else; categorical when the
 * values (a missing value counting as one more) differ at all; undefined for a constant param,
 * which can explain nothing.
 */
export function paramKind(values: readonly (string | undefined)[]): ParamKind | undefined {
  const present = new Set<string>();
  let missing = false;
  let allNumbers = true;
  for (const value of values) {
    if (value === undefined) {
      missing = true;
      continue;
    }
    present.add(value);
    if (allNumbers && numericValue(value) === undefined) allNumbers = false;
  }
  // '3' and '3.0' are one setting written two ways.
  const distinct = allNumbers ? new Set([...present].map(Number)).size : present.size;
  if (allNumbers && distinct >= 2) return 'numeric';
  return distinct + (missing ? 1 : 0) >= 2 ? 'categorical' : undefined;
}

/** The categorical value a run counts under: its own, MISSING_LEVEL, or OTHER_LEVEL when too rare. */
export function levelOf(value: string | undefined, levels: ReadonlySet<string>): string {
  if (value === undefined) return MISSING_LEVEL;
  return levels.has(value) ? value : OTHER_LEVEL;
}

/** The MAX_LEVELS most frequent values (ties in first-seen order), plus OTHER_LEVEL when some are left out. */
export function categoricalLevels(values: readonly (string | undefined)[]): string[] {
  const counts = new Map<string, number>();
  for (const value of values) {
    const level = value ?? MISSING_LEVEL;
    counts.set(level, (counts.get(level) ?? 0) + 1);
  }
  const ordered = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([level]) => level);
  return ordered.length > MAX_LEVELS ? [...ordered.slice(0, MAX_LEVELS - 1), OTHER_LEVEL] : ordered;
}

export interface EncodedParams {
  /** One entry per param the forest sees (constant params left out). */
  params: ParamColumns[];
  /** Params every run logged with one value (or none did): shown as explaining nothing. */
  constant: string[];
  /** Row-major features, `columnCount` per run. */
  rows: number[][];
  /** For each feature column, the index in `params` it belongs to. */
  columnParam: number[];
}

/**
 * Features for the forest. A numeric param is one column; a run that did not log it gets a value
 * below every logged one, so a tree can set such runs apart rather than mistake them for a real
 * setting. A categorical param is one 0/1 column per level, missing being a level of its own.
 */
export function encodeParams(runs: readonly ImportanceRun[], paramKeys: readonly string[]): EncodedParams {
  const params: ParamColumns[] = [];
  const constant: string[] = [];
  const columns: number[][] = [];
  const columnParam: number[] = [];
  for (const param of paramKeys) {
    const values = runs.map((run) => run.params[param]);
    const kind = paramKind(values);
    if (!kind) {
      constant.push(param);
      continue;
    }
    const index = params.length;
    if (kind === 'numeric') {
      const numbers = values.map((v) => (v === undefined ? NaN : Number(v)));
      const finite = numbers.filter(Number.isFinite);
      const min = Math.min(...finite);
      const fill = min - (Math.max(...finite) - min) - 1;
      columns.push(numbers.map((n) => (Number.isFinite(n) ? n : fill)));
      columnParam.push(index);
      params.push({ param, kind });
    } else {
      const levels = categoricalLevels(values);
      const kept = new Set(levels);
      const runLevels = values.map((v) => levelOf(v, kept));
      for (const level of levels) {
        columns.push(runLevels.map((l) => (l === level ? 1 : 0)));
        columnParam.push(index);
      }
      params.push({ param, kind, levels });
    }
  }
  const rows = runs.map((_, r) => columns.map((column) => column[r]));
  return { params, constant, rows, columnParam };
}

/** Column importances summed per param (the one-hot columns of a categorical param add up). */
export function importancePerParam(columnImportance: readonly number[], columnParam: readonly number[], paramCount: number): number[] {
  const perParam = new Array<number>(paramCount).fill(0);
  columnImportance.forEach((value, column) => {
    perParam[columnParam[column]] += value;
  });
  return perParam;
}
