// Experiments, runs and what is logged to them (tags, params, metrics, dataset inputs).
// Facts of mlflow 3.18.0's SQLite schema, in our own declarative form (see ddl.ts).
import { REQUIRED, bigint, boolean, float, integer, text, varchar } from './ddl.ts';
import type { TableSpec } from './ddl.ts';

export const TRACKING_TABLES: readonly TableSpec[] = [
  {
    name: 'experiments',
    columns: [
      integer('experiment_id', REQUIRED),
      varchar('name', 256, REQUIRED),
      varchar('artifact_location', 256),
      varchar('lifecycle_stage', 32),
      bigint('creation_time'),
      bigint('last_update_time'),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'experiment_pk', columns: ['experiment_id'] },
    uniques: [{ name: 'uq_experiments_workspace_name', columns: ['workspace', 'name'] }],
    checks: [
      { name: 'experiments_lifecycle_stage', expression: "lifecycle_stage IN ('active', 'deleted')" },
    ],
    indexes: [
      { name: 'idx_experiments_workspace', columns: ['workspace'] },
      { name: 'idx_experiments_workspace_creation_time', columns: ['workspace', 'creation_time'] },
    ],
  },
  {
    name: 'experiment_tags',
    columns: [
      varchar('key', 250, REQUIRED),
      text('value'),
      integer('experiment_id', REQUIRED),
    ],
    primaryKey: { name: 'experiment_tag_pk', columns: ['key', 'experiment_id'] },
    foreignKeys: [
      { columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'] },
    ],
  },
  {
    name: 'runs',
    columns: [
      varchar('run_uuid', 32, REQUIRED),
      varchar('name', 250),
      varchar('source_type', 20),
      varchar('source_name', 500),
      varchar('entry_point_name', 50),
      varchar('user_id', 256),
      varchar('status', 9),
      bigint('start_time'),
      bigint('end_time'),
      varchar('source_version', 50),
      varchar('lifecycle_stage', 20),
      varchar('artifact_uri', 200),
      integer('experiment_id'),
      bigint('deleted_time'),
    ],
    primaryKey: { name: 'run_pk', columns: ['run_uuid'] },
    checks: [
      { name: 'runs_lifecycle_stage', expression: "lifecycle_stage IN ('active', 'deleted')" },
      { name: 'source_type', expression: "source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')" },
      { expression: "status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')" },
    ],
    foreignKeys: [
      { columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'] },
    ],
  },
  {
    name: 'tags',
    columns: [
      varchar('key', 250, REQUIRED),
      varchar('value', 8000),
      varchar('run_uuid', 32, REQUIRED),
    ],
    primaryKey: { name: 'tag_pk', columns: ['key', 'run_uuid'] },
    foreignKeys: [
      { columns: ['run_uuid'], references: 'runs', referencedColumns: ['run_uuid'] },
    ],
    indexes: [
      { name: 'index_tags_run_uuid', columns: ['run_uuid'] },
    ],
  },
  {
    name: 'params',
    columns: [
      varchar('key', 250, REQUIRED),
      varchar('value', 8000, REQUIRED),
      varchar('run_uuid', 32, REQUIRED),
    ],
    primaryKey: { name: 'param_pk', columns: ['key', 'run_uuid'] },
    foreignKeys: [
      { columns: ['run_uuid'], references: 'runs', referencedColumns: ['run_uuid'] },
    ],
    indexes: [
      { name: 'index_params_run_uuid', columns: ['run_uuid'] },
    ],
  },
  {
    name: 'metrics',
    columns: [
      varchar('key', 250, REQUIRED),
      float('value', REQUIRED),
      bigint('timestamp', REQUIRED),
      varchar('run_uuid', 32, REQUIRED),
      bigint('step', { notNull: true, default: "'0'" }),
      boolean('is_nan', { notNull: true, default: "'0'" }),
    ],
    primaryKey: { name: 'metric_pk', columns: ['key', 'timestamp', 'step', 'run_uuid', 'value', 'is_nan'] },
    checks: [
      { expression: "is_nan IN (0, 1)" },
    ],
    foreignKeys: [
      { columns: ['run_uuid'], references: 'runs', referencedColumns: ['run_uuid'] },
    ],
    indexes: [
      { name: 'index_metrics_run_uuid', columns: ['run_uuid'] },
      { name: 'index_metrics_run_uuid_key_step', columns: ['run_uuid', 'key', 'step'] },
    ],
  },
  {
    name: 'latest_metrics',
    columns: [
      varchar('key', 250, REQUIRED),
      float('value', REQUIRED),
      bigint('timestamp'),
      bigint('step', REQUIRED),
      boolean('is_nan', REQUIRED),
      varchar('run_uuid', 32, REQUIRED),
    ],
    primaryKey: { name: 'latest_metric_pk', columns: ['key', 'run_uuid'] },
    checks: [
      { expression: "is_nan IN (0, 1)" },
    ],
    foreignKeys: [
      { columns: ['run_uuid'], references: 'runs', referencedColumns: ['run_uuid'] },
    ],
    indexes: [
      { name: 'index_latest_metrics_run_uuid', columns: ['run_uuid'] },
    ],
  },
  {
    name: 'datasets',
    columns: [
      varchar('dataset_uuid', 36, REQUIRED),
      integer('experiment_id', REQUIRED),
      varchar('name', 500, REQUIRED),
      varchar('digest', 36, REQUIRED),
      varchar('dataset_source_type', 36, REQUIRED),
      text('dataset_source', REQUIRED),
      text('dataset_schema'),
      text('dataset_profile'),
    ],
    primaryKey: { name: 'dataset_pk', columns: ['experiment_id', 'name', 'digest'] },
    foreignKeys: [
      { name: 'fk_datasets_experiment_id_experiments', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_datasets_dataset_uuid', columns: ['dataset_uuid'] },
      { name: 'index_datasets_experiment_id_dataset_source_type', columns: ['experiment_id', 'dataset_source_type'] },
    ],
  },
  {
    name: 'inputs',
    columns: [
      varchar('input_uuid', 36, REQUIRED),
      varchar('source_type', 36, REQUIRED),
      varchar('source_id', 36, REQUIRED),
      varchar('destination_type', 36, REQUIRED),
      varchar('destination_id', 36, REQUIRED),
      bigint('step', { notNull: true, default: "'0'" }),
    ],
    primaryKey: { name: 'inputs_pk', columns: ['source_type', 'source_id', 'destination_type', 'destination_id'] },
    indexes: [
      { name: 'index_inputs_destination_type_destination_id_source_type', columns: ['destination_type', 'destination_id', 'source_type'] },
      { name: 'index_inputs_input_uuid', columns: ['input_uuid'] },
    ],
  },
  {
    name: 'input_tags',
    columns: [
      varchar('input_uuid', 36, REQUIRED),
      varchar('name', 255, REQUIRED),
      varchar('value', 500, REQUIRED),
    ],
    primaryKey: { name: 'input_tags_pk', columns: ['input_uuid', 'name'] },
  },
  {
    name: 'entity_associations',
    columns: [
      varchar('association_id', 36, REQUIRED),
      varchar('source_type', 36, REQUIRED),
      varchar('source_id', 36, REQUIRED),
      varchar('destination_type', 36, REQUIRED),
      varchar('destination_id', 36, REQUIRED),
      bigint('created_time'),
    ],
    primaryKey: { name: 'entity_associations_pk', columns: ['source_type', 'source_id', 'destination_type', 'destination_id'] },
    indexes: [
      { name: 'index_entity_associations_association_id', columns: ['association_id'] },
      { name: 'index_entity_associations_reverse_lookup', columns: ['destination_type', 'destination_id', 'source_type', 'source_id'] },
    ],
  },
];
