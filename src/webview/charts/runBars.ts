// A metric every charted run logged at most once (a final accuracy, a test score) as a bar per
// run in the run's colour, labelled with the run's name: as a line chart it would be a column of
// dots at one step on a meaningless x-axis.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LogarithmicScale, Tooltip } from 'chart.js';
import type { SeriesEntry, ChartViewOptions } from './chartView.ts';
import { formatValue } from './format.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, Tooltip);

interface Bar {
  entry: SeriesEntry;
  value: number;
  step: number;
}

/** The run's single value, or undefined when it has none. */
function barOf(entry: SeriesEntry): Bar | undefined {
  const { shaped } = entry;
  if (shaped.points === 0 || shaped.last.length === 0) return undefined;
  const i = shaped.last.length - 1;
  return { entry, value: shaped.last[i], step: shaped.step[i] };
}

export class RunBars {
  readonly canvas: HTMLCanvasElement;
  private readonly chart: Chart<'bar', number[], string>;
  private bars: Bar[] = [];

  constructor(key: string, background: { color?: string }) {
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', `Bar chart of ${key}, one bar per run`);
    this.chart = new Chart<'bar', number[], string>(this.canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ data: [] }] },
      plugins: [{
        id: 'runlensBarsBackground',
        beforeDraw(chart) {
          if (!background.color) return;
          chart.ctx.save();
          chart.ctx.fillStyle = background.color;
          chart.ctx.fillRect(0, 0, chart.width, chart.height);
          chart.ctx.restore();
        },
      }],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items) => (items.length > 0 ? this.bars[items[0].dataIndex]?.entry.run.name ?? '' : ''),
              label: (item) => {
                const bar = this.bars[item.dataIndex];
                return bar ? `${key}: ${formatValue(bar.value)}, step ${formatValue(bar.step)}` : '';
              },
            },
          },
        },
      },
    });
  }

  /** Draws a bar per visible run that has a value. */
  show(entries: readonly SeriesEntry[], options: ChartViewOptions): void {
    const { theme, hiddenRuns, logY } = options;
    this.bars = entries.filter((e) => !hiddenRuns.has(e.run.runId)).map(barOf).filter((b): b is Bar => b !== undefined);
    const colors = this.bars.map((b) => theme.palette[b.entry.run.colorIndex % theme.palette.length]);
    this.chart.data.labels = this.bars.map((b) => b.entry.run.name);
    this.chart.data.datasets = [{ data: this.bars.map((b) => b.value), backgroundColor: colors, borderColor: colors, borderWidth: theme.highContrast ? 2 : 0, maxBarThickness: 64 }];
    const ticks = { color: theme.foreground, font: { family: theme.fontFamily } };
    this.chart.options.scales = {
      x: { type: 'category', ticks: { ...ticks, autoSkip: true, maxRotation: 45 }, grid: { display: false }, border: { color: theme.grid }, title: { display: true, text: 'Run', color: theme.foreground, font: { family: theme.fontFamily } } },
      y: { type: logY ? 'logarithmic' : 'linear', grace: '5%', ticks: { ...ticks, callback: (v) => formatValue(Number(v)) }, grid: { color: theme.grid }, border: { color: theme.grid } },
    };
    this.chart.update('none');
    this.canvas.dataset.bars = String(this.bars.length);
    this.canvas.dataset.labels = JSON.stringify(this.bars.map((b) => b.entry.run.name));
  }

  toPng(): string {
    return this.chart.toBase64Image('image/png');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
