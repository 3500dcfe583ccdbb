// "RunLens: Run with Tracking": creates the run first (with its provenance), then runs the script
// in an integrated terminal that resumes it through MLFLOW_RUN_ID; the run's status follows the
// process, and its console output becomes logs/stdout.log: written into a local artifact folder,
// or uploaded to a bucket or a server's artifact proxy.
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Experiment, RunStatus } from '../../shared/entities.ts';
import { isWritable, type WritableArtifactRepository } from '../../store/artifacts/artifactRepository.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { artifactUri } from '../artifacts/artifactCommands.ts';
import { describeCloudEnvironment } from '../cloudCredentials/cloudEnvironment.ts';
import { launchSettings } from '../config.ts';
import { firstMissingAncestor } from '../files/gitIgnore.ts';
import { offerGitignore } from '../files/offerGitignore.ts';
import type { StoreSession } from '../storeSession.ts';
import { UserError } from '../userError.ts';
import { dataHashTags } from './dataHashes.ts';
import { directClientTarget } from './clientTarget.ts';
import { DIFF_ARTIFACT, INSTALL_MLFLOW, OPEN_PYTHON_SETTING, SELECT_INTERPRETER, STDOUT_ARTIFACT, launchEnvironment, mlflowMissingPrompt, provenanceTags, pythonFileCommand, shellQuote, stripAnsi, type ClientTarget, type PythonSource } from './launchCommand.ts';
import { LaunchTerminal } from './launchTerminal.ts';
import { gitProvenance } from './provenance.ts';
import { hasMlflow, pythonChoice } from './pythonInterpreter.ts';
import { RemoteRunFiles } from './remoteRunFiles.ts';
import { localArtifactFolder, openArtifactLog, writeArtifact } from './runLogSink.ts';
import { TrackedProcess, statusForEnd } from './trackedProcess.ts';

export interface LaunchOptions {
  /** The command line; default: the interpreter on the given or active Python file. */
  command?: string;
  cwd?: string;
  experimentName?: string;
  /** Empty: MLflow's generated name. */
  runName?: string;
}

/** A running launch: tests and Stop Run hold on to it. */
export interface Launch {
  runId: string;
  command: string;
  terminal?: vscode.Terminal;
  /** The run's final status once the process ended. */
  ended: Promise<RunStatus>;
  stop(): Promise<void>;
}

/** Where scripts log to: the embedded server for a local store (started on demand). */
export interface TrackingEndpoint {
  ensureServer(): Promise<string>;
}

const NEW_EXPERIMENT = '$(add) New experiment…';

/** The interpreter lacks mlflow: offers to install it into that interpreter, pick another, or set ours. */
export async function offerMlflowSetup(python: string, source: PythonSource, cwd: string): Promise<void> {
  const canSelect = (await vscode.commands.getCommands(true)).includes('python.setInterpreter');
  const { message, actions } = mlflowMissingPrompt(python, source, canSelect);
  const choice = await vscode.window.showErrorMessage(message, ...actions);
  if (choice === INSTALL_MLFLOW) {
    const terminal = vscode.window.createTerminal({ name: 'Install mlflow', cwd });
    terminal.show();
    terminal.sendText(`${shellQuote(python)} -m pip install mlflow`);
  } else if (choice === SELECT_INTERPRETER) {
    await vscode.commands.executeCommand('python.setInterpreter');
  } else if (choice === OPEN_PYTHON_SETTING) {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'runlens.launch.pythonPath');
  }
}

/**
 * The folder writing into `artifactFolder` creates directly in a workspace folder or beside the
 * store (say `mlruns/`), which the user should hear about; undefined when it exists already.
 */
async function topFolderCreatedFor(artifactFolder: string, store: OpenedStore): Promise<string | undefined> {
  const created = await firstMissingAncestor(artifactFolder);
  if (!created) return undefined;
  const roots = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath), ...(store.kind === 'sqlite' ? [path.dirname(store.location)] : [])];
  return roots.includes(path.dirname(created)) ? created : undefined;
}

export class Launcher implements vscode.Disposable {
  private readonly running = new Map<string, Launch>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a launch starts or ends. */
  readonly onDidChange = this.changed.event;
  private readonly session: StoreSession;
  private readonly secrets: vscode.SecretStorage;
  private readonly endpoint: TrackingEndpoint | undefined;

  constructor(session: StoreSession, secrets: vscode.SecretStorage, endpoint?: TrackingEndpoint) {
    this.session = session;
    this.secrets = secrets;
    this.endpoint = endpoint;
  }

  get runningLaunches(): Launch[] {
    return [...this.running.values()];
  }

  launchFor(runId: string): Launch | undefined {
    return this.running.get(runId);
  }

  /** Asks what it needs, creates the run and starts the terminal. Undefined when the user cancels. */
  async launch(resource: vscode.Uri | undefined, options: LaunchOptions = {}): Promise<Launch | undefined> {
    if (!vscode.workspace.isTrusted) throw new UserError('Launching runs is disabled in an untrusted workspace: a launch runs code from this folder.', ['Manage Workspace Trust']);
    const store = await this.session.requireWritable();
    const file = resource ?? vscode.window.activeTextEditor?.document.uri;
    const folder = (file && vscode.workspace.getWorkspaceFolder(file)) ?? vscode.workspace.workspaceFolders?.[0];
    const cwd = options.cwd ?? (folder?.uri.fsPath || (file ? path.dirname(file.fsPath) : os.homedir()));
    const command = options.command ?? (await this.defaultCommand(file, cwd));
    if (!command) return undefined;
    const experiment = await this.chooseExperiment(store, options.experimentName);
    if (!experiment) return undefined;
    const runName = options.runName ?? (await vscode.window.showInputBox({ title: 'Run with Tracking', prompt: 'Run name (optional)', placeHolder: 'Leave empty for a generated name' }));
    if (runName === undefined) return undefined;
    return this.start(store, { command, cwd, experiment, runName: runName.trim() || undefined, resource: file });
  }

  private async defaultCommand(file: vscode.Uri | undefined, cwd: string): Promise<string | undefined> {
    if (file?.fsPath.endsWith('.py')) {
      const { python, source } = await pythonChoice(file);
      if (!(await hasMlflow(python))) {
        await offerMlflowSetup(python, source, cwd);
        return undefined;
      }
      const relative = path.relative(cwd, file.fsPath);
      return pythonFileCommand(python, relative.startsWith('..') ? file.fsPath : relative);
    }
    return vscode.window.showInputBox({ title: 'Run with Tracking', prompt: 'Command to run', placeHolder: 'python train.py --lr 0.01', validateInput: (v) => (v.trim() ? undefined : 'Enter a command') });
  }

  private async chooseExperiment(store: OpenedStore, name: string | undefined): Promise<Experiment | undefined> {
    if (name) return (await store.tracking.getExperimentByName(name)) ?? store.tracking.getExperiment(await store.tracking.createExperiment(name));
    const experiments = (await store.tracking.searchExperiments({ viewType: 'ACTIVE_ONLY', maxResults: 1000 })).items;
    const picked = await vscode.window.showQuickPick([NEW_EXPERIMENT, ...experiments.map((e) => e.name)], { title: 'Run with Tracking', placeHolder: 'Experiment' });
    if (!picked) return undefined;
    if (picked !== NEW_EXPERIMENT) return experiments.find((e) => e.name === picked);
    const newName = await vscode.window.showInputBox({ title: 'New Experiment', prompt: 'Experiment name', validateInput: (v) => (v.trim() ? undefined : 'Enter a name') });
    return newName ? this.chooseExperiment(store, newName.trim()) : undefined;
  }

  private async trackingTarget(store: OpenedStore): Promise<ClientTarget> {
    if (store.kind !== 'remote' && this.endpoint) return { trackingUri: await this.endpoint.ensureServer() };
    return directClientTarget(store, this.secrets);
  }

  private async start(store: OpenedStore, plan: { command: string; cwd: string; experiment: Experiment; runName?: string; resource?: vscode.Uri }): Promise<Launch> {
    const { command, cwd, experiment } = plan;
    const dataFiles = launchSettings(plan.resource).dataFiles;
    const [git, dataTags] = await Promise.all([gitProvenance(cwd), dataHashTags(dataFiles, cwd)]);
    const run = await store.tracking.createRun({
      experimentId: experiment.experimentId, runName: plan.runName, userId: os.userInfo().username, startTime: Date.now(),
      tags: [...provenanceTags(command, cwd, git), ...dataTags],
    });
    const runId = run.info.runId;
    this.session.dataChanged();
    const artifactFolder = localArtifactFolder(run.info.artifactUri, store.kind === 'sqlite' ? path.dirname(store.location) : undefined);
    const remote = artifactFolder ? undefined : await this.remoteFiles(store, runId, run.info.artifactUri);
    const createdFolder = artifactFolder ? await topFolderCreatedFor(artifactFolder, store) : undefined;
    if (git?.uncommittedDiff !== undefined) {
      if (artifactFolder) await writeArtifact(artifactFolder, DIFF_ARTIFACT, git.uncommittedDiff);
      else await remote?.uploadText(DIFF_ARTIFACT, git.uncommittedDiff);
    }
    const logFile = artifactFolder ? await openArtifactLog(artifactFolder, STDOUT_ARTIFACT) : remote;
    if (createdFolder) void offerGitignore(createdFolder, `for the artifacts of run ${run.info.runName}`, this.session.log);
    const target = await this.trackingTarget(store);
    // The script writes its own artifacts to the same bucket with the same credentials RunLens reads them with.
    const cloud = await this.session.cloudEnvironment();
    const fromRunLens = describeCloudEnvironment(cloud).filter((line) => !line.endsWith('(environment)'));
    if (fromRunLens.length > 0) this.session.log.info(`Run ${runId}: the script also gets ${fromRunLens.join('; ')}`);
    const env = launchEnvironment({ ...target, experimentId: experiment.experimentId, experimentName: experiment.name, runId, cloudEnv: cloud.overlay });

    let resolveEnded: (status: RunStatus) => void = () => undefined;
    const ended = new Promise<RunStatus>((resolve) => (resolveEnded = resolve));
    let process: TrackedProcess | undefined;
    const pty = new LaunchTerminal(() => {
      pty.write(`RunLens: run ${run.info.runName} (${runId}) in ${experiment.name}\n$ ${command}\n`);
      process = new TrackedProcess({
        command, cwd, env,
        onOutput: (text) => {
          pty.write(text);
          logFile?.write(stripAnsi(text));
        },
      });
      pty.attach(process);
      void process.ended.then(async (end) => {
        if (remote) await remote.finish();
        else await new Promise<void>((resolve) => (logFile && 'end' in logFile ? logFile.end(resolve) : resolve()));
        const status = await this.finish(store, runId, statusForEnd(end));
        pty.finished(`RunLens: the run ended ${status}${end.code !== null ? ` (exit code ${end.code})` : ''}.`);
        this.running.delete(runId);
        this.changed.fire();
        resolveEnded(status);
        void this.announce(run.info.runName, runId, status);
      });
    });
    const terminal = vscode.window.createTerminal({ name: `RunLens: ${run.info.runName}`, pty, iconPath: new vscode.ThemeIcon('beaker') });
    terminal.show(true);
    const launch: Launch = {
      runId, command, terminal, ended,
      stop: async () => {
        await process?.stop();
      },
    };
    this.running.set(runId, launch);
    this.changed.fire();
    if (launchSettings().openCharts) {
      void vscode.commands.executeCommand('runlens.showCharts', { kind: 'run', run, childRuns: [] }).then(undefined, () => undefined);
    }
    return launch;
  }

  /**
   * Uploads for a run whose artifacts are not a local folder, when its repository can be written
   * (a bucket, a server's artifact proxy); undefined, with a warning, otherwise.
   */
  private async remoteFiles(store: OpenedStore, runId: string, artifactUri: string): Promise<RemoteRunFiles | undefined> {
    let repository: WritableArtifactRepository | undefined;
    try {
      const candidate = store.artifacts(artifactUri);
      repository = isWritable(candidate) ? candidate : undefined;
    } catch (error) {
      this.session.log.warn(`Run ${runId}: ${(error as Error).message}`);
    }
    if (!repository) {
      this.session.log.warn(`Run ${runId}: RunLens cannot write to its artifact root, so the console log and code diff are not saved as artifacts.`);
      return undefined;
    }
    const { log } = this.session;
    return RemoteRunFiles.open({
      repository, logPath: STDOUT_ARTIFACT,
      onError: (message) => log.warn(`Run ${runId}: ${message}`),
      onFirstError: (message) => void vscode.window.showWarningMessage(`The run keeps going, but ${message}`, 'Show Log').then((choice) => choice && log.show(true)),
    });
  }

  /** Sets the final status unless the script already ended its run itself. */
  private async finish(store: OpenedStore, runId: string, status: RunStatus): Promise<RunStatus> {
    try {
      const current = await store.tracking.getRun(runId);
      if (current.info.status !== 'RUNNING' && current.info.status !== 'SCHEDULED' && status !== 'KILLED') return current.info.status;
      await store.tracking.updateRun(runId, { status, endTime: Date.now() });
      return status;
    } catch (error) {
      this.session.log.error(`Run ${runId}: could not record its end: ${(error as Error).message}`);
      return status;
    } finally {
      this.session.dataChanged();
    }
  }

  private async announce(runName: string, runId: string, status: RunStatus): Promise<void> {
    const message = `Run ${runName} ${status === 'FINISHED' ? 'finished' : status === 'FAILED' ? 'failed' : 'was stopped'}.`;
    const show = status === 'FAILED' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    const choice = await show(message, 'Show Charts', 'Show Log');
    if (choice === 'Show Charts') await vscode.commands.executeCommand('runlens.showCharts', { kind: 'run', run: await (await this.session.requireStore()).tracking.getRun(runId), childRuns: [] });
    if (choice === 'Show Log') await vscode.commands.executeCommand('vscode.open', artifactUri({ owner: 'runs', id: runId, path: STDOUT_ARTIFACT }));
  }

  dispose(): void {
    for (const launch of this.running.values()) void launch.stop();
    this.changed.dispose();
  }
}
