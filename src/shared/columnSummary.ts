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
  let nulls = 0;
  let numbers = 0;
  let booleans = 0;
  let others = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  const counts = new Map<string, number>();
  for (const cell of cells) {
    if (cell === null || (typeof cell === 'number' && Number.isNaN(cell))) {
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
    const key = String(cell);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const present = cells.length - nulls;
  const summary: ColumnSummary = { type: 'empty', count: cells.length, nulls };
  if (present === 0) return summary;
  if (numbers === present) return { ...summary, type: 'number', min, max, mean: sum / numbers };
  summary.type = booleans === present ? 'boolean' : others === present ? 'string' : 'mixed';
  summary.top = [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count).slice(0, topCount);
  return summary;
}
