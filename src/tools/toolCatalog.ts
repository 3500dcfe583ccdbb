// Every tool RunLens offers agents, in the order tool pickers list them. VS Code's
// `contributes.languageModelTools` lists the same tools (test/unit/agentToolContributions.test.ts keeps them equal; `npm run sync:tools` writes them).
import type { AgentTool } from './agentTool.ts';
import { getRunTool } from './getRunTool.ts';
import { launchRunTool } from './launchRunTool.ts';
import { searchRunsTool } from './searchRunsTool.ts';
import { setAliasTool } from './setAliasTool.ts';
import { setTagTool } from './setTagTool.ts';
import { transitionStageTool } from './transitionStageTool.ts';

export const AGENT_TOOLS: readonly AgentTool<never>[] = [
  searchRunsTool,
  getRunTool,
  setTagTool,
  transitionStageTool,
  setAliasTool,
  launchRunTool,
] as unknown as AgentTool<never>[];

export function findTool(name: string): AgentTool<never> | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}
