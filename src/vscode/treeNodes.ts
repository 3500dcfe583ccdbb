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
