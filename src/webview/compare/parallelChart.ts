// The parallel-coordinates chart of Compare Runs: one axis per varying param (log where it spans
// decades) and the chosen metric, each run's line coloured by that metric with a colour bar for
// its range, and the run's name and values in a tooltip.
import { Chart, LinearScale, LogarithmicScale, Tooltip, registry, type TooltipItem } from 'chart.js';
import { LineSegment, LinearAxis, LogarithmicAxis, LogarithmicParallelCoordinatesController, ParallelCoordinatesController, PCPScale } from 'chartjs-chart-pcp';
import { colourAt, cssRgb, parseHexColour, scalePositions, valueRange, type Rgb } from '../../shared/colourScale.ts';
import type { ComparedRun } from '../../shared/compareProtocol.ts';
import { lowerIsBetter, parallelAxes, runTooltipLines, type ParallelAxis } from '../../shared/runComparison.ts';

Chart.register(ParallelCoordinatesController, LogarithmicParallelCoordinatesController, PCPScale, LineSegment, LinearScale, LogarithmicScale, Tooltip);
// The axes are scale classes the controllers use as their dataset elements: register them as elements.
registry.addElements(LinearAxis, LogarithmicAxis);

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function themeColour(name: string, fallback: string): Rgb {
  return parseHexColour(cssVar(name, fallback)) ?? (parseHexColour(fallback) as Rgb);
}

/** Low → high values: the theme's chart blue, purple and orange, distinct in light, dark and high contrast. */
export function scaleStops(): Rgb[] {
  return [themeColour('--vscode-charts-blue', '#3794ff'), themeColour('--vscode-charts-purple', '#b180d7'), themeColour('--vscode-charts-orange', '#d18616')];
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

/** A horizontal bar of the scale with the metric's min and max at its ends. */
function colourBar(metric: string, min: number, max: number, stops: Rgb[], lower: boolean): HTMLElement {
  const bar = document.createElement('canvas');
  bar.id = 'pcp-colour-bar';
  bar.width = 200;
  bar.height = 12;
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', `Colour scale for ${metric}: ${formatNumber(min)} to ${formatNumber(max)}`);
  const ctx = bar.getContext('2d');
  for (let x = 0; ctx && x < bar.width; x += 1) {
    ctx.fillStyle = cssRgb(colourAt(stops, x / (bar.width - 1)));
    ctx.fillRect(x, 0, 1, bar.height);
  }
  const label = (text: string, className: string) => {
    const span = document.createElement('span');
    span.className = className;
    span.textContent = text;
    return span;
  };
  const legend = document.createElement('div');
  legend.className = 'colour-legend';
  legend.append(label(`${metric}: `, 'legend-key'), label(formatNumber(min), 'legend-min'), bar, label(formatNumber(max), 'legend-max'), label(lower ? ' (lower is better)' : ' (higher is better)', 'legend-direction'));
  return legend;
}

function isPowerOfTen(value: number): boolean {
  const exponent = Math.log10(value);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/** A log axis labels its powers of ten only; a categorical one names its values at their indexes. */
function axisTicks(axis: ParallelAxis): object {
  if (axis.log) return { ticks: { callback: (value: number) => (isPowerOfTen(value) ? String(value) : '') } };
  const categories = axis.categories;
  if (categories) return { ticks: { stepSize: 1, callback: (value: number) => categories[value] ?? '' } };
  return {};
}

export interface DrawnChart {
  destroy(): void;
}

/** Draws into `container`; returns the chart to destroy before the next draw, if one was drawn. */
export function drawParallelChart(container: HTMLElement, runs: readonly ComparedRun[], metric: string | undefined, flippedMetrics: readonly string[]): DrawnChart | undefined {
  const axes = parallelAxes(runs, metric);
  if (axes.length < 2) {
    const note = document.createElement('p');
    note.textContent = 'No parameter varies across these runs.';
    container.append(note);
    return undefined;
  }
  const stops = scaleStops();
  const metricValues = metric ? runs.map((r) => r.metrics[metric] ?? Number.NaN) : [];
  const range = valueRange(metricValues);
  const missing = cssVar('--vscode-disabledForeground', '#808080');
  const colours = scalePositions(metricValues, range).map((t) => (t === undefined ? missing : cssRgb(colourAt(stops, t))));
  const lower = metric ? lowerIsBetter(metric, flippedMetrics) : false;
  if (metric && range) container.append(colourBar(metric, range.min, range.max, stops, lower));

  const canvas = document.createElement('canvas');
  canvas.id = 'parallel-coordinates';
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `Parallel coordinates of ${axes.map((a) => a.key).join(', ')}, coloured by ${metric ?? 'nothing'}`);
  const box = document.createElement('div');
  box.className = 'chart';
  box.append(canvas);
  container.append(box);
  const foreground = cssVar('--vscode-editor-foreground', '#888');
  // Axes of two types (linear and log) in one chart: Chart.js's typings cannot express that mix.
  const config = {
    type: 'pcp',
    data: {
      labels: runs.map((r) => r.name),
      datasets: axes.map((axis) => ({
        type: axis.log ? 'logarithmicPcp' : 'pcp',
        label: axis.log ? `${axis.key} (log)` : axis.key,
        data: axis.values,
        borderColor: colours,
        hoverBorderColor: foreground,
        borderWidth: 2,
        ...axisTicks(axis),
      })),
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      color: foreground,
      // Room above and beside the axes, so their end labels are not cut off.
      layout: { padding: { top: 16, right: 24, left: 24, bottom: 4 } },
      plugins: {
        legend: { display: false },
        tooltip: {
          // One run per tooltip, even where its segments on two axes meet under the pointer.
          filter: (_item: TooltipItem<'pcp'>, index: number) => index === 0,
          callbacks: {
            title: (items: TooltipItem<'pcp'>[]) => {
              const name = items[0] ? runs[items[0].dataIndex]?.name ?? '' : '';
              // The tooltip is drawn on the canvas: say whose it is, for tests and inspectors.
              canvas.dataset.tooltipRun = name;
              return name;
            },
            label: (item: TooltipItem<'pcp'>) => runTooltipLines(runs, axes, item.dataIndex),
          },
        },
      },
    },
  };
  const chart = new Chart(canvas, config as never);
  // Drawn: say how many axes and which are logarithmic, for tests and inspectors.
  canvas.dataset.axes = String(axes.length);
  canvas.dataset.logAxes = axes.filter((a) => a.log).map((a) => a.key).join(',');
  return chart;
}
