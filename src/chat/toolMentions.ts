// The runs and registered models a tool answer names, read from its JSON, so the chat offers
// buttons only for things the store returned (never for ids a model made up).

export interface MentionedRun {
  id: string;
  name?: string;
}

export interface Mentions {
  runs: MentionedRun[];
  models: string[];
}

const RUN_ID = /^[0-9a-f]{32}$/u;

/** The data of a runTool answer (summary line(s), then compact JSON), or undefined for a plain message. */
export function toolData(text: string): unknown {
  const start = text.indexOf('\n{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start + 1)) as unknown;
  } catch {
    return undefined;
  }
}

function visit(node: unknown, parentKey: string, into: Mentions): void {
  if (Array.isArray(node)) {
    for (const item of node) visit(item, parentKey, into);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  // A run: `id` (searchRuns, getRun's info) or `runId` / `sourceRunId` holding a run id.
  for (const key of ['id', 'runId', 'sourceRunId']) {
    const value = record[key];
    if (typeof value === 'string' && RUN_ID.test(value)) {
      const name = key === 'id' && typeof record.name === 'string' ? record.name : undefined;
      addRun(into, { id: value, ...(name ? { name } : {}) });
    }
  }
  // A registered model: an item of a `models` list, or a `modelName` field.
  if (parentKey === 'models' && typeof record.name === 'string') addModel(into, record.name);
  if (typeof record.modelName === 'string') addModel(into, record.modelName);
  for (const [key, value] of Object.entries(record)) visit(value, key, into);
}

function addRun(into: Mentions, run: MentionedRun): void {
  const known = into.runs.find((r) => r.id === run.id);
  if (!known) into.runs.push(run);
  else if (!known.name && run.name) known.name = run.name;
}

function addModel(into: Mentions, name: string): void {
  if (!into.models.includes(name)) into.models.push(name);
}

/** Adds what `text` (one tool answer) names to `into`, in the order the answer lists them. */
export function collectMentions(text: string, into: Mentions = { runs: [], models: [] }): Mentions {
  visit(toolData(text), '', into);
  return into;
}

/** The runs the answer text refers to (by name or id prefix), else the first `fallback` runs. */
export function runsInAnswer(runs: readonly MentionedRun[], answer: string, fallback = 1): MentionedRun[] {
  const named = runs.filter((r) => answer.includes(r.id.slice(0, 8)) || (r.name !== undefined && r.name.length > 1 && answer.includes(r.name)));
  return named.length ? named : runs.slice(0, fallback);
}
