// The parameter importance page: params sorted by random-forest importance as horizontal bars
// (coloured by the sign of their Spearman rho, which is printed beside them), the same figures as
// a keyboard-reachable table, and on a click the metric against that param, coloured by a second
// one. Run data is only ever set as text.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip, type ChartConfiguration, type TooltipItem } from 'chart.js';
import { colourAt, cssRgb, parseHexColour, scalePositions, valueRange, type Rgb } from '../../shared/colourScale.ts';
import type { ImportanceHostMessage, ImportancePageMessage, ScatterData } from '../../shared/importanceProtocol.ts';
import type { ImportanceResult, ParamImportance } from '../../shared/importanceResult.ts';
import { MISSING_LEVEL, paramKind } from '../../shared/paramEncoding.ts';
import { spansDecades } from '../../shared/runComparison.ts';
import { scatterLayout } from '../../shared/scatterPoints.ts';
import { readTheme, watchTheme, withAlpha, type ChartTheme } from '../charts/theme.ts';
import { el } from '../dom.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip);

interface VsCodeApi {
  postMessage(message: ImportancePageMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') as HTMLElement;
let result: ImportanceResult | undefined;
let scope = '';
let truncatedAt: number | undefined;
let selected: string | undefined;
let colourParam: string | undefined;
let barChart: Chart | undefined;
let scatterChart: Chart | undefined;
let lastScatter: ScatterData | undefined;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
/** Signed with a real minus, so the direction reads without the colour. */
const rho = (p: ParamImportance) => (p.spearman === undefined ? '—' : `${p.spearman < 0 ? '−' : '+'}${Math.abs(p.spearman).toFixed(2)}`);

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function signColour(p: ParamImportance): string {
  if (p.spearman === undefined || p.spearman === 0) return cssVar('--vscode-descriptionForeground', '#888888');
  return p.spearman > 0 ? cssVar('--vscode-charts-blue', '#3794ff') : cssVar('--vscode-charts-orange', '#d18616');
}

function axisColours(theme: ChartTheme) {
  return { ticks: { color: theme.foreground, font: { family: theme.fontFamily } }, grid: { color: theme.grid } };
}

function select(param: string): void {
  selected = param;
  if (colourParam === param) colourParam = undefined;
  vscode.postMessage({ type: 'scatter', param, ...(colourParam ? { colourParam } : {}) });
}

function drawBars(canvas: HTMLCanvasElement, params: ParamImportance[]): void {
  const theme = readTheme();
  barChart?.destroy();
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: params.map((p) => p.param),
      datasets: [{ data: params.map((p) => p.importance), backgroundColor: params.map(signColour), borderWidth: theme.highContrast ? 1 : 0, borderColor: theme.foreground }],
    },
    options: {
      indexAxis: 'y',
      animation: false,
      maintainAspectRatio: false,
      onClick: (_event, elements) => {
        if (elements.length > 0) select(params[elements[0].index].param);
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
      },
      scales: {
        x: { ...axisColours(theme), min: 0, title: { display: true, text: 'importance (random forest)', color: theme.foreground } },
        y: { ...axisColours(theme), ticks: { ...axisColours(theme).ticks, callback: (_value, index) => `${params[index].param}   ρ ${rho(params[index])}` } },
      },
      plugins: {
        tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `importance ${percent(params[item.dataIndex].importance)}, Spearman ρ ${rho(params[item.dataIndex])}` } },
      },
    },
  };
  barChart = new Chart(canvas, config);
}

function paramTable(params: ParamImportance[]): HTMLTableElement {
  const table = el('table', { className: 'params' });
  const head = el('tr', {}, el('th', { text: '#' }), el('th', { text: 'Param' }), el('th', { text: 'Importance' }), el('th', { text: 'Spearman ρ', title: 'Rank correlation with the metric; — for a categorical param' }), el('th', { text: 'Runs with it' }));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  params.forEach((p, i) => {
    const button = el('button', { text: p.param, className: 'param', title: `Scatter of the metric against ${p.param}` });
    button.addEventListener('click', () => select(p.param));
    const sign = el('td', { text: rho(p), className: `rho ${p.spearman === undefined ? 'none' : p.spearman < 0 ? 'negative' : 'positive'}` });
    const row = el('tr', {}, el('td', { text: String(i + 1) }), el('td', {}, button), el('td', { text: percent(p.importance), className: 'number' }), sign, el('td', { text: String(p.runsWithParam), className: 'number' }));
    row.dataset.param = p.param;
    body.append(row);
  });
  table.append(body);
  return table;
}

function render(): void {
  if (!result) return;
  app.replaceChildren();
  app.append(el('h1', { text: `Which params matter for ${result.metric}` }));
  const left = result.runsWithoutMetric > 0 ? ` (${result.runsWithoutMetric} without ${result.metric} left out)` : '';
  app.append(el('p', { className: 'summary', text: `${result.runsUsed} runs of ${scope}${left}.${truncatedAt ? ` Only the first ${truncatedAt} runs were loaded.` : ''}` }));
  if (result.constantParams.length > 0) app.append(el('p', { className: 'note', text: `Same value in every run (left out): ${result.constantParams.join(', ')}` }));
  app.append(el('p', { className: 'note', text: 'Bars: share of a random forest\'s error reduction (categorical params one-hot, summed back); colour and ρ: Spearman rank correlation, blue positive, orange negative, grey for categorical params. Click a param for its scatter.' }));
  const holder = el('div', { className: 'bars' });
  holder.style.height = `${Math.max(120, result.params.length * 28 + 50)}px`;
  const canvas = el('canvas');
  canvas.id = 'importance-bars';
  canvas.setAttribute('aria-label', 'Parameter importance bar chart');
  holder.append(canvas);
  app.append(holder, paramTable(result.params), el('section', { className: 'scatter' }));
  drawBars(canvas, result.params);
  if (lastScatter) drawScatter(lastScatter);
}

function colourStops(): Rgb[] {
  return ['--vscode-charts-blue', '--vscode-charts-green', '--vscode-charts-yellow', '--vscode-charts-red'].map((name, i) => parseHexColour(cssVar(name, ['#3794ff', '#89d185', '#cca700', '#f14c4c'][i])) ?? { r: 128, g: 128, b: 128 });
}

interface PointColours {
  colours: string[];
  /** Categorical colouring: each value's colour. */
  levels: { level: string; colour: string }[];
  /** Numeric colouring: what the scale spans. */
  scale?: string;
}

/** Per run, its point colour, and what explains them. */
function pointColours(data: ScatterData, theme: ChartTheme): PointColours {
  const plain = withAlpha(theme.palette[0], 0.8);
  if (!data.colour || !data.colourParam) return { colours: data.y.map(() => plain), levels: [] };
  const values = data.colour.map((v) => v ?? undefined);
  if (paramKind(values) === 'numeric') {
    const numbers = values.map((v) => (v === undefined ? NaN : Number(v)));
    const range = valueRange(numbers);
    const stops = colourStops();
    // Learning rates and the like spread evenly in colour on a log scale, as on the axes.
    const positions = spansDecades(numbers) ? scalePositions(numbers.map(Math.log10)) : scalePositions(numbers, range);
    const colours = positions.map((t) => (t === undefined ? withAlpha(theme.foreground, 0.3) : cssRgb(colourAt(stops, t))));
    return { colours, levels: [], ...(range ? { scale: `${data.colourParam}: ${range.min} (blue) → ${range.max} (red)${spansDecades(numbers) ? ', log scale' : ''}` } : {}) };
  }
  const levels = [...new Set(values.map((v) => v ?? MISSING_LEVEL))].map((level, i) => ({ level, colour: theme.palette[i % theme.palette.length] }));
  const colourOf = new Map(levels.map(({ level, colour }) => [level, colour]));
  return { colours: values.map((v) => colourOf.get(v ?? MISSING_LEVEL) ?? plain), levels };
}

function drawScatter(data: ScatterData): void {
  const section = app.querySelector('section.scatter');
  if (!section || !result) return;
  const theme = readTheme();
  const layout = scatterLayout(data);
  const { colours, levels, scale } = pointColours(data, theme);
  const picker = el('select');
  picker.id = 'colour-by';
  picker.setAttribute('aria-label', 'Colour points by');
  picker.append(el('option', { text: 'No colouring' }));
  for (const p of result.params) {
    if (p.param === data.param) continue;
    const option = el('option', { text: p.param });
    option.value = p.param;
    option.selected = p.param === data.colourParam;
    picker.append(option);
  }
  picker.addEventListener('change', () => {
    colourParam = picker.selectedIndex > 0 ? picker.value : undefined;
    if (selected) select(selected);
  });
  const legendBox = el('div', { className: 'legend' });
  for (const { level, colour } of levels) {
    const swatch = el('span', { className: 'swatch' });
    swatch.style.background = colour;
    legendBox.append(el('span', { className: 'level' }, swatch, document.createTextNode(level)));
  }
  if (scale) legendBox.append(document.createTextNode(scale));
  const holder = el('div', { className: 'scatter-chart' });
  const canvas = el('canvas');
  canvas.id = 'importance-scatter';
  canvas.setAttribute('aria-label', `${result.metric} against ${data.param}`);
  holder.append(canvas);
  const missing = layout.missing > 0 ? ` (${layout.missing} runs without ${data.param} not shown)` : '';
  section.replaceChildren(
    el('h2', { text: `${result.metric} against ${data.param}${missing}` }),
    el('div', { className: 'controls' }, el('label', { text: 'Colour by ' }, picker), legendBox),
    holder,
  );
  scatterChart?.destroy();
  const x = layout.kind === 'categorical'
    ? { type: 'linear' as const, min: -0.5, max: layout.categories.length - 0.5, ...axisColours(theme), ticks: { ...axisColours(theme).ticks, stepSize: 1, callback: (value: string | number) => layout.categories[Number(value)] ?? '' } }
    : { type: layout.logarithmic ? ('logarithmic' as const) : ('linear' as const), ...axisColours(theme) };
  scatterChart = new Chart(canvas, {
    type: 'scatter',
    data: { datasets: [{ data: layout.points, pointBackgroundColor: layout.points.map((p) => colours[p.run]), pointBorderWidth: 0, pointRadius: 4 }] },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: { x: { ...x, title: { display: true, text: data.param, color: theme.foreground } }, y: { ...axisColours(theme), title: { display: true, text: result.metric, color: theme.foreground } } },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item: TooltipItem<'scatter'>) => {
              const run = layout.points[item.dataIndex].run;
              const colour = data.colourParam ? `, ${data.colourParam}=${data.colour?.[run] ?? MISSING_LEVEL}` : '';
              return `${data.names[run]}: ${data.param}=${data.x[run] ?? MISSING_LEVEL}${colour}, ${result?.metric}=${data.y[run]}`;
            },
          },
        },
      },
    },
  });
  section.setAttribute('data-param', data.param);
}

window.addEventListener('message', (event: MessageEvent<ImportanceHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'result':
      result = message.result;
      scope = message.scope;
      truncatedAt = message.truncatedAt;
      lastScatter = undefined;
      render();
      return;
    case 'scatter':
      lastScatter = message.scatter;
      drawScatter(message.scatter);
      return;
    case 'error':
      app.append(el('p', { className: 'error', text: message.message }));
      return;
  }
});

watchTheme(render);
vscode.postMessage({ type: 'ready' });
