// What the Experiments view's rows stand for; commands receive these as their first argument.
import type { Experiment, LoggedModel, Run } from '../shared/entities.ts';
import type { RunTreeEntry } from './experiments/runHierarchy.ts';

export interface ExperimentNode {
  kind: 'experiment';
  experiment: Experiment;
}

export interface RunNode {
  kind: 'run';
  run: Run;
  /** Runs nested under this one (mlflow.parentRunId), when the pages loaded so far hold them. */
  childRuns: RunTreeEntry[];
  /** The run's MLflow 3 logged models, when the view looked them up (one search per experiment page). */
  models?: LoggedModel[];
}

export type RunSection = 'params' | 'metrics' | 'tags' | 'artifacts' | 'models';

export interface RunSectionNode {
  kind: 'section';
  run: Run;
  section: RunSection;
}

export interface RunValueNode {
  kind: 'param' | 'metric' | 'tag';
  run: Run;
  key: string;
  value: string;
}

/** A run's MLflow 3 logged model (its files live with the model, not in the run's artifacts). */
export interface LoggedModelNode {
  kind: 'loggedModel';
  run: Run;
  model: LoggedModel;
}

interface ArtifactNodeBase {
  kind: 'artifact';
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/** A file or folder in a run's artifacts; `path` is relative to the run's artifact root. */
export interface RunArtifactNode extends ArtifactNodeBase {
  run: Run;
  model?: undefined;
}

/** A file or folder of a logged model; `path` is relative to the model's artifact root. */
export interface ModelArtifactNode extends ArtifactNodeBase {
  model: LoggedModel;
  /** The run it is shown under (the Experiments view); the Models view may have none. */
  run?: Run;
  /** Prefix of the row id, so one model shown under two model versions keeps distinct rows. */
  rowScope?: string;
}

export type ArtifactNode = RunArtifactNode | ModelArtifactNode;

/** A row that only says something: no run matches the filter, or a folder could not be listed. */
export interface MessageNode {
  kind: 'message';
  parent: ExperimentNode | RunSectionNode | LoggedModelNode | ArtifactNode;
  /** Stable tree id: one message row per parent. */
  id: string;
  message: string;
  isError?: boolean;
}

/** The "Load more" row after a page of runs, or after a page of an artifact folder. */
export interface LoadMoreNode {
  kind: 'loadMore';
  /** The node whose children continue. */
  parent: ExperimentNode | ArtifactNode | RunSectionNode | LoggedModelNode;
  pageToken: string;
}

export type ExperimentsNode = ExperimentNode | RunNode | RunSectionNode | RunValueNode | LoggedModelNode | ArtifactNode | LoadMoreNode | MessageNode;

function hasKind<K extends ExperimentsNode['kind']>(value: unknown, kind: K): value is Extract<ExperimentsNode, { kind: K }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;
}

export const isExperimentNode = (value: unknown): value is ExperimentNode => hasKind(value, 'experiment');
export const isRunNode = (value: unknown): value is RunNode => hasKind(value, 'run') && 'run' in value;
export const isArtifactNode = (value: unknown): value is ArtifactNode => hasKind(value, 'artifact');
export const isTagNode = (value: unknown): value is RunValueNode => hasKind(value, 'tag');
export const isLoadMoreNode = (value: unknown): value is LoadMoreNode => hasKind(value, 'loadMore');
export const isRunOrLoggedModelNode = (value: unknown): value is RunNode | LoggedModelNode => isRunNode(value) || hasKind(value, 'loggedModel');
