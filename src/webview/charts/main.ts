// The Metric Charts page: controls, the run legend and one chart per metric key (or all keys on
// one chart). The host shapes every series to this page's pixel width; the page draws, smooths,
// zooms (asking the host for the zoomed range) and appends live points. Run names are text only.
import {
  DEFAULT_PAGE_STATE, MAX_CHARTED_RUNS, unpackSeries,
  type ChartRun, type RunSelection, type ChartsHostMessage, type ChartsPageMessage, type ChartsPageState, type XRange,
} from '../../shared/chartsProtocol.ts';
import { groupByChoices, groupRuns, parseGroupBy, type RunGroup } from '../../shared/runGroups.ts';
import { appendPoints, X_AXES, type XAxis } from '../../shared/seriesShaping.ts';
import type { BandKind } from '../../shared/stepBands.ts';
import { ChartView, type ChartViewOptions, type SeriesEntry } from './chartView.ts';
import { X_AXIS_LABELS } from './format.ts';
import { readTheme, watchTheme, type ChartTheme } from './theme.ts';

interface VsCodeApi {
  postMessage(message: ChartsPageMessage): void;
  getState(): Partial<ChartsPageState> | undefined;
  setState(state: ChartsPageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: ChartsPageState = { runIds: [], ...DEFAULT_PAGE_STATE, ...vscode.getState() };
let theme: ChartTheme = readTheme();
let runs: ChartRun[] = [];
let keys: string[] = [];
let views: ChartView[] = [];
let nextRequest = 1;
let renders = 0;

const app = document.getElementById('app') ?? document.body;
const toolbar = el('div', undefined, 'toolbar');
const selectionBar = el('div', undefined, 'selection');
const legend = el('div', undefined, 'legend');
const status = el('div', undefined, 'status');
const grid = el('div', undefined, 'charts');
app.append(toolbar, selectionBar, legend, status, grid);

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function saveState(): void {
  vscode.setState(state);
}

/** The runs' groups under the chosen group-by, or undefined when ungrouped (or the choice is gone). */
function runGroups(): RunGroup[] | undefined {
  const groupBy = parseGroupBy(state.groupBy);
  // A kept choice none of these runs has (other runs charted since) leaves them ungrouped.
  if (!groupBy || !groupByChoices(runs).some((c) => c.value === state.groupBy)) return undefined;
  return groupRuns(runs, groupBy);
}

function viewOptions(): ChartViewOptions {
  return { xAxis: state.xAxis, smoothing: state.smoothing, logY: state.logY, theme, hiddenRuns: new Set(state.hiddenRuns), groups: runGroups(), band: state.band };
}

function labelled(text: string, control: HTMLElement): HTMLLabelElement {
  const label = el('label', text);
  label.append(control);
  return label;
}

function buildToolbar(): void {
  toolbar.replaceChildren();
  const axis = el('select');
  for (const value of X_AXES) {
    const option = el('option', X_AXIS_LABELS[value]);
    option.value = value;
    option.selected = value === state.xAxis;
    axis.append(option);
  }
  axis.addEventListener('change', () => {
    state = { ...state, xAxis: axis.value as XAxis };
    saveState();
    for (const view of views) view.range = undefined;
    refreshOptions();
    requestAll();
  });

  const smoothing = el('input');
  smoothing.type = 'range';
  smoothing.min = '0';
  smoothing.max = '0.99';
  smoothing.step = '0.01';
  smoothing.value = String(state.smoothing);
  const smoothingValue = el('span', state.smoothing.toFixed(2), 'value');
  smoothing.addEventListener('input', () => {
    state = { ...state, smoothing: Number(smoothing.value) };
    smoothingValue.textContent = state.smoothing.toFixed(2);
    saveState();
    refreshOptions();
  });

  const scale = el('select');
  for (const [value, text] of [['linear', 'Linear'], ['log', 'Log']] as const) {
    const option = el('option', text);
    option.value = value;
    option.selected = (value === 'log') === state.logY;
    scale.append(option);
  }
  scale.addEventListener('change', () => {
    state = { ...state, logY: scale.value === 'log' };
    saveState();
    refreshOptions();
  });

  const combine = el('input');
  combine.type = 'checkbox';
  combine.checked = state.combine;
  combine.addEventListener('change', () => {
    state = { ...state, combine: combine.checked };
    saveState();
    buildCharts();
  });
  const combineLabel = el('label', ' All metrics on one chart');
  combineLabel.prepend(combine);

  const groupBy = el('select');
  groupBy.setAttribute('aria-label', 'Group runs by');
  groupBy.title = 'Draw one mean line with a band per group of runs sharing a param or tag value';
  for (const choice of [{ value: '', label: 'None' }, ...groupByChoices(runs)]) {
    const option = el('option', choice.label);
    option.value = choice.value;
    option.selected = choice.value === (state.groupBy ?? '');
    groupBy.append(option);
  }
  const band = el('select');
  band.setAttribute('aria-label', 'Band');
  band.title = "What each group's band spans at a step: its runs' lowest to highest value, or the mean ± one standard deviation";
  for (const [value, text] of [['minmax', 'Min–max'], ['std', '±1 std']] as const) {
    const option = el('option', text);
    option.value = value;
    option.selected = value === state.band;
    band.append(option);
  }
  band.disabled = !state.groupBy;
  groupBy.addEventListener('change', () => {
    state = { ...state, groupBy: groupBy.value || undefined };
    band.disabled = !state.groupBy;
    saveState();
    buildLegend();
    refreshOptions();
  });
  band.addEventListener('change', () => {
    state = { ...state, band: band.value as BandKind };
    saveState();
    refreshOptions();
  });

  const reset = el('button', 'Reset zoom');
  reset.addEventListener('click', () => views.forEach((v) => v.resetZoom()));
  const csv = el('button', 'Export CSV');
  csv.title = 'Every point of every metric of these runs, from the store';
  csv.addEventListener('click', () => vscode.postMessage({ type: 'exportCsv', keys }));

  const smoothingLabel = labelled('Smoothing ', smoothing);
  smoothingLabel.append(smoothingValue);
  toolbar.append(labelled('X-axis ', axis), smoothingLabel, labelled('Y-axis ', scale), labelled('Group by ', groupBy), labelled('Band ', band), combineLabel, reset, csv);
}

/** "Runs [10] of 300 · filter … · sorted by …" for an experiment's charts, the count editable. */
function buildSelection(selection: RunSelection | undefined): void {
  selectionBar.replaceChildren();
  if (!selection) return;
  const { source, shown, total } = selection;
  const count = el('input');
  count.type = 'number';
  count.min = '1';
  count.max = String(MAX_CHARTED_RUNS);
  count.value = String(source.limit);
  count.title = `How many of the experiment's runs to chart, in the Experiments view's order (at most ${MAX_CHARTED_RUNS})`;
  count.setAttribute('aria-label', 'Runs to chart');
  count.addEventListener('change', () => {
    const limit = Math.round(Number(count.value));
    if (!Number.isFinite(limit) || limit < 1 || limit > MAX_CHARTED_RUNS) {
      status.textContent = `Chart between 1 and ${MAX_CHARTED_RUNS} runs.`;
      count.value = String(source.limit);
      return;
    }
    status.textContent = '';
    if (limit !== source.limit) vscode.postMessage({ type: 'setRunLimit', limit });
  });
  const label = labelled('Runs ', count);
  const summary = el('span', ` ${shown.toLocaleString('en-US')} shown of ${total.toLocaleString('en-US')} ${total === 1 ? 'run' : 'runs'}`, 'summary');
  const how = [source.filter ? `filter: ${source.filter}` : '', `sorted by ${source.orderBy ?? 'start time, newest first'}`, source.showDeleted ? 'deleted runs included' : '']
    .filter(Boolean).join(' · ');
  const listing = el('span', ` · ${how}`, 'listing');
  listing.title = 'As the Experiments view lists them (change its filter and sort there)';
  selectionBar.append(label, summary, listing);
}

function toggleRuns(runIds: readonly string[], hide: boolean): void {
  const next = new Set(state.hiddenRuns);
  for (const id of runIds) {
    if (hide) next.add(id);
    else next.delete(id);
  }
  state = { ...state, hiddenRuns: [...next] };
  saveState();
  buildLegend();
  refreshOptions();
}

/** One chip per group: its colour, "name=value (n runs)"; clicking hides or shows all its runs. */
function buildGroupLegend(groups: readonly RunGroup[]): void {
  const hidden = new Set(state.hiddenRuns);
  const names = new Map(runs.map((r) => [r.runId, r.name]));
  for (const group of groups) {
    const isHidden = group.runIds.every((id) => hidden.has(id));
    const chip = el('button', undefined, isHidden ? 'run group hidden' : 'run group');
    const swatch = el('span', undefined, 'swatch');
    swatch.style.background = theme.palette[group.colorIndex % theme.palette.length];
    chip.append(swatch, el('span', group.label, 'name'));
    if (group.runIds.some((id) => runs.find((r) => r.runId === id)?.status === 'RUNNING')) chip.append(el('span', ' ● live', 'live'));
    chip.title = `${group.runIds.map((id) => names.get(id) ?? id).join(', ')}: click to ${isHidden ? 'show' : 'hide'}`;
    chip.setAttribute('aria-pressed', String(!isHidden));
    chip.addEventListener('click', () => toggleRuns(group.runIds, !isHidden));
    legend.append(chip);
  }
}

function buildLegend(): void {
  legend.replaceChildren();
  const groups = runGroups();
  if (groups) {
    buildGroupLegend(groups);
    return;
  }
  const hidden = new Set(state.hiddenRuns);
  for (const run of runs) {
    const chip = el('button', undefined, hidden.has(run.runId) ? 'run hidden' : 'run');
    const swatch = el('span', undefined, 'swatch');
    swatch.style.background = theme.palette[run.colorIndex % theme.palette.length];
    const name = el('span', run.name, 'name');
    chip.append(swatch, name);
    if (run.status === 'RUNNING') chip.append(el('span', ' ● live', 'live'));
    chip.title = `${run.name} (${run.experimentName}, ${run.status}): click to ${hidden.has(run.runId) ? 'show' : 'hide'}`;
    chip.setAttribute('aria-pressed', String(!hidden.has(run.runId)));
    chip.addEventListener('click', () => toggleRuns([run.runId], !hidden.has(run.runId)));
    legend.append(chip);
  }
}

function refreshOptions(): void {
  const options = viewOptions();
  for (const view of views) view.setOptions(options);
}

function request(view: ChartView): void {
  view.latestRequest = nextRequest++;
  const range = view.range;
  vscode.postMessage({ type: 'requestRange', requestId: view.latestRequest, keys: view.keys, xAxis: state.xAxis, pixelWidth: view.pixelWidth(), ...(range ? { min: range.min, max: range.max } : {}) });
}

function requestAll(): void {
  for (const view of views) request(view);
}

function buildCharts(): void {
  for (const view of views) view.destroy();
  const groups = state.combine && keys.length > 0 ? [keys] : keys.map((k) => [k]);
  views = groups.map((group) => {
    const view: ChartView = new ChartView(group, viewOptions(), {
      onRange: (range: XRange | undefined) => {
        view.range = range;
        request(view);
      },
      onPng: () => vscode.postMessage({ type: 'exportPng', name: group.join('-'), dataUrl: view.toPng() }),
      onCsv: () => vscode.postMessage({ type: 'exportCsv', keys: group }),
    });
    grid.append(view.element);
    return view;
  });
  status.textContent = keys.length === 0 ? 'These runs have logged no metrics yet.' : '';
  // Layout first, so each chart reports its real width.
  requestAnimationFrame(requestAll);
}

function onSeries(message: Extract<ChartsHostMessage, { type: 'series' }>): void {
  if (message.xAxis !== state.xAxis) return;
  const byId = new Map(runs.map((r) => [r.runId, r]));
  for (const view of views) {
    if (!view.keys.includes(message.key) || message.requestId < view.latestRequest) continue;
    const entries: SeriesEntry[] = [];
    for (const packed of message.series) {
      const run = byId.get(packed.runId);
      if (run) entries.push({ run, key: packed.key, shaped: unpackSeries(packed), sampled: packed.sampled });
    }
    view.setSeries(message.key, entries);
  }
  document.body.dataset.rendered = String(++renders);
}

function onAppend(message: Extract<ChartsHostMessage, { type: 'append' }>): void {
  if (message.xAxis !== state.xAxis) return;
  for (const series of message.series) {
    for (const view of views) {
      const entry = view.hasSeries(series.runId, series.key);
      if (!entry) continue;
      const from = Math.max(0, entry.shaped.x.length - 1);
      appendPoints(entry.shaped, series.points);
      view.appendTo(series.runId, series.key, from);
      // Far past the pixel budget (a long live run): ask for a fresh shape of the whole range.
      if (!view.range && entry.shaped.x.length > 2 * view.pixelWidth()) request(view);
    }
  }
  document.body.dataset.appended = String(Number(document.body.dataset.appended ?? 0) + 1);
}

window.addEventListener('message', (event: MessageEvent<ChartsHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      runs = message.runs;
      keys = message.keys;
      state = { ...state, runIds: runs.map((r) => r.runId), source: message.selection?.source, hiddenRuns: state.hiddenRuns.filter((id) => runs.some((r) => r.runId === id)) };
      saveState();
      buildToolbar();
      buildSelection(message.selection);
      buildLegend();
      buildCharts();
      return;
    case 'runs':
      runs = message.runs;
      buildLegend();
      // A run's params may have changed while it ran: its group with them.
      if (state.groupBy) refreshOptions();
      return;
    case 'series':
      onSeries(message);
      return;
    case 'append':
      onAppend(message);
      return;
    case 'error':
      status.textContent = message.message;
      return;
  }
});

watchTheme(() => {
  theme = readTheme();
  buildLegend();
  refreshOptions();
});

// Re-shape when a chart's width changes a lot (panel resized, sidebar toggled).
let resizeTimer: ReturnType<typeof setTimeout> | undefined;
let lastWidth = grid.clientWidth;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const width = grid.clientWidth;
    if (Math.abs(width - lastWidth) > lastWidth * 0.2) {
      lastWidth = width;
      requestAll();
    }
  }, 300);
}).observe(grid);

vscode.postMessage({ type: 'ready' });
