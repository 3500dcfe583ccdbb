// vscode.LanguageModelChat as the chat turn's ChatModelLike: messages and parts converted one to
// one, nothing else. Parts of other kinds (data, thinking) are not part of the answer and are dropped.
import * as vscode from 'vscode';
import type { ChatMessage, ChatModelLike, ChatPart, ChatToolInfo } from '../../chat/chatModel.ts';

function toVscodeMessage(message: ChatMessage): vscode.LanguageModelChatMessage {
  switch (message.role) {
    case 'user':
      return vscode.LanguageModelChatMessage.User(message.text);
    case 'assistant':
      return vscode.LanguageModelChatMessage.Assistant(message.parts.map((part) => (part.kind === 'text'
        ? new vscode.LanguageModelTextPart(part.value)
        : new vscode.LanguageModelToolCallPart(part.callId, part.name, part.input))));
    case 'toolResults':
      return vscode.LanguageModelChatMessage.User(message.results.map((r) => new vscode.LanguageModelToolResultPart(r.callId, [new vscode.LanguageModelTextPart(r.text)])));
  }
}

async function* parts(stream: AsyncIterable<unknown>): AsyncIterable<ChatPart> {
  for await (const part of stream) {
    if (part instanceof vscode.LanguageModelTextPart) yield { kind: 'text', value: part.value };
    else if (part instanceof vscode.LanguageModelToolCallPart) yield { kind: 'toolCall', callId: part.callId, name: part.name, input: part.input as Record<string, unknown> };
  }
}

export function chatModelFrom(model: vscode.LanguageModelChat, token: vscode.CancellationToken): ChatModelLike {
  return {
    async sendRequest(messages: readonly ChatMessage[], tools: readonly ChatToolInfo[]) {
      const response = await model.sendRequest(messages.map(toVscodeMessage), { tools: tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })) }, token);
      return { stream: parts(response.stream) };
    },
  };
}

/** The text of a tool's result (its text parts). */
export function resultText(result: vscode.LanguageModelToolResult): string {
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}
