// The agent tools as an MCP server: tools/list serves the catalog's JSON schemas as they are,
// tools/call goes through runTool, so answers, refusals and errors are the ones VS Code's tools give.
// No vscode import.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { AgentTool, ToolContext } from '../tools/agentTool.ts';
import { runTool } from '../tools/runTool.ts';
import { mcpToolDescriptor } from './mcpTools.ts';

export interface McpServerOptions {
  tools: readonly AgentTool<never>[];
  /** Shared by every call; each call adds the client's cancellation signal. */
  context: ToolContext;
  version: string;
}

const text = (value: string, isError: boolean): CallToolResult => ({ content: [{ type: 'text', text: value }], ...(isError ? { isError: true } : {}) });

function instructions(context: ToolContext): string {
  const { store } = context;
  const writes = context.writesRefused ? `Tools that change the store are refused: ${context.writesRefused}.` : 'Tools that change the store are allowed.';
  return `RunLens tools over one MLflow tracking store (${store.kind}). Start with runlens_searchRuns, then ask for one run's details. ${writes}`;
}

export function createMcpServer({ tools, context, version }: McpServerOptions): Server {
  const server = new Server({ name: 'runlens', title: 'RunLens', version }, { capabilities: { tools: {} }, instructions: instructions(context) });
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: tools.map(mcpToolDescriptor) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = byName.get(request.params.name);
    // An unknown name is the model's mistake, answered as a tool error it can read and correct.
    if (!tool) return text(`Unknown tool '${request.params.name.slice(0, 100)}'. Tools: ${[...byName.keys()].join(', ')}.`, true);
    const outcome = await runTool(tool, request.params.arguments ?? {}, { ...context, signal: extra.signal });
    return text(outcome.text, !outcome.ok);
  });
  return server;
}

/** Serves over `transport` until it closes; resolves then. */
export async function serveMcp(options: McpServerOptions, transport: Transport): Promise<void> {
  const server = createMcpServer(options);
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  await server.connect(transport);
  await closed;
}
