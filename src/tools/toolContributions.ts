// What package.json must say about the catalog's tools: one `contributes.languageModelTools`
// entry and one `onLanguageModelTool:` activation event per tool, in catalog order. Written by
// `npm run sync:tools`, checked by test/unit/agentToolContributions.test.ts. No vscode import.
import type { AgentTool } from './agentTool.ts';

export interface ToolContribution {
  name: string;
  displayName: string;
  toolReferenceName: string;
  userDescription: string;
  modelDescription: string;
  inputSchema: unknown;
  canBeReferencedInPrompt: true;
  icon: string;
  tags: string[];
}

export const TOOL_ACTIVATION_PREFIX = 'onLanguageModelTool:';

/** A codicon by what the tool does: launching, changing, searching, reading. */
function iconFor(tool: AgentTool<never>): string {
  if (tool.name.startsWith('runlens_launch')) return '$(play)';
  if (tool.acts) return '$(edit)';
  if (tool.name.startsWith('runlens_search')) return '$(search)';
  return '$(beaker)';
}

export function toolContribution(tool: AgentTool<never>): ToolContribution {
  return {
    name: tool.name,
    displayName: tool.displayName,
    toolReferenceName: tool.name,
    userDescription: tool.userDescription,
    modelDescription: tool.modelDescription,
    inputSchema: tool.inputSchema,
    canBeReferencedInPrompt: true,
    icon: iconFor(tool),
    tags: ['mlflow', 'runlens'],
  };
}

interface PackageJson {
  activationEvents?: string[];
  contributes?: Record<string, unknown>;
}

/** package.json with the tools' entries and activation events replaced by the catalog's. */
export function withToolContributions<T extends PackageJson>(manifest: T, tools: readonly AgentTool<never>[]): T {
  const others = (manifest.activationEvents ?? []).filter((event) => !event.startsWith(TOOL_ACTIVATION_PREFIX));
  return {
    ...manifest,
    activationEvents: [...others, ...tools.map((tool) => `${TOOL_ACTIVATION_PREFIX}${tool.name}`)],
    contributes: { ...manifest.contributes, languageModelTools: tools.map(toolContribution) },
  };
}
