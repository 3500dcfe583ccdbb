// Offers `runlens mcp` to VS Code's agents for the workspace's active store, with no configuration:
// one stdio server definition that follows the store (and the write setting) as they change.
//
// The command is the extension host's own executable running dist/cli.js. In desktop VS Code that
// is Electron, which runs as plain Node with ELECTRON_RUN_AS_NODE=1; in code-server it is Node.
// Either loads the packaged better-sqlite3: its prebuild is a Node-API module (NAPI_VERSION 10),
// ABI-stable across Node and Electron, the same binary the extension host's store worker loads.
import path from 'node:path';
import * as vscode from 'vscode';
import type { OpenedStore } from '../../store/openStore.ts';
import { credentialsFromEnv } from '../../store/rest/restClient.ts';
import { mcpAllowWrites } from '../config.ts';
import { loadCredentials } from '../credentials.ts';
import type { StoreSession } from '../storeSession.ts';

export const MCP_PROVIDER_ID = 'runlens.mcp';
export const MCP_SERVER_LABEL = 'RunLens';

export interface McpServerProvider {
  /** What the provider offers now (tests inspect it as VS Code would). */
  definitions(): Promise<vscode.McpStdioServerDefinition[]>;
  /** A definition as VS Code starts it: with the server's credentials, which provide() leaves out. */
  resolve(definition: vscode.McpStdioServerDefinition): Promise<vscode.McpStdioServerDefinition>;
  readonly onDidChange: vscode.Event<void>;
}

/** The tracking URI of the opened store, absolute, so the server's working folder does not matter. */
function storeUri(store: OpenedStore): string {
  return store.kind === 'sqlite' ? `sqlite:///${store.location}` : store.location;
}

function definitionFor(store: OpenedStore, cliPath: string, version: string): vscode.McpStdioServerDefinition {
  // Writes only where the user opted in and the workspace is trusted; the store's own read-only
  // reason (mlruns/, a newer schema) still refuses them inside the server.
  const allowWrites = mcpAllowWrites() && vscode.workspace.isTrusted;
  const args = [cliPath, 'mcp', '--tracking-uri', storeUri(store), ...(allowWrites ? ['--allow-writes'] : [])];
  const env: Record<string, string> = process.versions.electron ? { ELECTRON_RUN_AS_NODE: '1' } : {};
  // The version changes with the store and the flags, so VS Code offers to refresh the tools.
  const definition = new vscode.McpStdioServerDefinition(MCP_SERVER_LABEL, process.execPath, args, env, `${version}+${store.kind}${allowWrites ? '+writes' : ''}`);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (folder) definition.cwd = folder;
  return definition;
}

// In an untrusted workspace the definition is offered read-only, like the views: VS Code does not
// apply the workspace's own runlens.trackingUri there (a restricted setting), so the store is one
// the user's settings, environment or the folder's mlflow.db / mlruns/ name, which RunLens reads anyway.
export function registerMcpServerProvider(context: vscode.ExtensionContext, session: StoreSession): McpServerProvider {
  const changed = new vscode.EventEmitter<void>();
  const cliPath = path.join(context.extensionPath, 'dist', 'cli.js');
  const version = String((context.extension.packageJSON as { version?: string }).version ?? '0');
  const provider: McpServerProvider = {
    onDidChange: changed.event,
    async definitions() {
      const store = await session.ready().catch(() => undefined);
      return store ? [definitionFor(store, cliPath, version)] : [];
    },
    async resolve(definition) {
      // The credentials of the server this definition names, not of whatever store is open now.
      const uri = definition.args[definition.args.indexOf('--tracking-uri') + 1] ?? '';
      if (!/^https?:\/\//iu.test(uri)) return definition;
      const env = credentialsFromEnv();
      const credentials = (await loadCredentials(context.secrets, uri)) ?? env.credentials;
      const extra: Record<string, string> = {};
      if (credentials?.token) extra.MLFLOW_TRACKING_TOKEN = credentials.token;
      if (credentials?.username) extra.MLFLOW_TRACKING_USERNAME = credentials.username;
      if (credentials?.password) extra.MLFLOW_TRACKING_PASSWORD = credentials.password;
      if (env.insecureTls) extra.MLFLOW_TRACKING_INSECURE_TLS = 'true';
      definition.env = { ...definition.env, ...extra };
      return definition;
    },
  };
  context.subscriptions.push(
    changed,
    vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => provider.definitions(),
      // Only stdio definitions are offered; checked by shape, not class, in case VS Code hands back a copy.
      resolveMcpServerDefinition: (definition) => ('command' in definition ? provider.resolve(definition) : definition),
    }),
    session.onDidChangeStore(() => changed.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('runlens.agents.mcpAllowWrites')) changed.fire();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => changed.fire()),
  );
  return provider;
}
