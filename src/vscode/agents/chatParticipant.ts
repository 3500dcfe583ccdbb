// The `@runlens` chat participant: a question goes to the language model the user picked, with
// the runlens_* tools and the active store as context (src/chat/chatTurn.ts runs the loop); tool
// calls go through vscode.lm.invokeTool, so acting tools ask for confirmation as in agent mode.
// Without a model it says so, answers the few questions it recognises, and offers the commands.
import * as vscode from 'vscode';
import type { ChatToolInfo } from '../../chat/chatModel.ts';
import { runChatTurn, type PriorTurn } from '../../chat/chatTurn.ts';
import { runsInAnswer } from '../../chat/toolMentions.ts';
import { isCancellation } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import { answerButtons } from './chatButtons.ts';
import { chatModelFrom, resultText } from './chatModelAdapter.ts';
import { answerWithoutModel } from './noModelAnswer.ts';

export const CHAT_PARTICIPANT_ID = 'runlens.chat';

/** What the slash commands ask, put in front of the user's words. */
const COMMAND_PROMPTS: Record<string, string> = {
  best: 'Which run is best by ',
  compare: 'Compare these runs (find them with runlens_searchRuns first if only named): ',
  models: 'About the registered models: ',
};

export function questionOf(request: Pick<vscode.ChatRequest, 'prompt' | 'command'>): string {
  const prefix = request.command ? COMMAND_PROMPTS[request.command] ?? '' : '';
  return `${prefix}${request.prompt}`.trim();
}

/** This participant's earlier turns, as text. */
function priorTurns(context: vscode.ChatContext): PriorTurn[] {
  return context.history.filter((turn) => turn.participant === CHAT_PARTICIPANT_ID).map((turn): PriorTurn => (turn instanceof vscode.ChatRequestTurn
    ? { role: 'user', text: turn.prompt }
    : { role: 'assistant', text: turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('') }));
}

function runlensTools(): ChatToolInfo[] {
  return vscode.lm.tools.filter((tool) => tool.name.startsWith('runlens_')).map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema }));
}

async function pickModel(request: vscode.ChatRequest): Promise<vscode.LanguageModelChat | undefined> {
  // Tests call the handler without a model picked in the UI; the real chat view always sets one.
  const picked = request.model as vscode.LanguageModelChat | undefined;
  return picked ?? (await vscode.lm.selectChatModels())[0];
}

export function registerChatParticipant(context: vscode.ExtensionContext, session: StoreSession): vscode.ChatRequestHandler {
  const handler: vscode.ChatRequestHandler = async (request, chatContext, stream, token) => {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    if (token.isCancellationRequested) abort.abort();
    try {
      const question = questionOf(request);
      const model = await pickModel(request);
      if (!model) return await answerWithoutModel(session, context, question, stream, abort.signal);
      const store = await session.ready();
      const workspaceRoot = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const turn = await runChatTurn({
        question,
        history: priorTurns(chatContext),
        store: store && { kind: store.kind, location: store.location, readOnlyReason: store.readOnlyReason },
        workspaceRoot,
        model: chatModelFrom(model, token),
        tools: runlensTools(),
        callTool: async (name, input) => resultText(await vscode.lm.invokeTool(name, { input, toolInvocationToken: request.toolInvocationToken }, token)),
        onText: (text) => stream.markdown(text),
        onToolCall: (name) => stream.progress(`Calling ${name}…`),
        signal: abort.signal,
      });
      if (turn.stoppedBy === 'cancelled') return {};
      for (const button of await answerButtons(session, context, runsInAnswer(turn.mentions.runs, turn.answer), turn.mentions)) stream.button(button);
      return { metadata: { runIds: turn.mentions.runs.map((r) => r.id), toolRounds: turn.toolRounds } };
    } catch (error) {
      if (token.isCancellationRequested || isCancellation(error)) return {};
      const message = error instanceof Error ? error.message : String(error);
      session.log.error(`@runlens: ${message}`);
      stream.markdown(`RunLens could not answer: ${message}`);
      return { errorDetails: { message } };
    } finally {
      cancelled.dispose();
    }
  };
  const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, handler);
  participant.iconPath = new vscode.ThemeIcon('beaker');
  context.subscriptions.push(participant);
  return handler;
}
