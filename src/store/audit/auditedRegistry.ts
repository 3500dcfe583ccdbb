// A ModelRegistryStore that records an audit event for every change it passes on. The event is
// encoded (and a reason that does not fit refused) before the change is made; it is written right
// after the change succeeds. Reads pass straight through.
import type { ModelVersion, ModelVersionStage, Tag } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { CreateModelVersionRequest, ModelRegistryStore } from '../modelRegistryStore.ts';
import { ACTIVE_STAGES, canonicalStage } from '../registryValidation.ts';
import { versionsFilter } from '../search/registrySearch.ts';
import type { StoreCallOptions } from '../trackingStore.ts';
import { auditTagKey, encodeAuditEvent, isAuditTagKey, type AuditEvent } from './auditEvent.ts';

export interface AuditActor {
  /** Who makes the changes; empty when unknown. */
  user: string;
  /** Why, as the user said it; lands in every event this store records. */
  reason?: string;
  /** The clock, for tests. */
  now?: () => number;
}

type Pending = Omit<AuditEvent, 'time' | 'user' | 'reason'> & { reason?: string };

export function auditedRegistry(inner: ModelRegistryStore, actor: AuditActor): ModelRegistryStore {
  const now = actor.now ?? Date.now;
  const event = (pending: Pending): AuditEvent => ({ time: now(), user: actor.user, ...pending, reason: pending.reason ?? actor.reason });

  /** Encodes first (a reason that does not fit refuses the change), changes, then writes the event. */
  async function record<T>(name: () => string, pending: Pending | Pending[], change: () => Promise<T>, options?: StoreCallOptions): Promise<T> {
    const events = (Array.isArray(pending) ? pending : [pending]).map(event);
    const values = events.map(encodeAuditEvent);
    const result = await change();
    await writeEvents(name(), events, values, options);
    return result;
  }

  async function writeEvents(name: string, events: AuditEvent[], values: string[], options?: StoreCallOptions): Promise<void> {
    for (const [i, value] of values.entries()) {
      try {
        await inner.setRegisteredModelTag(name, { key: auditTagKey(events[i].time), value }, options);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MlflowError('INTERNAL_ERROR', `The change to ${name} was made, but its audit event (${events[i].action}) could not be recorded: ${reason}`);
      }
    }
  }

  // What a change replaces. A failed read is not an answer: the change itself then fails (or not)
  // with MLflow's own message, exactly as it would without the trail.
  const modelBefore = (name: string, options?: StoreCallOptions) => inner.getRegisteredModel(name, options).catch(() => undefined);
  const versionBefore = (name: string, v: string, options?: StoreCallOptions) => inner.getModelVersion(name, v, options).catch(() => undefined);
  const modelTagValue = async (name: string, key: string, options?: StoreCallOptions) =>
    (await modelBefore(name, options))?.tags.find((t) => t.key === key)?.value ?? undefined;
  const aliasTarget = async (name: string, alias: string, options?: StoreCallOptions) =>
    (await modelBefore(name, options))?.aliases.find((a) => a.alias === alias)?.version;
  /** Refuses a reason that cannot fit before a creation whose number is not known yet. */
  const precheck = (pending: Pending) => encodeAuditEvent(event({ ...pending, version: pending.version === undefined ? undefined : '9'.repeat(10) }));

  async function versionsInStage(name: string, stage: string, except: string, options?: StoreCallOptions): Promise<ModelVersion[]> {
    const found: ModelVersion[] = [];
    let pageToken: string | undefined;
    do {
      const page = await inner.searchModelVersions({ filter: versionsFilter(name), pageToken }, options);
      found.push(...page.items.filter((v) => v.name === name && v.version !== except && v.currentStage === stage));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return found;
  }

  return {
    get readOnly() {
      return inner.readOnly;
    },
    close: () => inner.close(),

    getRegisteredModel: (...a) => inner.getRegisteredModel(...a),
    searchRegisteredModels: (...a) => inner.searchRegisteredModels(...a),
    getLatestVersions: (...a) => inner.getLatestVersions(...a),
    getModelVersion: (...a) => inner.getModelVersion(...a),
    searchModelVersions: (...a) => inner.searchModelVersions(...a),
    getModelVersionDownloadUri: (...a) => inner.getModelVersionDownloadUri(...a),
    getModelVersionByAlias: (...a) => inner.getModelVersionByAlias(...a),
    deleteRegisteredModel: (...a) => inner.deleteRegisteredModel(...a),

    async createRegisteredModel(name: string, tags?: Tag[], description?: string, options?: StoreCallOptions) {
      precheck({ action: 'model-created' });
      const created = await inner.createRegisteredModel(name, tags, description, options);
      const e = event({ action: 'model-created' });
      await writeEvents(created.name, [e], [encodeAuditEvent(e)], options);
      return created;
    },
    async renameRegisteredModel(name: string, newName: string, options?: StoreCallOptions) {
      let renamed = '';
      return record(() => renamed, { action: 'model-renamed', from: name, to: newName }, async () => {
        const result = await inner.renameRegisteredModel(name, newName, options);
        renamed = result.name;
        return result;
      }, options);
    },
    async updateRegisteredModel(name: string, description: string, options?: StoreCallOptions) {
      const before = (await modelBefore(name, options))?.description ?? '';
      return record(() => name, { action: 'model-description', from: before, to: description }, () => inner.updateRegisteredModel(name, description, options), options);
    },
    async setRegisteredModelTag(name: string, tag: Tag, options?: StoreCallOptions) {
      if (isAuditTagKey(tag.key)) return inner.setRegisteredModelTag(name, tag, options);
      const before = await modelTagValue(name, tag.key, options);
      return record(() => name, { action: 'model-tag-set', item: tag.key, from: before, to: tag.value ?? '' }, () => inner.setRegisteredModelTag(name, tag, options), options);
    },
    async deleteRegisteredModelTag(name: string, key: string, options?: StoreCallOptions) {
      if (isAuditTagKey(key)) return inner.deleteRegisteredModelTag(name, key, options);
      const before = await modelTagValue(name, key, options);
      return record(() => name, { action: 'model-tag-deleted', item: key, from: before }, () => inner.deleteRegisteredModelTag(name, key, options), options);
    },

    async createModelVersion(request: CreateModelVersionRequest, options?: StoreCallOptions) {
      precheck({ action: 'version-created', version: '', to: request.runId ? `run ${request.runId}` : request.source });
      const created = await inner.createModelVersion(request, options);
      const e = event({ action: 'version-created', version: created.version, to: created.runId ? `run ${created.runId}` : created.source });
      await writeEvents(created.name, [e], [encodeAuditEvent(e)], options);
      return created;
    },
    async updateModelVersion(name: string, version: string, description: string, options?: StoreCallOptions) {
      const before = (await versionBefore(name, version, options))?.description ?? '';
      return record(() => name, { action: 'version-description', version, from: before, to: description }, () => inner.updateModelVersion(name, version, description, options), options);
    },
    async deleteModelVersion(name: string, version: string, options?: StoreCallOptions) {
      const [before, model] = await Promise.all([versionBefore(name, version, options), modelBefore(name, options)]);
      // Aliases on the version go with it; the trail says so.
      const aliases: Pending[] = (model?.aliases ?? []).filter((a) => a.version === version)
        .map((a) => ({ action: 'alias-deleted', item: a.alias, from: version, reason: `version ${version} was deleted` }));
      return record(() => name, [{ action: 'version-deleted', version, from: before?.currentStage }, ...aliases], () => inner.deleteModelVersion(name, version, options), options);
    },
    async transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage | string, archiveExistingVersions: boolean, options?: StoreCallOptions) {
      const before = await versionBefore(name, version, options);
      let target: string = String(stage);
      try {
        target = canonicalStage(stage);
      } catch {
        // The store refuses it with MLflow's own message.
      }
      const archived = archiveExistingVersions && ACTIVE_STAGES.includes(target as ModelVersionStage)
        ? await versionsInStage(name, target, version, options).catch(() => []) : [];
      const events: Pending[] = [
        { action: 'stage', version, from: before?.currentStage, to: target },
        ...archived.map((v): Pending => ({ action: 'stage', version: v.version, from: v.currentStage, to: 'Archived', reason: `archived when version ${version} moved to ${target}` })),
      ];
      return record(() => name, events, () => inner.transitionModelVersionStage(name, version, stage, archiveExistingVersions, options), options);
    },
    async setModelVersionTag(name: string, version: string, tag: Tag, options?: StoreCallOptions) {
      const before = (await versionBefore(name, version, options))?.tags.find((t) => t.key === tag.key)?.value ?? undefined;
      return record(() => name, { action: 'version-tag-set', version, item: tag.key, from: before, to: tag.value ?? '' }, () => inner.setModelVersionTag(name, version, tag, options), options);
    },
    async deleteModelVersionTag(name: string, version: string, key: string, options?: StoreCallOptions) {
      const before = (await versionBefore(name, version, options))?.tags.find((t) => t.key === key)?.value ?? undefined;
      return record(() => name, { action: 'version-tag-deleted', version, item: key, from: before }, () => inner.deleteModelVersionTag(name, version, key, options), options);
    },

    async setRegisteredModelAlias(name: string, alias: string, version: string, options?: StoreCallOptions) {
      const before = await aliasTarget(name, alias, options);
      return record(() => name, { action: 'alias-set', item: alias, from: before, to: version }, () => inner.setRegisteredModelAlias(name, alias, version, options), options);
    },
    async deleteRegisteredModelAlias(name: string, alias: string, options?: StoreCallOptions) {
      const before = await aliasTarget(name, alias, options);
      return record(() => name, { action: 'alias-deleted', item: alias, from: before }, () => inner.deleteRegisteredModelAlias(name, alias, options), options);
    },
  };
}
