// Row shapes of MLflow's tracking tables and their conversion to entities.
import { appendToArtifactUri } from './schema/artifactLocation.ts';
import type { Experiment, LifecycleStage, Metric, RunInfo, RunStatus, Tag } from '../../shared/entities.ts';

/** MLflow stores ±inf clamped to the largest double and NaN as 0 with is_nan = 1. */
export const MAX_DOUBLE = 1.7976931348623157e308;

export function storedMetricValue(value: number): { value: number; isNan: 0 | 1 } {
  if (Number.isNaN(value)) return { value: 0, isNan: 1 };
  if (value === Infinity) return { value: MAX_DOUBLE, isNan: 0 };
  if (value === -Infinity) return { value: -MAX_DOUBLE, isNan: 0 };
  return { value, isNan: 0 };
}

export interface MetricRow {
  key: string;
  value: number;
  timestamp: number | null;
  step: number;
  is_nan: number;
}

export function metricFromRow(row: MetricRow): Metric {
  return { key: row.key, value: row.is_nan ? NaN : row.value, timestamp: row.timestamp ?? 0, step: row.step };
}

export interface ExperimentRow {
  experiment_id: number;
  name: string;
  artifact_location: string | null;
  lifecycle_stage: string | null;
  creation_time: number | null;
  last_update_time: number | null;
}

export function experimentFromRow(row: ExperimentRow, tags: Tag[]): Experiment {
  return {
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactLocation: row.artifact_location ?? '',
    lifecycleStage: (row.lifecycle_stage ?? 'active') as LifecycleStage,
    creationTime: row.creation_time ?? undefined,
    lastUpdateTime: row.last_update_time ?? undefined,
    tags,
  };
}

export interface RunRow {
  run_uuid: string;
  name: string | null;
  user_id: string | null;
  status: string | null;
  start_time: number | null;
  end_time: number | null;
  lifecycle_stage: string | null;
  artifact_uri: string | null;
  experiment_id: number;
}

export const RUN_COLUMNS = 'run_uuid, name, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri, experiment_id';

export function runInfoFromRow(row: RunRow): RunInfo {
  return {
    runId: row.run_uuid,
    runName: row.name ?? '',
    experimentId: String(row.experiment_id),
    userId: row.user_id ?? '',
    status: (row.status ?? 'RUNNING') as RunStatus,
    startTime: row.start_time ?? undefined,
    endTime: row.end_time ?? undefined,
    artifactUri: row.artifact_uri ?? '',
    lifecycleStage: (row.lifecycle_stage ?? 'active') as LifecycleStage,
  };
}

/** Appends path segments to an artifact root or URI, as MLflow's append_to_uri_path does. */
export function appendToUri(base: string, ...parts: string[]): string {
  return parts.reduce(appendToArtifactUri, base);
}
