// The chat without a language model: say so, answer the questions routeWithoutModel recognises
// with one read-only runlens_searchRuns call, and offer the commands that answer the rest.
import * as vscode from 'vscode';
import { routeWithoutModel } from '../../chat/noModelRoute.ts';
import { runsTable } from '../../chat/runsAnswer.ts';
import { runTool } from '../../tools/runTool.ts';
import { findTool } from '../../tools/toolCatalog.ts';
import { localUserName } from '../models/registryWriter.ts';
import type { StoreSession } from '../storeSession.ts';
import { answerButtons, FALLBACK_COMMANDS } from './chatButtons.ts';

export const NO_MODEL_MESSAGE = 'No language model is available in this editor, so @runlens cannot answer free questions here. Install or sign in to a chat model provider, or use the RunLens commands below.';

export async function answerWithoutModel(session: StoreSession, context: vscode.ExtensionContext, question: string, stream: vscode.ChatResponseStream, signal: AbortSignal): Promise<vscode.ChatResult> {
  stream.markdown(`${NO_MODEL_MESSAGE}\n\n`);
  if (signal.aborted) return {};
  const routed = routeWithoutModel(question);
  const store = routed ? await session.ready() : undefined;
  let runIds: string[] = [];
  if (routed && !store) stream.markdown('No MLflow store is connected: use RunLens: Create Local Store or Connect to Tracking Server….\n\n');
  if (routed && store) {
    stream.progress('Searching runs…');
    const tool = findTool(routed.tool);
    // Called directly, not through vscode.lm.invokeTool: it only reads, and runTool applies the
    // same checks and bounds the registered tool does.
    const outcome = tool
      ? await runTool(tool, routed.input, { store, workspaceRoot: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, user: localUserName(), writesRefused: 'the chat only reads without a language model', signal })
      : { ok: false, text: `${routed.tool} is not available.` };
    if (signal.aborted) return {};
    const table = outcome.ok ? runsTable(outcome.text, routed.metric) : undefined;
    if (!outcome.ok) stream.markdown(`${outcome.text}\n\n`);
    else if (!table?.runs.length) stream.markdown(routed.metric ? `No run logged the metric \`${routed.metric}\`.\n\n` : 'No runs match.\n\n');
    else {
      stream.markdown(`${routed.reading}\n\n${table.markdown}\n\n`);
      runIds = table.runs.map((run) => run.id);
      for (const button of await answerButtons(session, context, table.runs, { runs: table.runs, models: [] })) stream.button(button);
    }
  }
  for (const command of FALLBACK_COMMANDS) stream.button(command);
  return { metadata: { noModel: true, runIds } };
}
