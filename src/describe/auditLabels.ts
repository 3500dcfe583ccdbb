// How the registry's audit trail reads in the Models view and the version details panel: one
// short label per event, who and when, the reason, and the "which version is where since when"
// summary of a registered model. No vscode import: unit-tested under plain Node.
import type { AuditEvent, Placement } from '../store/audit/auditEvent.ts';

/** Run ids are 32 hex characters; a label shows the first few, as git shows commits. */
const SHORT_RUN_ID = 8;
/** Tag values and sources are cut in labels; the tooltip has them whole. */
const LABEL_VALUE = 40;

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-12-05 10:02` in local time: the same fixed width in every row, so rows line up and never go stale. */
export function eventTime(time: number): string {
  if (!Number.isFinite(time) || time <= 0) return 'unknown time';
  const d = new Date(time);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The user as recorded, or a word saying nobody was recorded. */
export function eventUser(event: Pick<AuditEvent, 'user'>): string {
  return event.user || 'unknown user';
}

function cut(text: string, limit = LABEL_VALUE): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('')}…`;
}

/** `run 0123abcd…` → `run 0123abcd`; other sources shortened. */
function sourceWords(to: string | undefined): string {
  if (!to) return 'an unknown source';
  const run = /^run ([0-9a-f]+)$/iu.exec(to);
  return run ? `run ${run[1].slice(0, SHORT_RUN_ID)}` : cut(to);
}

export interface LabelOptions {
  /**
   * Say which version a version's event is about: the model's History lists every version's
   * events, a version's own History does not need to.
   */
  withVersion?: boolean;
}

/** `Moved to Production`, `@champion → version 2`, `Description edited`, `Created from run abc12345`. */
export function eventLabel(event: AuditEvent, options: LabelOptions = {}): string {
  const subject = options.withVersion && event.version !== undefined ? `Version ${event.version} ` : '';
  // "Moved" or "Version 3 moved": the verb is capitalised only when it opens the label.
  const verb = (word: string) => (subject ? `${subject}${word}` : word[0].toUpperCase() + word.slice(1));
  const item = event.item ?? '';
  switch (event.action) {
    case 'model-created': return 'Model created';
    case 'model-renamed': return `Renamed to ${cut(event.to ?? '')}`;
    case 'model-description': return event.to ? 'Description edited' : 'Description cleared';
    case 'model-tag-set': return `Tag ${cut(item)} = ${cut(event.to ?? '')}`;
    case 'model-tag-deleted': return `Tag ${cut(item)} deleted`;
    case 'version-created': return verb(`created from ${sourceWords(event.to)}`);
    case 'version-deleted': return verb('deleted');
    case 'version-description': return verb(event.to ? 'description edited' : 'description cleared');
    case 'version-tag-set': return `${subject ? `${subject}tag` : 'Tag'} ${cut(item)} = ${cut(event.to ?? '')}`;
    case 'version-tag-deleted': return `${subject ? `${subject}tag` : 'Tag'} ${cut(item)} deleted`;
    case 'stage': return verb(`moved to ${event.to || 'None'}`);
    case 'alias-set': return `@${item} → version ${event.to ?? '?'}`;
    case 'alias-deleted': return `@${item} removed${event.from ? ` from version ${event.from}` : ''}`;
  }
}

/** `— "passed offline eval"`, or '' without a reason. */
export function reasonSuffix(event: Pick<AuditEvent, 'reason'>): string {
  return event.reason ? `— "${cut(event.reason, 80)}"` : '';
}

/** The row's description: `alice · 2026-12-05 10:02 — "passed offline eval"`. */
export function eventDescription(event: AuditEvent): string {
  return [`${eventUser(event)} · ${eventTime(event.time)}`, reasonSuffix(event)].filter(Boolean).join(' ');
}

/**
 * `Production → Staging`, `version 1 → version 2`, or '' when the event is not a move. Descriptions
 * and sources are left to the label and the tooltip: whole texts do not fit a column.
 */
export function eventChange(event: AuditEvent): string {
  const asVersion = (v: string | undefined) => (v === undefined ? undefined : `version ${v}`);
  const [from, to] = event.action.startsWith('alias-') ? [asVersion(event.from), asVersion(event.to)] : [event.from, event.to];
  if (['version-created', 'model-description', 'version-description'].includes(event.action)) return '';
  if (from === undefined && to === undefined) return '';
  return `${from === undefined || from === '' ? '(none)' : from} → ${to === undefined || to === '' ? '(none)' : to}`;
}

/** Plain-text lines for the row's tooltip: the whole event, values uncut. */
export function eventTooltipLines(event: AuditEvent, modelName: string): string[] {
  const lines = [eventLabel(event, { withVersion: true })];
  lines.push(`${modelName}${event.version !== undefined ? ` version ${event.version}` : ''}`);
  const change = eventChange(event);
  if (event.action === 'version-created') lines.push(`Source: ${event.to ?? 'unknown'}`);
  else if (change) lines.push(`From ${event.from || '(none)'}`, `To ${event.to || '(none)'}`);
  lines.push(`By ${eventUser(event)}`, `At ${event.time > 0 ? new Date(event.time).toLocaleString() : 'an unknown time'}`);
  lines.push(event.reason ? `Reason: ${event.reason}` : 'No reason given.');
  return lines;
}

/** Codicon per kind of event. */
export function eventIconId(event: Pick<AuditEvent, 'action' | 'to'>): string {
  switch (event.action) {
    case 'stage': return event.to === 'Production' ? 'rocket' : event.to === 'Staging' ? 'beaker' : event.to === 'Archived' ? 'archive' : 'arrow-swap';
    case 'alias-set':
    case 'alias-deleted': return 'symbol-constant';
    case 'model-description':
    case 'version-description':
    case 'model-renamed': return 'edit';
    case 'model-tag-set':
    case 'model-tag-deleted':
    case 'version-tag-set':
    case 'version-tag-deleted': return 'tag';
    case 'model-created':
    case 'version-created': return 'add';
    case 'version-deleted': return 'trash';
  }
}

/** Stages' placements first, then aliases: `Production v3 (alice, 2026-12-03 10:02) · @champion→1`. */
export function placementsSummary(placements: readonly Placement[]): string {
  return placements.map((p) => {
    if (p.label.startsWith('@')) return `${p.label}→${p.version}`;
    const since = p.since ? ` (${eventUser(p.since)}, ${eventTime(p.since.time)})` : '';
    return `${p.label} v${p.version}${since}`;
  }).join(' · ');
}

/** One line per placement for the model's tooltip: who put it there, when and why. */
export function placementLines(placements: readonly Placement[]): string[] {
  return placements.map((p) => {
    const where = p.label.startsWith('@') ? `${p.label} → version ${p.version}` : `${p.label}: version ${p.version}`;
    if (!p.since) return `${where} (no recorded event)`;
    return `${where} since ${eventTime(p.since.time)}, by ${eventUser(p.since)}${p.since.reason ? ` — "${p.since.reason}"` : ''}`;
  });
}

/**
 * The registered model's row: where its versions stand (`Production v3 (alice, …) · @champion→1`)
 * and its latest version; just the latest when nothing is placed.
 */
export function modelSummary(placements: readonly Placement[], latestVersion: string | undefined): string {
  const latest = latestVersion ? `v${latestVersion}` : 'no versions';
  return placements.length ? `${placementsSummary(placements)} · latest ${latest}` : latest;
}

/**
 * Row ids for events under one History row: what the event is, so a refresh that adds a newer
 * event keeps every older row's id (and its selection); a counter parts exact repeats.
 */
export function eventRowIds(events: readonly AuditEvent[], scope: string): string[] {
  const seen = new Map<string, number>();
  return events.map((e) => {
    const base = `${scope}/${e.time}/${e.action}/${e.version ?? ''}/${e.item ?? ''}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}
