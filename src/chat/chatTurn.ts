// One chat question answered with tools: the model asks for tool calls, their answers go back to
// it, until it answers in text. Bounded twice — rounds of tool calls and the characters of tool
// answers sent back — because every round resends the whole conversation to the model.
import type { ChatMessage, ChatModelLike, ChatPart, ChatToolCallPart, ChatToolInfo } from './chatModel.ts';
import { chatInstructions, type StoreDescription } from './chatPrompt.ts';
import { collectMentions, type Mentions } from './toolMentions.ts';

export const MAX_TOOL_ROUNDS = 6;
/** About three full tool answers (toolResult.ts's limit is 16,000 characters each). */
export const TOOL_RESULT_BUDGET = 48_000;

export interface PriorTurn {
  role: 'user' | 'assistant';
  text: string;
}

export interface ChatTurnOptions {
  question: string;
  /** Earlier turns of this conversation, oldest first (only the last few are sent). */
  history?: readonly PriorTurn[];
  store: StoreDescription | undefined;
  workspaceRoot?: string;
  model: ChatModelLike;
  tools: readonly ChatToolInfo[];
  /** Runs one tool; its text goes back to the model. A throw is sent back as the tool's answer. */
  callTool(name: string, input: Record<string, unknown>): Promise<string>;
  /** Answer text as it streams. */
  onText(text: string): void;
  /** A tool call is about to run (for progress messages). */
  onToolCall?(name: string, input: Record<string, unknown>): void;
  signal?: AbortSignal;
  maxRounds?: number;
  toolResultBudget?: number;
}

export interface ChatTurnResult {
  /** What the tools returned (run ids, model names), for buttons. */
  mentions: Mentions;
  /** The answer text as streamed. */
  answer: string;
  /** Rounds of tool calls made. */
  toolRounds: number;
  stoppedBy?: 'rounds' | 'cancelled';
}

const HISTORY_TURNS = 6;
const HISTORY_CHARS = 2000;

function firstMessages(options: ChatTurnOptions): ChatMessage[] {
  const history = (options.history ?? []).slice(-HISTORY_TURNS).map((turn): ChatMessage => {
    const text = turn.text.length > HISTORY_CHARS ? `${turn.text.slice(0, HISTORY_CHARS)}…` : turn.text;
    return turn.role === 'user' ? { role: 'user', text } : { role: 'assistant', parts: [{ kind: 'text', value: text }] };
  });
  return [{ role: 'user', text: chatInstructions(options.store, options.workspaceRoot) }, ...history, { role: 'user', text: options.question }];
}

export async function runChatTurn(options: ChatTurnOptions): Promise<ChatTurnResult> {
  const maxRounds = options.maxRounds ?? MAX_TOOL_ROUNDS;
  let budget = options.toolResultBudget ?? TOOL_RESULT_BUDGET;
  const messages = firstMessages(options);
  const mentions: Mentions = { runs: [], models: [] };
  let answer = '';
  const say = (text: string) => {
    answer += text;
    options.onText(text);
  };
  const cancelled = () => options.signal?.aborted === true;

  for (let round = 0; ; round++) {
    if (cancelled()) return { mentions, answer, toolRounds: round, stoppedBy: 'cancelled' };
    const response = await options.model.sendRequest(messages, options.tools, options.signal);
    const parts: ChatPart[] = [];
    const calls: ChatToolCallPart[] = [];
    for await (const part of response.stream) {
      if (cancelled()) return { mentions, answer, toolRounds: round, stoppedBy: 'cancelled' };
      parts.push(part);
      if (part.kind === 'text') say(part.value);
      else calls.push(part);
    }
    if (calls.length === 0) return { mentions, answer, toolRounds: round };
    if (round === maxRounds) {
      say(`\n\n_Stopped: the model kept calling tools after ${maxRounds} rounds. Ask a narrower question._`);
      return { mentions, answer, toolRounds: round, stoppedBy: 'rounds' };
    }
    messages.push({ role: 'assistant', parts });
    const results: { callId: string; text: string }[] = [];
    for (const call of calls) {
      if (cancelled()) return { mentions, answer, toolRounds: round + 1, stoppedBy: 'cancelled' };
      let text: string;
      if (budget <= 0) {
        text = 'Not run: this question used up its budget of tool results. Answer from the results so far, and say what is missing.';
      } else {
        options.onToolCall?.(call.name, call.input);
        try {
          text = await options.callTool(call.name, call.input);
        } catch (error) {
          text = `Failed: ${error instanceof Error ? error.message : String(error)}`;
        }
        collectMentions(text, mentions);
        if (text.length > budget) text = `${text.slice(0, budget)}… (cut: this question's budget of tool results is used up)`;
        budget -= text.length;
      }
      results.push({ callId: call.callId, text });
    }
    messages.push({ role: 'toolResults', results });
  }
}
