// Messages between the model-version details panel (src/vscode/models) and its page
// (src/webview/modelDetails). The host words and formats everything; the page only lays it out.
import { isString, messageGuard, type Guard } from './messageGuards.ts';

/** One labelled value (`Git commit` · `3f2a…`). */
export interface DetailField {
  label: string;
  value: string;
}

/** One row of the timeline table, worded by the host. */
export interface TimelineRow {
  /** Milliseconds since the epoch (0 when unknown), for sorting and tests. */
  time: number;
  /** `2026-12-05 10:02`. */
  timeText: string;
  user: string;
  /** The audit action as stored (`stage`, `alias-set`, …). */
  action: string;
  /** `Moved to Production`, `@champion → version 2`. */
  label: string;
  /** `Staging → Production`, or ''. */
  change: string;
  reason: string;
}

/** A dataset the source run used (MLflow's run inputs). */
export interface DatasetRow {
  name: string;
  digest: string;
  source: string;
  /** The input's `mlflow.data.context` tag (training, eval, …), or ''. */
  context: string;
}

/** Everything the panel shows; also what Show Model Version Details resolves to. */
export interface ModelVersionDetails {
  name: string;
  version: string;
  /** `None` when the version has no stage. */
  stage: string;
  aliases: string[];
  description: string;
  status: string;
  /** Created: time, user, source, source run, as labelled fields. */
  created: DetailField[];
  /** The source run's id, when the version came from a run. */
  runId?: string;
  /** Git commit, branch, uncommitted changes, data hashes the launcher recorded. */
  provenance: DetailField[];
  datasets: DatasetRow[];
  /** Why the source run could not be read, when it could not (deleted, store down). */
  runProblem?: string;
  /** Newest first. */
  events: TimelineRow[];
}

export type ModelDetailsHostMessage =
  | { type: 'details'; details: ModelVersionDetails }
  | { type: 'error'; message: string };

export type ModelDetailsPageMessage =
  | { type: 'ready' }
  | { type: 'copy'; text: string };

/** What the page keeps across reloads (vscode.setState): which version it shows, never its data. */
export interface ModelDetailsPageState {
  name: string;
  version: string;
}

/** What the host accepts from the details page. */
export const isModelDetailsPageMessage: Guard<ModelDetailsPageMessage> = messageGuard<ModelDetailsPageMessage>({
  ready: {},
  copy: { text: isString },
});
