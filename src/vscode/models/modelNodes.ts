// What the Models view's rows stand for; registry commands receive these as their first argument.
import type { ModelVersion, RegisteredModel } from '../../shared/entities.ts';
import type { AuditEvent } from '../../store/audit/auditEvent.ts';
import type { ModelArtifactNode } from '../treeNodes.ts';

export interface ModelNode {
  kind: 'model';
  model: RegisteredModel;
}

/** A version; `aliases` come from its registered model (searches leave ModelVersion.aliases empty). */
export interface ModelVersionNode {
  kind: 'modelVersion';
  version: ModelVersion;
  aliases: string[];
}

export interface ModelAliasNode {
  kind: 'modelAlias';
  name: string;
  alias: string;
  version: string;
}

/** A tag of a registered model (no `version`) or of one of its versions. */
export interface ModelTagNode {
  kind: 'modelTag';
  name: string;
  version?: string;
  key: string;
  value: string;
}

/** The "History" row of a registered model (every event) or of one version (its timeline). */
export interface ModelHistoryNode {
  kind: 'modelHistory';
  name: string;
  /** Set for a version's History. */
  version?: ModelVersion;
  /** How many events it lists. */
  count: number;
}

/** One audit event under a History row. */
export interface ModelEventNode {
  kind: 'modelEvent';
  name: string;
  /** The version whose History lists it; undefined under the model's History. */
  version?: string;
  event: AuditEvent;
  /** Stable row id: the same event keeps its row (and selection) across refreshes. */
  id: string;
}

/** The "Load more" row after a page of registered models. */
export interface ModelsLoadMoreNode {
  kind: 'modelsLoadMore';
  pageToken: string;
}

/** A version's MLflow 3 logged model files, as the Experiments view shows them under the run. */
export type ModelsNode = ModelNode | ModelVersionNode | ModelAliasNode | ModelTagNode | ModelHistoryNode | ModelEventNode | ModelsLoadMoreNode | ModelArtifactNode;

function hasKind<K extends ModelsNode['kind']>(value: unknown, kind: K): value is Extract<ModelsNode, { kind: K }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;
}

export const isModelVersionNode = (value: unknown): value is ModelVersionNode => hasKind(value, 'modelVersion');
export const isModelOrVersionNode = (value: unknown): value is ModelNode | ModelVersionNode => hasKind(value, 'model') || hasKind(value, 'modelVersion');
export const isModelAliasNode = (value: unknown): value is ModelAliasNode => hasKind(value, 'modelAlias');
export const isModelTagNode = (value: unknown): value is ModelTagNode => hasKind(value, 'modelTag');
