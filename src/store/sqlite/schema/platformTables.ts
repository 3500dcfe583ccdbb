// MLflow's bookkeeping tables: the alembic revision stamp, workspaces, and the job runner's queue and locks.
// Facts of mlflow 3.18.0's SQLite schema, in our own declarative form (see ddl.ts).
import { REQUIRED, bigint, float, integer, json, text, varchar } from './ddl.ts';
import type { TableSpec } from './ddl.ts';

export const PLATFORM_TABLES: readonly TableSpec[] = [
  {
    name: 'alembic_version',
    columns: [
      varchar('version_num', 32, REQUIRED),
    ],
    primaryKey: { name: 'alembic_version_pkc', columns: ['version_num'] },
  },
  {
    name: 'workspaces',
    columns: [
      varchar('name', 63, REQUIRED),
      text('description'),
      text('default_artifact_root'),
      text('trace_archival_location'),
      varchar('trace_archival_retention', 32),
    ],
    primaryKey: { name: 'workspaces_pk', columns: ['name'] },
  },
  {
    name: 'jobs',
    columns: [
      varchar('id', 36, REQUIRED),
      bigint('creation_time', REQUIRED),
      varchar('job_name', 500, REQUIRED),
      text('params', REQUIRED),
      float('timeout'),
      integer('status', REQUIRED),
      text('result'),
      integer('retry_count', REQUIRED),
      bigint('last_update_time', REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      json('status_details'),
      varchar('creator', 255),
      varchar('executor_backend', 255),
      bigint('lease_expires_at'),
      text('status_message'),
      json('progress'),
      bigint('progress_updated_at'),
      varchar('token_hash', 64),
      json('scoped_permissions'),
      bigint('next_attempt_at'),
    ],
    primaryKey: { name: 'jobs_pk', columns: ['id'] },
    indexes: [
      { name: 'index_jobs_name_status_creation_time', columns: ['job_name', 'workspace', 'status', 'creation_time'] },
      { name: 'index_jobs_status_lease_expires_at', columns: ['status', 'lease_expires_at'] },
    ],
  },
  {
    name: 'job_locks',
    columns: [
      varchar('lock_key', 255, REQUIRED),
      varchar('job_id', 36, REQUIRED),
      bigint('acquired_at', REQUIRED),
    ],
    primaryKey: { name: 'job_locks_pk', columns: ['lock_key'] },
    foreignKeys: [
      { name: 'fk_job_locks_job_id', columns: ['job_id'], references: 'jobs', referencedColumns: ['id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_job_locks_job_id', columns: ['job_id'] },
    ],
  },
  {
    name: 'scheduler_leases',
    columns: [
      varchar('lease_key', 255, REQUIRED),
      bigint('acquired_at', REQUIRED),
      integer('ttl_seconds', REQUIRED),
    ],
    primaryKey: { name: 'scheduler_leases_pk', columns: ['lease_key'] },
  },
];
