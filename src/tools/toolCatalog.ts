// Every tool RunLens offers agents, in the order tool pickers list them. VS Code's
// `contributes.languageModelTools` lists the same tools (test/unit/agentTools.test.ts keeps them equal).
import type { AgentTool } from './agentTool.ts';
import { getRunTool } from './getRunTool.ts';
import { searchRunsTool } from './searchRunsTool.ts';
import { setTagTool } from './setTagTool.ts';

export const AGENT_TOOLS: readonly AgentTool<never>[] = [
  searchRunsTool,
  getRunTool,
  setTagTool,
] as unknown as AgentTool<never>[];

export function findTool(name: string): AgentTool<never> | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}
