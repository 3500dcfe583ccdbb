// What the Experiments view's rows stand for; commands receive these as their first argument.
import type { Experiment, Run } from '../shared/entities.ts';
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
}

export type RunSection = 'params' | 'metrics' | 'tags' | 'artifacts';

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

/** A file or folder in a run's artifacts; `path` is relative to the run's artifact root. */
export interface ArtifactNode {
  kind: 'artifact';
  run: Run;
  path: string;
  isDir: boolean;
  fileSize?: number;
}

/** The "Load more" row after a page of runs, or after a page of an artifact folder. */
export interface LoadMoreNode {
  kind: 'loadMore';
  /** The node whose children continue. */
  parent: ExperimentNode | ArtifactNode | RunSectionNode;
  pageToken: string;
}

export type ExperimentsNode = ExperimentNode | RunNode | RunSectionNode | RunValueNode | ArtifactNode | LoadMoreNode;

function hasKind<K extends ExperimentsNode['kind']>(value: unknown, kind: K): value is Extract<ExperimentsNode, { kind: K }> {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;
}

export const isExperimentNode = (value: unknown): value is ExperimentNode => hasKind(value, 'experiment');
export const isRunNode = (value: unknown): value is RunNode => hasKind(value, 'run') && 'run' in value;
export const isArtifactNode = (value: unknown): value is ArtifactNode => hasKind(value, 'artifact');
export const isTagNode = (value: unknown): value is RunValueNode => hasKind(value, 'tag');
export const isLoadMoreNode = (value: unknown): value is LoadMoreNode => hasKind(value, 'loadMore');
