// Serve Model… and Stop Serving Model: `mlflow models serve` for a registered version in an
// integrated terminal, with the interpreter launches use and an environment pointing mlflow at the
// connected store; a notification once /ping answers; one server per version per window.
import os from 'node:os';
import * as vscode from 'vscode';
import { itemCommandArgs, optionsArg } from '../../commandArgs.ts';
import { registerCommand, withCancellableProgress } from '../../commandRunner.ts';
import { directClientTarget } from '../../launch/clientTarget.ts';
import { offerMlflowSetup, type TrackingEndpoint } from '../../launch/launcher.ts';
import type { ClientTarget } from '../../launch/launchCommand.ts';
import type { ProcessEnd } from '../../launch/trackedProcess.ts';
import type { OpenedStore } from '../../../store/openStore.ts';
import { hasMlflow, pythonChoice } from '../../launch/pythonInterpreter.ts';
import type { StoreSession } from '../../storeSession.ts';
import { UserError } from '../../userError.ts';
import { isModelVersionNode, type ModelsNode } from '../modelNodes.ts';
import type { ModelsTree } from '../modelsTree.ts';
import { waitForEndpoint } from './endpointProbe.ts';
import { freeLoopbackPort, loopbackPortTaken } from './loopbackPort.ts';
import { startModelServer } from './modelServer.ts';
import { servingInfo, type ServedModel, type ServedModels, type ServingInfo } from './servedModels.ts';
import { crashMessage, curlCommand, endpointUrl, needsTrackingServer, portProblem, serveCommandLine, servingEnvironment } from './serveCommandLine.ts';

export interface ServeOptions {
  /** Skips the port prompt. */
  port?: number;
}

/** Loading a model (and importing its flavor) can take a while on a busy machine. */
const READY_TIMEOUT_MS = 180_000;
const SERVING_CONTEXT = 'runlens.modelServing';
const OPEN_ENDPOINT = 'Open Endpoint';
const COPY_CURL = 'Copy curl';
const STOP_SERVING = 'Stop Serving';
const SHOW_TERMINAL = 'Show Terminal';

interface VersionRef {
  name: string;
  version: string;
}

/** From the palette with no version selected: which one. */
async function pickVersion(session: StoreSession): Promise<VersionRef | undefined> {
  const store = await session.requireStore();
  const versions = (await store.registry.searchModelVersions({ maxResults: 200 })).items;
  if (versions.length === 0) throw new UserError('The registry has no model versions to serve: register a model first.');
  const items = versions
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Number(b.version) - Number(a.version)))
    .map((v) => ({ label: `${v.name} version ${v.version}`, description: v.currentStage && v.currentStage !== 'None' ? v.currentStage : undefined, ref: { name: v.name, version: v.version } }));
  return (await vscode.window.showQuickPick(items, { title: 'Serve Model', placeHolder: 'Which model version?' }))?.ref;
}

async function askPort(ref: VersionRef): Promise<number | undefined> {
  const typed = await vscode.window.showInputBox({
    title: `Serve ${ref.name} version ${ref.version}`,
    prompt: 'Port on 127.0.0.1 (a free one is filled in)',
    value: String(await freeLoopbackPort()),
    validateInput: portProblem,
  });
  return typed === undefined ? undefined : Number(typed.trim());
}

/** `endpoint`: the embedded tracking server, for a local store's versions only a server can resolve. */
export function registerServeCommands(context: vscode.ExtensionContext, session: StoreSession, view: vscode.TreeView<ModelsNode>, tree: ModelsTree, served: ServedModels, endpoint?: TrackingEndpoint): void {
  const { log } = session;

  /** The store directly (the database file, or the remote server), unless the version's files are behind a server's proxy. */
  const clientTarget = async (store: OpenedStore, ref: VersionRef): Promise<ClientTarget> => {
    if (store.kind === 'sqlite' && endpoint && needsTrackingServer(await store.registry.getModelVersionDownloadUri(ref.name, ref.version))) {
      return { trackingUri: await endpoint.ensureServer() };
    }
    return directClientTarget(store, context.secrets);
  };

  const stop = async (server: ServedModel): Promise<ProcessEnd> => {
    const end = await server.stop();
    void vscode.window.setStatusBarMessage(`RunLens: stopped serving ${server.name} version ${server.version}`, 5000);
    return end;
  };

  const offerEndpoint = async (server: ServedModel, message: string): Promise<void> => {
    const choice = await vscode.window.showInformationMessage(message, OPEN_ENDPOINT, COPY_CURL, STOP_SERVING);
    if (choice === OPEN_ENDPOINT) {
      // FastAPI's page for the scoring server's routes; asExternalUri forwards the port in remote windows.
      await vscode.env.openExternal(await vscode.env.asExternalUri(vscode.Uri.parse(`${server.url}/docs`)));
    } else if (choice === COPY_CURL) {
      await vscode.env.clipboard.writeText(curlCommand(server.url));
      void vscode.window.setStatusBarMessage('RunLens: copied a curl request to /invocations', 3000);
    } else if (choice === STOP_SERVING) {
      await stop(server);
    }
  };

  const reportCrash = (server: ServedModel, end: ProcessEnd, lastLines: string[]) => {
    log.error(`${crashMessage(server.name, server.version, end, [])} Last output:\n${lastLines.join('\n')}`);
    void vscode.window.showErrorMessage(crashMessage(server.name, server.version, end, lastLines), SHOW_TERMINAL, 'Show Log').then((choice) => {
      if (choice === SHOW_TERMINAL) server.reveal();
      else if (choice === 'Show Log') log.show(true);
    });
  };

  const serve = async (ref: VersionRef, options: ServeOptions): Promise<ServingInfo | undefined> => {
    const running = served.get(ref.name, ref.version);
    if (running) {
      running.reveal();
      void offerEndpoint(running, `${ref.name} version ${ref.version} is already serving at ${running.url}.`);
      return servingInfo(running);
    }
    if (!vscode.workspace.isTrusted) throw new UserError('Serving a model is disabled in an untrusted workspace: it runs the model\'s code with this folder\'s Python.', ['Manage Workspace Trust']);
    const store = await session.requireStore();
    const port = options.port ?? (await askPort(ref));
    if (port === undefined) return undefined;
    const problem = portProblem(String(port));
    if (problem) throw new UserError(`${problem}: ${port}`);
    if (await loopbackPortTaken(port)) throw new UserError(`Port ${port} on 127.0.0.1 is already in use: choose another.`);
    const folder = vscode.workspace.workspaceFolders?.[0];
    const cwd = folder?.uri.fsPath ?? os.homedir();
    const { python, source } = await pythonChoice(folder?.uri);
    if (!(await hasMlflow(python))) {
      await offerMlflowSetup(python, source, cwd);
      return undefined;
    }
    const [target, cloud] = await Promise.all([clientTarget(store, ref), session.cloudEnvironment()]);
    // Asked twice while the first was prompting: show the one that won.
    const raced = served.get(ref.name, ref.version);
    if (raced) return servingInfo(raced);
    const url = endpointUrl(port);
    const server = startModelServer({
      ...ref, port, url, cwd,
      command: serveCommandLine(python, ref.name, ref.version, port),
      env: servingEnvironment({ ...target, cloudEnv: cloud.overlay }, python),
      // Called once the process ended, long after `server` is assigned.
      onCrash: (end, lastLines) => reportCrash(server, end, lastLines),
    });
    served.add(server);
    log.info(`Serving ${ref.name} version ${ref.version} at ${url} with ${python}`);
    const outcome = await withCancellableProgress(`Serving ${ref.name} version ${ref.version}`, (signal, progress) => {
      progress.report({ message: `waiting for ${url} to answer…` });
      return waitForEndpoint(url, { ended: server.ended, signal, timeoutMs: READY_TIMEOUT_MS });
    });
    switch (outcome) {
      case 'ready':
        void offerEndpoint(server, `${ref.name} version ${ref.version} is serving at ${url}.`);
        return servingInfo(server);
      case 'timeout':
        void vscode.window.showWarningMessage(`${ref.name} version ${ref.version} did not answer at ${url} within ${READY_TIMEOUT_MS / 60_000} minutes; it is still running in its terminal.`, SHOW_TERMINAL, STOP_SERVING).then((choice) => {
          if (choice === SHOW_TERMINAL) server.reveal();
          else if (choice === STOP_SERVING) void stop(server);
        });
        return servingInfo(server);
      case 'cancelled':
        await stop(server);
        return undefined;
      case 'ended':
        // Reported with its last output by the server's own end handler.
        return undefined;
    }
  };

  /** A row (or explicit caller) names its version; the palette takes the served selection, else the only one, else asks. */
  const chooseServed = async (ref: VersionRef | undefined, fromPalette: boolean): Promise<ServedModel | undefined> => {
    const selected = ref && served.get(ref.name, ref.version);
    if (selected || (ref && !fromPalette)) return selected;
    const all = served.list();
    if (all.length <= 1) return all[0];
    const picked = await vscode.window.showQuickPick(all.map((s) => ({ label: `${s.name} version ${s.version}`, description: s.url, server: s })), { title: 'Stop Serving Model', placeHolder: 'Which model server?' });
    return picked?.server;
  };

  const refOf = (raw: unknown[]) => {
    const { node, values } = itemCommandArgs(raw, isModelVersionNode, view.selection);
    return { ref: node && { name: node.version.name, version: node.version.version }, values };
  };

  const setServingContext = () => void vscode.commands.executeCommand('setContext', SERVING_CONTEXT, served.list().length > 0);
  context.subscriptions.push(
    served.onDidChange(() => {
      setServingContext();
      tree.refresh();
    }),
    { dispose: () => served.list().forEach((server) => void server.stop()) },
    registerCommand(log, 'runlens.model.serve', async (...raw: unknown[]) => {
      const { ref, values } = refOf(raw);
      const chosen = ref ?? (await pickVersion(session));
      return chosen ? serve(chosen, optionsArg<ServeOptions>(values[0])) : undefined;
    }),
    registerCommand(log, 'runlens.model.stopServing', async (...raw: unknown[]) => {
      const { ref } = refOf(raw);
      const server = await chooseServed(ref, raw[0] === undefined);
      if (!server) {
        void vscode.window.showInformationMessage(ref && served.list().length > 0 ? `${ref.name} version ${ref.version} is not being served from this window.` : 'No model is being served from this window.');
        return undefined;
      }
      const end = await stop(server);
      return { ...servingInfo(server), end };
    }),
  );
}
