// A version's history as its rows and panel show it: the core timeline (its creation and every
// event recorded about it) plus the alias moves onto and off it, which the trail records on the
// alias rather than on a version. No vscode import.
import type { ModelVersion, RegisteredModel } from '../shared/entities.ts';
import { auditTrail, versionTimeline, type AuditEvent } from '../store/audit/auditEvent.ts';

function movesAliasOf(event: AuditEvent, version: string): boolean {
  return (event.action === 'alias-set' && (event.to === version || event.from === version))
    || (event.action === 'alias-deleted' && event.from === version);
}

/** Oldest first; ties keep the trail's order. */
export function versionHistory(model: Pick<RegisteredModel, 'tags'>, version: ModelVersion): AuditEvent[] {
  const aliasMoves = auditTrail(model.tags).filter((e) => e.version === undefined && movesAliasOf(e, version.version));
  const [created, ...rest] = versionTimeline(model, version);
  return [created, ...[...rest, ...aliasMoves].sort((a, b) => a.time - b.time)];
}
