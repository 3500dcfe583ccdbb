// Buttons under a chat answer that open RunLens's own views on what the tools returned: Compare
// Runs, Metric Charts, the run in the Experiments view (through the run link the URI handler opens).
import * as vscode from 'vscode';
import type { Mentions, MentionedRun } from '../../chat/toolMentions.ts';
import { runNodes } from '../runNodes.ts';
import type { StoreSession } from '../storeSession.ts';

/** Compare Runs shows this many side by side at most from a chat answer. */
const COMPARE_LIMIT = 10;

/** The commands a chat answer offers when no language model can answer it. */
export const FALLBACK_COMMANDS: readonly vscode.Command[] = [
  { command: 'runlens.openRunsTable', title: 'Open Runs Table' },
  { command: 'runlens.filterRuns', title: 'Filter Runs…' },
  { command: 'runlens.compareRuns', title: 'Compare Runs' },
  { command: 'runlens.showCharts', title: 'Show Metric Charts' },
  { command: 'runlens.showParameterImportance', title: 'Show Parameter Importance' },
];

const label = (run: MentionedRun) => run.name || run.id.slice(0, 8);

/** Buttons for `runs` (already chosen from what the tools returned) and the models they named. */
export async function answerButtons(session: StoreSession, context: vscode.ExtensionContext, runs: readonly MentionedRun[], mentions: Mentions): Promise<vscode.Command[]> {
  const buttons: vscode.Command[] = [];
  const shown = runs.slice(0, COMPARE_LIMIT);
  if (shown.length >= 2) {
    const store = await session.requireStore();
    const nodes = await runNodes(store, shown.map((r) => r.id));
    buttons.push({ command: 'runlens.compareRuns', title: `Compare ${nodes.length} Runs`, arguments: [nodes[0], nodes] });
  }
  if (shown.length > 0) {
    const runIds = shown.map((r) => r.id);
    buttons.push({ command: 'runlens.showCharts', title: shown.length === 1 ? `Show Charts of ${label(shown[0])}` : 'Show Metric Charts', arguments: [undefined, undefined, { runIds }] });
    const link = vscode.Uri.parse(`${vscode.env.uriScheme}://${context.extension.id}/run?id=${shown[0].id}`);
    buttons.push({ command: 'vscode.open', title: `Show ${label(shown[0])} in Experiments`, arguments: [link] });
  }
  if (mentions.models.length > 0) buttons.push({ command: 'runlens.models.focus', title: 'Show Models' });
  return buttons;
}
