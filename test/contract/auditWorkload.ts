// The registry-audit part of the contract workload: a fixed sequence of registry changes on a model
// of its own, and the events they record. Writable backends make the changes through
// auditedRegistry; the read-only mlruns backend gets the same events as tags, written by the real
// mlflow (py/write_workload.py) from values our encoder produced. The model's name is outside
// `contract-%`, so the registry contract's searches do not see it.
import type { Tag } from '../../src/shared/entities.ts';
import { auditTagKey, encodeAuditEvent, type AuditEvent } from '../../src/store/audit/auditEvent.ts';
import { auditedRegistry } from '../../src/store/audit/auditedRegistry.ts';
import type { ModelRegistryStore } from '../../src/store/modelRegistryStore.ts';
import type { WorkloadSpec } from './workload.ts';

export const AUDIT_MODEL = 'audit-contract';
export const AUDIT_MODEL_TAGS: Tag[] = [{ key: 'owner', value: 'governance' }];
/** The run whose artifact folder + `/model` is every version's source. */
export const AUDIT_SOURCE_RUN = 'parent';

const T = 1_760_000_000_000;
/** Fits one tag (4,000 two-byte characters: 8,000 UTF-8 bytes), which PostgreSQL's VARCHAR(5000) counts as characters. */
const LONG_REASON = `${'é'.repeat(3990)} reviewed`;
/** Longer than an event keeps of a changed value: the event holds its first 999 characters and an ellipsis. */
const LONG_DESCRIPTION = 'd'.repeat(1500);

interface Step {
  user: string;
  reason?: string;
  time: number;
  change: (registry: ModelRegistryStore, source: { source: string; runId: string }) => Promise<unknown>;
}

const STEPS: Step[] = [
  { user: 'alice', time: T, change: (r) => r.createRegisteredModel(AUDIT_MODEL, AUDIT_MODEL_TAGS) },
  { user: 'alice', time: T + 1000, change: (r, s) => r.createModelVersion({ name: AUDIT_MODEL, ...s }) },
  { user: 'alice', time: T + 2000, change: (r, s) => r.createModelVersion({ name: AUDIT_MODEL, ...s }) },
  { user: 'alice', reason: 'passed review', time: T + 3000, change: (r) => r.transitionModelVersionStage(AUDIT_MODEL, '1', 'Production', false) },
  { user: 'ci-bot', reason: LONG_REASON, time: T + 4000, change: (r) => r.transitionModelVersionStage(AUDIT_MODEL, '2', 'production', true) },
  { user: 'alice', time: T + 5000, change: (r) => r.setRegisteredModelAlias(AUDIT_MODEL, 'champion', '1') },
  { user: 'bob', reason: 'v2 wins', time: T + 6000, change: (r) => r.setRegisteredModelAlias(AUDIT_MODEL, 'champion', '2') },
  { user: 'bob', time: T + 7000, change: (r) => r.setRegisteredModelAlias(AUDIT_MODEL, 'shadow', '1') },
  { user: 'bob', time: T + 8000, change: (r) => r.deleteRegisteredModelAlias(AUDIT_MODEL, 'shadow') },
  { user: 'alice', time: T + 9000, change: (r) => r.updateModelVersion(AUDIT_MODEL, '2', LONG_DESCRIPTION) },
  { user: 'alice', time: T + 10_000, change: (r) => r.updateRegisteredModel(AUDIT_MODEL, 'audited model') },
  { user: 'alice', time: T + 11_000, change: (r) => r.setModelVersionTag(AUDIT_MODEL, '2', { key: 'approved-by', value: 'bob' }) },
  { user: 'alice', time: T + 12_000, change: (r) => r.setModelVersionTag(AUDIT_MODEL, '1', { key: 'temp', value: 'x' }) },
  { user: 'alice', time: T + 13_000, change: (r) => r.deleteModelVersionTag(AUDIT_MODEL, '1', 'temp') },
  { user: 'alice', time: T + 14_000, change: (r) => r.setRegisteredModelTag(AUDIT_MODEL, { key: 'data-version', value: 'v7' }) },
  { user: 'alice', time: T + 15_000, change: (r) => r.deleteRegisteredModelTag(AUDIT_MODEL, 'data-version') },
  { user: 'alice', time: T + 16_000, change: (r, s) => r.createModelVersion({ name: AUDIT_MODEL, ...s }) },
  { user: 'alice', time: T + 17_000, change: (r) => r.setRegisteredModelAlias(AUDIT_MODEL, 'doomed', '3') },
  { user: 'carol', reason: 'bad build', time: T + 18_000, change: (r) => r.deleteModelVersion(AUDIT_MODEL, '3') },
];

/** What STEPS record, in order; `run` is the source run's id. */
export function auditEvents(runId: string): AuditEvent[] {
  const at = (i: number) => T + i * 1000;
  return [
    { time: at(0), user: 'alice', action: 'model-created' },
    { time: at(1), user: 'alice', action: 'version-created', version: '1', to: `run ${runId}` },
    { time: at(2), user: 'alice', action: 'version-created', version: '2', to: `run ${runId}` },
    { time: at(3), user: 'alice', action: 'stage', version: '1', from: 'None', to: 'Production', reason: 'passed review' },
    { time: at(4), user: 'ci-bot', action: 'stage', version: '2', from: 'None', to: 'Production', reason: LONG_REASON },
    { time: at(4), user: 'ci-bot', action: 'stage', version: '1', from: 'Production', to: 'Archived', reason: 'archived when version 2 moved to Production' },
    { time: at(5), user: 'alice', action: 'alias-set', item: 'champion', to: '1' },
    { time: at(6), user: 'bob', action: 'alias-set', item: 'champion', from: '1', to: '2', reason: 'v2 wins' },
    { time: at(7), user: 'bob', action: 'alias-set', item: 'shadow', to: '1' },
    { time: at(8), user: 'bob', action: 'alias-deleted', item: 'shadow', from: '1' },
    { time: at(9), user: 'alice', action: 'version-description', version: '2', from: '', to: `${LONG_DESCRIPTION.slice(0, 999)}…` },
    { time: at(10), user: 'alice', action: 'model-description', from: '', to: 'audited model' },
    { time: at(11), user: 'alice', action: 'version-tag-set', version: '2', item: 'approved-by', to: 'bob' },
    { time: at(12), user: 'alice', action: 'version-tag-set', version: '1', item: 'temp', to: 'x' },
    { time: at(13), user: 'alice', action: 'version-tag-deleted', version: '1', item: 'temp', from: 'x' },
    { time: at(14), user: 'alice', action: 'model-tag-set', item: 'data-version', to: 'v7' },
    { time: at(15), user: 'alice', action: 'model-tag-deleted', item: 'data-version', from: 'v7' },
    { time: at(16), user: 'alice', action: 'version-created', version: '3', to: `run ${runId}` },
    { time: at(17), user: 'alice', action: 'alias-set', item: 'doomed', to: '3' },
    { time: at(18), user: 'carol', action: 'version-deleted', version: '3', from: 'None', reason: 'bad build' },
    { time: at(18), user: 'carol', action: 'alias-deleted', item: 'doomed', from: '3', reason: 'version 3 was deleted' },
  ];
}

/** Makes STEPS' changes through auditedRegistry over a writable backend's registry; one line per failed step. */
export async function recordAuditWorkload(registry: ModelRegistryStore, source: { source: string; runId: string }): Promise<string[]> {
  const failures: string[] = [];
  for (const [i, step] of STEPS.entries()) {
    try {
      await step.change(auditedRegistry(registry, { user: step.user, reason: step.reason, now: () => step.time }), source);
    } catch (error) {
      failures.push(`step ${i}: ${(error as Error).message}`);
    }
  }
  return failures;
}

/** Where STEPS leave the model (version 3 is gone): what the mlruns seed writes beside the trail. */
export const AUDIT_FINAL = {
  description: 'audited model',
  stages: { 1: 'Archived', 2: 'Production' } as Record<string, string>,
  aliases: { champion: '2' } as Record<string, string>,
  versionTags: { 1: [], 2: [{ key: 'approved-by', value: 'bob' }] } as Record<string, Tag[]>,
};

/** The events as registered-model tags, each value produced by our encoder. */
export function auditTrailTags(runId: string): Tag[] {
  return auditEvents(runId).map((e) => ({ key: auditTagKey(e.time), value: encodeAuditEvent(e) }));
}

/**
 * The workload plus the audit model in its final state, for the Python writer (the trail's tags
 * follow once the run's id is known: `auditTrailTags`).
 */
export function withAuditModel(spec: WorkloadSpec): WorkloadSpec {
  const model = AUDIT_MODEL;
  return {
    ...spec,
    registry: {
      models: [...spec.registry.models, { name: model, tags: AUDIT_MODEL_TAGS, description: AUDIT_FINAL.description }],
      versions: [...spec.registry.versions, ...['1', '2'].map((v) => ({
        model, sourceRun: AUDIT_SOURCE_RUN, tags: AUDIT_FINAL.versionTags[v], ...(v === '2' ? { description: LONG_DESCRIPTION } : {}),
      }))],
      transitions: [...spec.registry.transitions,
        { model, version: '1', stage: 'Production', archiveExisting: false }, { model, version: '2', stage: 'Production', archiveExisting: true }],
      aliases: [...spec.registry.aliases, { model, alias: 'champion', version: '2' }],
    },
  };
}
