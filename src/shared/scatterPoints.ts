// The importance panel's scatter as points: a numeric param on its own scale (logarithmic when it
// spans decades), a categorical one as evenly spaced slots with a little deterministic jitter so
// runs of one value do not hide each other. Pure, so the page's layout is unit-tested.
import { MISSING_LEVEL, paramKind } from './paramEncoding.ts';
import { spansDecades } from './runComparison.ts';
import type { ScatterData } from './importanceProtocol.ts';

export interface ScatterPoint {
  x: number;
  y: number;
  /** Index into ScatterData's runs. */
  run: number;
}

export interface ScatterLayout {
  kind: 'numeric' | 'categorical';
  logarithmic: boolean;
  /** Categorical: the label of slot i (numeric param values sorted, else by first appearance). */
  categories: string[];
  points: ScatterPoint[];
  /** Runs without the param on a numeric axis (not drawn). */
  missing: number;
}

const JITTER = 0.3;

/** A spread in [-JITTER/2, JITTER/2] that depends only on the run's index. */
function jitter(index: number): number {
  const fraction = (Math.sin(index * 12.9898) * 43758.5453) % 1;
  return (Math.abs(fraction) - 0.5) * JITTER;
}

export function scatterLayout(data: ScatterData): ScatterLayout {
  const values = data.x.map((v) => v ?? undefined);
  if (paramKind(values) === 'numeric' && !values.includes(undefined)) {
    const xs = values.map(Number);
    return { kind: 'numeric', logarithmic: spansDecades(xs), categories: [], points: xs.map((x, run) => ({ x, y: data.y[run], run })), missing: 0 };
  }
  if (paramKind(values) === 'numeric') {
    const points = values.flatMap((v, run) => (v === undefined ? [] : [{ x: Number(v), y: data.y[run], run }]));
    return { kind: 'numeric', logarithmic: spansDecades(points.map((p) => p.x)), categories: [], points, missing: values.length - points.length };
  }
  const labels = values.map((v) => v ?? MISSING_LEVEL);
  const distinct = [...new Set(labels)];
  const allNumbers = distinct.every((l) => l !== MISSING_LEVEL && Number.isFinite(Number(l)));
  const categories = allNumbers ? distinct.sort((a, b) => Number(a) - Number(b)) : distinct;
  const slot = new Map(categories.map((label, i) => [label, i]));
  const points = labels.map((label, run) => ({ x: (slot.get(label) ?? 0) + jitter(run), y: data.y[run], run }));
  return { kind: 'categorical', logarithmic: false, categories, points, missing: 0 };
}
