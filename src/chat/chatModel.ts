// The language model as the chat turn sees it: the shape of vscode.LanguageModelChat's
// sendRequest (messages and tools in, a stream of text and tool-call parts out), without vscode,
// so the turn runs under node:test with a scripted model and the VS Code adapter stays thin.

export interface ChatTextPart {
  kind: 'text';
  value: string;
}

export interface ChatToolCallPart {
  kind: 'toolCall';
  callId: string;
  name: string;
  input: Record<string, unknown>;
}

export type ChatPart = ChatTextPart | ChatToolCallPart;

/** VS Code has no system role: instructions go first as a user message, as its own samples do. */
export type ChatMessage =
  | { role: 'user'; text: string }
  | { role: 'assistant'; parts: ChatPart[] }
  /** Answers to the previous assistant message's tool calls (VS Code: a user message of tool result parts). */
  | { role: 'toolResults'; results: { callId: string; text: string }[] };

/** A tool as offered to the model (VS Code: LanguageModelChatTool). */
export interface ChatToolInfo {
  name: string;
  description: string;
  inputSchema?: object;
}

export interface ChatModelLike {
  sendRequest(messages: readonly ChatMessage[], tools: readonly ChatToolInfo[], signal?: AbortSignal): Promise<{ stream: AsyncIterable<ChatPart> }>;
}
