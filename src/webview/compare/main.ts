// The Compare Runs page: a side-by-side table (only differences by default, a baseline with
// deltas judged better or worse, every best value per metric marked) and a parallel-coordinates
// chart. Run data is only ever set as text.
import type { ComparedRun, CompareHostMessage, ComparePageMessage, ComparePageState, StepRange } from '../../shared/compareProtocol.ts';
import { atStepCellText } from '../../shared/metricsAtStepCells.ts';
import { compareRuns, lowerIsBetter, type CompareRow } from '../../shared/runComparison.ts';
import { drawParallelChart, type DrawnChart } from './parallelChart.ts';
import { el } from '../dom.ts';
import { stepControl } from '../stepControl.ts';

interface VsCodeApi {
  postMessage(message: ComparePageMessage): void;
  getState(): (ComparePageState & { runIds?: string[] }) | undefined;
  setState(state: ComparePageState & { runIds?: string[] }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: ComparePageState & { runIds?: string[] } = { onlyDifferences: true, flippedMetrics: [], ...vscode.getState() };
let runs: ComparedRun[] = [];
let steps: StepRange | undefined;
let chart: DrawnChart | undefined;

function formatValue(value: string | number | undefined): string {
  if (value === undefined) return '—';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return value;
}

/** Signed both ways (+ / −), so the direction reads without the colour. */
function formatDelta(delta: number, percent: number | undefined): string {
  const signed = (value: string) => (delta > 0 ? `+${value}` : `−${value.replace(/^-/u, '')}`);
  return ` (${signed(String(Number(delta.toPrecision(3))))}${percent === undefined ? '' : `, ${signed(`${percent.toFixed(1)}%`)}`})`;
}

function saveState(): void {
  vscode.setState(state);
}

function controls(): HTMLElement {
  const only = el('input');
  only.type = 'checkbox';
  only.id = 'only-differences';
  only.checked = state.onlyDifferences;
  only.addEventListener('change', () => {
    state = { ...state, onlyDifferences: only.checked };
    saveState();
    render();
  });
  const baseline = el('select');
  baseline.id = 'baseline';
  baseline.append(el('option', { text: 'No baseline' }));
  for (const run of runs) {
    const option = el('option', { text: run.name });
    option.value = run.runId;
    option.selected = run.runId === state.baselineRunId;
    baseline.append(option);
  }
  baseline.addEventListener('change', () => {
    state = { ...state, baselineRunId: baseline.value && baseline.selectedIndex > 0 ? baseline.value : undefined };
    saveState();
    render();
  });
  const charts = el('button', { text: 'Show metric charts' });
  charts.addEventListener('click', () => vscode.postMessage({ type: 'showCharts', runIds: runs.map((r) => r.runId) }));
  const onlyLabel = el('label', { text: ' Only differences' });
  onlyLabel.prepend(only);
  // Differences, best values, deltas and the chart all follow the values at the chosen step.
  const atStep = stepControl({
    range: steps,
    step: state.step,
    onChange: (step) => {
      state = { ...state, step };
      saveState();
      vscode.postMessage({ type: 'step', step });
    },
  });
  return el('div', { className: 'controls' }, onlyLabel, el('label', { text: 'Baseline ' }, baseline), atStep, charts);
}

function metricCell(row: CompareRow, index: number): HTMLElement {
  const shown = atStepCellText(runs[index], row.key, formatValue(row.values[index]));
  const cell = el('td', { text: shown.text });
  const titles: string[] = shown.title ? [shown.title] : [];
  if (row.best?.includes(index)) {
    cell.classList.add('best');
    titles.push(lowerIsBetter(row.key, state.flippedMetrics) ? 'Lowest (best)' : 'Highest (best)');
  }
  const delta = row.deltas?.[index];
  const verdict = row.deltaVerdicts?.[index];
  if (delta !== undefined && delta !== 0 && !Number.isNaN(delta)) {
    cell.append(el('span', { text: formatDelta(delta, row.deltaPercents?.[index]), className: `delta ${verdict ?? ''}` }));
    if (verdict === 'better' || verdict === 'worse') titles.push(`${verdict === 'better' ? 'Better' : 'Worse'} than the baseline`);
  }
  if (titles.length) cell.title = titles.join(' · ');
  return cell;
}

function table(rows: CompareRow[]): HTMLElement {
  const head = el('tr', {}, el('th', { text: '' }), ...runs.map((run) => el('th', { text: run.name, title: `${run.experimentName} · ${run.runId}` })));
  const body = el('tbody');
  let section = '';
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      const header = el('th', { text: section[0].toUpperCase() + section.slice(1), className: 'section' });
      header.colSpan = runs.length + 1;
      body.append(el('tr', {}, header));
    }
    const keyCell = el('td', { text: row.key, className: 'key' });
    if (row.section === 'metrics') {
      const flip = el('button', { text: lowerIsBetter(row.key, state.flippedMetrics) ? '↓' : '↑', className: 'flip', title: 'Which way is better (click to flip)' });
      flip.addEventListener('click', () => {
        const flipped = new Set(state.flippedMetrics);
        if (flipped.has(row.key)) flipped.delete(row.key);
        else flipped.add(row.key);
        state = { ...state, flippedMetrics: [...flipped] };
        saveState();
        render();
      });
      keyCell.append(' ', flip);
    }
    const cells = runs.map((_, index) => (row.section === 'metrics' ? metricCell(row, index) : el('td', { text: formatValue(row.values[index]) })));
    const tr = el('tr', { className: row.differs ? 'differs' : 'same' }, keyCell, ...cells);
    body.append(tr);
  }
  if (rows.length === 0) body.append(el('tr', {}, el('td', { text: 'These runs do not differ.' })));
  const result = el('table', { className: 'compare' }, el('thead', {}, head), body);
  result.id = 'compare-table';
  return result;
}

function parallelChart(container: HTMLElement): void {
  chart?.destroy();
  chart = undefined;
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  const metric = state.pcpMetric && metricKeys.includes(state.pcpMetric) ? state.pcpMetric : metricKeys[0];
  const picker = el('select');
  picker.id = 'pcp-metric';
  for (const key of metricKeys) {
    const option = el('option', { text: key });
    option.selected = key === metric;
    picker.append(option);
  }
  picker.addEventListener('change', () => {
    state = { ...state, pcpMetric: picker.value };
    saveState();
    render();
  });
  container.append(el('h2', { text: 'Parameters against a metric' }), el('label', { text: 'Metric (axis and colour) ' }, picker));
  chart = drawParallelChart(container, runs, metric, state.flippedMetrics);
}

function render(): void {
  const app = document.getElementById('app');
  if (!app) return;
  app.replaceChildren();
  if (runs.length === 0) {
    app.append(el('p', { text: 'Loading runs…' }));
    return;
  }
  const rows = compareRuns(runs, { onlyDifferences: state.onlyDifferences, baselineRunId: state.baselineRunId, flippedMetrics: state.flippedMetrics });
  const chartBox = el('section', { className: 'pcp' });
  const heading = `Comparing ${runs.length} runs${runs[0]?.atStep ? ` at step ${runs[0].atStep.step}` : ''}`;
  app.append(el('h1', { text: heading }), controls(), table(rows), chartBox);
  parallelChart(chartBox);
}

window.addEventListener('message', (event: MessageEvent<CompareHostMessage>) => {
  if (event.data.type !== 'runs') return;
  // An answer for a step the user has since left.
  if (event.data.step !== state.step) return;
  runs = event.data.runs;
  steps = event.data.stepRange;
  state = { ...state, runIds: runs.map((r) => r.runId) };
  saveState();
  render();
});
// Theme switches change the CSS variables the chart reads.
new MutationObserver(() => render()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
render();
vscode.postMessage({ type: 'ready', step: state.step });
