// The catalog's tools as MCP's tools/list describes them: the same names, descriptions and JSON
// schemas the language-model tools use, plus MCP's behaviour hints. No vscode import.
import type { AgentTool, JsonSchema } from '../tools/agentTool.ts';

export interface McpToolAnnotations {
  title: string;
  readOnlyHint: boolean;
  destructiveHint?: boolean;
  idempotentHint?: boolean;
  openWorldHint: boolean;
}

export interface McpToolDescriptor {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  annotations: McpToolAnnotations;
}

// Acting tools that leave the store the same when repeated with the same input (a tag, an alias,
// a stage are set, not added). A launch starts a new run each time; an acting tool not named here
// is described as not idempotent, the safe default for a client that retries.
const IDEMPOTENT_ACTIONS = new Set(['runlens_setTag', 'runlens_setAlias', 'runlens_transitionStage']);

export function mcpToolDescriptor(tool: AgentTool<never>): McpToolDescriptor {
  const annotations: McpToolAnnotations = tool.acts
    // No acting tool deletes: each sets a value or starts a run, and the registry keeps its trail.
    ? { title: tool.displayName, readOnlyHint: false, destructiveHint: false, idempotentHint: IDEMPOTENT_ACTIONS.has(tool.name), openWorldHint: false }
    : { title: tool.displayName, readOnlyHint: true, openWorldHint: false };
  return { name: tool.name, title: tool.displayName, description: tool.modelDescription, inputSchema: tool.inputSchema, annotations };
}
