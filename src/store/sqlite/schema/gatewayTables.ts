// The AI gateway: secrets, endpoints, model definitions, budgets and guardrails.
// Facts of mlflow 3.18.0's SQLite schema, in our own declarative form (see ddl.ts).
import { REQUIRED, bigint, blob, boolean, float, integer, text, varchar } from './ddl.ts';
import type { TableSpec } from './ddl.ts';

export const GATEWAY_TABLES: readonly TableSpec[] = [
  {
    name: 'secrets',
    columns: [
      varchar('secret_id', 36, REQUIRED),
      varchar('secret_name', 255, REQUIRED),
      blob('encrypted_value', REQUIRED),
      blob('wrapped_dek', REQUIRED),
      integer('kek_version', REQUIRED),
      varchar('masked_value', 500, REQUIRED),
      varchar('provider', 64),
      text('auth_config'),
      text('description'),
      varchar('created_by', 255),
      bigint('created_at', REQUIRED),
      varchar('last_updated_by', 255),
      bigint('last_updated_at', REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'secrets_pk', columns: ['secret_id'] },
    uniques: [{ name: 'uq_secrets_workspace_secret_name', columns: ['workspace', 'secret_name'] }],
    indexes: [
      { name: 'idx_secrets_workspace', columns: ['workspace'] },
    ],
    // The secret's id and name are bound into its encryption (AAD), so they may never change.
    triggers: [
      {
        name: 'prevent_secrets_aad_mutation',
        timing: 'BEFORE',
        event: 'UPDATE',
        when: 'OLD.secret_id != NEW.secret_id OR OLD.secret_name != NEW.secret_name',
        statement: "SELECT RAISE(ABORT, 'secret_id and secret_name are immutable (used as AAD in encryption)')",
      },
    ],
  },
  {
    name: 'endpoints',
    columns: [
      varchar('endpoint_id', 36, REQUIRED),
      varchar('name', 255),
      varchar('created_by', 255),
      bigint('created_at', REQUIRED),
      varchar('last_updated_by', 255),
      bigint('last_updated_at', REQUIRED),
      varchar('routing_strategy', 64),
      text('fallback_config_json'),
      integer('experiment_id'),
      boolean('usage_tracking', { notNull: true, default: "'0'" }),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'endpoints_pk', columns: ['endpoint_id'] },
    uniques: [{ name: 'uq_endpoints_workspace_name', columns: ['workspace', 'name'] }],
    foreignKeys: [
      { name: 'fk_endpoints_experiment_id', columns: ['experiment_id'], references: 'experiments', referencedColumns: ['experiment_id'], onDelete: 'SET NULL' },
    ],
    indexes: [
      { name: 'idx_endpoints_workspace', columns: ['workspace'] },
    ],
  },
  {
    name: 'model_definitions',
    columns: [
      varchar('model_definition_id', 36, REQUIRED),
      varchar('name', 255, REQUIRED),
      varchar('secret_id', 36),
      varchar('provider', 64, REQUIRED),
      varchar('model_name', 256, REQUIRED),
      varchar('created_by', 255),
      bigint('created_at', REQUIRED),
      varchar('last_updated_by', 255),
      bigint('last_updated_at', REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'model_definitions_pk', columns: ['model_definition_id'] },
    uniques: [{ name: 'uq_model_definitions_workspace_name', columns: ['workspace', 'name'] }],
    foreignKeys: [
      { name: 'fk_model_definitions_secret_id', columns: ['secret_id'], references: 'secrets', referencedColumns: ['secret_id'], onDelete: 'SET NULL' },
    ],
    indexes: [
      { name: 'idx_model_definitions_workspace', columns: ['workspace'] },
      { name: 'index_model_definitions_provider', columns: ['provider'] },
      { name: 'index_model_definitions_secret_id', columns: ['secret_id'] },
    ],
  },
  {
    name: 'endpoint_model_mappings',
    columns: [
      varchar('mapping_id', 36, REQUIRED),
      varchar('endpoint_id', 36, REQUIRED),
      varchar('model_definition_id', 36, REQUIRED),
      float('weight', REQUIRED),
      varchar('created_by', 255),
      bigint('created_at', REQUIRED),
      varchar('linkage_type', 64, { notNull: true, default: "'PRIMARY'" }),
      integer('fallback_order'),
    ],
    primaryKey: { name: 'endpoint_model_mappings_pk', columns: ['mapping_id'] },
    foreignKeys: [
      { name: 'fk_endpoint_model_mappings_endpoint_id', columns: ['endpoint_id'], references: 'endpoints', referencedColumns: ['endpoint_id'], onDelete: 'CASCADE' },
      { name: 'fk_endpoint_model_mappings_model_definition_id', columns: ['model_definition_id'], references: 'model_definitions', referencedColumns: ['model_definition_id'] },
    ],
    indexes: [
      { name: 'index_endpoint_model_mappings_endpoint_id', columns: ['endpoint_id'] },
      { name: 'index_endpoint_model_mappings_model_definition_id', columns: ['model_definition_id'] },
      { name: 'unique_endpoint_model_linkage_mapping', columns: ['endpoint_id', 'model_definition_id', 'linkage_type'], unique: true },
    ],
  },
  {
    name: 'endpoint_bindings',
    columns: [
      varchar('endpoint_id', 36, REQUIRED),
      varchar('resource_type', 50, REQUIRED),
      varchar('resource_id', 255, REQUIRED),
      bigint('created_at', REQUIRED),
      varchar('created_by', 255),
      bigint('last_updated_at', REQUIRED),
      varchar('last_updated_by', 255),
      varchar('display_name', 255),
    ],
    primaryKey: { name: 'endpoint_bindings_pk', columns: ['endpoint_id', 'resource_type', 'resource_id'] },
    foreignKeys: [
      { name: 'fk_endpoint_bindings_endpoint_id', columns: ['endpoint_id'], references: 'endpoints', referencedColumns: ['endpoint_id'], onDelete: 'CASCADE' },
    ],
  },
  {
    name: 'endpoint_tags',
    columns: [
      varchar('key', 250, REQUIRED),
      varchar('value', 5000),
      varchar('endpoint_id', 36, REQUIRED),
    ],
    primaryKey: { name: 'endpoint_tag_pk', columns: ['key', 'endpoint_id'] },
    foreignKeys: [
      { name: 'fk_endpoint_tags_endpoint_id', columns: ['endpoint_id'], references: 'endpoints', referencedColumns: ['endpoint_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'index_endpoint_tags_endpoint_id', columns: ['endpoint_id'] },
    ],
  },
  {
    name: 'budget_policies',
    columns: [
      varchar('budget_policy_id', 36, REQUIRED),
      varchar('budget_unit', 32, REQUIRED),
      float('budget_amount', REQUIRED),
      varchar('duration_unit', 32, REQUIRED),
      integer('duration_value', REQUIRED),
      varchar('target_scope', 32, REQUIRED),
      varchar('budget_action', 32, REQUIRED),
      varchar('created_by', 255),
      bigint('created_at', REQUIRED),
      varchar('last_updated_by', 255),
      bigint('last_updated_at', REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('target_value', 255),
    ],
    primaryKey: { name: 'budget_policies_pk', columns: ['budget_policy_id'] },
    indexes: [
      { name: 'idx_budget_policies_target_value', columns: ['target_value'] },
      { name: 'idx_budget_policies_workspace', columns: ['workspace'] },
    ],
  },
  {
    name: 'guardrails',
    columns: [
      varchar('guardrail_id', 36, REQUIRED),
      varchar('name', 255, REQUIRED),
      varchar('scorer_id', 36, REQUIRED),
      integer('scorer_version', REQUIRED),
      varchar('stage', 32, REQUIRED),
      varchar('action', 32, REQUIRED),
      varchar('action_endpoint_id', 36),
      varchar('created_by', 255),
      bigint('created_at', REQUIRED),
      varchar('last_updated_by', 255),
      bigint('last_updated_at', REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'guardrails_pk', columns: ['guardrail_id'] },
    foreignKeys: [
      { name: 'fk_guardrails_scorer_version', columns: ['scorer_id', 'scorer_version'], references: 'scorer_versions', referencedColumns: ['scorer_id', 'scorer_version'] },
      { name: 'fk_guardrails_action_endpoint_id', columns: ['action_endpoint_id'], references: 'endpoints', referencedColumns: ['endpoint_id'], onDelete: 'SET NULL' },
    ],
    indexes: [
      { name: 'idx_guardrails_scorer', columns: ['scorer_id', 'scorer_version'] },
      { name: 'idx_guardrails_workspace', columns: ['workspace'] },
    ],
  },
  {
    name: 'guardrail_configs',
    columns: [
      varchar('endpoint_id', 36, REQUIRED),
      varchar('guardrail_id', 36, REQUIRED),
      integer('execution_order'),
      varchar('created_by', 255),
      bigint('created_at', REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
    ],
    primaryKey: { name: 'guardrail_configs_pk', columns: ['endpoint_id', 'guardrail_id'] },
    foreignKeys: [
      { name: 'fk_guardrail_configs_endpoint_id', columns: ['endpoint_id'], references: 'endpoints', referencedColumns: ['endpoint_id'], onDelete: 'CASCADE' },
      { name: 'fk_guardrail_configs_guardrail_id', columns: ['guardrail_id'], references: 'guardrails', referencedColumns: ['guardrail_id'], onDelete: 'CASCADE' },
    ],
    indexes: [
      { name: 'idx_guardrail_configs_endpoint_id', columns: ['endpoint_id'] },
      { name: 'idx_guardrail_configs_guardrail_id', columns: ['guardrail_id'] },
    ],
  },
];
