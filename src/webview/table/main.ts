// The table editor's page: a virtualised grid over a table the worker holds. Only the rows on
// screen exist in the DOM; they are asked for in blocks as they scroll into view. Sort, filter
// and column summaries are asked of the worker; everything from the file is set as text.
import type { ColumnSummary } from '../../shared/columnSummary.ts';
import type { TableHostMessage, TablePageMessage, TableQuery } from '../../shared/tableProtocol.ts';
import type { Cell } from '../../shared/tableParsing.ts';
import { el } from '../dom.ts';
import { maxScroll, scrollTopFor, virtualTop, type GridMetrics } from './grid.ts';

interface VsCodeApi {
  postMessage(message: TablePageMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const ROW_HEIGHT = 22;
// Fixed widths (media/table.css says the same), so only the columns on screen are drawn in rows.
const CELL_WIDTH = 160;
const NUMBER_WIDTH = 80;
const BLOCK = 200;
const FILTER_DELAY_MS = 250;
const ALL_COLUMNS = 'all';
const vscode = acquireVsCodeApi();

let columns: string[] = [];
let loaded = 0;
let done = false;
let queryId = 0;
let query: TableQuery = {};
/** Rows in the current view (all rows until a query narrows them). */
let shown = 0;
let waitingForQuery = false;
let summaryColumn: number | undefined;
const rows = new Map<number, { cells: Cell[]; rowNumber: number }>();
const requested = new Set<number>();

const app = document.getElementById('app') as HTMLElement;
const filterBox = el('input', { className: 'filter' });
filterBox.type = 'search';
filterBox.placeholder = 'Filter rows (text they contain)';
filterBox.setAttribute('aria-label', 'Filter rows');
const filterScope = el('select', { title: 'Where to look for the filter text' });
filterScope.setAttribute('aria-label', 'Filter in column');
const status = el('span', { className: 'status' });
status.setAttribute('role', 'status');
const errorLine = el('div', { className: 'error' });
const grid = el('div', { className: 'grid' });
grid.tabIndex = 0;
grid.setAttribute('role', 'grid');
grid.setAttribute('aria-label', 'Table rows: PageUp, PageDown, Home, End and arrow keys scroll');
const view = el('div', { className: 'view' });
const header = el('div', { className: 'row header' });
header.setAttribute('role', 'row');
const body = el('div', { className: 'body' });
const spacer = el('div', { className: 'spacer' });
const summaryBox = el('div', { className: 'summary' });
summaryBox.setAttribute('aria-live', 'polite');
view.append(header, body);
grid.append(view, spacer);
app.append(el('div', { className: 'toolbar' }, filterBox, filterScope, status), errorLine, grid, summaryBox);

function send(message: TablePageMessage): void {
  vscode.postMessage(message);
}

function metrics(): GridMetrics {
  return { rowCount: shown, rowHeight: ROW_HEIGHT, bodyHeight: Math.max(0, grid.clientHeight - header.offsetHeight) };
}

function formatCell(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return String(cell);
}

// ---- the grid ----------------------------------------------------------------------------------

let frame = 0;
function scheduleDraw(): void {
  if (frame === 0) frame = requestAnimationFrame(() => {
    frame = 0;
    draw();
  });
}

function draw(): void {
  const m = metrics();
  view.style.height = `${grid.clientHeight}px`;
  spacer.style.height = `${maxScroll(m)}px`;
  const top = virtualTop(m, grid.scrollTop);
  const first = Math.floor(top / ROW_HEIGHT);
  const count = Math.min(shown - first, Math.ceil(m.bodyHeight / ROW_HEIGHT) + 1);
  body.style.transform = `translateY(${-(top - first * ROW_HEIGHT)}px)`;
  // A wide table (hundreds of columns) draws only the columns in view, after a blank of the width of those before.
  view.style.width = `${NUMBER_WIDTH + columns.length * CELL_WIDTH}px`;
  const firstColumn = Math.min(columns.length, Math.max(0, Math.floor((grid.scrollLeft - NUMBER_WIDTH) / CELL_WIDTH)));
  const lastColumn = Math.min(columns.length, firstColumn + Math.ceil(grid.clientWidth / CELL_WIDTH) + 1);
  const lines: HTMLElement[] = [];
  for (let i = first; i < first + count; i++) {
    const row = rows.get(i);
    const line = el('div', { className: 'row' });
    line.setAttribute('role', 'row');
    line.dataset.index = String(i);
    if (i % 2 === 1) line.classList.add('odd');
    line.append(el('span', { className: 'cell number', text: row ? String(row.rowNumber) : '' }));
    if (firstColumn > 0) {
      const blank = el('span', { className: 'blank' });
      blank.style.width = `${firstColumn * CELL_WIDTH}px`;
      line.append(blank);
    }
    for (let c = firstColumn; c < lastColumn; c++) {
      const text = row ? formatCell(row.cells[c]) : c === firstColumn ? '…' : '';
      const cell = el('span', { className: row && row.cells[c] === null ? 'cell missing' : 'cell', text });
      cell.setAttribute('role', 'gridcell');
      if (text.length > 20) cell.title = text;
      line.append(cell);
    }
    lines.push(line);
  }
  body.replaceChildren(...lines);
  grid.setAttribute('aria-rowcount', String(shown + 1));
  requestRows(first, count);
}

function requestRows(first: number, count: number): void {
  if (waitingForQuery || count <= 0) return;
  for (let block = Math.floor(first / BLOCK) * BLOCK; block < first + count; block += BLOCK) {
    if (requested.has(block)) continue;
    requested.add(block);
    send({ type: 'rows', queryId, start: block, count: BLOCK });
  }
}

function drawHeader(): void {
  const cells: HTMLElement[] = [el('span', { className: 'cell number', text: '#' })];
  columns.forEach((name, index) => {
    const arrow = query.sortColumn === index ? (query.descending ? ' ▼' : ' ▲') : '';
    const sort = el('button', { className: 'sort', text: name + arrow, title: `${name}: click to sort` });
    sort.setAttribute('aria-sort', query.sortColumn === index ? (query.descending ? 'descending' : 'ascending') : 'none');
    sort.addEventListener('click', () => {
      // Ascending, then descending, then the file's order.
      if (query.sortColumn !== index) runQuery({ ...query, sortColumn: index, descending: false });
      else if (!query.descending) runQuery({ ...query, descending: true });
      else runQuery({ ...query, sortColumn: undefined, descending: undefined });
    });
    const about = el('button', { className: 'about', text: 'Σ', title: `Summary of ${name}` });
    about.setAttribute('aria-label', `Summary of ${name}`);
    about.addEventListener('click', () => {
      summaryColumn = index;
      summaryBox.textContent = `${name}: summarising…`;
      send({ type: 'summary', queryId, column: index });
    });
    const cell = el('span', { className: 'cell' }, sort, about);
    cell.setAttribute('role', 'columnheader');
    cells.push(cell);
  });
  header.replaceChildren(...cells);
  const selected = filterScope.value;
  const all = el('option', { text: 'All columns' });
  all.value = ALL_COLUMNS;
  filterScope.replaceChildren(all, ...columns.map((name, index) => {
    const option = el('option', { text: name });
    option.value = String(index);
    return option;
  }));
  filterScope.value = selected !== '' && columns[Number(selected)] !== undefined ? selected : ALL_COLUMNS;
}

function drawStatus(): void {
  const total = done ? loaded : undefined;
  const parts: string[] = [];
  if (!done) parts.push(`Reading… ${loaded.toLocaleString()} rows so far`);
  else parts.push(`${loaded.toLocaleString()} rows`);
  if (query.filter && !waitingForQuery && total !== undefined) parts.push(`${shown.toLocaleString()} shown by filter`);
  if (query.sortColumn !== undefined) parts.push(`sorted by ${columns[query.sortColumn]} ${query.descending ? 'descending' : 'ascending'}`);
  if (waitingForQuery) parts.push(done ? 'sorting and filtering…' : 'sorts and filters once the whole file is read');
  status.textContent = parts.join(' · ');
}

function drawSummary(column: number, summary: ColumnSummary): void {
  const name = columns[column] ?? `column ${column + 1}`;
  const parts = [`${name}`, summary.type, `${summary.count.toLocaleString()} values`, `${summary.nulls.toLocaleString()} missing`];
  if (summary.type === 'number') parts.push(`min ${summary.min}`, `max ${summary.max}`, `mean ${Number(summary.mean?.toPrecision(6))}`);
  if (summary.top?.length) parts.push(`top: ${summary.top.map((t) => `${t.value} (${t.count.toLocaleString()})`).join(', ')}`);
  summaryBox.textContent = parts.join(' · ');
}

// ---- queries -----------------------------------------------------------------------------------

function runQuery(next: TableQuery): void {
  query = next;
  queryId += 1;
  waitingForQuery = true;
  rows.clear();
  requested.clear();
  summaryBox.textContent = '';
  send({ type: 'query', queryId, query });
  drawHeader();
  drawStatus();
}

let filterTimer: ReturnType<typeof setTimeout> | undefined;
function filterChanged(): void {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    const scope = filterScope.value === ALL_COLUMNS ? undefined : Number(filterScope.value);
    runQuery({ ...query, filter: filterBox.value, filterColumn: filterBox.value ? scope : undefined });
  }, FILTER_DELAY_MS);
}
filterBox.addEventListener('input', filterChanged);
filterScope.addEventListener('change', () => {
  if (filterBox.value) filterChanged();
});

// ---- keyboard ----------------------------------------------------------------------------------

function scrollToTop(top: number): void {
  const m = metrics();
  grid.scrollTop = top >= shown * ROW_HEIGHT - m.bodyHeight ? maxScroll(m) : scrollTopFor(m, top);
  scheduleDraw();
}

grid.addEventListener('keydown', (event) => {
  const m = metrics();
  const top = virtualTop(m, grid.scrollTop);
  const page = Math.max(ROW_HEIGHT, m.bodyHeight - ROW_HEIGHT);
  const moves: Record<string, number | undefined> = {
    PageDown: top + page,
    PageUp: top - page,
    ArrowDown: top + ROW_HEIGHT,
    ArrowUp: top - ROW_HEIGHT,
    Home: 0,
    End: Number.POSITIVE_INFINITY,
  };
  const target = moves[event.key];
  if (target === undefined) return;
  event.preventDefault();
  scrollToTop(target);
});

grid.addEventListener('scroll', scheduleDraw, { passive: true });
new ResizeObserver(scheduleDraw).observe(grid);

// ---- the host ----------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<TableHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'source':
      document.title = message.name;
      break;
    case 'columns':
      columns = message.columns;
      drawHeader();
      scheduleDraw();
      break;
    case 'progress':
      loaded = message.loaded;
      done = message.done;
      if (queryId === 0) {
        shown = loaded;
        // Blocks that came back short (the file was still being read) are asked for again.
        for (const block of requested) if (!rows.has(Math.min(block + BLOCK, shown) - 1)) requested.delete(block);
      }
      drawStatus();
      scheduleDraw();
      break;
    case 'view':
      if (message.queryId !== queryId) return;
      waitingForQuery = false;
      shown = message.shown;
      grid.scrollTop = 0;
      drawStatus();
      scheduleDraw();
      break;
    case 'rows':
      if (message.queryId !== queryId) return;
      message.rows.forEach((cells, i) => rows.set(message.start + i, { cells, rowNumber: message.rowNumbers[i] }));
      scheduleDraw();
      break;
    case 'summary':
      if (message.queryId === queryId && message.column === summaryColumn) drawSummary(message.column, message.summary);
      break;
    case 'error':
      errorLine.textContent = message.message;
      break;
  }
});
send({ type: 'ready' });
