// Messages between the Compare Runs panel (src/vscode/compare) and its page (src/webview/compare).
import { isString, isStringArray, messageGuard, type Guard } from './messageGuards.ts';

/** One run as the page shows it: plain values, no store types. */
export interface ComparedRun {
  runId: string;
  name: string;
  experimentName: string;
  status: string;
  startTime?: number;
  endTime?: number;
  user: string;
  params: Record<string, string>;
  /** Latest value per metric key. */
  metrics: Record<string, number>;
  /** User tags (system `mlflow.*` tags left out). */
  tags: Record<string, string>;
}

export type CompareHostMessage = { type: 'runs'; runs: ComparedRun[] };

export type ComparePageMessage =
  | { type: 'ready' }
  | { type: 'showCharts'; runIds: string[] }
  | { type: 'copy'; text: string };

/** What the page keeps across reloads (vscode.setState): UI choices only, never run data. */
export interface ComparePageState {
  onlyDifferences: boolean;
  baselineRunId?: string;
  /** Metric keys whose "best" direction the user flipped. */
  flippedMetrics: string[];
  pcpMetric?: string;
}

/** What the host accepts from the compare page. */
export const isComparePageMessage: Guard<ComparePageMessage> = messageGuard<ComparePageMessage>({
  ready: {},
  showCharts: { runIds: isStringArray },
  copy: { text: isString },
});
