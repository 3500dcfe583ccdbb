// The progress line VS Code shows while a tool runs ("Searching runs…"): the tool name's verb in
// -ing form when it is one of the catalog's verbs, else the tool's display name.
import type { AgentTool } from '../../tools/agentTool.ts';

const VERBS: Record<string, string> = {
  search: 'Searching', get: 'Reading', read: 'Reading', list: 'Listing', compare: 'Comparing',
  set: 'Setting', transition: 'Moving', launch: 'Launching',
};

export function invocationMessage(tool: Pick<AgentTool<never>, 'name' | 'displayName'>): string {
  const [verb, ...rest] = tool.name.replace(/^runlens_/u, '').replace(/([A-Z])/gu, ' $1').toLowerCase().split(' ');
  const ing = VERBS[verb];
  if (!ing || rest.length === 0) return `${tool.displayName}…`;
  const object = verb === 'transition' ? `a model version to a ${rest.join(' ')}` : rest.join(' ');
  return `${ing} ${object}…`;
}
