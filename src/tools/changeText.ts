// How acting tools name what they change in their confirmation text: short ids, quoted names,
// values in backticks cut to a readable length (the full value is in the tool's input anyway).
import type { Run } from '../shared/entities.ts';
import type { ToolContext } from './agentTool.ts';

const VALUE_SHOWN = 200;

/** A value as `text`, cut with a note when long. */
export function shown(value: string): string {
  const cut = value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}… (${value.length} characters)` : value;
  return `\`${cut.replaceAll('`', "'")}\``;
}

/** "run 'lr0.01-adam' (ab12cd34…) in experiment 'agent-sweep'". */
export async function runLabel(run: Run, context: ToolContext): Promise<string> {
  const experiment = await context.store.tracking.getExperiment(run.info.experimentId, { signal: context.signal }).then((e) => e.name, () => run.info.experimentId);
  return `run '${run.info.runName || run.info.runId}' (${run.info.runId.slice(0, 8)}…) in experiment '${experiment}'`;
}

/** " Reason recorded in the audit trail: …" or a note that none was given. */
export function reasonText(reason: string | undefined): string {
  return reason ? ` Reason recorded in the audit trail: "${reason}".` : ' No reason given: the audit trail records who and when only.';
}
