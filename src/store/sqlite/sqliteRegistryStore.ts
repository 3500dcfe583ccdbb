// ModelRegistryStore over MLflow's SQLite registry tables, behaving as mlflow's SqlAlchemyStore does.
import type { ModelVersion, ModelVersionStage, Page, RegisteredModel, Tag } from '../../shared/entities.ts';
import { MODEL_VERSION_STAGES } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { CreateModelVersionRequest, ModelRegistryStore, SearchRegistryQuery } from '../modelRegistryStore.ts';
import {
  ACTIVE_STAGES, canonicalStage, LATEST_ALIAS, lastValuePerKey, parseModelVersion, REGISTRY_LIMITS,
  validateAliasName, validateAssignableAlias, validateModelName, validateModelVersionTag, validateNewModelName,
  validateRegisteredModelTag, validateRegistryMaxResults, validateTagKey,
} from '../registryValidation.ts';
import {
  IS_PROMPT_TAG_KEY, parseModelVersionFilter, parseModelVersionOrderBy, parseRegisteredModelFilter, parseRegisteredModelOrderBy,
} from '../search/registrySearch.ts';
import { decodePageToken, encodePageToken } from '../search/pageToken.ts';
import { missingValue } from '../validation.ts';
import { isModelsUri, parseModelsUri } from './modelSourceUri.ts';
import { REDACTED, STAGE_DELETED_INTERNAL } from './registryRows.ts';
import { RegistryReads } from './registryReads.ts';
import { DEFAULT_WORKSPACE } from './schemaFeatures.ts';
import { compileModelVersionSearch, compileRegisteredModelSearch } from './searchSql.ts';
import { statement, writeTransaction, type SqliteContext } from './sqliteContext.ts';

// Child tables keyed by the model name; a rename or delete touches each of them.
const NAME_CHILD_TABLES = ['model_version_tags', 'model_versions', 'registered_model_tags', 'registered_model_aliases'] as const;

export class SqliteRegistryStore implements ModelRegistryStore {
  private readonly ctx: SqliteContext;
  private readonly reads: RegistryReads;
  private readonly ws: string;
  /** Extra INSERT column and value for the workspace, when the schema has one. */
  private readonly wsColumn: string;
  private readonly wsValue: string;

  constructor(ctx: SqliteContext) {
    this.ctx = ctx;
    this.reads = new RegistryReads(ctx);
    this.ws = this.reads.ws;
    this.wsColumn = ctx.features.workspace ? ', workspace' : '';
    this.wsValue = ctx.features.workspace ? `, '${DEFAULT_WORKSPACE}'` : '';
  }

  get readOnly(): boolean {
    return this.ctx.readOnlyReason !== undefined;
  }

  private run(sql: string, ...params: unknown[]): number {
    return statement(this.ctx, sql).run(...params).changes;
  }

  private touchModel(name: string, time: number): void {
    this.run(`UPDATE registered_models SET last_updated_time = ? WHERE name = ?${this.ws}`, time, name);
  }

  // Registered models

  async createRegisteredModel(name: string, tags: Tag[] = [], description?: string): Promise<RegisteredModel> {
    validateModelName(name);
    const validTags = lastValuePerKey(tags.map(validateRegisteredModelTag));
    return writeTransaction(this.ctx, () => {
      if (this.reads.modelRowOrUndefined(name)) throw this.alreadyExists(name, validTags.some((t) => t.key === IS_PROMPT_TAG_KEY));
      const now = Date.now();
      this.run(`INSERT INTO registered_models (name, creation_time, last_updated_time, description${this.wsColumn}) VALUES (?, ?, ?, ?${this.wsValue})`,
        name, now, now, description ?? null);
      for (const tag of validTags) {
        this.run(`INSERT INTO registered_model_tags (key, value, name${this.wsColumn}) VALUES (?, ?, ?${this.wsValue})`, tag.key, tag.value, name);
      }
      return this.reads.modelEntity(this.reads.modelRow(name));
    });
  }

  /** Models and prompts share a namespace; mlflow says which kind holds the name. */
  private alreadyExists(name: string, newIsPrompt: boolean): MlflowError {
    const existingIsPrompt = this.reads.modelTags(name).some((t) => t.key === IS_PROMPT_TAG_KEY);
    const kind = (prompt: boolean) => (prompt ? 'prompt' : 'registered model');
    if (existingIsPrompt !== newIsPrompt) {
      return new MlflowError('RESOURCE_ALREADY_EXISTS',
        `Tried to create a ${kind(newIsPrompt)} with name '${name}', but the name is already taken by a ${kind(existingIsPrompt)}. MLflow does not allow creating a model and a prompt with the same name.`);
    }
    return new MlflowError('RESOURCE_ALREADY_EXISTS', `${newIsPrompt ? 'Prompt' : 'Registered Model'} (name=${name}) already exists.`);
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    return this.reads.modelEntity(this.reads.modelRow(name));
  }

  /** Versions, tags and aliases follow the model; every version's last-updated time moves too. */
  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    validateNewModelName(newName);
    return writeTransaction(this.ctx, () => {
      this.reads.modelRow(name);
      if (newName !== name && this.reads.modelRowOrUndefined(newName)) {
        throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${newName}) already exists.`);
      }
      const now = Date.now();
      // MLflow's foreign keys cascade renames; deferring checks also covers schemas whose keys do not.
      this.ctx.db.pragma('defer_foreign_keys = ON');
      this.run(`UPDATE registered_models SET name = ?, last_updated_time = ? WHERE name = ?${this.ws}`, newName, now, name);
      for (const table of NAME_CHILD_TABLES) this.run(`UPDATE ${table} SET name = ? WHERE name = ?${this.ws}`, newName, name);
      this.run(`UPDATE model_versions SET last_updated_time = ? WHERE name = ?${this.ws}`, now, newName);
      return this.reads.modelEntity(this.reads.modelRow(newName));
    });
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    return writeTransaction(this.ctx, () => {
      this.reads.modelRow(name);
      this.run(`UPDATE registered_models SET description = ?, last_updated_time = ? WHERE name = ?${this.ws}`, description ?? null, Date.now(), name);
      return this.reads.modelEntity(this.reads.modelRow(name));
    });
  }

  /** Removes the model with all its versions (deleted ones too), tags and aliases. */
  async deleteRegisteredModel(name: string): Promise<void> {
    writeTransaction(this.ctx, () => {
      this.reads.modelRow(name);
      for (const table of NAME_CHILD_TABLES) this.run(`DELETE FROM ${table} WHERE name = ?${this.ws}`, name);
      this.run(`DELETE FROM registered_models WHERE name = ?${this.ws}`, name);
    });
  }

  async searchRegisteredModels(query: SearchRegistryQuery): Promise<Page<RegisteredModel>> {
    const limit = validateRegistryMaxResults(query.maxResults, REGISTRY_LIMITS.registeredModelsPerPageDefault, REGISTRY_LIMITS.registeredModelsPerPage);
    const clauses = parseRegisteredModelFilter(query.filter);
    const orderBy = parseRegisteredModelOrderBy(query.orderBy);
    const offset = decodePageToken(query.pageToken);
    const compiled = compileRegisteredModelSearch({ clauses, orderBy, offset, limit: limit + 1, workspace: this.workspace });
    const names = (statement(this.ctx, compiled.sql).all(...compiled.params) as { name: string }[]).map((r) => r.name);
    const items = names.slice(0, limit).map((name) => this.reads.modelEntity(this.reads.modelRow(name)));
    return { items, nextPageToken: names.length > limit ? encodePageToken(offset + limit) : undefined };
  }

  private get workspace(): string | undefined {
    return this.ctx.features.workspace ? DEFAULT_WORKSPACE : undefined;
  }

  /** The highest live version in each requested stage (all four stages when none are given). */
  async getLatestVersions(name: string, stages?: string[]): Promise<ModelVersion[]> {
    const row = this.reads.modelRow(name);
    const wanted = new Set<string>(stages && stages.length > 0 ? stages.map(canonicalStage) : MODEL_VERSION_STAGES);
    return this.reads.latestVersionRows(row.name)
      .filter((v) => v.current_stage !== null && wanted.has(v.current_stage))
      .map((v) => this.reads.versionEntity(v, true));
  }

  async setRegisteredModelTag(name: string, tag: Tag): Promise<void> {
    validateModelName(name);
    const valid = validateRegisteredModelTag(tag);
    writeTransaction(this.ctx, () => {
      this.reads.modelRow(name);
      this.run(`INSERT OR REPLACE INTO registered_model_tags (key, value, name${this.wsColumn}) VALUES (?, ?, ?${this.wsValue})`, valid.key, valid.value, name);
    });
  }

  /** Deleting a tag that is not there is not an error, as in mlflow. */
  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    validateModelName(name);
    validateTagKey(key);
    writeTransaction(this.ctx, () => {
      this.reads.modelRow(name);
      this.run(`DELETE FROM registered_model_tags WHERE name = ? AND key = ?${this.ws}`, name, key);
    });
  }

  // Model versions

  async createModelVersion(request: CreateModelVersionRequest): Promise<ModelVersion> {
    const { name, source } = request;
    validateModelName(name);
    if (typeof source !== 'string') throw missingValue('source');
    const validTags = lastValuePerKey((request.tags ?? []).map(validateModelVersionTag));
    return writeTransaction(this.ctx, () => {
      let runId = request.runId ?? null;
      let storageLocation = source;
      if (isModelsUri(source)) ({ runId, storageLocation } = this.resolveModelsSource(source, runId));
      if (!runId && request.modelId) runId = this.reads.loggedModel(request.modelId).sourceRunId;
      this.reads.modelRow(name);
      const now = Date.now();
      this.touchModel(name, now);
      // Deleted versions keep their numbers, so the next number counts them too.
      const { top } = statement(this.ctx, `SELECT MAX(version) AS top FROM model_versions WHERE name = ?${this.ws}`).get(name) as { top: number | null };
      const version = (top ?? 0) + 1;
      const storage = this.ctx.features.modelVersionStorageLocation;
      this.run(
        `INSERT INTO model_versions (name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, status, status_message, run_link${storage ? ', storage_location' : ''}${this.wsColumn})
         VALUES (?, ?, ?, ?, ?, NULL, 'None', ?, ?, 'READY', NULL, ?${storage ? ', ?' : ''}${this.wsValue})`,
        ...[name, version, now, now, request.description ?? null, source, runId, request.runLink ?? null, ...(storage ? [storageLocation] : [])],
      );
      for (const tag of validTags) {
        this.run(`INSERT INTO model_version_tags (key, value, name, version${this.wsColumn}) VALUES (?, ?, ?, ?${this.wsValue})`, tag.key, tag.value, name, version);
      }
      return this.reads.versionEntity(this.reads.versionRow(name, version), true);
    });
  }

  /**
   * `models:/<model_id>` stores the logged model's artifact location (and its run when none is
   * given); `models:/<name>/<version>` stores that version's download URI. A failure is one
   * error naming the source, with the code of what failed (mlflow's store says INTERNAL_ERROR).
   */
  private resolveModelsSource(source: string, runId: string | null): { runId: string | null; storageLocation: string } {
    const parsed = parseModelsUri(source);
    try {
      if (parsed.kind === 'modelId') {
        const logged = this.reads.loggedModel(parsed.modelId);
        return { runId: runId || logged.sourceRunId, storageLocation: logged.artifactLocation };
      }
      if (parsed.kind === 'unresolvable') throw MlflowError.invalidParameter(`Parameter 'version' must be an integer, got 'None'.`);
      const target = this.reads.versionRow(parsed.name, parsed.version);
      return { runId, storageLocation: target.storage_location || target.source || '' };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      // The inner error's code (an unknown model is RESOURCE_DOES_NOT_EXIST, as mlflow's server answers), never a 500.
      throw new MlflowError(error instanceof MlflowError ? error.code : 'INVALID_PARAMETER_VALUE', `Unable to fetch model from model URI source artifact location '${source}'.Error: ${why}`);
    }
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    return this.reads.versionEntity(this.reads.versionRow(name, version), true);
  }

  async updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    return writeTransaction(this.ctx, () => {
      const row = this.reads.versionRow(name, version);
      this.run(`UPDATE model_versions SET description = ?, last_updated_time = ? WHERE name = ? AND version = ?${this.ws}`,
        description ?? null, Date.now(), name, row.version);
      return this.reads.versionEntity(this.reads.versionRow(name, row.version), true);
    });
  }

  /**
   * mlflow keeps the row (so the number is never reused) but redacts it, parks it in
   * `Deleted_Internal` and drops the aliases that pointed at it; its tags stay.
   */
  async deleteModelVersion(name: string, version: string): Promise<void> {
    const number = parseModelVersion(version);
    writeTransaction(this.ctx, () => {
      this.reads.versionRow(name, number);
      const now = Date.now();
      this.touchModel(name, now);
      this.run(`DELETE FROM registered_model_aliases WHERE name = ? AND version = ?${this.ws}`, name, number);
      this.run(
        `UPDATE model_versions SET current_stage = ?, last_updated_time = ?, description = NULL, user_id = NULL, source = ?, run_id = ?, run_link = ?, status_message = NULL
         WHERE name = ? AND version = ?${this.ws}`,
        STAGE_DELETED_INTERNAL, now, REDACTED.source, REDACTED.runId, REDACTED.runLink, name, number,
      );
    });
  }

  async transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage | string, archiveExistingVersions: boolean): Promise<ModelVersion> {
    const target = canonicalStage(stage);
    if (archiveExistingVersions && !ACTIVE_STAGES.includes(target)) {
      // mlflow raises this without an error code (HTTP 500); a client's mistake is a 400 here.
      throw MlflowError.invalidParameter(
        `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. Valid stages are ['Staging', 'Production']`);
    }
    return writeTransaction(this.ctx, () => {
      const row = this.reads.versionRow(name, version);
      const now = Date.now();
      if (archiveExistingVersions) {
        this.run(`UPDATE model_versions SET current_stage = 'Archived', last_updated_time = ? WHERE name = ? AND version != ? AND current_stage = ?${this.ws}`,
          now, name, row.version, target);
      }
      this.run(`UPDATE model_versions SET current_stage = ?, last_updated_time = ? WHERE name = ? AND version = ?${this.ws}`, target, now, name, row.version);
      this.touchModel(name, now);
      return this.reads.versionEntity(this.reads.versionRow(name, row.version), true);
    });
  }

  async searchModelVersions(query: SearchRegistryQuery): Promise<Page<ModelVersion>> {
    const limit = validateRegistryMaxResults(query.maxResults, REGISTRY_LIMITS.modelVersionsPerPageDefault, REGISTRY_LIMITS.modelVersionsPerPage);
    const clauses = parseModelVersionFilter(query.filter);
    const orderBy = parseModelVersionOrderBy(query.orderBy);
    const offset = decodePageToken(query.pageToken);
    const compiled = compileModelVersionSearch({ clauses, orderBy, offset, limit: limit + 1, workspace: this.workspace });
    const keys = statement(this.ctx, compiled.sql).all(...compiled.params) as { name: string; version: number }[];
    const items = keys.slice(0, limit).map((k) => this.reads.versionEntity(this.reads.versionRow(k.name, k.version), false));
    return { items, nextPageToken: keys.length > limit ? encodePageToken(offset + limit) : undefined };
  }

  /** Where the version's files are: its storage location when set, else its source. */
  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    const row = this.reads.versionRow(name, version);
    return row.storage_location || row.source || '';
  }

  async setModelVersionTag(name: string, version: string, tag: Tag): Promise<void> {
    validateModelName(name);
    const number = parseModelVersion(version);
    const valid = validateModelVersionTag(tag);
    writeTransaction(this.ctx, () => {
      this.reads.versionRow(name, number);
      this.run(`INSERT OR REPLACE INTO model_version_tags (key, value, name, version${this.wsColumn}) VALUES (?, ?, ?, ?${this.wsValue})`,
        valid.key, valid.value, name, number);
    });
  }

  async deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    validateModelName(name);
    const number = parseModelVersion(version);
    validateTagKey(key);
    writeTransaction(this.ctx, () => {
      this.reads.versionRow(name, number);
      this.run(`DELETE FROM model_version_tags WHERE name = ? AND version = ? AND key = ?${this.ws}`, name, number, key);
    });
  }

  // Aliases

  /** Setting an existing alias moves it to the new version. */
  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    validateModelName(name);
    validateAssignableAlias(alias);
    const number = parseModelVersion(version);
    writeTransaction(this.ctx, () => {
      this.reads.versionRow(name, number);
      this.run(`INSERT OR REPLACE INTO registered_model_aliases (alias, version, name${this.wsColumn}) VALUES (?, ?, ?${this.wsValue})`, alias, number, name);
    });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    validateModelName(name);
    validateAliasName(alias);
    writeTransaction(this.ctx, () => {
      this.reads.modelRow(name);
      this.run(`DELETE FROM registered_model_aliases WHERE name = ? AND alias = ?${this.ws}`, name, alias);
    });
  }

  /** `latest` (any case) is the highest live version; other aliases are looked up. */
  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateModelName(name);
    validateAliasName(alias);
    if (alias.toLowerCase() === LATEST_ALIAS) {
      const latest = await this.getLatestVersions(name);
      if (latest.length === 0) throw MlflowError.notFound(`Latest version not found for model ${name}.`);
      return latest.reduce((best, v) => (Number(v.version) > Number(best.version) ? v : best));
    }
    this.reads.modelRow(name);
    const row = statement(this.ctx, `SELECT version FROM registered_model_aliases WHERE name = ? AND alias = ?${this.ws}`)
      .get(name, alias) as { version: number } | undefined;
    // mlflow answers a missing alias with INVALID_PARAMETER_VALUE, not RESOURCE_DOES_NOT_EXIST.
    if (!row) throw MlflowError.invalidParameter(`Registered model alias ${alias} not found.`);
    return this.reads.versionEntity(this.reads.versionRow(name, row.version), true);
  }

  close(): void {
    if (this.ctx.db.open) this.ctx.db.close();
  }
}
