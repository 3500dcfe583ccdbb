// A table column at a glance (issue 15, item 2): its type, how many values are missing, and
// min / max / mean for numbers or the most frequent values otherwise.
import type { Cell } from './tableParsing.ts';

export interface ColumnSummary {
  type: 'number' | 'boolean' | 'string' | 'mixed' | 'empty';
  count: number;
  nulls: number;
  min?: number;
  max?: number;
  mean?: number;
  /** The most frequent values, most frequent first (ties by first appearance); not for numbers. */
  top?: { value: string; count: number }[];
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/u;

/** A cell as a number when it is one (a CSV field that reads as a number counts), else undefined. */
export function numericValue(cell: Cell): number | undefined {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'string' && NUMBER.test(cell.trim())) return Number(cell);
  return undefined;
}

export function summarizeColumn(cells: readonly Cell[], topCount = 5): ColumnSummary {
  return summarizeCells(cells.length, (i) => cells[i], topCount);
}

/**
 * The summary of `count` cells read through `cellAt` (a table held by column has no array of
 * them). The most frequent values are counted in a second pass, and only when the column is not
 * all numbers: a million distinct numbers would otherwise fill a map for nothing.
 */
export function summarizeCells(count: number, cellAt: (index: number) => Cell, topCount = 5): ColumnSummary {
  const missing = (cell: Cell) => cell === null || (typeof cell === 'number' && Number.isNaN(cell));
  let nulls = 0;
  let numbers = 0;
  let booleans = 0;
  let others = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const cell = cellAt(i);
    if (missing(cell)) {
      nulls++;
      continue;
    }
    const number = numericValue(cell);
    if (number !== undefined) {
      numbers++;
      sum += number;
      if (number < min) min = number;
      if (number > max) max = number;
    } else if (typeof cell === 'boolean') {
      booleans++;
    } else {
      others++;
    }
  }
  const present = count - nulls;
  const summary: ColumnSummary = { type: 'empty', count, nulls };
  if (present === 0) return summary;
  if (numbers === present) return { ...summary, type: 'number', min, max, mean: sum / numbers };
  summary.type = booleans === present ? 'boolean' : others === present ? 'string' : 'mixed';
  const counts = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const cell = cellAt(i);
    if (missing(cell)) continue;
    const key = String(cell);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  summary.top = [...counts].map(([value, times]) => ({ value, count: times })).sort((a, b) => b.count - a.count).slice(0, topCount);
  return summary;
}
