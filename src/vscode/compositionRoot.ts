// Wires RunLens into VS Code: one store session, the views, the commands; returns the API.
// Nothing here touches the store at activation: it connects on first use.
import * as vscode from 'vscode';
import { registerCommand, reportError } from './commandRunner.ts';
import { StoreSession } from './storeSession.ts';
import { registerExperimentsView } from './experiments/experimentsView.ts';
import { registerComparePanel } from './compare/comparePanel.ts';
import { registerRunsTable } from './runsTable/runsTablePanel.ts';
import { registerChartsPanel } from './charts/chartsPanel.ts';
import { registerImagesPanel } from './images/imagesPanel.ts';
import { registerImportancePanel } from './importance/importancePanel.ts';
import { registerLaunchCommands } from './launch/launchCommands.ts';
import { registerRunCommands } from './runs/runCommands.ts';
import { registerArtifactCommands } from './artifacts/artifactCommands.ts';
import { registerTableEditor } from './tables/tableEditor.ts';
import { registerOpenAsTableCommand } from './tables/openAsTableCommand.ts';
import { registerConnectionCommands } from './connection/connectionCommands.ts';
import { registerServerCommands } from './server/serverCommands.ts';
import { registerRunLinks, type OpenedLink } from './server/runLinks.ts';
import { registerLiveRefresh } from './liveRefresh.ts';
import { registerModelCommands } from './models/registryCommands.ts';
import { registerChatParticipant } from './agents/chatParticipant.ts';
import { registerLanguageModelTools, type AgentToolInput } from './agents/languageModelTools.ts';
import { registerCloudCredentialsCommand } from './cloudCredentials/cloudCredentialsCommand.ts';
import { registerWalkthroughCommand } from './walkthrough/walkthroughCommand.ts';
import { isCloudSecretKey } from './cloudCredentials/cloudSecrets.ts';
import { registerMcpServerProvider, type McpServerProvider } from './agents/mcpServerProvider.ts';
import type { Launcher } from './launch/launcher.ts';
import type { ExperimentsTree } from './experiments/experimentsTree.ts';
import type { ModelsTree } from './models/modelsTree.ts';
import type { EmbeddedServer } from './server/embeddedServer.ts';

export interface RunLensApi {
  /** Names of the active experiments of the connected store (empty when none is connected). */
  listExperimentNames(): Promise<string[]>;
  /** The session behind the views, for tests and other extensions that want the same store. */
  readonly session: StoreSession;
  /** The Experiments view's data provider (tests walk it as the view does). */
  readonly experimentsTree: ExperimentsTree;
  /** The Models view's data provider. */
  readonly modelsTree: ModelsTree;
  /** The embedded tracking server (started on demand for a local store). */
  readonly server: EmbeddedServer;
  /** Tracked launches (Run with Tracking). */
  readonly launcher: Launcher;
  /** Opens a `<uriScheme>://runlens.runlens/run?id=…` link as the URI handler does (tests call it directly). */
  openLink(uri: vscode.Uri): Promise<OpenedLink>;
  /** The `runlens mcp` server definition offered to VS Code's agents. */
  readonly mcpServers: McpServerProvider;
  /** The `@runlens` chat participant's handler (tests call it with a recording stream). */
  readonly chatHandler: vscode.ChatRequestHandler;
  /** The language-model tools as registered (tests read an acting tool's confirmation text). */
  readonly agentTools: ReadonlyMap<string, vscode.LanguageModelTool<AgentToolInput>>;
  /** How long activate() took, in ms. */
  readonly activationMs: number;
}

export function activateRunLens(context: vscode.ExtensionContext): RunLensApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('RunLens', { log: true });
  const session = new StoreSession(log, context.secrets);
  context.subscriptions.push(log, session);
  const experiments = registerExperimentsView(context, session);
  const selectedRuns = () => experiments.view.selection;
  registerComparePanel(context, session, selectedRuns);
  registerRunsTable(context, session);
  registerChartsPanel(context, session, selectedRuns, () => experiments.tree.listOptions);
  registerImagesPanel(context, session, selectedRuns, () => experiments.tree.listOptions);
  registerImportancePanel(context, session);
  registerConnectionCommands(context, session);
  registerCloudCredentialsCommand(context, session);
  const server = registerServerCommands(context, session);
  const launcher = registerLaunchCommands(context, session, selectedRuns, server);
  const openLink = registerRunLinks(context, session, experiments.view);
  registerRunCommands(context, session, selectedRuns);
  const artifactFiles = registerArtifactCommands(context, session, selectedRuns);
  registerTableEditor(context, log, artifactFiles);
  registerOpenAsTableCommand(context, log);
  const models = registerModelCommands(context, session, selectedRuns, server);
  const chatHandler = registerChatParticipant(context, session);
  const agentTools = registerLanguageModelTools(context, session, launcher);
  registerLiveRefresh(context, session, { viewVisible: () => experiments.view.visible || models.view.visible });
  registerWalkthroughCommand(context, log);

  const connect = (reconnect: boolean): Promise<unknown> => (reconnect ? session.reconnect() : session.ready()).catch((error: unknown) => reportError(log, error, () => connect(true)));
  void connect(false);
  const cloudChanged = (): Promise<unknown> => session.cloudEnvironmentChanged().catch((error: unknown) => reportError(log, error, () => connect(true)));

  context.subscriptions.push(
    registerCommand(log, 'runlens.refresh', async () => {
      await session.reconnect();
    }),
    registerCommand(log, 'runlens.showLog', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('runlens.trackingUri')) void connect(true);
      else if (e.affectsConfiguration('runlens.artifacts.environment')) void cloudChanged();
    }),
    // Credentials stored from this or another window: cloud roots reopen with them.
    context.secrets.onDidChange((e) => {
      if (isCloudSecretKey(e.key)) void cloudChanged();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void connect(true)),
  );

  const mcpServers = registerMcpServerProvider(context, session);
  const activationMs = performance.now() - started;
  log.info(`Activated in ${activationMs.toFixed(1)} ms`);
  return {
    session,
    experimentsTree: experiments.tree,
    modelsTree: models.tree,
    server,
    launcher,
    openLink,
    mcpServers,
    chatHandler,
    agentTools,
    activationMs,
    async listExperimentNames() {
      const store = await session.ready();
      if (!store) return [];
      return (await store.tracking.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000 })).items.map((e) => e.name);
    },
  };
}
