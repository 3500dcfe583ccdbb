// Every tool RunLens offers agents, in the order tool pickers list them: the read tools, then the
// acting ones. VS Code's `contributes.languageModelTools` lists the same tools
// (test/unit/agentToolContributions.test.ts keeps them equal; `npm run sync:tools` writes them).
import type { AgentTool } from './agentTool.ts';
import { compareRunsTool } from './compareRunsTool.ts';
import { getRunTool } from './getRunTool.ts';
import { launchRunTool } from './launchRunTool.ts';
import { listModelsTool } from './listModelsTool.ts';
import { metricSummaryTool } from './metricSummaryTool.ts';
import { parameterImportanceTool } from './parameterImportanceTool.ts';
import { readArtifactTool } from './readArtifactTool.ts';
import { searchRunsTool } from './searchRunsTool.ts';
import { setAliasTool } from './setAliasTool.ts';
import { setTagTool } from './setTagTool.ts';
import { transitionStageTool } from './transitionStageTool.ts';

export const AGENT_TOOLS: readonly AgentTool<never>[] = [
  searchRunsTool,
  getRunTool,
  compareRunsTool,
  metricSummaryTool,
  listModelsTool,
  readArtifactTool,
  parameterImportanceTool,
  setTagTool,
  transitionStageTool,
  setAliasTool,
  launchRunTool,
] as unknown as AgentTool<never>[];

export function findTool(name: string): AgentTool<never> | undefined {
  return AGENT_TOOLS.find((tool) => tool.name === name);
}
