// The image panel's page: one column per run, a row per logged image key (with a step slider) and
// per plain image path. The layout arrives without bytes; cells ask for their image (thumbnail
// first) when they scroll into view; two cells of a row can be compared at full size.
import { cellAtStep, type StepKeyRow } from '../../shared/imageLayout.ts';
import type { ImagesHostMessage, ImagesLayout, ImagesPageMessage } from '../../shared/imagesProtocol.ts';
import { RUN_PALETTE } from '../../shared/seriesShaping.ts';
import { el } from '../dom.ts';
import { compareBody, type CompareMode } from './compareView.ts';
import { ImageCache, type LoadedImage } from './imageCache.ts';

interface VsCodeApi {
  postMessage(message: ImagesPageMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const cache = new ImageCache((message) => vscode.postMessage(message));

/** A row of the grid: a step key or a plain image path. */
type Row = { kind: 'step'; id: string; label: string; key: StepKeyRow } | { kind: 'plain'; id: string; label: string; index: number };

/** What one cell shows now: the image to load first, the full-size one, a caption; or why it is empty. */
type CellView = { shown: string; full: string; caption: string; earlier: boolean } | { empty: string };

let layout: ImagesLayout | undefined;
let title = 'Images';
let failure: string | undefined;
/** Chosen step per key, kept across layout updates. */
const chosenSteps = new Map<string, number>();
let picked: { rowId: string; runIndex: number }[] = [];
let compareMode: CompareMode = 'side';
const visibleCells = new Set<HTMLElement>();
const cellUpdaters = new WeakMap<Element, () => void>();
const observer = new IntersectionObserver((entries) => {
  for (const entry of entries) {
    const cell = entry.target as HTMLElement;
    if (entry.isIntersecting) visibleCells.add(cell);
    else visibleCells.delete(cell);
    if (entry.isIntersecting) cellUpdaters.get(cell)?.();
  }
}, { rootMargin: '200px' });

function rows(current: ImagesLayout): Row[] {
  return [
    ...current.grid.stepKeys.map((key): Row => ({ kind: 'step', id: `step:${key.key}`, label: key.key, key })),
    ...current.grid.plainRows.map((row, index): Row => ({ kind: 'plain', id: `plain:${row.path}`, label: row.path, index })),
  ];
}

function stepOf(key: StepKeyRow): number {
  const chosen = chosenSteps.get(key.key);
  return chosen !== undefined && key.steps.includes(chosen) ? chosen : key.steps[key.steps.length - 1];
}

function cellView(current: ImagesLayout, row: Row, runIndex: number): CellView {
  if (row.kind === 'plain') {
    const file = current.grid.plainRows[row.index].cells[runIndex];
    return file ? { shown: file.path, full: file.path, caption: '', earlier: false } : { empty: 'This run has no such file.' };
  }
  const step = stepOf(row.key);
  const at = cellAtStep(row.key.cells[runIndex], step);
  if (!at) return { empty: `No image at or before step ${step}.` };
  return { shown: at.cell.thumbnailPath ?? at.cell.path, full: at.cell.path, caption: at.exact ? `step ${at.cell.step}` : `step ${at.cell.step} (nearest earlier)`, earlier: !at.exact };
}

function showLoaded(box: HTMLElement, image: LoadedImage | undefined, alt: string): void {
  if (!image) {
    if (!box.querySelector('img')) box.replaceChildren(el('div', { className: 'placeholder', text: 'Loading…' }));
    return;
  }
  if ('dataUri' in image) {
    let img = box.querySelector('img');
    if (!img) {
      img = el('img');
      box.replaceChildren(img);
    }
    img.alt = alt;
    if (img.src !== image.dataUri) img.src = image.dataUri;
    return;
  }
  box.replaceChildren(el('div', { className: 'placeholder problem', text: 'tooBig' in image ? image.tooBig : image.error }));
}

function imageCell(current: ImagesLayout, row: Row, runIndex: number): HTMLElement {
  const run = current.runs[runIndex];
  const box = el('div', { className: 'image-box' });
  const caption = el('div', { className: 'caption' });
  const cell = el('td', { className: 'cell' }, box, caption);
  cell.tabIndex = 0;
  cell.dataset.run = run.name;
  cell.dataset.row = row.id;
  const update = () => {
    const view = cellView(current, row, runIndex);
    cell.classList.toggle('picked', picked.some((p) => p.rowId === row.id && p.runIndex === runIndex));
    if ('empty' in view) {
      box.replaceChildren(el('div', { className: 'placeholder', text: view.empty }));
      caption.textContent = '';
      cell.classList.remove('earlier');
      return;
    }
    caption.textContent = view.caption;
    cell.classList.toggle('earlier', view.earlier);
    cell.title = `${run.name}: ${view.full}${view.earlier ? ' — this run has no image at the chosen step; its nearest earlier one is shown' : ''}`;
    // Only visible cells load; the others keep what they show until they scroll in.
    const image = visibleCells.has(cell) ? cache.want(run.runId, view.shown, update) : cache.get(run.runId, view.shown);
    showLoaded(box, image, `${row.label}, ${run.name}${view.caption ? `, ${view.caption}` : ''}`);
  };
  cellUpdaters.set(cell, update);
  const pick = () => {
    if ('empty' in cellView(current, row, runIndex)) return;
    const same = picked.findIndex((p) => p.rowId === row.id && p.runIndex === runIndex);
    if (same >= 0) picked.splice(same, 1);
    else picked = [...picked.filter((p) => p.rowId === row.id), { rowId: row.id, runIndex }].slice(-2);
    render();
  };
  cell.addEventListener('click', pick);
  cell.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      pick();
    }
  });
  observer.observe(cell);
  update();
  return cell;
}

function stepControl(current: ImagesLayout, row: Extract<Row, { kind: 'step' }>, cells: HTMLElement[]): HTMLElement {
  const { steps } = row.key;
  const slider = el('input', { className: 'step-slider' });
  slider.type = 'range';
  slider.min = '0';
  slider.max = String(steps.length - 1);
  slider.step = '1';
  slider.value = String(steps.indexOf(stepOf(row.key)));
  slider.setAttribute('aria-label', `Step of ${row.label}`);
  slider.dataset.key = row.label;
  const label = el('span', { className: 'step-label', text: `step ${stepOf(row.key)} (${steps.length} steps)` });
  // A range input moves with ←/→, Home and End on its own: each stop is a step a run logged.
  slider.addEventListener('input', () => {
    chosenSteps.set(row.key.key, steps[Number(slider.value)]);
    label.textContent = `step ${stepOf(row.key)} (${steps.length} steps)`;
    for (const cell of cells) cellUpdaters.get(cell)?.();
    if (picked.some((p) => p.rowId === row.id)) renderCompare(current);
  });
  return el('div', { className: 'step-control' }, slider, label);
}

function table(current: ImagesLayout): HTMLElement {
  const head = el('tr', {}, el('th', { text: '' }));
  for (const run of current.runs) {
    const th = el('th', { text: run.name, title: run.runId, className: 'run' });
    const colour = RUN_PALETTE[run.colorSlot % RUN_PALETTE.length];
    th.style.borderTopColor = colour.cssVar ? `var(${colour.cssVar}, ${colour.color})` : colour.color;
    head.append(th);
  }
  const body = el('tbody');
  for (const row of rows(current)) {
    const cells = current.runs.map((_, i) => imageCell(current, row, i));
    const label = el('th', { className: 'row-label' }, el('div', { className: 'row-name', text: row.label }));
    if (row.kind === 'step') label.append(stepControl(current, row, cells));
    const tr = el('tr', {}, label, ...cells);
    tr.dataset.row = row.id;
    body.append(tr);
  }
  const result = el('table', { className: 'images' }, el('thead', {}, head), body);
  result.id = 'images-table';
  return result;
}

function compareSection(): HTMLElement {
  const section = el('section', { className: 'compare' });
  section.id = 'compare';
  return section;
}

function renderCompare(current: ImagesLayout): void {
  const section = document.getElementById('compare');
  if (!section) return;
  if (picked.length < 2) {
    section.replaceChildren(el('p', { className: 'hint', text: picked.length === 1 ? 'Pick a second image in the same row to compare.' : 'Click two images of a row to compare them.' }));
    return;
  }
  const row = rows(current).find((r) => r.id === picked[0].rowId);
  if (!row) return;
  const images = picked.map(({ runIndex }) => {
    const view = cellView(current, row, runIndex);
    const run = current.runs[runIndex];
    if ('empty' in view) return { label: run.name, problem: view.empty };
    const label = `${run.name}${view.caption ? ` · ${view.caption}` : ''}`;
    const full = cache.want(run.runId, view.full, () => renderCompare(current));
    if (!full) return { label };
    return 'dataUri' in full ? { label, dataUri: full.dataUri } : { label, problem: 'tooBig' in full ? full.tooBig : full.error };
  });
  const modes = el('div', { className: 'modes' });
  modes.setAttribute('role', 'radiogroup');
  for (const [mode, text] of [['side', 'Side by side'], ['swipe', 'Swipe'], ['diff', 'Difference']] as const) {
    const button = el('button', { text, className: mode === compareMode ? 'mode active' : 'mode' });
    button.id = `mode-${mode}`;
    button.setAttribute('aria-pressed', String(mode === compareMode));
    button.addEventListener('click', () => {
      compareMode = mode;
      renderCompare(current);
    });
    modes.append(button);
  }
  const close = el('button', { text: 'Close', className: 'secondary' });
  close.addEventListener('click', () => {
    picked = [];
    render();
  });
  section.replaceChildren(el('h2', { text: `Comparing ${row.label}` }), el('div', { className: 'compare-bar' }, modes, close), compareBody(compareMode, images[0], images[1]));
}

function render(): void {
  const app = document.getElementById('app');
  if (!app) return;
  observer.disconnect();
  visibleCells.clear();
  app.replaceChildren(el('h1', { text: title }));
  if (failure) {
    app.append(el('p', { className: 'problem', text: failure }));
    return;
  }
  if (!layout) {
    app.append(el('p', { text: 'Listing the runs\' images…' }));
    return;
  }
  const notes: string[] = [];
  if (layout.totalRuns !== undefined) notes.push(`Showing the newest ${layout.runs.length} of ${layout.totalRuns} runs.`);
  for (const limit of layout.walkLimits) notes.push(`Some artifacts were not listed (${limit}).`);
  for (const note of notes) app.append(el('p', { className: 'note', text: note }));
  if (layout.grid.stepKeys.length === 0 && layout.grid.plainRows.length === 0) {
    app.append(el('p', { text: layout.runs.length === 1 ? 'This run logged no images.' : 'These runs logged no images.' }));
    return;
  }
  app.append(compareSection(), el('div', { className: 'grid' }, table(layout)));
  renderCompare(layout);
}

window.addEventListener('message', (event: MessageEvent<ImagesHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'loading':
      title = message.title;
      if (!layout) render();
      return;
    case 'layout': {
      const next: ImagesLayout = { runs: message.runs, grid: message.grid, walkLimits: message.walkLimits, ...(message.totalRuns === undefined ? {} : { totalRuns: message.totalRuns }) };
      // A refresh that found nothing new keeps the page as it is (scroll position, loaded cells).
      if (layout && !failure && JSON.stringify(next) === JSON.stringify(layout)) return;
      // Plain files can be replaced under the same path; step image files are never rewritten.
      const stepPaths = new Set(next.grid.stepKeys.flatMap((k) => k.cells.flat().flatMap((c) => [c.path, c.thumbnailPath ?? ''])));
      cache.forget((path) => stepPaths.has(path));
      const runIds = layout?.runs.map((r) => r.runId).join();
      if (runIds !== next.runs.map((r) => r.runId).join()) picked = [];
      layout = next;
      failure = undefined;
      render();
      return;
    }
    case 'image':
      cache.receive(message.runId, message.path, message.dataUri ? { dataUri: message.dataUri } : message.tooBig ? { tooBig: message.tooBig } : { error: message.error ?? 'The image could not be read.' });
      return;
    case 'error':
      failure = message.message;
      render();
      return;
  }
});

render();
vscode.postMessage({ type: 'ready' });
