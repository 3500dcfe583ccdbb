// One chart card of the charts page: a Chart.js line chart of one or more metric keys, a line per
// run in the run's colour, each bucket's min–max as a vertical bar in that colour (so spikes show
// at any zoom), the EMA-smoothed line over the faint raw one, drag-to-zoom that asks the host to
// re-shape the zoomed range. A key every run logged at most once is drawn as bars across runs.
import {
  Chart, Filler, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip,
  type ChartDataset, type Plugin, type TooltipItem,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import type { ChartRun, XRange } from '../../shared/chartsProtocol.ts';
import type { RunGroup } from '../../shared/runGroups.ts';
import type { BandKind } from '../../shared/stepBands.ts';
import { emaSmooth, type ShapedSeries, type XAxis } from '../../shared/seriesShaping.ts';
import { extentsPlugin, type ExtentPair } from './extentsPlugin.ts';
import { formatValue, formatX, pointsNote, X_AXIS_LABELS } from './format.ts';
import { bandDatasets, bandNote, describeBands, type BandRole, type DrawnBand } from './groupBands.ts';
import { RunBars } from './runBars.ts';
import { withAlpha, type ChartTheme } from './theme.ts';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Filler, zoomPlugin);

/** A drawn point; `s` is the step of the bucket's last point. */
interface ChartPoint {
  x: number;
  y: number;
  s: number;
}

export interface SeriesEntry {
  run: ChartRun;
  key: string;
  shaped: ShapedSeries;
  sampled: boolean;
}

export interface ChartViewOptions {
  xAxis: XAxis;
  smoothing: number;
  logY: boolean;
  theme: ChartTheme;
  hiddenRuns: ReadonlySet<string>;
  /** Set when runs are grouped: a mean line and band per group instead of a line per run. */
  groups?: readonly RunGroup[];
  band: BandKind;
}

type Role = 'min' | 'max' | 'raw' | 'smooth';
interface DatasetRole {
  entry: SeriesEntry;
  role: Role;
}

const DASHES = [[], [6, 3], [2, 2], [8, 3, 2, 3]];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** Fills the canvas with the editor background first, so an exported PNG reads like the view. */
const backgroundPlugin: Plugin<'line'> = {
  id: 'runlensBackground',
  beforeDraw(chart) {
    const fill = (chart.options.plugins as { runlensBackground?: { color?: string } }).runlensBackground?.color;
    if (!fill) return;
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = fill;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export class ChartView {
  readonly keys: string[];
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly holder: HTMLElement;
  private readonly note: HTMLElement;
  /** The bar chart, made the first time every run has at most one value. */
  private bars: RunBars | undefined;
  private readonly background: { color?: string } = {};
  private readonly chart: Chart<'line', ChartPoint[]>;
  private roles: DatasetRole[] = [];
  /** The datasets of the group bands, when grouped (then `roles` is empty). */
  private bandRoles: { band: DrawnBand; role: BandRole }[] = [];
  private bands: DrawnBand[] = [];
  private entries: SeriesEntry[] = [];
  private options: ChartViewOptions;
  /** The id of the newest range request, so late answers to older ones are dropped. */
  latestRequest = 0;
  /** The zoomed x-range, or undefined for everything. */
  range: XRange | undefined;

  constructor(keys: string[], options: ChartViewOptions, actions: { onRange(range: XRange | undefined): void; onPng(): void; onCsv(): void }) {
    this.keys = keys;
    this.options = options;
    this.element = el('section', undefined, 'chart-card');
    const head = el('div', undefined, 'chart-head');
    const title = el('h2', keys.join(' · '));
    title.title = keys.join(', ');
    const buttons = el('div', undefined, 'chart-actions');
    const reset = el('button', 'Reset zoom');
    reset.title = 'Show the whole range (or double-click the chart)';
    reset.addEventListener('click', () => this.resetZoom());
    const png = el('button', 'PNG');
    png.title = 'Export this chart as a PNG image';
    png.addEventListener('click', () => actions.onPng());
    const csv = el('button', 'CSV');
    csv.title = 'Export every point of these metrics as CSV';
    csv.addEventListener('click', () => actions.onCsv());
    buttons.append(reset, png, csv);
    head.append(title, buttons);
    this.note = el('div', undefined, 'chart-note');
    this.holder = el('div', undefined, 'chart-canvas');
    this.canvas = el('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `Line chart of ${keys.join(', ')}`);
    this.holder.append(this.canvas);
    this.element.append(head, this.holder, this.note);
    this.element.dataset.kind = 'line';
    this.canvas.addEventListener('dblclick', () => this.resetZoom());

    const onZoomed = ({ chart }: { chart: Chart }) => {
      const x = chart.scales.x;
      this.range = chart.isZoomedOrPanned() ? { min: x.min, max: x.max } : undefined;
      actions.onRange(this.range);
    };
    this.chart = new Chart<'line', ChartPoint[]>(this.canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [backgroundPlugin, extentsPlugin],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: true,
        interaction: { mode: 'nearest', intersect: false, axis: 'xy' },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item) => this.isLine(item.datasetIndex),
            callbacks: {
              title: (items) => (items.length > 0 ? formatX(this.options.xAxis, items[0].parsed.x ?? 0, this.spanX()) : ''),
              label: (item) => this.tooltipLabel(item),
            },
          },
          zoom: {
            zoom: { drag: { enabled: true, threshold: 5 }, mode: 'x', onZoomComplete: onZoomed },
            pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: onZoomed },
          },
        },
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
      },
    });
    this.applyOptions();
  }

  /** The width the host shapes for: one bucket per CSS pixel of the plot. */
  pixelWidth(): number {
    // While bars show, the line canvas is hidden and its chart area stale: go by the card's width.
    const area = this.showsBars() ? undefined : this.chart.chartArea?.width;
    return Math.max(100, Math.round(area ?? (this.holder.clientWidth - 60 || 600)));
  }

  private spanX(): number {
    const x = this.chart.scales.x;
    return x ? x.max - x.min : 0;
  }

  private isLine(index: number): boolean {
    if (this.options.groups) return this.bandRoles[index]?.role === 'mean';
    const role = this.roles[index];
    if (!role) return false;
    return this.options.smoothing > 0 ? role.role === 'smooth' : role.role === 'raw';
  }

  private tooltipLabel(item: TooltipItem<'line'>): string {
    const point = item.raw as ChartPoint;
    const banded = this.bandRoles[item.datasetIndex];
    if (this.options.groups && banded) return this.bandLabel(banded.band, item.dataIndex, point);
    const role = this.roles[item.datasetIndex];
    const name = this.keys.length > 1 ? `${role.entry.run.name} · ${role.entry.key}` : role.entry.run.name;
    let value = formatValue(point.y);
    if (role.role === 'smooth') {
      const raw = this.chart.data.datasets[item.datasetIndex - 1]?.data[item.dataIndex];
      if (raw) value = `${value} (raw ${formatValue(raw.y)})`;
    }
    return `${name}: ${value}, step ${formatValue(point.s)}`;
  }

  /** "config=a (3 runs): mean 0.42 [0.4, 0.45], step 12 (3 runs here)". */
  private bandLabel(drawn: DrawnBand, index: number, point: ChartPoint): string {
    const { band } = drawn;
    const name = this.keys.length > 1 ? `${drawn.group.label} · ${drawn.key}` : drawn.group.label;
    const step = band.binWidth > 0 ? `steps ${formatValue(point.s)}–${formatValue(point.s + band.binWidth)}` : `step ${formatValue(point.s)}`;
    return `${name}: mean ${formatValue(band.mean[index])} [${formatValue(band.lower[index])}, ${formatValue(band.upper[index])}], ${step} (${band.count[index]} of ${drawn.runs} runs)`;
  }

  setOptions(options: ChartViewOptions): void {
    this.options = options;
    this.applyOptions();
    this.rebuild();
  }

  private applyOptions(): void {
    const { theme, xAxis, logY } = this.options;
    const ticks = { color: theme.foreground, font: { family: theme.fontFamily } };
    const o = this.chart.options;
    const plugins = o.plugins as Record<string, unknown> & typeof o.plugins;
    plugins.runlensBackground = { color: theme.background };
    this.background.color = theme.background;
    o.scales = {
      x: {
        type: 'linear',
        min: this.range?.min,
        max: this.range?.max,
        title: { display: true, text: X_AXIS_LABELS[xAxis], color: theme.foreground, font: { family: theme.fontFamily } },
        ticks: { ...ticks, maxRotation: 0, autoSkipPadding: 12, callback: (v) => formatX(xAxis, Number(v), this.spanX()) },
        grid: { color: theme.grid },
        border: { color: theme.grid },
      },
      y: {
        type: logY ? 'logarithmic' : 'linear',
        ticks: { ...ticks, callback: (v) => formatValue(Number(v)) },
        grid: { color: theme.grid },
        border: { color: theme.grid },
      },
    };
    if (o.plugins?.zoom?.zoom?.drag) {
      o.plugins.zoom.zoom.drag.backgroundColor = withAlpha(theme.foreground, 0.12);
      o.plugins.zoom.zoom.drag.borderColor = withAlpha(theme.foreground, 0.4);
      o.plugins.zoom.zoom.drag.borderWidth = 1;
    }
    if (o.plugins?.tooltip) o.plugins.tooltip.bodyFont = { family: theme.fontFamily };
  }

  /** Replaces the series of `key` and redraws. */
  setSeries(key: string, entries: SeriesEntry[]): void {
    this.entries = [...this.entries.filter((e) => e.key !== key), ...entries];
    this.rebuild();
  }

  private color(entry: SeriesEntry): string {
    const { palette } = this.options.theme;
    return palette[entry.run.colorIndex % palette.length];
  }

  /** The raw line's colour: faded under a smoothed line. */
  private rawColor(entry: SeriesEntry): string {
    const color = this.color(entry);
    return this.options.smoothing > 0 ? withAlpha(color, 0.3) : color;
  }

  /** Lines, and the min–max bars beside them: thicker in high contrast themes. */
  private lineWidth(): number {
    return this.options.theme.highContrast ? 2.5 : 1.5;
  }

  private extentPairs(): ExtentPair[] {
    const width = this.lineWidth();
    const pairs: ExtentPair[] = [];
    this.roles.forEach((role, index) => {
      if (role.role === 'min' && this.roles[index + 1]?.role === 'max') pairs.push({ minDataset: index, maxDataset: index + 1, color: this.rawColor(role.entry), width });
    });
    return pairs;
  }

  /** Every run has at most one value of this (single) key, over the whole range: a bar chart. */
  private singleValued(): boolean {
    return !this.options.groups && this.keys.length === 1 && !this.range && this.entries.length > 0 && this.entries.every((e) => e.shaped.points <= 1);
  }

  private showsBars(): boolean {
    return this.element.dataset.kind === 'bar';
  }

  /** Shows the bar chart or the line chart, whichever fits the data now. */
  private showKind(): void {
    const bars = this.singleValued();
    if (bars) {
      this.bars ??= new RunBars(this.keys[0], this.background);
      if (!this.bars.canvas.isConnected) this.holder.append(this.bars.canvas);
      this.bars.show(this.entries, this.options);
    }
    this.element.dataset.kind = bars ? 'bar' : 'line';
    this.canvas.style.display = bars ? 'none' : '';
    if (this.bars) this.bars.canvas.style.display = bars ? '' : 'none';
  }

  private points(shaped: ShapedSeries, values: readonly number[], from = 0): ChartPoint[] {
    const out = new Array<ChartPoint>(shaped.x.length - from);
    for (let i = from; i < shaped.x.length; i++) out[i - from] = { x: shaped.x[i], y: values[i], s: shaped.step[i] };
    return out;
  }

  private datasetsFor(entry: SeriesEntry): { datasets: ChartDataset<'line', ChartPoint[]>[]; roles: DatasetRole[] } {
    const { smoothing, hiddenRuns } = this.options;
    const color = this.color(entry);
    const hidden = hiddenRuns.has(entry.run.runId);
    const dash = DASHES[Math.max(0, this.keys.indexOf(entry.key)) % DASHES.length];
    const { shaped } = entry;
    const lineWidth = this.lineWidth();
    const single = shaped.x.length === 1;
    const rawColor = this.rawColor(entry);
    const datasets: ChartDataset<'line', ChartPoint[]>[] = [];
    const roles: DatasetRole[] = [];
    const add = (role: Role, dataset: ChartDataset<'line', ChartPoint[]>) => {
      datasets.push({ pointRadius: 0, pointHoverRadius: single ? 4 : 3, borderWidth: lineWidth, hidden, ...dataset });
      roles.push({ entry, role });
    };
    // Min and max are never stroked: they set the y-range, and extentsPlugin paints them.
    if (shaped.min.some((m, i) => m !== shaped.max[i])) {
      add('min', { data: this.points(shaped, shaped.min), showLine: false, pointHoverRadius: 0 });
      add('max', { data: this.points(shaped, shaped.max), showLine: false, pointHoverRadius: 0 });
    }
    add('raw', { data: this.points(shaped, shaped.last), borderColor: rawColor, backgroundColor: rawColor, borderDash: dash, pointRadius: single ? 3 : 0 });
    if (smoothing > 0) add('smooth', { data: this.points(shaped, emaSmooth(shaped.last, smoothing)), borderColor: color, backgroundColor: color, borderDash: dash, pointRadius: single ? 3 : 0 });
    return { datasets, roles };
  }

  private rebuild(): void {
    const datasets: ChartDataset<'line', ChartPoint[]>[] = [];
    const roles: DatasetRole[] = [];
    const { groups } = this.options;
    this.bandRoles = [];
    this.bands = [];
    if (groups) {
      const built = bandDatasets(this.entries, { ...this.options, groups, kind: this.options.band, keys: this.keys, dashes: DASHES });
      datasets.push(...built.datasets);
      this.bandRoles = built.roles;
      this.bands = [...new Set(built.roles.map((r) => r.band))];
    }
    for (const entry of groups ? [] : this.entries) {
      const built = this.datasetsFor(entry);
      datasets.push(...built.datasets);
      roles.push(...built.roles);
    }
    this.roles = roles;
    this.chart.data.datasets = datasets;
    (this.chart.options.plugins as { runlensExtents?: { pairs: ExtentPair[] } }).runlensExtents = { pairs: this.extentPairs() };
    this.showKind();
    this.chart.update('none');
    this.describe();
  }

  /** The footer and the test attributes, after every change of the data (zoom, live points). */
  private describe(): void {
    const points = this.entries.reduce((n, e) => n + e.shaped.points, 0);
    const buckets = this.entries.reduce((n, e) => n + e.shaped.x.length, 0);
    const note = pointsNote({
      series: this.entries.length, points, buckets, sampled: this.entries.some((e) => e.sampled), bars: this.showsBars(),
    });
    const bands = this.options.groups ? bandNote(this.bands, this.options.band) : '';
    this.note.textContent = bands ? `${note} · ${bands}` : note;
    this.describeForTests();
  }

  /**
   * A series grew (live points): patches its datasets from bucket `from` on (the last bucket may
   * have changed, later ones are new) and draws without rebuilding the chart.
   */
  appendTo(runId: string, key: string, from: number): void {
    // A group's band depends on every run of the group: made again (cheap: the page's buckets only).
    if (this.options.groups) {
      this.rebuild();
      return;
    }
    const smoothing = this.options.smoothing;
    let envelopeMissing = false;
    this.roles.forEach((role, index) => {
      if (role.entry.run.runId !== runId || role.entry.key !== key) return;
      const { shaped } = role.entry;
      const values = role.role === 'min' ? shaped.min : role.role === 'max' ? shaped.max : role.role === 'raw' ? shaped.last : emaSmooth(shaped.last, smoothing);
      const data = this.chart.data.datasets[index].data;
      data.length = Math.min(data.length, from);
      for (const point of this.points(shaped, values, data.length)) data.push(point);
      if (role.role === 'raw') envelopeMissing = !this.roles.some((r) => r.entry === role.entry && r.role === 'max') && shaped.min.some((m, i) => m !== shaped.max[i]);
    });
    // A first envelope needs its datasets; a bar chart may turn into lines (or gain a bar).
    if (envelopeMissing || this.showsBars() || this.singleValued()) this.rebuild();
    else {
      this.chart.update('none');
      this.describe();
    }
  }

  /** What the chart holds, as attributes a UI test (or a screen reader's inspector) can read. */
  private describeForTests(): void {
    this.canvas.dataset.series = String(this.entries.length);
    this.canvas.dataset.points = String(this.entries.reduce((n, e) => n + e.shaped.points, 0));
    if (this.options.groups) this.canvas.dataset.bands = describeBands(this.bands, this.options.band);
    else delete this.canvas.dataset.bands;
    // The scales as drawn, so a pixel test can place a value without copying layout constants.
    const { x, y } = this.chart.scales;
    const area = this.chart.chartArea;
    if (x && y && area) {
      this.canvas.dataset.scales = JSON.stringify({
        x: { min: x.min, max: x.max }, y: { min: y.min, max: y.max, log: y.type === 'logarithmic' },
        area: { left: area.left, right: area.right, top: area.top, bottom: area.bottom },
      });
    }
  }

  hasSeries(runId: string, key: string): SeriesEntry | undefined {
    return this.entries.find((e) => e.run.runId === runId && e.key === key);
  }

  resetZoom(): void {
    // The zoom plugin reports the reset through onZoomComplete, which asks for the full range.
    this.chart.resetZoom('none');
  }

  /** The chart as a PNG data URL, on the editor's background. */
  toPng(): string {
    return this.bars && this.showsBars() ? this.bars.toPng() : this.chart.toBase64Image('image/png');
  }

  destroy(): void {
    this.chart.destroy();
    this.bars?.destroy();
    this.element.remove();
  }
}
