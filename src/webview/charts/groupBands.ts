// Aggregated curves on a chart card: per group of runs (and per key on a combined chart) the mean
// line in the group's colour over a filled band (min–max or ±1 std), aligned by step. Built from
// the series the page holds, so zoom and live points re-make it like the per-run lines.
import type { ChartDataset } from 'chart.js';
import type { RunGroup } from '../../shared/runGroups.ts';
import { emaSmooth } from '../../shared/seriesShaping.ts';
import { seriesBand, type SeriesBand } from '../../shared/seriesBands.ts';
import type { BandKind } from '../../shared/stepBands.ts';
import { withAlpha, type ChartTheme } from './theme.ts';

/** A drawn point; `s` is the step (or the first step of the bin) the aggregate belongs to. */
export interface BandPoint {
  x: number;
  y: number;
  s: number;
}

/** The series one band is made of: a run's shaped buckets (the card's SeriesEntry shape). */
export interface BandEntry {
  run: { runId: string };
  key: string;
  shaped: { x: number[]; step: number[]; last: number[]; bucketWidth: number };
}

export interface DrawnBand {
  group: RunGroup;
  key: string;
  /** Runs with points of `key` in this group (hidden ones left out). */
  runs: number;
  band: SeriesBand;
}

export type BandRole = 'lower' | 'upper' | 'mean';

export interface BandOptions {
  groups: readonly RunGroup[];
  kind: BandKind;
  smoothing: number;
  theme: ChartTheme;
  hiddenRuns: ReadonlySet<string>;
  keys: readonly string[];
  dashes: readonly number[][];
}

/** The datasets of every band (lower, upper filled to lower, mean line), with what each one is. */
export function bandDatasets(entries: readonly BandEntry[], options: BandOptions): { datasets: ChartDataset<'line', BandPoint[]>[]; roles: { band: DrawnBand; role: BandRole }[] } {
  const datasets: ChartDataset<'line', BandPoint[]>[] = [];
  const roles: { band: DrawnBand; role: BandRole }[] = [];
  const { palette, highContrast } = options.theme;
  for (const key of options.keys) {
    for (const group of options.groups) {
      const members = new Set(group.runIds);
      const series = entries.filter((e) => e.key === key && members.has(e.run.runId) && !options.hiddenRuns.has(e.run.runId) && e.shaped.x.length > 0);
      if (series.length === 0) continue;
      const band = seriesBand(series.map((e) => ({
        x: e.shaped.x,
        step: e.shaped.step,
        values: options.smoothing > 0 ? emaSmooth(e.shaped.last, options.smoothing) : e.shaped.last,
        bucketWidth: e.shaped.bucketWidth,
      })), options.kind);
      const drawn: DrawnBand = { group, key, runs: series.length, band };
      const color = palette[group.colorIndex % palette.length];
      const points = (values: number[]) => values.map((y, i) => ({ x: band.x[i], y, s: band.steps[i] }));
      const single = band.steps.length === 1;
      const edge = { pointRadius: 0, pointHoverRadius: 0, borderWidth: 0, borderColor: 'transparent', backgroundColor: withAlpha(color, highContrast ? 0.35 : 0.22) };
      datasets.push({ ...edge, data: points(band.lower), fill: false });
      datasets.push({ ...edge, data: points(band.upper), fill: '-1' });
      datasets.push({
        data: points(band.mean), borderColor: color, backgroundColor: color, borderWidth: highContrast ? 2.5 : 2,
        borderDash: options.dashes[Math.max(0, options.keys.indexOf(key)) % options.dashes.length],
        pointRadius: single ? 3 : 0, pointHoverRadius: 3, fill: false,
      });
      roles.push({ band: drawn, role: 'lower' }, { band: drawn, role: 'upper' }, { band: drawn, role: 'mean' });
    }
  }
  return { datasets, roles };
}

const KIND_LABELS: Record<BandKind, string> = { minmax: 'min–max', std: '±1 std' };

/** The card's footer addition: how the bands were aligned. */
export function bandNote(bands: readonly DrawnBand[], kind: BandKind): string {
  if (bands.length === 0) return '';
  const widest = Math.max(...bands.map((b) => b.band.binWidth));
  const groups = new Set(bands.map((b) => b.group)).size;
  const aligned = widest > 0 ? `aligned on bins of ${Number(widest.toPrecision(3))} steps (zoom in for every step)` : 'aligned by step';
  return `${groups} ${groups === 1 ? 'group' : 'groups'}, mean with ${KIND_LABELS[kind]} band, ${aligned}`;
}

/** What each band holds, for UI tests and inspectors: its label, runs, alignment and its first and last aggregate. */
export function describeBands(bands: readonly DrawnBand[], kind: BandKind): string {
  const at = (band: SeriesBand, i: number) => ({ step: band.steps[i], mean: band.mean[i], lower: band.lower[i], upper: band.upper[i], count: band.count[i] });
  return JSON.stringify(bands.map(({ group, key, runs, band }) => ({
    label: group.label, key, runs, kind, colorIndex: group.colorIndex, steps: band.steps.length, binWidth: band.binWidth,
    first: band.steps.length > 0 ? at(band, 0) : null,
    last: band.steps.length > 0 ? at(band, band.steps.length - 1) : null,
  })));
}
