// The MCP server and skill catalogs, each with versions, tags and aliases.
// Facts of mlflow 3.18.0's SQLite schema, in our own declarative form (see ddl.ts).
import { REQUIRED, bigint, descending, integer, json, text, varchar } from './ddl.ts';
import type { TableSpec } from './ddl.ts';

export const CATALOG_TABLES: readonly TableSpec[] = [
  {
    name: 'mcp_servers',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('name', 256, REQUIRED),
      varchar('display_name', 256),
      text('description'),
      json('icons'),
      varchar('created_by', 256),
      varchar('last_updated_by', 256),
      bigint('created_at', REQUIRED),
      bigint('last_updated_at', REQUIRED),
    ],
    primaryKey: { name: 'mcp_servers_pk', columns: ['workspace', 'name'] },
  },
  {
    name: 'mcp_server_versions',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('name', 256, REQUIRED),
      varchar('version', 128, REQUIRED),
      integer('version_major', REQUIRED),
      integer('version_minor', REQUIRED),
      integer('version_patch', REQUIRED),
      varchar('version_prerelease_sort_key', 512, REQUIRED),
      json('server_json', REQUIRED),
      varchar('status', 20, { notNull: true, default: "'draft'" }),
      json('tools'),
      varchar('source', 512),
      json('connect_options'),
      varchar('created_by', 256),
      varchar('last_updated_by', 256),
      bigint('created_at', REQUIRED),
      bigint('last_updated_at', REQUIRED),
    ],
    primaryKey: { name: 'mcp_server_versions_pk', columns: ['workspace', 'name', 'version'] },
    foreignKeys: [
      { name: 'mcp_server_versions_server_fkey', columns: ['workspace', 'name'], references: 'mcp_servers', referencedColumns: ['workspace', 'name'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
    indexes: [
      { name: 'idx_mcp_server_versions_latest', columns: ['workspace', 'name', 'status', descending('version_major'), descending('version_minor'), descending('version_patch')] },
    ],
  },
  {
    name: 'mcp_server_tags',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('name', 256, REQUIRED),
      varchar('key', 250, REQUIRED),
      varchar('value', 5000),
    ],
    primaryKey: { name: 'mcp_server_tags_pk', columns: ['workspace', 'name', 'key'] },
    foreignKeys: [
      { name: 'mcp_server_tags_server_fkey', columns: ['workspace', 'name'], references: 'mcp_servers', referencedColumns: ['workspace', 'name'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
  },
  {
    name: 'mcp_server_version_tags',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('name', 256, REQUIRED),
      varchar('version', 128, REQUIRED),
      varchar('key', 250, REQUIRED),
      varchar('value', 5000),
    ],
    primaryKey: { name: 'mcp_server_version_tags_pk', columns: ['workspace', 'name', 'version', 'key'] },
    foreignKeys: [
      { name: 'mcp_server_version_tags_version_fkey', columns: ['workspace', 'name', 'version'], references: 'mcp_server_versions', referencedColumns: ['workspace', 'name', 'version'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
  },
  {
    name: 'mcp_server_aliases',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('name', 256, REQUIRED),
      varchar('alias', 256, REQUIRED),
      varchar('version', 128, REQUIRED),
    ],
    primaryKey: { name: 'mcp_server_aliases_pk', columns: ['workspace', 'name', 'alias'] },
    foreignKeys: [
      { name: 'mcp_server_aliases_server_fkey', columns: ['workspace', 'name'], references: 'mcp_servers', referencedColumns: ['workspace', 'name'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
  },
  {
    name: 'mcp_access_endpoints',
    columns: [
      varchar('id', 36, REQUIRED),
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('server_name', 256, REQUIRED),
      varchar('server_version', 128),
      varchar('server_alias', 256),
      varchar('url', 2048, REQUIRED),
      varchar('transport_type', 32, { notNull: true, default: "'streamable-http'" }),
      varchar('created_by', 256),
      varchar('last_updated_by', 256),
      bigint('created_at', REQUIRED),
      bigint('last_updated_at', REQUIRED),
    ],
    primaryKey: { name: 'mcp_access_endpoints_pk', columns: ['id'] },
    foreignKeys: [
      { name: 'mcp_access_endpoints_server_fkey', columns: ['workspace', 'server_name'], references: 'mcp_servers', referencedColumns: ['workspace', 'name'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
    indexes: [
      { name: 'ix_mcp_access_endpoints_alias', columns: ['workspace', 'server_name', 'server_alias'] },
      { name: 'ix_mcp_access_endpoints_server_name', columns: ['workspace', 'server_name'] },
      { name: 'ix_mcp_access_endpoints_version', columns: ['workspace', 'server_name', 'server_version'] },
    ],
  },
  {
    name: 'skills',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('organization', 64, { notNull: true, default: "''" }),
      varchar('name', 128, REQUIRED),
      text('description'),
      json('icons'),
      text('search_text'),
      varchar('created_by', 256),
      varchar('last_updated_by', 256),
      bigint('created_at', REQUIRED),
      bigint('last_updated_at', REQUIRED),
    ],
    primaryKey: { name: 'skills_pk', columns: ['workspace', 'organization', 'name'] },
  },
  {
    name: 'skill_versions',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('organization', 64, { notNull: true, default: "''" }),
      varchar('name', 128, REQUIRED),
      integer('version', REQUIRED),
      varchar('source_type', 20),
      varchar('source', 2048),
      varchar('ref', 2048),
      varchar('subpath', 2048),
      varchar('digest', 64),
      varchar('status', 20, { notNull: true, default: "'active'" }),
      varchar('created_by', 256),
      varchar('last_updated_by', 256),
      bigint('created_at', REQUIRED),
      bigint('last_updated_at', REQUIRED),
    ],
    primaryKey: { name: 'skill_versions_pk', columns: ['workspace', 'organization', 'name', 'version'] },
    foreignKeys: [
      { name: 'skill_versions_skill_fkey', columns: ['workspace', 'organization', 'name'], references: 'skills', referencedColumns: ['workspace', 'organization', 'name'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
    indexes: [
      { name: 'ix_skill_versions_digest', columns: ['workspace', 'organization', 'name', 'digest'] },
      { name: 'ix_skill_versions_latest_lookup', columns: ['workspace', 'organization', 'name', 'status', 'version'] },
    ],
  },
  {
    name: 'skill_tags',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('organization', 64, { notNull: true, default: "''" }),
      varchar('name', 128, REQUIRED),
      varchar('key', 250, REQUIRED),
      text('value'),
    ],
    primaryKey: { name: 'skill_tags_pk', columns: ['workspace', 'organization', 'name', 'key'] },
    foreignKeys: [
      { name: 'skill_tags_skill_fkey', columns: ['workspace', 'organization', 'name'], references: 'skills', referencedColumns: ['workspace', 'organization', 'name'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
  },
  {
    name: 'skill_version_tags',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('organization', 64, { notNull: true, default: "''" }),
      varchar('name', 128, REQUIRED),
      integer('version', REQUIRED),
      varchar('key', 250, REQUIRED),
      text('value'),
    ],
    primaryKey: { name: 'skill_version_tags_pk', columns: ['workspace', 'organization', 'name', 'version', 'key'] },
    foreignKeys: [
      { name: 'skill_version_tags_version_fkey', columns: ['workspace', 'organization', 'name', 'version'], references: 'skill_versions', referencedColumns: ['workspace', 'organization', 'name', 'version'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
  },
  {
    name: 'skill_aliases',
    columns: [
      varchar('workspace', 63, { notNull: true, default: "'default'" }),
      varchar('organization', 64, { notNull: true, default: "''" }),
      varchar('name', 128, REQUIRED),
      varchar('alias', 256, REQUIRED),
      integer('version', REQUIRED),
    ],
    primaryKey: { name: 'skill_aliases_pk', columns: ['workspace', 'organization', 'name', 'alias'] },
    foreignKeys: [
      { name: 'skill_aliases_skill_fkey', columns: ['workspace', 'organization', 'name'], references: 'skills', referencedColumns: ['workspace', 'organization', 'name'], onDelete: 'CASCADE', onUpdate: 'CASCADE' },
    ],
  },
];
