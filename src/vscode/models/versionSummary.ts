// A model version as a short text document (stage, aliases, source, source run, then its timeline),
// so two versions' histories can be diffed side by side. No vscode import.
import type { ModelVersion, RegisteredModel } from '../../shared/entities.ts';
import type { AuditEvent } from '../../store/audit/auditEvent.ts';
import { versionHistory } from '../../describe/versionHistory.ts';

/** UTC to the second: the same text on every machine, and sortable. */
export function auditTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/u, ' UTC');
}

const quoted = (text: string) => JSON.stringify(text);

/** One event of `version`'s history as a line: what changed, then by whom and why. */
export function describeAuditEvent(event: AuditEvent, version?: string): string {
  const { action, item, from, to } = event;
  let what: string;
  switch (action) {
    case 'version-created': what = `created${to ? ` from ${to}` : ''}`; break;
    case 'version-deleted': what = 'deleted'; break;
    case 'stage': what = `stage ${from || 'None'} → ${to || 'None'}`; break;
    case 'alias-set':
      if (version !== undefined && to !== version) what = `@${item ?? ''} moved to version ${to ?? '?'}`;
      else what = from && from !== to ? `@${item ?? ''} set (moved from version ${from})` : `@${item ?? ''} set`;
      break;
    case 'alias-deleted': what = `@${item ?? ''} deleted`; break;
    case 'version-description': what = `description ${to ? `set to ${quoted(to)}` : 'cleared'}`; break;
    case 'version-tag-set': what = `tag ${item ?? ''} = ${quoted(to ?? '')}`; break;
    case 'version-tag-deleted': what = `tag ${item ?? ''} deleted`; break;
    default: what = action;
  }
  const by = event.user ? ` by ${event.user}` : '';
  const why = event.reason ? ` — ${quoted(event.reason)}` : '';
  return `${auditTime(event.time)}  ${what}${by}${why}`;
}

export interface SummaryFacts {
  /** The source run's name, when it could be read. */
  runName?: string;
}

/** The version's document: fields first (aligned, so a diff lines them up), then its timeline. */
export function versionSummaryText(model: Pick<RegisteredModel, 'tags'>, version: ModelVersion, aliases: readonly string[], facts: SummaryFacts = {}): string {
  const run = version.runId ? `${facts.runName ? `${facts.runName} ` : ''}(${version.runId})` : 'none';
  const fields: [string, string][] = [
    ['stage', version.currentStage || 'None'],
    ['aliases', aliases.length > 0 ? aliases.map((a) => `@${a}`).join(' ') : 'none'],
    ['status', version.status],
    ['source', version.source || 'none'],
    ['source run', run],
    ['registered', version.creationTimestamp ? `${auditTime(version.creationTimestamp)}${version.userId ? ` by ${version.userId}` : ''}` : 'unknown'],
    ['description', version.description ? version.description.replace(/\s+/gu, ' ').trim() : 'none'],
  ];
  const lines = [
    `${version.name} version ${version.version}`,
    '',
    ...fields.map(([key, value]) => `${`${key}:`.padEnd(13)}${value}`),
    '',
    'timeline:',
    ...versionHistory(model, version).map((event) => `  ${describeAuditEvent(event, version.version)}`),
  ];
  return `${lines.join('\n')}\n`;
}
