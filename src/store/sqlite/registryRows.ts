// Row shapes of MLflow's registry tables and their conversion to entities.
import type { ModelVersion, ModelVersionStatus, RegisteredModel, RegisteredModelAlias, Tag } from '../../shared/entities.ts';

/** mlflow never removes a version row: deleting one redacts it and parks it in this stage. */
export const STAGE_DELETED_INTERNAL = 'Deleted_Internal';

/** What a deleted version's fields are overwritten with, as mlflow does. */
export const REDACTED = {
  source: 'REDACTED-SOURCE-PATH',
  runId: 'REDACTED-RUN-ID',
  runLink: 'REDACTED-RUN-LINK',
} as const;

export interface RegisteredModelRow {
  name: string;
  creation_time: number | null;
  last_updated_time: number | null;
  description: string | null;
}

export const REGISTERED_MODEL_COLUMNS = 'name, creation_time, last_updated_time, description';

export interface ModelVersionRow {
  name: string;
  version: number;
  creation_time: number | null;
  last_updated_time: number | null;
  description: string | null;
  user_id: string | null;
  current_stage: string | null;
  source: string | null;
  run_id: string | null;
  status: string | null;
  status_message: string | null;
  run_link: string | null;
  /** Absent on MLflow 2.x schemas. */
  storage_location?: string | null;
}

export function modelVersionColumns(withStorageLocation: boolean): string {
  const base = 'name, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, status, status_message, run_link';
  return withStorageLocation ? `${base}, storage_location` : base;
}

export interface TagRow {
  key: string;
  value: string | null;
}

export function tagsFromRows(rows: TagRow[]): Tag[] {
  return rows.map((r) => ({ key: r.key, value: r.value ?? '' }));
}

const optional = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export function modelVersionFromRow(row: ModelVersionRow, tags: Tag[], aliases: string[]): ModelVersion {
  return {
    name: row.name,
    version: String(row.version),
    creationTimestamp: optional(row.creation_time),
    lastUpdatedTimestamp: optional(row.last_updated_time),
    userId: optional(row.user_id),
    currentStage: row.current_stage ?? 'None',
    description: optional(row.description),
    source: optional(row.source),
    runId: optional(row.run_id),
    status: (row.status ?? 'READY') as ModelVersionStatus,
    statusMessage: optional(row.status_message),
    tags,
    runLink: optional(row.run_link),
    aliases,
    // The SQL registry keeps no model_id column: mlflow reads it back as unset too.
    storageLocation: optional(row.storage_location),
  };
}

export function registeredModelFromRow(
  row: RegisteredModelRow, latestVersions: ModelVersion[], tags: Tag[], aliases: RegisteredModelAlias[],
): RegisteredModel {
  return {
    name: row.name,
    creationTimestamp: optional(row.creation_time),
    lastUpdatedTimestamp: optional(row.last_updated_time),
    description: optional(row.description),
    latestVersions,
    tags,
    aliases,
  };
}

/**
 * The highest live version in each stage, stages in the order they first appear when versions
 * are read in ascending order — mlflow builds its `latest_versions` the same way.
 */
export function latestPerStage<T extends { version: number; current_stage: string | null }>(ascending: T[]): T[] {
  const byStage = new Map<string | null, T>();
  for (const row of ascending) {
    if (row.current_stage === STAGE_DELETED_INTERNAL) continue;
    const seen = byStage.get(row.current_stage);
    if (!seen || seen.version < row.version) byStage.set(row.current_stage, row);
  }
  return [...byStage.values()];
}
