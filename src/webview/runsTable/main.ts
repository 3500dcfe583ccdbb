// The runs table page: a virtualised grid over an experiment's runs. Only the visible rows exist
// in the DOM; row ranges are fetched from the host in blocks as they scroll into view.
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/virtual-core';
import type { ComparedRun, StepRange } from '../../shared/compareProtocol.ts';
import { atStepCellText, metricKeysOf } from '../../shared/metricsAtStepCells.ts';
import { cellValue, columnGroup, columnTitle } from '../../shared/runsTableColumns.ts';
import type { ColumnId, RunGroup, RunsQuery, RunsTableHostMessage, RunsTablePageMessage } from '../../shared/runsTableProtocol.ts';
import { stepControl } from '../stepControl.ts';

interface PageState {
  experimentId?: string;
  query: RunsQuery;
}
interface VsCodeApi {
  postMessage(message: RunsTablePageMessage): void;
  getState(): PageState | undefined;
  setState(state: PageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const ROW_HEIGHT = 24;
const BLOCK = 100;
const vscode = acquireVsCodeApi();
let state: PageState = { query: {}, ...vscode.getState() };
let queryId = 0;
let total = 0;
let columns: ColumnId[] = [];
let visible: ColumnId[] = [];
let steps: StepRange | undefined;
/** A count is on its way: a step change then re-sends the whole query rather than reuse the count. */
let counting = false;
const rows = new Map<number, ComparedRun>();
const requested = new Set<number>();
const selected = new Set<string>();

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

const app = document.getElementById('app') as HTMLElement;
const toolbar = el('div', undefined, 'toolbar');
const status = el('span', '', 'status');
const errorLine = el('div', '', 'error');
const header = el('div', undefined, 'row header');
const scroller = el('div', undefined, 'scroller');
const spacer = el('div', undefined, 'spacer');
const groupsBox = el('div', undefined, 'groups');
// The header scrolls sideways with the rows and sticks to the top.
scroller.append(header, spacer);
app.append(toolbar, errorLine, scroller, groupsBox);

function formatCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(5)));
  return value;
}

function send(message: RunsTablePageMessage): void {
  vscode.postMessage(message);
}

function runQuery(): void {
  queryId += 1;
  rows.clear();
  requested.clear();
  total = 0;
  counting = true;
  status.textContent = 'Counting runs…';
  send({ type: 'query', queryId, query: state.query });
  vscode.setState(state);
}

/** Same runs at another step: the rows are read again, the count stays. */
function changeStep(step: number | undefined): void {
  state = { ...state, query: { ...state.query, step } };
  drawToolbar();
  drawHeader();
  if (counting) return runQuery();
  queryId += 1;
  rows.clear();
  requested.clear();
  send({ type: 'step', queryId, step });
  vscode.setState(state);
  drawRows();
}

/** Rows read again (a metric column shown at a step needs its values read). */
function reloadRows(): void {
  if (state.query.step === undefined) return;
  changeStep(state.query.step);
}

const virtualizer = new Virtualizer<HTMLDivElement, HTMLDivElement>({
  count: 0,
  getScrollElement: () => scroller,
  estimateSize: () => ROW_HEIGHT,
  overscan: 20,
  scrollToFn: elementScroll,
  observeElementRect,
  observeElementOffset,
  onChange: () => drawRows(),
});
virtualizer._didMount();

function requestVisibleBlocks(): void {
  for (const item of virtualizer.getVirtualItems()) {
    const block = Math.floor(item.index / BLOCK) * BLOCK;
    if (rows.has(item.index) || requested.has(block)) continue;
    requested.add(block);
    send({ type: 'rows', queryId, start: block, count: BLOCK, ...(state.query.step === undefined ? {} : { metricKeys: metricKeysOf(visible) }) });
  }
}

function drawHeader(): void {
  header.replaceChildren(el('span', '', 'cell check'));
  for (const column of visible) {
    const arrow = state.query.sortColumn === column ? (state.query.ascending ? ' ▲' : ' ▼') : '';
    const atStep = state.query.step !== undefined && columnGroup(column) === 'metrics';
    const cell = el('button', columnTitle(column) + (atStep ? ` @${state.query.step}` : '') + arrow, `cell ${columnGroup(column)}`);
    // MLflow's search orders by the latest value; the rows show values at the step, so say which one sorts.
    cell.title = atStep ? `${column} at step ${state.query.step} — click to sort by the latest value` : `${column} — click to sort`;
    cell.addEventListener('click', () => {
      const ascending = state.query.sortColumn === column ? !state.query.ascending : false;
      state = { ...state, query: { ...state.query, sortColumn: column, ascending } };
      drawHeader();
      runQuery();
    });
    header.append(cell);
  }
}

function drawRows(): void {
  virtualizer._willUpdate();
  spacer.style.height = `${virtualizer.getTotalSize()}px`;
  const fragment = document.createDocumentFragment();
  for (const item of virtualizer.getVirtualItems()) {
    const run = rows.get(item.index);
    const line = el('div', undefined, 'row');
    line.style.transform = `translateY(${item.start}px)`;
    line.dataset.index = String(item.index);
    const check = el('input', undefined, 'cell check');
    check.type = 'checkbox';
    check.disabled = !run;
    check.checked = run ? selected.has(run.runId) : false;
    check.setAttribute('aria-label', `Select row ${item.index + 1}`);
    check.addEventListener('change', () => {
      if (!run) return;
      if (check.checked) selected.add(run.runId);
      else selected.delete(run.runId);
      drawToolbarState();
    });
    line.append(check);
    for (const column of visible) {
      const group = columnGroup(column);
      const formatted = run ? formatCell(cellValue(run, column)) : '…';
      const shown = run && group === 'metrics' ? atStepCellText(run, column.slice('metrics.'.length), formatted) : { text: formatted };
      const cell = el('span', shown.text, `cell ${group}`);
      cell.title = shown.title ?? shown.text;
      line.append(cell);
    }
    fragment.append(line);
  }
  spacer.replaceChildren(fragment);
  requestVisibleBlocks();
}

const actionButtons: HTMLButtonElement[] = [];
function drawToolbarState(): void {
  for (const button of actionButtons) button.disabled = selected.size < Number(button.dataset.min);
  const sortNote = state.query.step !== undefined && state.query.sortColumn?.startsWith('metrics.') ? ' · sorted by latest value' : '';
  status.textContent = `${total.toLocaleString()} runs${selected.size ? ` · ${selected.size} selected` : ''}${sortNote}`;
}

function columnChooser(): HTMLElement {
  const details = el('details', undefined, 'chooser');
  details.append(el('summary', 'Columns'));
  const list = el('div', undefined, 'chooser-list');
  for (const column of columns) {
    const label = el('label', ` ${column}`);
    const box = el('input');
    box.type = 'checkbox';
    box.checked = visible.includes(column);
    box.addEventListener('change', () => {
      visible = box.checked ? columns.filter((c) => c === column || visible.includes(c)) : visible.filter((c) => c !== column);
      send({ type: 'columns', visibleColumns: visible });
      drawHeader();
      if (box.checked && columnGroup(column) === 'metrics') reloadRows();
      else drawRows();
    });
    label.prepend(box);
    list.append(label);
  }
  details.append(list);
  return details;
}

function drawToolbar(): void {
  const filter = el('input', undefined, 'filter');
  filter.placeholder = "Filter: metrics.accuracy > 0.9 and params.model = 'forest'";
  filter.value = state.query.filter ?? '';
  filter.setAttribute('aria-label', 'MLflow search filter');
  filter.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    state = { ...state, query: { ...state.query, filter: filter.value } };
    runQuery();
  });
  const groupBy = el('select');
  groupBy.append(el('option', 'Group by param…'));
  for (const column of columns.filter((c) => columnGroup(c) === 'params')) {
    const option = el('option', columnTitle(column));
    option.value = column.slice('params.'.length);
    groupBy.append(option);
  }
  groupBy.addEventListener('change', () => {
    if (groupBy.selectedIndex === 0) return groupsBox.replaceChildren();
    send({ type: 'groupBy', queryId, paramKey: groupBy.value });
  });
  actionButtons.length = 0;
  const action = (text: string, act: 'compare' | 'charts' | 'registerModel', min: number) => {
    const button = el('button', text);
    button.dataset.min = String(min);
    button.addEventListener('click', () => send({ type: 'action', action: act, runIds: [...selected] }));
    actionButtons.push(button);
    return button;
  };
  const csv = el('button', 'Export CSV');
  csv.addEventListener('click', () => send({ type: 'exportCsv' }));
  const atStep = stepControl({ range: steps, step: state.query.step, onChange: changeStep });
  toolbar.replaceChildren(filter, columnChooser(), groupBy, atStep, action('Compare', 'compare', 2), action('Charts', 'charts', 1), action('Register Model', 'registerModel', 1), csv, status);
  drawToolbarState();
}

function drawGroups(paramKey: string, groups: RunGroup[]): void {
  const metricKeys = [...new Set(groups.flatMap((g) => Object.keys(g.metrics)))].sort();
  const table = el('table');
  const head = el('tr');
  head.append(el('th', paramKey), el('th', 'runs'), ...metricKeys.map((k) => el('th', `${k} min / mean / max`)));
  table.append(head);
  for (const group of groups) {
    const tr = el('tr');
    tr.append(el('td', group.value), el('td', String(group.count)));
    for (const key of metricKeys) {
      const m = group.metrics[key];
      tr.append(el('td', m ? `${formatCell(m.min)} / ${formatCell(m.mean)} / ${formatCell(m.max)}` : ''));
    }
    table.append(tr);
  }
  groupsBox.replaceChildren(el('h2', `Grouped by ${paramKey}`), table);
}

window.addEventListener('message', (event: MessageEvent<RunsTableHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'init':
      state = { ...state, experimentId: message.experimentId };
      columns = message.columns;
      visible = message.visibleColumns;
      steps = message.stepRange;
      drawToolbar();
      drawHeader();
      runQuery();
      break;
    case 'refresh':
      runQuery();
      break;
    case 'count':
      if (message.queryId !== queryId) return;
      counting = false;
      total = message.total;
      errorLine.textContent = '';
      virtualizer.setOptions({ ...virtualizer.options, count: total });
      drawToolbarState();
      drawRows();
      break;
    case 'rows':
      if (message.queryId !== queryId) return;
      message.rows.forEach((run, i) => rows.set(message.start + i, run));
      drawRows();
      break;
    case 'groups':
      drawGroups(message.paramKey, message.groups);
      break;
    case 'error':
      errorLine.textContent = message.message;
      if (message.queryId === queryId) {
        counting = false;
        // This query will never be counted: show an empty, settled table rather than "Counting runs…".
        total = 0;
        virtualizer.setOptions({ ...virtualizer.options, count: 0 });
        drawRows();
        status.textContent = 'No runs shown: the query failed';
      }
      break;
  }
});
send({ type: 'ready' });
