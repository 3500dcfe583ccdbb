// Calls a tool the way both adapters do: arguments checked, acting tools refused where writes
// are, the answer made safe and bounded, every failure turned into a message the agent can relay.
import { MlflowError } from '../shared/errors.ts';
import type { AgentTool, ToolContext } from './agentTool.ts';
import { safeData, safeString } from './agentSafeText.ts';
import { renderAnswer } from './toolResult.ts';
import { ToolInputError } from './toolInput.ts';

/** A tool that cannot act here says why; the agent sees "Refused: <why>" as a failed call. */
export class ToolRefusal extends Error {
  constructor(why: string) {
    super(`Refused: ${why}`);
    this.name = 'ToolRefusal';
  }
}

export interface ToolOutcome {
  ok: boolean;
  text: string;
}

/** Why this tool may not run here, or undefined. */
export function refusal(tool: AgentTool<never>, context: ToolContext): string | undefined {
  if (!tool.acts || context.writesRefused === undefined) return undefined;
  return `Refused: ${tool.displayName} changes the store, and ${context.writesRefused}.`;
}

/** An error as one line the agent can relay: MLflow's error code and message, or what was wrong with the input. */
export function describeFailure(error: unknown, context: Pick<ToolContext, 'workspaceRoot'>): string {
  const options = { workspaceRoot: context.workspaceRoot };
  if (error instanceof ToolRefusal) return safeString(error.message, options);
  if (error instanceof ToolInputError) return safeString(`Invalid input: ${error.message}`, options);
  if (error instanceof MlflowError) return safeString(`${error.code}: ${error.message}`, options);
  if (error instanceof Error && error.name === 'AbortError') return 'Cancelled.';
  return safeString(`Failed: ${error instanceof Error ? error.message : String(error)}`, options);
}

export async function runTool<Input>(tool: AgentTool<Input>, raw: unknown, context: ToolContext): Promise<ToolOutcome> {
  try {
    const input = tool.parse(raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {});
    const refused = refusal(tool as AgentTool<never>, context);
    if (refused) return { ok: false, text: refused };
    const answer = await tool.run(input, context);
    const options = { workspaceRoot: context.workspaceRoot };
    return { ok: true, text: renderAnswer(safeString(answer.summary, options), safeData(answer.data, options)) };
  } catch (error) {
    return { ok: false, text: describeFailure(error, context) };
  }
}

/** The confirmation text of an acting tool, made safe; undefined for tools that only read. */
export async function describeChange<Input>(tool: AgentTool<Input>, raw: unknown, context: ToolContext): Promise<string | undefined> {
  if (!tool.acts || !tool.describeChange) return undefined;
  const input = tool.parse(raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {});
  return safeString(await tool.describeChange(input, context), { workspaceRoot: context.workspaceRoot });
}
