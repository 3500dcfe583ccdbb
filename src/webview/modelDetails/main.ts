// The model-version details page: the version and where it stands, how it was created (with its
// source run's provenance and datasets) and its timeline. The host words everything; the page
// sets it as text only.
import type { DetailField, ModelDetailsHostMessage, ModelDetailsPageMessage, ModelDetailsPageState, ModelVersionDetails } from '../../shared/modelDetailsProtocol.ts';
import { el } from '../dom.ts';

interface VsCodeApi {
  postMessage(message: ModelDetailsPageMessage): void;
  getState(): ModelDetailsPageState | undefined;
  setState(state: ModelDetailsPageState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();

/** A two-column table of labelled values, or a line saying there is nothing. */
function fieldsTable(id: string, fields: DetailField[], empty: string): HTMLElement {
  if (fields.length === 0) return el('p', { text: empty, className: 'muted' });
  const table = el('table', { className: 'fields' }, el('tbody', {}, ...fields.map((f) => el('tr', {}, el('th', { text: f.label }), el('td', { text: f.value, title: f.value })))));
  table.id = id;
  return table;
}

function gridTable(id: string, headers: string[], rows: string[][], classes: string[] = []): HTMLElement {
  const table = el('table', { className: 'grid' },
    el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', { text: h })))),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c, i) => el('td', { text: c, title: c, className: classes[i] ?? '' }))))));
  table.id = id;
  return table;
}

function header(details: ModelVersionDetails): HTMLElement {
  const badges = el('div', { className: 'badges' });
  badges.append(el('span', { text: details.stage, className: `badge stage-${details.stage.toLowerCase()}`, title: 'Stage' }));
  for (const alias of details.aliases) badges.append(el('span', { text: `@${alias}`, className: 'badge alias', title: 'Alias' }));
  if (details.status !== 'READY') badges.append(el('span', { text: details.status, className: 'badge' }));
  const uri = `models:/${details.name}/${details.version}`;
  const copy = el('button', { text: 'Copy model URI', title: uri });
  copy.addEventListener('click', () => vscode.postMessage({ type: 'copy', text: uri }));
  const title = el('h1', { text: `${details.name} · version ${details.version}` });
  title.id = 'title';
  return el('header', {}, title, badges, copy);
}

function render(details: ModelVersionDetails): void {
  const app = document.getElementById('app');
  if (!app) return;
  const description = details.description
    ? el('p', { text: details.description, className: 'description' })
    : el('p', { text: 'No description.', className: 'muted' });
  const runNotice = details.runProblem ? [el('p', { text: details.runProblem, className: 'notice' })] : [];
  const datasets = details.datasets.length
    ? gridTable('datasets', ['Dataset', 'Digest', 'Context', 'Source'], details.datasets.map((d) => [d.name, d.digest, d.context, d.source]), ['', 'mono', '', 'mono'])
    : el('p', { text: 'The source run recorded no dataset inputs.', className: 'muted' });
  const timeline = gridTable('timeline', ['Time', 'User', 'Action', 'From → to', 'Reason'],
    details.events.map((e) => [e.timeText, e.user, e.label, e.change, e.reason]), ['mono', '', 'action', '', 'reason']);
  app.replaceChildren(
    header(details),
    description,
    el('h2', { text: 'Timeline' }), timeline,
    el('h2', { text: 'Created' }), fieldsTable('created', details.created, 'The registry recorded nothing about its creation.'),
    el('h2', { text: 'Source run provenance' }), ...runNotice,
    fieldsTable('provenance', details.provenance, details.runId ? 'The source run recorded no git commit or data hashes.' : 'This version was not registered from a run.'),
    el('h2', { text: 'Dataset inputs' }), datasets,
  );
  vscode.setState({ name: details.name, version: details.version });
}

function showError(message: string): void {
  const app = document.getElementById('app');
  if (!app) return;
  const existing = document.getElementById('error');
  const box = existing ?? el('p', { className: 'error' });
  box.id = 'error';
  box.textContent = message;
  if (!existing) app.prepend(box);
}

window.addEventListener('message', (event: MessageEvent<ModelDetailsHostMessage>) => {
  const message = event.data;
  if (message.type === 'details') render(message.details);
  else if (message.type === 'error') showError(message.message);
});
vscode.postMessage({ type: 'ready' });
