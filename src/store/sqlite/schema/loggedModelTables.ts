// MLflow 3 logged models with their metrics, params and tags.
// Facts of mlflow 3.18.0's SQLite schema, in our own declarative form (see ddl.ts).
import { REQUIRED, bigint, float, integer, text, varchar } from './ddl.ts';
import type { TableSpec } from './ddl.ts';

export const LOGGED_MODEL_TABLES: readonly TableSpec[] = [
  {
    name: 'logged_models',
    columns: [
      varchar('model_id', 36, REQUIRED),
      integer('experiment_id', REQUIRED),
      varchar('name', 500, REQUIRED),
      varchar('artifact_location', 1000, REQUIRED),
      bigint('creation_timestamp_ms', REQUIRED),
      bigint('last_updated_timestamp_ms', REQUIRED),
      integer('status', REQUIRED),
      varchar('lifecycle_stage', 32),
      varchar('model_type', 500),
      varchar('source_run_id', 32),
      varchar('status_message', 1000),
    ],
    primaryKey: { name: 'logged_models_pk', columns: ['model_id'] },
    checks: [
      { name: 'logged_models_lifecycle_stage_check', expression: "lifecycle_stage IN ('active', 'deleted')" },
    ],
    foreignKeys: [
      { name: 'fk_logged_models_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'], onDelete: 'CASCADE' },
    ],
  },
  {
    name: 'logged_model_metrics',
    columns: [
      varchar('model_id', 36, REQUIRED),
      varchar('metric_name', 500, REQUIRED),
      bigint('metric_timestamp_ms', REQUIRED),
      bigint('metric_step', REQUIRED),
      float('metric_value'),
      integer('experiment_id', REQUIRED),
      varchar('run_id', 32, REQUIRED),
      varchar('dataset_uuid', 36),
      varchar('dataset_name', 500),
      varchar('dataset_digest', 36),
    ],
    primaryKey: { name: 'logged_model_metrics_pk', columns: ['model_id', 'metric_name', 'metric_timestamp_ms', 'metric_step', 'run_id'] },
    foreignKeys: [
      { name: 'fk_logged_model_metrics_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'] },
      { name: 'fk_logged_model_metrics_model_id', columns: ['model_id'], references: 'logged_models', referencedColumns: ['model_id'], onDelete: 'CASCADE' },
      { name: 'fk_logged_model_metrics_run_id', columns: ['run_id'], references: 'runs', referencedColumns: ['run_uuid'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_logged_model_metrics_model_id', columns: ['model_id'] },
    ],
  },
  {
    name: 'logged_model_params',
    columns: [
      varchar('model_id', 36, REQUIRED),
      integer('experiment_id', REQUIRED),
      varchar('param_key', 255, REQUIRED),
      text('param_value', REQUIRED),
    ],
    primaryKey: { name: 'logged_model_params_pk', columns: ['model_id', 'param_key'] },
    foreignKeys: [
      { name: 'fk_logged_model_params_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'] },
      { name: 'fk_logged_model_params_model_id', columns: ['model_id'], references: 'logged_models', referencedColumns: ['model_id'], onDelete: 'CASCADE' },
    ],
  },
  {
    name: 'logged_model_tags',
    columns: [
      varchar('model_id', 36, REQUIRED),
      integer('experiment_id', REQUIRED),
      varchar('tag_key', 255, REQUIRED),
      text('tag_value', REQUIRED),
    ],
    primaryKey: { name: 'logged_model_tags_pk', columns: ['model_id', 'tag_key'] },
    foreignKeys: [
      { name: 'fk_logged_model_tags_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'] },
      { name: 'fk_logged_model_tags_model_id', columns: ['model_id'], references: 'logged_models', referencedColumns: ['model_id'], onDelete: 'CASCADE' },
    ],
  },
];
