// Messages between the Compare Runs panel (src/vscode/compare) and its page (src/webview/compare).
import { isFiniteNumber, isString, isStringArray, messageGuard, optional, type Guard } from './messageGuards.ts';

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
  /** Latest value per metric key, or with `atStep` the value at that step (or the nearest earlier). */
  metrics: Record<string, number>;
  /** User tags (system `mlflow.*` tags left out). */
  tags: Record<string, string>;
  /** Set when `metrics` hold values at a chosen step rather than the latest ones. */
  atStep?: RunAtStep;
}

/** Where a run's at-step values come from. */
export interface RunAtStep {
  /** The chosen step. */
  step: number;
  /** Per metric key in `metrics`: the step its value was logged at (the chosen one, or the nearest earlier). */
  loggedAt: Record<string, number>;
  /** Keys the run logged, but only after the chosen step (shown as "—"). */
  later: string[];
}

/** The steps a slider offers: from the lowest to the highest step among the runs' latest metrics. */
export interface StepRange {
  min: number;
  max: number;
}

/** `step`: the step the values are at (none: latest values), so the page can drop a stale answer. */
export type CompareHostMessage = { type: 'runs'; runs: ComparedRun[]; step?: number; stepRange?: StepRange };

export type ComparePageMessage =
  /** `step`: the step the page's saved state had chosen, so its first answer already uses it. */
  | { type: 'ready'; step?: number }
  /** Show metrics at this step (none: the latest values). */
  | { type: 'step'; step?: number }
  | { type: 'showCharts'; runIds: string[] }
  | { type: 'copy'; text: string };

/** What the page keeps across reloads (vscode.setState): UI choices only, never run data. */
export interface ComparePageState {
  onlyDifferences: boolean;
  baselineRunId?: string;
  /** Metric keys whose "best" direction the user flipped. */
  flippedMetrics: string[];
  pcpMetric?: string;
  /** "At step N": metrics at this step; unset shows the latest values. */
  step?: number;
}

/** What the host accepts from the compare page. */
export const isComparePageMessage: Guard<ComparePageMessage> = messageGuard<ComparePageMessage>({
  ready: { step: optional(isFiniteNumber) },
  step: { step: optional(isFiniteNumber) },
  showCharts: { runIds: isStringArray },
  copy: { text: isString },
});
