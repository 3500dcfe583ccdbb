// Every tool RunLens offers agents, in the order tool pickers list them. VS Code's
// `contributes.languageModelTools` lists the same tools (test/unit/agentTools.test.ts keeps them equal).
import type { AgentTool } from './agentTool.ts';
import { compareRunsTool } from './compareRunsTool.ts';
import { getRunTool } from './getRunTool.ts';
import { listModelsTool } from './listModelsTool.ts';
import { metricSummaryTool } from './metricSummaryTool.ts';
import { parameterImportanceTool } from './parameterImportanceTool.ts';
import { readArtifactTool } from './readArtifactTool.ts';
import { searchRunsTool } from './searchRunsTool.ts';
import { setTagTool } from './setTagTool.ts';

export const AGENT_TOOLS: readonly AgentTool<never>[] = [
  searchRunsTool,
  getRunTool,
  compareRunsTool,
  metricSummaryTool,
  listModelsTool,
  readArtifactTool,
  parameterImportanceTool,
  setTagTool,
] as unknown as AgentTool<never>[];

export function findTool(name: string): AgentTool<never> | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}
