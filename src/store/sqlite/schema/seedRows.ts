// The rows mlflow 3.18.0 writes into a brand-new database besides the schema itself.
import type { SqliteDatabase } from '../driver.ts';
import { appendToArtifactUri } from './artifactLocation.ts';

export const DEFAULT_WORKSPACE_NAME = 'default';
export const DEFAULT_WORKSPACE_DESCRIPTION = 'Default workspace for legacy resources';
export const DEFAULT_EXPERIMENT_ID = 0;
export const DEFAULT_EXPERIMENT_NAME = 'Default';

/** The workspace row the workspaces migration inserts, which every workspace column defaults to. */
export function insertDefaultWorkspace(db: SqliteDatabase): void {
  db.prepare('INSERT INTO workspaces (name, description) VALUES (?, ?)').run(DEFAULT_WORKSPACE_NAME, DEFAULT_WORKSPACE_DESCRIPTION);
}

/**
 * Experiment 0, as the tracking store creates it on first open: its artifact location is the
 * (already resolved) default artifact root joined with `0`, both times are the same instant.
 */
export function insertDefaultExperiment(db: SqliteDatabase, defaultArtifactRoot: string, nowMs: number = Date.now()): void {
  db.prepare(
    `INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace)
     VALUES (?, ?, ?, 'active', ?, ?, ?)`,
  ).run(
    DEFAULT_EXPERIMENT_ID,
    DEFAULT_EXPERIMENT_NAME,
    appendToArtifactUri(defaultArtifactRoot, String(DEFAULT_EXPERIMENT_ID)),
    nowMs,
    nowMs,
    DEFAULT_WORKSPACE_NAME,
  );
}
