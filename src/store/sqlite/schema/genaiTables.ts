// GenAI evaluation: evaluation datasets, scorers, labeling schemas, review queues and issues.
// Facts of mlflow 3.18.0's SQLite schema, in our own declarative form (see ddl.ts).
import { REQUIRED, bigint, boolean, float, integer, json, text, varchar } from './ddl.ts';
import type { TableSpec } from './ddl.ts';

export const GENAI_TABLES: readonly TableSpec[] = [
  {
    name: 'evaluation_datasets',
    columns: [
      varchar('dataset_id', 36, REQUIRED),
      varchar('name', 255, REQUIRED),
      text('schema'),
      text('profile'),
      varchar('digest', 64),
      bigint('created_time'),
      bigint('last_update_time'),
      varchar('created_by', 255),
      varchar('last_updated_by', 255),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'evaluation_datasets_pk', columns: ['dataset_id'] },
    indexes: [
      { name: 'idx_evaluation_datasets_workspace', columns: ['workspace'] },
      { name: 'index_evaluation_datasets_created_time', columns: ['created_time'] },
      { name: 'index_evaluation_datasets_name', columns: ['name'] },
    ],
  },
  {
    name: 'evaluation_dataset_tags',
    columns: [
      varchar('dataset_id', 36, REQUIRED),
      varchar('key', 255, REQUIRED),
      varchar('value', 5000),
    ],
    primaryKey: { name: 'evaluation_dataset_tags_pk', columns: ['dataset_id', 'key'] },
    foreignKeys: [
      { name: 'fk_evaluation_dataset_tags_dataset_id', columns: ['dataset_id'], references: 'evaluation_datasets', referencedColumns: ['dataset_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_evaluation_dataset_tags_dataset_id', columns: ['dataset_id'] },
    ],
  },
  {
    name: 'evaluation_dataset_records',
    columns: [
      varchar('dataset_record_id', 36, REQUIRED),
      varchar('dataset_id', 36, REQUIRED),
      json('inputs', REQUIRED),
      json('expectations'),
      json('tags'),
      json('source'),
      varchar('source_id', 36),
      varchar('source_type', 255),
      bigint('created_time'),
      bigint('last_update_time'),
      varchar('created_by', 255),
      varchar('last_updated_by', 255),
      varchar('input_hash', 64, REQUIRED),
      json('outputs'),
    ],
    primaryKey: { name: 'evaluation_dataset_records_pk', columns: ['dataset_record_id'] },
    uniques: [{ name: 'unique_dataset_input', columns: ['dataset_id', 'input_hash'] }],
    foreignKeys: [
      { name: 'fk_evaluation_dataset_records_dataset_id', columns: ['dataset_id'], references: 'evaluation_datasets', referencedColumns: ['dataset_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_evaluation_dataset_records_dataset_id', columns: ['dataset_id'] },
    ],
  },
  {
    name: 'scorers',
    columns: [
      integer('experiment_id', REQUIRED),
      varchar('scorer_name', 256, REQUIRED),
      varchar('scorer_id', 36, REQUIRED),
    ],
    primaryKey: { name: 'scorer_pk', columns: ['scorer_id'] },
    foreignKeys: [
      { name: 'fk_scorers_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_scorers_experiment_id_scorer_name', columns: ['experiment_id', 'scorer_name'], unique: true },
    ],
  },
  {
    name: 'scorer_versions',
    columns: [
      varchar('scorer_id', 36, REQUIRED),
      integer('scorer_version', REQUIRED),
      text('serialized_scorer', REQUIRED),
      bigint('creation_time'),
    ],
    primaryKey: { name: 'scorer_version_pk', columns: ['scorer_id', 'scorer_version'] },
    foreignKeys: [
      { name: 'fk_scorer_versions_scorer_id', columns: ['scorer_id'], references: 'scorers', referencedColumns: ['scorer_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_scorer_versions_scorer_id', columns: ['scorer_id'] },
    ],
  },
  {
    name: 'online_scoring_configs',
    columns: [
      varchar('online_scoring_config_id', 36, REQUIRED),
      varchar('scorer_id', 36, REQUIRED),
      float('sample_rate', REQUIRED),
      integer('experiment_id', REQUIRED),
      text('filter_string'),
    ],
    primaryKey: { name: 'online_scoring_config_pk', columns: ['online_scoring_config_id'] },
    foreignKeys: [
      { name: 'fk_online_scoring_configs_scorer_id', columns: ['scorer_id'], references: 'scorers', referencedColumns: ['scorer_id'], onDelete: 'CASCADE' },
      { name: 'fk_online_scoring_configs_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'] },
    ],
  },
  {
    name: 'label_schemas',
    columns: [
      varchar('schema_id', 36, REQUIRED),
      integer('experiment_id', REQUIRED),
      varchar('name', 250, REQUIRED),
      varchar('type', 16, REQUIRED),
      text('instruction'),
      boolean('enable_comment', { notNull: true, default: "'0'" }),
      varchar('input_type', 32, REQUIRED),
      text('input_config', REQUIRED),
      varchar('created_by', 255),
      bigint('created_time', REQUIRED),
      bigint('last_update_time', REQUIRED),
      boolean('is_default', { notNull: true, default: "0" }),
    ],
    primaryKey: { name: 'label_schemas_pk', columns: ['schema_id'] },
    uniques: [{ name: 'uq_label_schemas_exp_name', columns: ['experiment_id', 'name'] }],
    foreignKeys: [
      { name: 'fk_label_schemas_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_label_schemas_experiment_id', columns: ['experiment_id'] },
    ],
  },
  {
    name: 'review_queues',
    columns: [
      varchar('queue_id', 36, REQUIRED),
      integer('experiment_id', REQUIRED),
      varchar('name', 250, REQUIRED),
      varchar('queue_type', 16, REQUIRED),
      varchar('created_by', 255),
      bigint('creation_time_ms', REQUIRED),
      bigint('last_update_time_ms', REQUIRED),
      varchar('name_key', 250, REQUIRED),
    ],
    primaryKey: { name: 'review_queues_pk', columns: ['queue_id'] },
    uniques: [{ name: 'uq_review_queues_experiment_name_key', columns: ['experiment_id', 'name_key'] }],
    foreignKeys: [
      { name: 'fk_review_queues_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_review_queues_experiment_id', columns: ['experiment_id'] },
    ],
  },
  {
    name: 'review_queue_users',
    columns: [
      varchar('queue_id', 36, REQUIRED),
      varchar('user_id', 250, REQUIRED),
    ],
    primaryKey: { name: 'review_queue_users_pk', columns: ['queue_id', 'user_id'] },
    foreignKeys: [
      { name: 'fk_review_queue_users_queue_id', columns: ['queue_id'], references: 'review_queues', referencedColumns: ['queue_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_review_queue_users_user_id', columns: ['user_id'] },
    ],
  },
  {
    name: 'review_queue_items',
    columns: [
      varchar('queue_id', 36, REQUIRED),
      varchar('item_type', 16, REQUIRED),
      varchar('item_id', 50, REQUIRED),
      varchar('status', 16, REQUIRED),
      varchar('completed_by', 250),
      bigint('completed_time_ms'),
      bigint('creation_time_ms', REQUIRED),
      bigint('last_update_time_ms', REQUIRED),
    ],
    primaryKey: { name: 'review_queue_items_pk', columns: ['queue_id', 'item_id'] },
    foreignKeys: [
      { name: 'fk_review_queue_items_queue_id', columns: ['queue_id'], references: 'review_queues', referencedColumns: ['queue_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_review_queue_items_item_id', columns: ['item_id'] },
      { name: 'index_review_queue_items_queue_id_status', columns: ['queue_id', 'status'] },
    ],
  },
  {
    name: 'review_queue_label_schemas',
    columns: [
      varchar('queue_id', 36, REQUIRED),
      varchar('schema_id', 36, REQUIRED),
    ],
    primaryKey: { name: 'review_queue_label_schemas_pk', columns: ['queue_id', 'schema_id'] },
    foreignKeys: [
      { name: 'fk_review_queue_label_schemas_queue_id', columns: ['queue_id'], references: 'review_queues', referencedColumns: ['queue_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_review_queue_label_schemas_schema_id', columns: ['schema_id'] },
    ],
  },
  {
    name: 'issues',
    columns: [
      varchar('issue_id', 36, REQUIRED),
      integer('experiment_id', REQUIRED),
      varchar('name', 250, REQUIRED),
      text('description', REQUIRED),
      varchar('status', 50, REQUIRED),
      varchar('severity', 50),
      text('root_causes'),
      varchar('source_run_id', 32),
      text('categories'),
      bigint('created_timestamp', REQUIRED),
      bigint('last_updated_timestamp', REQUIRED),
      varchar('created_by', 255),
      bigint('last_seen_timestamp'),
      varchar('last_updated_by', 255),
      text('metadata'),
    ],
    primaryKey: { name: 'issues_pk', columns: ['issue_id'] },
    foreignKeys: [
      { name: 'fk_issues_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'], onDelete: 'CASCADE' },
      { name: 'fk_issues_source_run_id', columns: ['source_run_id'], references: 'runs', referencedColumns: ['run_uuid'], onDelete: 'SET NULL' },
    ],
    indexes: [
      { name: 'index_issues_experiment_id', columns: ['experiment_id'] },
      { name: 'index_issues_experiment_last_seen', columns: ['experiment_id', 'last_seen_timestamp'] },
      { name: 'index_issues_experiment_updated', columns: ['experiment_id', 'last_updated_timestamp'] },
      { name: 'index_issues_source_run_id', columns: ['source_run_id'] },
      { name: 'index_issues_status', columns: ['status'] },
    ],
  },
  {
    name: 'issue_categories',
    columns: [
      varchar('issue_id', 36, REQUIRED),
      varchar('category_hash', 64, REQUIRED),
      text('category', REQUIRED),
    ],
    primaryKey: { name: 'issue_categories_pk', columns: ['issue_id', 'category_hash'] },
    foreignKeys: [
      { name: 'fk_issue_categories_issue_id', columns: ['issue_id'], references: 'issues', referencedColumns: ['issue_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_issue_categories_hash', columns: ['category_hash'] },
    ],
  },
];
