// Reading the registry tables: row lookups (live versions only) and entity assembly.
import type { ModelVersion, RegisteredModel, RegisteredModelAlias, Tag } from '../../shared/entities.ts';
import { boundedQuote } from '../../shared/boundedQuote.ts';
import { MlflowError } from '../../shared/errors.ts';
import { parseModelVersion, validateModelName } from '../registryValidation.ts';
import {
  latestPerStage, modelVersionColumns, modelVersionFromRow, REGISTERED_MODEL_COLUMNS, registeredModelFromRow,
  STAGE_DELETED_INTERNAL, tagsFromRows, type ModelVersionRow, type RegisteredModelRow, type TagRow,
} from './registryRows.ts';
import { DEFAULT_WORKSPACE } from './schemaFeatures.ts';
import { statement, type SqliteContext } from './sqliteContext.ts';

export class RegistryReads {
  private readonly ctx: SqliteContext;
  /** ` AND workspace = 'default'` on workspace schemas: every registry WHERE carries it. */
  readonly ws: string;
  readonly versionColumns: string;

  constructor(ctx: SqliteContext) {
    this.ctx = ctx;
    this.ws = ctx.features.workspace ? ` AND workspace = '${DEFAULT_WORKSPACE}'` : '';
    this.versionColumns = modelVersionColumns(ctx.features.modelVersionStorageLocation);
  }

  modelRowOrUndefined(name: string): RegisteredModelRow | undefined {
    return statement(this.ctx, `SELECT ${REGISTERED_MODEL_COLUMNS} FROM registered_models WHERE name = ?${this.ws}`)
      .get(name) as RegisteredModelRow | undefined;
  }

  /** The registered model, or RESOURCE_DOES_NOT_EXIST. */
  modelRow(name: string): RegisteredModelRow {
    validateModelName(name);
    const row = this.modelRowOrUndefined(name);
    if (!row) throw MlflowError.notFound(`Registered Model with name=${name} not found`);
    return row;
  }

  /** A live (not deleted) version, or RESOURCE_DOES_NOT_EXIST. */
  versionRow(name: string, version: string | number): ModelVersionRow {
    validateModelName(name);
    const number = parseModelVersion(version);
    const row = statement(this.ctx,
      `SELECT ${this.versionColumns} FROM model_versions WHERE name = ? AND version = ? AND current_stage != '${STAGE_DELETED_INTERNAL}'${this.ws}`,
    ).get(name, number) as ModelVersionRow | undefined;
    if (!row) throw MlflowError.notFound(`Model Version (name=${name}, version=${number}) not found`);
    return row;
  }

  /** Every version row of a model, deleted ones too, in ascending version order. */
  allVersionRows(name: string): ModelVersionRow[] {
    return statement(this.ctx, `SELECT ${this.versionColumns} FROM model_versions WHERE name = ?${this.ws} ORDER BY version`)
      .all(name) as ModelVersionRow[];
  }

  modelTags(name: string): Tag[] {
    return tagsFromRows(statement(this.ctx, `SELECT key, value FROM registered_model_tags WHERE name = ?${this.ws} ORDER BY key`).all(name) as TagRow[]);
  }

  versionTags(name: string, version: number): Tag[] {
    return tagsFromRows(statement(this.ctx,
      `SELECT key, value FROM model_version_tags WHERE name = ? AND version = ?${this.ws} ORDER BY key`,
    ).all(name, version) as TagRow[]);
  }

  modelAliases(name: string): RegisteredModelAlias[] {
    const rows = statement(this.ctx, `SELECT alias, version FROM registered_model_aliases WHERE name = ?${this.ws} ORDER BY alias`)
      .all(name) as { alias: string; version: number }[];
    return rows.map((r) => ({ alias: r.alias, version: String(r.version) }));
  }

  versionAliases(name: string, version: number): string[] {
    const rows = statement(this.ctx,
      `SELECT alias FROM registered_model_aliases WHERE name = ? AND version = ?${this.ws} ORDER BY alias`,
    ).all(name, version) as { alias: string }[];
    return rows.map((r) => r.alias);
  }

  /**
   * A version entity. mlflow fills `aliases` for single-version answers (get, create, update,
   * transition, by alias, get-latest-versions) but leaves them empty in searches and in a
   * registered model's `latest_versions`; `withAliases` follows that.
   */
  versionEntity(row: ModelVersionRow, withAliases: boolean): ModelVersion {
    const aliases = withAliases ? this.versionAliases(row.name, row.version) : [];
    return modelVersionFromRow(row, this.versionTags(row.name, row.version), aliases);
  }

  /** The highest live version per stage, in mlflow's order. */
  latestVersionRows(name: string): ModelVersionRow[] {
    return latestPerStage(this.allVersionRows(name));
  }

  modelEntity(row: RegisteredModelRow): RegisteredModel {
    const latest = this.latestVersionRows(row.name).map((v) => this.versionEntity(v, false));
    return registeredModelFromRow(row, latest, this.modelTags(row.name), this.modelAliases(row.name));
  }

  /** A logged model's artifact location and source run, for `models:/<model_id>` sources. */
  loggedModel(modelId: string): { artifactLocation: string; sourceRunId: string | null } {
    const row = this.ctx.features.loggedModels
      ? statement(this.ctx, `SELECT artifact_location, source_run_id FROM logged_models WHERE model_id = ? AND lifecycle_stage != 'deleted'`)
        .get(modelId) as { artifact_location: string; source_run_id: string | null } | undefined
      : undefined;
    if (!row) throw MlflowError.notFound(`Logged model with ID '${boundedQuote(modelId)}' not found.`);
    return { artifactLocation: row.artifact_location, sourceRunId: row.source_run_id };
  }
}
