// `runlens mcp`: the agent tools as an MCP server over stdio, on any store the CLI opens.
// stdout carries the protocol only; everything said to people goes to stderr.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { detectStoreUri, openStore } from '../store/openStore.ts';
import { credentialsFromEnv } from '../store/rest/restClient.ts';
import { sqlitePathFromUri } from '../store/sqlite/openSqliteStore.ts';
import { urlWithoutCredentials } from '../shared/urlWithoutCredentials.ts';
import type { ToolContext } from '../tools/agentTool.ts';
import { AGENT_TOOLS } from '../tools/toolCatalog.ts';
import { serveMcp } from './mcpServer.ts';

export const MCP_HELP = `Usage: runlens mcp [options]

Serves RunLens's agent tools (search runs, run details, models, ...) as a Model Context Protocol
server over stdio, for agents outside VS Code. Register it in the agent's MCP settings as the
command 'runlens mcp' (or 'node <extension>/dist/cli.js mcp').

Options:
  --tracking-uri URI       the store: sqlite:///path/mlflow.db, an mlruns folder, or an
                           http(s):// tracking server (default: MLFLOW_TRACKING_URI, else
                           mlflow.db or mlruns/ in the current folder)
  --backend-store-uri URI  the same as --tracking-uri (the name 'runlens server' uses)
  --allow-writes           let the tools that change the store run (set a tag, move a stage,
                           set an alias); without it they are refused. mlruns folders stay
                           read-only either way
  -h, --help               show this help

A tracking server's credentials come from MLflow's variables: MLFLOW_TRACKING_TOKEN, or
MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD; MLFLOW_TRACKING_INSECURE_TLS=true skips
certificate checks. Changes are recorded as MLFLOW_TRACKING_USERNAME, else the OS user.
`;

export const WRITES_NOT_ALLOWED = 'runlens mcp was started without --allow-writes';

interface McpArguments {
  uri: string;
  allowWrites: boolean;
}

/** The flags, or undefined for --help; throws a one-line Error for bad input. */
export function parseMcpArguments(argv: string[], cwd: string, env: NodeJS.ProcessEnv): McpArguments | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      'tracking-uri': { type: 'string' },
      'backend-store-uri': { type: 'string' },
      'allow-writes': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return undefined;
  if (values['tracking-uri'] !== undefined && values['backend-store-uri'] !== undefined) {
    throw new Error('give the store once: --tracking-uri or --backend-store-uri, not both');
  }
  const given = values['tracking-uri'] ?? values['backend-store-uri'] ?? (env.MLFLOW_TRACKING_URI || undefined) ?? detectStoreUri(cwd);
  if (given === undefined || !given.trim()) {
    throw new Error(`no MLflow store in ${cwd} (no mlflow.db or mlruns/): give one with --tracking-uri (sqlite:///path/mlflow.db, an mlruns folder or http(s)://server), or set MLFLOW_TRACKING_URI`);
  }
  return { uri: given.trim(), allowWrites: values['allow-writes'] };
}

/** A local store must exist: an agent's server has no reason to create an empty database. */
function checkLocalStoreExists(uri: string, cwd: string): void {
  if (/^https?:\/\//iu.test(uri)) return;
  const local = path.resolve(cwd, uri.startsWith('file:') ? new URL(uri).pathname : sqlitePathFromUri(uri));
  if (!existsSync(local)) throw new Error(`no MLflow store at ${local}: check --tracking-uri`);
}

function userName(env: NodeJS.ProcessEnv): string {
  if (env.MLFLOW_TRACKING_USERNAME) return env.MLFLOW_TRACKING_USERNAME;
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Opens the store, serves until stdin ends or SIGINT/SIGTERM, then closes the store.
 * Resolves false after printing --help, true after serving; throws a one-line Error for bad input.
 */
export async function runMcpCommand(argv: string[], version: string, out: (line: string) => void, err: (line: string) => void): Promise<boolean> {
  const cwd = process.cwd();
  const parsed = parseMcpArguments(argv, cwd, process.env);
  if (!parsed) {
    out(MCP_HELP);
    return false;
  }
  checkLocalStoreExists(parsed.uri, cwd);
  // Whatever a library prints must not corrupt the protocol on stdout.
  console.log = console.error;
  console.info = console.error;
  const { credentials, insecureTls } = credentialsFromEnv(process.env);
  const store = await openStore(parsed.uri, cwd, { credentials, insecureTls });
  const context: ToolContext = {
    store,
    workspaceRoot: cwd,
    user: userName(process.env),
    writesRefused: parsed.allowWrites ? store.readOnlyReason : WRITES_NOT_ALLOWED,
  };
  const transport = new StdioServerTransport();
  let why = 'the connection closed';
  const stopOn = (reason: string) => () => {
    why = reason;
    void transport.close();
  };
  const onEnd = stopOn('stdin ended (the client closed the connection)');
  const onSigint = stopOn('SIGINT');
  const onSigterm = stopOn('SIGTERM');
  process.stdin.once('end', onEnd);
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  err(`runlens mcp ${version}: ${AGENT_TOOLS.length} tools on the ${store.kind} store at ${urlWithoutCredentials(store.location)}; ${context.writesRefused ? `writes refused (${context.writesRefused})` : 'writes allowed'}`);
  try {
    await serveMcp({ tools: AGENT_TOOLS, context, version }, transport);
  } finally {
    process.stdin.off('end', onEnd);
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    store.close();
  }
  err(`runlens mcp: ${why}; store closed`);
  return true;
}
