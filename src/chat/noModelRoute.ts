// Without a language model, a few questions are still recognisable: "best run by X", "lowest X",
// "failed runs", "latest runs". Each maps to one runlens_searchRuns call; anything else gets the
// commands instead. Deliberately small and literal: guessing wrong would be worse than not answering.
import { lowerIsBetter } from '../shared/runComparison.ts';

export interface RoutedQuestion {
  tool: 'runlens_searchRuns';
  input: { orderBy?: string[]; filter?: string; maxResults: number };
  /** What the answer is about: the metric ranked by, if any. */
  metric?: string;
  /** One line saying how the question was read, shown above the answer. */
  reading: string;
}

const METRIC = String.raw`[A-Za-z_][\w.\-/]*`;
const ROWS = 5;
/** Questions that ask for a change are never answered by a search. */
const ACTING = /\b(promote|launch|register|delete|remove|tag|transition|alias|rename|rerun|re-run)\b/iu;
/** Words after "best" that are not metrics ("the best model", "best config"). */
const NOT_METRIC = /^(run|runs|by|on|for|in|of|the|a|model|models|version|versions|config|configuration|params?|parameters?|experiments?|one)$/iu;

/** A metric key as MLflow's order_by takes it: plain, or in backticks when it has other characters. */
export function metricRef(key: string): string {
  return /^[\w.]+$/u.test(key) ? `metrics.${key}` : `metrics.\`${key}\``;
}

function ranked(metric: string, descending: boolean, how: string): RoutedQuestion {
  return {
    tool: 'runlens_searchRuns',
    input: { orderBy: [`${metricRef(metric)} ${descending ? 'DESC' : 'ASC'}`], maxResults: ROWS },
    metric,
    reading: `Runs by ${metric}, ${how} first (as MLflow's search orders them).`,
  };
}

export function routeWithoutModel(question: string): RoutedQuestion | undefined {
  const q = question.trim().replace(/[?.!]+$/u, '');
  if (ACTING.test(q)) return undefined;
  // "highest val_accuracy", "max f1", "lowest loss", "min rmse" — the direction is said.
  const said = new RegExp(String.raw`\b(highest|largest|max(?:imum)?|lowest|smallest|min(?:imum)?)\s+(?:metrics\.)?(${METRIC})`, 'iu').exec(q);
  if (said) {
    const descending = /^(highest|largest|max)/iu.test(said[1]);
    return ranked(said[2], descending, descending ? 'highest' : 'lowest');
  }
  // "best run by val_accuracy", "which run is best by loss", "top runs by f1", "best val_accuracy".
  const best = new RegExp(String.raw`\b(?:best|top)\b(?:\s+\d+)?(?:\s+runs?)?(?:\s+(?:by|on|for|in|of))?\s+(?:metrics\.)?(${METRIC})`, 'iu').exec(q);
  if (best && !NOT_METRIC.test(best[1])) {
    const lower = lowerIsBetter(best[1]);
    return ranked(best[1], !lower, lower ? 'lowest' : 'highest');
  }
  if (/\bfailed\s+runs?\b|\bruns?\s+(that\s+)?failed\b/iu.test(q)) {
    return { tool: 'runlens_searchRuns', input: { filter: "attributes.status = 'FAILED'", orderBy: ['attributes.start_time DESC'], maxResults: 10 }, reading: 'Failed runs, newest first.' };
  }
  if (/\b(latest|newest|most recent|recent|last)\s+runs?\b/iu.test(q)) {
    return { tool: 'runlens_searchRuns', input: { orderBy: ['attributes.start_time DESC'], maxResults: ROWS }, reading: 'The newest runs.' };
  }
  return undefined;
}
