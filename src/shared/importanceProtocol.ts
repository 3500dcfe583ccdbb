// Messages between the parameter importance panel (src/vscode/importance) and its page
// (src/webview/importance).
import type { ImportanceResult } from './importanceResult.ts';
import { isString, messageGuard, optional, type Guard } from './messageGuards.ts';

/** One param's values against the metric, for the scatter: one entry per used run, in the same order. */
export interface ScatterData {
  param: string;
  /** The param's values; null where the run did not log it. */
  x: (string | null)[];
  /** The colouring param's values, when one is chosen. */
  colourParam?: string;
  colour?: (string | null)[];
  /** The metric's values. */
  y: number[];
  /** Run names, for tooltips. */
  names: string[];
}

export type ImportanceHostMessage =
  /** `scope` says what the runs are ("experiment grid-sweep", "5 selected runs"). */
  | { type: 'result'; scope: string; result: ImportanceResult; truncatedAt?: number }
  | { type: 'scatter'; scatter: ScatterData }
  | { type: 'error'; message: string };

export type ImportancePageMessage =
  | { type: 'ready' }
  | { type: 'scatter'; param: string; colourParam?: string };

/** What the host accepts from the importance page. */
export const isImportancePageMessage: Guard<ImportancePageMessage> = messageGuard<ImportancePageMessage>({
  ready: {},
  scatter: { param: isString, colourParam: optional(isString) },
});
