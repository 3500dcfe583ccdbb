// Experiments and their tags in MLflow's SQLite schema.
import type { Experiment, Page, Tag } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import { parseExperimentFilter, parseExperimentOrderBy } from '../search/experimentSearch.ts';
import { decodePageToken, encodePageToken } from '../search/pageToken.ts';
import type { SearchExperimentsQuery } from '../trackingStore.ts';
import { experimentIdNumber, LIMITS, validateExperimentName, validateExperimentTag, validateMaxResults } from '../validation.ts';
import { appendToUri, experimentFromRow, type ExperimentRow } from './rows.ts';
import { DEFAULT_WORKSPACE } from './schemaFeatures.ts';
import { compileExperimentSearch } from './searchSql.ts';
import { statement, writeTransaction, type SqliteContext } from './sqliteContext.ts';

const EXPERIMENT_COLUMNS = 'experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time';

export class SqliteExperiments {
  private readonly ctx: SqliteContext;
  private readonly defaultArtifactRoot: string;

  constructor(ctx: SqliteContext, defaultArtifactRoot: string) {
    this.ctx = ctx;
    this.defaultArtifactRoot = defaultArtifactRoot;
  }

  private get workspaceClause(): string {
    return this.ctx.features.workspace ? ` AND workspace = '${DEFAULT_WORKSPACE}'` : '';
  }

  private tagsOf(experimentId: number): Tag[] {
    return statement(this.ctx, 'SELECT key, value FROM experiment_tags WHERE experiment_id = ? ORDER BY key')
      .all(experimentId) as Tag[];
  }

  private toEntity(row: ExperimentRow): Experiment {
    return experimentFromRow(row, this.tagsOf(row.experiment_id));
  }

  /** The row, or RESOURCE_DOES_NOT_EXIST; an id Python's int() refuses is INVALID_PARAMETER_VALUE, as in mlflow. */
  row(experimentId: string): ExperimentRow {
    const id = experimentIdNumber(String(experimentId));
    const row = Number.isSafeInteger(id)
      ? statement(this.ctx, `SELECT ${EXPERIMENT_COLUMNS} FROM experiments WHERE experiment_id = ?${this.workspaceClause}`).get(id) as ExperimentRow | undefined
      : undefined;
    if (!row) throw MlflowError.notFound(`No Experiment with id=${experimentId} exists`);
    return row;
  }

  create(name: string, artifactLocation?: string, tags: Tag[] = []): string {
    validateExperimentName(name);
    if (artifactLocation?.startsWith('runs:')) {
      throw MlflowError.invalidParameter(`Invalid value '${artifactLocation}' for parameter 'artifact_location': it cannot be a runs:/ URI.`);
    }
    const validTags = tags.map(validateExperimentTag);
    return writeTransaction(this.ctx, () => {
      if (statement(this.ctx, `SELECT 1 FROM experiments WHERE name = ?${this.workspaceClause}`).get(name)) {
        throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name}) already exists.`);
      }
      const now = Date.now();
      const { lastInsertRowid } = statement(this.ctx,
        `INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, 'active', ?, ?)`,
      ).run(name, artifactLocation || null, now, now);
      const id = Number(lastInsertRowid);
      if (!artifactLocation) {
        statement(this.ctx, 'UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?')
          .run(appendToUri(this.defaultArtifactRoot, String(id)), id);
      }
      const insertTag = statement(this.ctx, 'INSERT OR REPLACE INTO experiment_tags (key, value, experiment_id) VALUES (?, ?, ?)');
      for (const tag of validTags) insertTag.run(tag.key, tag.value, id);
      return String(id);
    });
  }

  get(experimentId: string): Experiment {
    return this.toEntity(this.row(experimentId));
  }

  getByName(name: string): Experiment | undefined {
    const row = statement(this.ctx, `SELECT ${EXPERIMENT_COLUMNS} FROM experiments WHERE name = ?${this.workspaceClause}`).get(name) as ExperimentRow | undefined;
    return row && this.toEntity(row);
  }

  search(query: SearchExperimentsQuery): Page<Experiment> {
    const limit = validateMaxResults(query.maxResults, 1000, LIMITS.experimentsPerPage);
    const offset = decodePageToken(query.pageToken);
    const compiled = compileExperimentSearch({
      clauses: parseExperimentFilter(query.filter),
      orderBy: parseExperimentOrderBy(query.orderBy),
      viewType: query.viewType ?? 'ACTIVE_ONLY',
      offset,
      limit: limit + 1,
      workspace: this.ctx.features.workspace ? DEFAULT_WORKSPACE : undefined,
    });
    const ids = (this.ctx.db.prepare(compiled.sql).all(...compiled.params) as { experiment_id: number }[]).map((r) => r.experiment_id);
    const page = ids.slice(0, limit).map((id) => this.get(String(id)));
    return { items: page, nextPageToken: ids.length > limit ? encodePageToken(offset + limit) : undefined };
  }

  rename(experimentId: string, newName: string): void {
    validateExperimentName(newName);
    writeTransaction(this.ctx, () => {
      const row = this.row(experimentId);
      if (row.lifecycle_stage !== 'active') throw new MlflowError('INVALID_STATE', 'Cannot rename a non-active experiment.');
      const clash = statement(this.ctx, `SELECT experiment_id FROM experiments WHERE name = ?${this.workspaceClause}`).get(newName) as { experiment_id: number } | undefined;
      if (clash && clash.experiment_id !== row.experiment_id) {
        throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${newName}) already exists.`);
      }
      statement(this.ctx, 'UPDATE experiments SET name = ?, last_update_time = ? WHERE experiment_id = ?').run(newName, Date.now(), row.experiment_id);
    });
  }

  /** Soft delete: the experiment and all its runs become `deleted`, restorable. */
  setLifecycle(experimentId: string, stage: 'active' | 'deleted'): void {
    writeTransaction(this.ctx, () => {
      const row = this.row(experimentId);
      const expected = stage === 'deleted' ? 'active' : 'deleted';
      if (row.lifecycle_stage !== expected) {
        throw MlflowError.notFound(`No Experiment with id=${experimentId} exists in the '${expected}' lifecycle stage`);
      }
      const now = Date.now();
      statement(this.ctx, 'UPDATE experiments SET lifecycle_stage = ?, last_update_time = ? WHERE experiment_id = ?').run(stage, now, row.experiment_id);
      const deletedTime = this.ctx.features.runDeletedTime ? ', deleted_time = ?' : '';
      const runUpdate = statement(this.ctx, `UPDATE runs SET lifecycle_stage = ?${deletedTime} WHERE experiment_id = ?`);
      if (this.ctx.features.runDeletedTime) runUpdate.run(stage, stage === 'deleted' ? now : null, row.experiment_id);
      else runUpdate.run(stage, row.experiment_id);
    });
  }

  setTag(experimentId: string, tag: Tag): void {
    const valid = validateExperimentTag(tag);
    writeTransaction(this.ctx, () => {
      const row = this.row(experimentId);
      this.assertActive(row);
      statement(this.ctx, 'INSERT OR REPLACE INTO experiment_tags (key, value, experiment_id) VALUES (?, ?, ?)').run(valid.key, valid.value, row.experiment_id);
    });
  }

  deleteTag(experimentId: string, key: string): void {
    writeTransaction(this.ctx, () => {
      const row = this.row(experimentId);
      this.assertActive(row);
      const { changes } = statement(this.ctx, 'DELETE FROM experiment_tags WHERE experiment_id = ? AND key = ?').run(row.experiment_id, key);
      if (changes === 0) throw MlflowError.notFound(`No tag with name: ${key} in experiment with id ${experimentId}`);
    });
  }

  assertActive(row: ExperimentRow): void {
    if (row.lifecycle_stage !== 'active') {
      throw MlflowError.invalidParameter(`The experiment ${row.experiment_id} must be in the 'active' state. Current state is ${row.lifecycle_stage}.`);
    }
  }
}
