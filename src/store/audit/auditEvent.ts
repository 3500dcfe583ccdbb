// The registry's audit trail: one registered-model tag per event under a reserved prefix, so any
// MLflow client and server (SQLite, PostgreSQL, mlruns) keeps it without a schema change, and
// deleting a version keeps the model's trail.
import { randomBytes } from 'node:crypto';
import type { ModelVersion, RegisteredModel, Tag } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';

/**
 * Sent by RunLens's own REST client, which records its events (with the user's reason) itself, so
 * that `runlens server` does not record the same change twice.
 */
export const CLIENT_AUDITS_HEADER = 'x-runlens-audited';
export const AUDIT_TAG_PREFIX = 'runlens.audit.';
/** registered_model_tags.value is VARCHAR(5000) in MLflow's schema; PostgreSQL enforces it. */
export const AUDIT_VALUE_LIMIT = 5000;
/** Old and new values (descriptions, tag values) are cut to this many characters in an event. */
const VALUE_EXCERPT = 1000;
const USER_LIMIT = 250;

export const AUDIT_ACTIONS = [
  'model-created', 'model-renamed', 'model-description', 'model-tag-set', 'model-tag-deleted',
  'version-created', 'version-deleted', 'version-description', 'version-tag-set', 'version-tag-deleted',
  'stage', 'alias-set', 'alias-deleted',
] as const;
export type AuditAction = typeof AUDIT_ACTIONS[number];

export interface AuditEvent {
  /** Milliseconds since the epoch. */
  time: number;
  /** Who made the change; empty when the client did not say. */
  user: string;
  action: AuditAction;
  /** The version the event is about; absent for model-level events. */
  version?: string;
  /** The alias or tag key the event is about. */
  item?: string;
  from?: string;
  to?: string;
  reason?: string;
}

export const isAuditTagKey = (key: string): boolean => key.startsWith(AUDIT_TAG_PREFIX);

let sequence = 0;

/** Keys sort in time order: zero-padded milliseconds, a per-process counter, then random bits against other writers. */
export function auditTagKey(time: number): string {
  sequence = (sequence + 1) % 10_000;
  return `${AUDIT_TAG_PREFIX}${String(Math.max(0, Math.trunc(time))).padStart(13, '0')}.${String(sequence).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
}

const codePoints = (text: string) => [...text].length;
/** Characters a text takes inside the JSON value: a control character is six (\u0001), a quote two. */
const escapedLength = (text: string) => codePoints(JSON.stringify(text)) - 2;

/** The text, or its start and an ellipsis, within `limit` characters as stored (escapes counted). */
function excerpt(text: string | undefined, limit: number): string | undefined {
  if (text === undefined || escapedLength(text) <= limit) return text;
  let kept = '';
  let used = 0;
  for (const char of text) {
    used += escapedLength(char);
    if (used > limit - 1) break;
    kept += char;
  }
  return `${kept}…`;
}

/**
 * The tag value of an event. Old and new values are shortened to fit; a reason is the user's own
 * words and is never cut: one that does not fit is refused (before the change is made).
 */
export function encodeAuditEvent(event: AuditEvent): string {
  const stored: AuditEvent = {
    time: event.time,
    user: excerpt(event.user, USER_LIMIT) ?? '',
    action: event.action,
    // A real version number is short; a malformed one is cut so the store refuses it with MLflow's own message.
    ...(event.version !== undefined ? { version: excerpt(event.version, USER_LIMIT) } : {}),
    ...(event.item !== undefined ? { item: excerpt(event.item, USER_LIMIT) } : {}),
    ...(event.from !== undefined ? { from: excerpt(event.from, VALUE_EXCERPT) } : {}),
    ...(event.to !== undefined ? { to: excerpt(event.to, VALUE_EXCERPT) } : {}),
    ...(event.reason ? { reason: event.reason } : {}),
  };
  const value = JSON.stringify(stored);
  const length = codePoints(value);
  if (length > AUDIT_VALUE_LIMIT) {
    const room = AUDIT_VALUE_LIMIT - (length - codePoints(JSON.stringify(event.reason ?? '')));
    throw MlflowError.invalidParameter(
      `The reason is too long for the audit trail: the event would be ${length} characters and a registry tag holds at most ${AUDIT_VALUE_LIMIT}; shorten the reason to about ${Math.max(0, room - 2)} characters. Nothing was changed.`);
  }
  return value;
}

/** The event a tag holds, or undefined for other tags and for values this version cannot read. */
export function decodeAuditTag(tag: Tag): AuditEvent | undefined {
  if (!isAuditTagKey(tag.key) || !tag.value) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(tag.value);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = raw as Record<string, unknown>;
  if (typeof value.time !== 'number' || !AUDIT_ACTIONS.includes(value.action as AuditAction)) return undefined;
  const text = (field: string) => (typeof value[field] === 'string' ? value[field] as string : undefined);
  const event: AuditEvent = { time: value.time, user: text('user') ?? '', action: value.action as AuditAction };
  for (const field of ['version', 'item', 'from', 'to', 'reason'] as const) {
    const v = text(field);
    if (v !== undefined) event[field] = v;
  }
  return event;
}

/** A registered model's events in time order (ties in key order), optionally one version's only. */
export function auditTrail(tags: readonly Tag[], version?: string): AuditEvent[] {
  return tags
    .filter((t) => isAuditTagKey(t.key))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(decodeAuditTag)
    .filter((e): e is AuditEvent => e !== undefined && (version === undefined || e.version === version))
    .sort((a, b) => a.time - b.time);
}

/** Tags other than the trail, for views that list a model's own tags. */
export function withoutAuditTags<T extends { key: string }>(tags: readonly T[]): T[] {
  return tags.filter((t) => !isAuditTagKey(t.key));
}

/**
 * A version's history: its creation (recorded, or taken from the registry's own fields when the
 * version was created by a client that records nothing) and then every event about it.
 */
export function versionTimeline(model: Pick<RegisteredModel, 'tags'>, version: ModelVersion): AuditEvent[] {
  const events = auditTrail(model.tags, version.version);
  if (events.some((e) => e.action === 'version-created')) return events;
  const created: AuditEvent = {
    time: version.creationTimestamp ?? 0, user: version.userId ?? '', action: 'version-created', version: version.version,
    to: version.runId ? `run ${version.runId}` : version.source,
  };
  return [created, ...events];
}

/** Where a version or alias stands now and since when: the newest event that put it there. */
export interface Placement {
  /** `Production`, `Staging`, or `@alias`. */
  label: string;
  version: string;
  /** The event that placed it, when the trail has one. */
  since?: AuditEvent;
}

/**
 * "Which version is in Production / @champion, since when, promoted by whom" for one model:
 * versions in Production and Staging (from `versions`), then each alias.
 */
export function currentPlacements(model: Pick<RegisteredModel, 'tags' | 'aliases'>, versions: readonly Pick<ModelVersion, 'version' | 'currentStage'>[]): Placement[] {
  const events = auditTrail(model.tags);
  const newest = (match: (e: AuditEvent) => boolean) => events.filter(match).at(-1);
  const placements: Placement[] = [];
  for (const stage of ['Production', 'Staging']) {
    const inStage = versions.filter((v) => v.currentStage === stage).sort((a, b) => Number(b.version) - Number(a.version));
    for (const v of inStage) placements.push({ label: stage, version: v.version, since: newest((e) => e.action === 'stage' && e.version === v.version && e.to === stage) });
  }
  for (const alias of [...model.aliases].sort((a, b) => (a.alias < b.alias ? -1 : 1))) {
    placements.push({ label: `@${alias.alias}`, version: alias.version, since: newest((e) => e.action === 'alias-set' && e.item === alias.alias && e.to === alias.version) });
  }
  return placements;
}
