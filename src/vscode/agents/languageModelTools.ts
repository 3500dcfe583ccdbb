// Every tool of the catalog as a VS Code language-model tool, generically: the adapter builds the
// context, asks for confirmation with the tool's own description of the change, and returns the
// tool's text. Failures come back as text (never thrown) so the agent can relay them.
import * as vscode from 'vscode';
import type { AgentTool } from '../../tools/agentTool.ts';
import { describeChange, describeFailure, refusal, runTool } from '../../tools/runTool.ts';
import { AGENT_TOOLS } from '../../tools/toolCatalog.ts';
import type { Launcher } from '../launch/launcher.ts';
import type { StoreSession } from '../storeSession.ts';
import { agentToolContext, NO_STORE } from './agentToolContext.ts';
import { invocationMessage } from './invocationMessages.ts';

export type AgentToolInput = Record<string, unknown>;

const textResult = (text: string) => new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);

export function languageModelTool(tool: AgentTool<never>, session: StoreSession, launcher: Launcher): vscode.LanguageModelTool<AgentToolInput> {
  return {
    async prepareInvocation(options, token) {
      const message = invocationMessage(tool);
      if (!tool.acts) return { invocationMessage: message };
      const call = await agentToolContext(session, launcher, token).catch(() => undefined);
      try {
        // Refused or storeless calls change nothing: invoke says why, no confirmation needed.
        const refused = call ? refusal(tool, call.context) : NO_STORE;
        if (refused) return { invocationMessage: refused };
        let change: string;
        try {
          change = (await describeChange(tool, options.input, call!.context)) ?? tool.displayName;
        } catch (error) {
          // Still confirmed: a change that could not be described is never made unasked.
          change = `${tool.displayName} with ${JSON.stringify(options.input)} (the change could not be described: ${describeFailure(error, call!.context)})`;
        }
        return { invocationMessage: message, confirmationMessages: { title: tool.displayName, message: new vscode.MarkdownString(change) } };
      } finally {
        call?.dispose();
      }
    },
    async invoke(options, token) {
      let call;
      try {
        call = await agentToolContext(session, launcher, token);
      } catch (error) {
        return textResult(describeFailure(error, {}));
      }
      if (!call) return textResult(NO_STORE);
      try {
        const outcome = await runTool(tool, options.input, call.context);
        if (tool.acts && outcome.ok) session.dataChanged();
        return textResult(outcome.text);
      } finally {
        call.dispose();
      }
    },
  };
}

/** Registers every catalog tool; the map lets tests read a tool's confirmation text. */
export function registerLanguageModelTools(context: vscode.ExtensionContext, session: StoreSession, launcher: Launcher): ReadonlyMap<string, vscode.LanguageModelTool<AgentToolInput>> {
  const tools = new Map<string, vscode.LanguageModelTool<AgentToolInput>>();
  for (const tool of AGENT_TOOLS) {
    const implementation = languageModelTool(tool, session, launcher);
    try {
      context.subscriptions.push(vscode.lm.registerTool(tool.name, implementation));
      tools.set(tool.name, implementation);
    } catch (error) {
      // A tool missing from package.json (run `npm run sync:tools`) must not stop activation.
      session.log.error(`Language-model tool ${tool.name} not registered: ${(error as Error).message}`);
    }
  }
  return tools;
}
