// The first message of every chat turn: what RunLens is, which store is open, how to search it,
// and how to answer. Kept short: it is sent with every round of tool calls.
import { safeString } from '../tools/agentSafeText.ts';

export interface StoreDescription {
  /** 'sqlite', 'file', 'remote', … as OpenedStore.kind says. */
  kind: string;
  location: string;
  readOnlyReason?: string;
}

export function chatInstructions(store: StoreDescription | undefined, workspaceRoot?: string): string {
  const where = store
    ? `The store open in RunLens is a ${store.kind} store at ${safeString(store.location, { workspaceRoot })}${store.readOnlyReason ? ` (read-only: ${safeString(store.readOnlyReason, { workspaceRoot })})` : ''}.`
    : 'No MLflow store is connected in RunLens; say so and suggest "RunLens: Create Local Store" or "RunLens: Connect to Tracking Server…".';
  return [
    'You are RunLens, the MLflow experiment tracking assistant inside the editor. Answer questions about MLflow experiments, runs, metrics, params and registered models with the runlens_* tools; never guess values the tools did not return.',
    where,
    "Search syntax (runlens_searchRuns filter): clauses joined with AND, e.g. metrics.val_accuracy > 0.9 AND params.optimizer = 'adam'; attributes.status = 'FAILED'; tags.mlflow.runName LIKE '%base%'. Order with orderBy, e.g. [\"metrics.val_accuracy DESC\"] (best first) or [\"metrics.loss ASC\"].",
    'Answer briefly: one sentence, then a short markdown table (at most 10 rows) naming each run by its name and the first 8 characters of its id. Say when a tool result was cut or refused.',
  ].join('\n');
}
