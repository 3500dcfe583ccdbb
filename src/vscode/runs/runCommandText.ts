// What the run commands say and open: the subject of their confirmations and the run's page in
// the MLflow UI. No vscode import, so plain Node unit tests cover it.
import type { RunNode } from '../treeNodes.ts';

/**
 * The MLflow 3 UI page of a run: `<server>/#/experiments/<id>/runs/<runId>`. The server URL may
 * carry a path prefix (a proxy); trailing slashes and any query or fragment are dropped.
 */
export function mlflowUiRunUrl(serverUrl: string, experimentId: string, runId: string): string {
  const url = new URL(serverUrl);
  if (!/^https?:$/u.test(url.protocol)) throw new Error(`Not an http(s) tracking server: ${serverUrl}`);
  url.search = '';
  url.hash = '';
  const base = url.toString().replace(/\/+$/u, '');
  return `${base}/#/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(runId)}`;
}

/** "run 'name'" for one run, "3 runs" for several: the subject of confirmations and toasts. */
export function runsLabel(runs: readonly RunNode[]): string {
  return runs.length === 1 ? `run '${runs[0].run.info.runName || runs[0].run.info.runId}'` : `${runs.length} runs`;
}
