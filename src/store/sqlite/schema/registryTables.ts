// The model registry (models, versions, tags, aliases) and its webhooks.
// Facts of mlflow 3.18.0's SQLite schema, in our own declarative form (see ddl.ts).
import { REQUIRED, bigint, integer, text, varchar } from './ddl.ts';
import type { TableSpec } from './ddl.ts';

export const REGISTRY_TABLES: readonly TableSpec[] = [
  {
    name: 'registered_models',
    columns: [
      varchar('name', 256, REQUIRED),
      bigint('creation_time'),
      bigint('last_updated_time'),
      varchar('description', 5000),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'registered_model_pk', columns: ['workspace', 'name'] },
    indexes: [
      { name: 'idx_registered_models_workspace', columns: ['workspace'] },
    ],
  },
  {
    name: 'model_versions',
    columns: [
      varchar('name', 256, REQUIRED),
      integer('version', REQUIRED),
      bigint('creation_time'),
      bigint('last_updated_time'),
      varchar('description', 5000),
      varchar('user_id', 256),
      varchar('current_stage', 20),
      varchar('source', 500),
      varchar('run_id', 32),
      varchar('status', 20),
      varchar('status_message', 500),
      varchar('run_link', 500),
      varchar('storage_location', 500),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'model_version_pk', columns: ['workspace', 'name', 'version'] },
    foreignKeys: [
      { name: 'fk_model_versions_registered_models', columns: ['workspace', 'name'], references: 'registered_models', referencedColumns: ['workspace', 'name'], onUpdate: 'CASCADE' },
    ],
  },
  {
    name: 'registered_model_tags',
    columns: [
      varchar('key', 250, REQUIRED),
      varchar('value', 5000),
      varchar('name', 256, REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'registered_model_tag_pk', columns: ['workspace', 'key', 'name'] },
    foreignKeys: [
      { name: 'fk_registered_model_tags_registered_models', columns: ['workspace', 'name'], references: 'registered_models', referencedColumns: ['workspace', 'name'], onUpdate: 'CASCADE' },
    ],
    indexes: [
      { name: 'idx_registered_model_tags_workspace_name', columns: ['workspace', 'name'] },
    ],
  },
  {
    name: 'model_version_tags',
    columns: [
      varchar('key', 250, REQUIRED),
      text('value'),
      varchar('name', 256, REQUIRED),
      integer('version', REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'model_version_tag_pk', columns: ['workspace', 'key', 'name', 'version'] },
    foreignKeys: [
      { name: 'fk_model_version_tags_model_versions', columns: ['workspace', 'name', 'version'], references: 'model_versions', referencedColumns: ['workspace', 'name', 'version'], onUpdate: 'CASCADE' },
    ],
    indexes: [
      { name: 'idx_model_version_tags_workspace_name_version', columns: ['workspace', 'name', 'version'] },
    ],
  },
  {
    name: 'registered_model_aliases',
    columns: [
      varchar('alias', 256, REQUIRED),
      integer('version', REQUIRED),
      varchar('name', 256, REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'registered_model_alias_pk', columns: ['workspace', 'name', 'alias'] },
    foreignKeys: [
      { name: 'fk_registered_model_aliases_registered_models', columns: ['workspace', 'name'], references: 'registered_models', referencedColumns: ['workspace', 'name'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
  },
  {
    name: 'webhooks',
    columns: [
      varchar('webhook_id', 256, REQUIRED),
      varchar('name', 256, REQUIRED),
      varchar('description', 1000),
      varchar('url', 500, REQUIRED),
      varchar('status', 20, { notNull: true, default: "'ACTIVE'" }),
      varchar('secret', 1000),
      bigint('creation_timestamp'),
      bigint('last_updated_timestamp'),
      bigint('deleted_timestamp'),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'webhook_pk', columns: ['webhook_id'] },
    indexes: [
      { name: 'idx_webhooks_name', columns: ['name'] },
      { name: 'idx_webhooks_status', columns: ['status'] },
      { name: 'idx_webhooks_workspace', columns: ['workspace'] },
    ],
  },
  {
    name: 'webhook_events',
    columns: [
      varchar('webhook_id', 256, REQUIRED),
      varchar('entity', 50, REQUIRED),
      varchar('action', 50, REQUIRED),
    ],
    primaryKey: { name: 'webhook_event_pk', columns: ['webhook_id', 'entity', 'action'] },
    foreignKeys: [
      { columns: ['webhook_id'], references: 'webhooks', referencedColumns: ['webhook_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'idx_webhook_events_action', columns: ['action'] },
      { name: 'idx_webhook_events_entity', columns: ['entity'] },
      { name: 'idx_webhook_events_entity_action', columns: ['entity', 'action'] },
    ],
  },
];
