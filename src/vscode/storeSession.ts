// The one connection to the active MLflow store: opened lazily, reopened when settings change,
// shared by every view and command. Announces a new store, and (coalesced) changed data.
import * as vscode from 'vscode';
import { urlWithoutCredentials } from '../shared/urlWithoutCredentials.ts';
import type { OpenedStore } from '../store/openStore.ts';
import { composeCloudEnvironment, describeCloudEnvironment, overlayFingerprint, settingProblems, type ComposedCloudEnvironment } from './cloudCredentials/cloudEnvironment.ts';
import { loadCloudSecrets } from './cloudCredentials/cloudSecrets.ts';
import { artifactsEnvironmentSetting, readConfig } from './config.ts';
import { loadCredentials } from './credentials.ts';
import { LatestOnlyQueue } from './latestOnlyQueue.ts';
import { UserError } from './userError.ts';

/** Bursts of writes (a training loop logging) become one refresh per this many ms. */
const REFRESH_COALESCE_MS = 300;

export class StoreSession implements vscode.Disposable {
  private opened: OpenedStore | undefined;
  private uri: string | undefined;
  private connecting: Promise<OpenedStore | undefined> | undefined;
  /** One connect at a time, the newest request winning: each closes the store before it. */
  private readonly connects = new LatestOnlyQueue<OpenedStore | undefined>();
  private disposed = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Fingerprint of the cloud variables the open store was given; a change reconnects. */
  private cloudFingerprint: string | undefined;
  private loggedCloudDescription = '';
  /** The last settings warning shown, so the same problem is not announced on every reconnect. */
  private shownSettingProblem: string | undefined;
  private readonly storeChanged = new vscode.EventEmitter<OpenedStore | undefined>();
  private readonly dataChangedEmitter = new vscode.EventEmitter<void>();
  /** A different store (or none) is now active. */
  readonly onDidChangeStore = this.storeChanged.event;
  /** The active store's data changed; fired at most once per burst. */
  readonly onDidChangeData = this.dataChangedEmitter.event;

  readonly log: vscode.LogOutputChannel;
  private readonly secrets: vscode.SecretStorage;

  constructor(log: vscode.LogOutputChannel, secrets: vscode.SecretStorage) {
    this.log = log;
    this.secrets = secrets;
  }

  get store(): OpenedStore | undefined {
    return this.opened;
  }

  /** The tracking URI the session uses (configured, MLFLOW_TRACKING_URI, or detected). */
  get trackingUri(): string | undefined {
    return this.uri;
  }

  /** Connects once; later calls share the first attempt. */
  ready(): Promise<OpenedStore | undefined> {
    return (this.connecting ??= this.connects.run(() => this.connect()));
  }

  /** Drops the current store and connects again from the current settings. */
  reconnect(): Promise<OpenedStore | undefined> {
    this.connecting = this.connects.run(() => this.connect());
    return this.connecting;
  }

  /**
   * What s3://, gs:// and wasbs:// roots are read with, and what launched scripts get:
   * process.env, then `runlens.artifacts.environment`, then credentials from SecretStorage.
   */
  async cloudEnvironment(): Promise<ComposedCloudEnvironment> {
    const setting = artifactsEnvironmentSetting();
    return composeCloudEnvironment(process.env, setting, await loadCloudSecrets(this.secrets));
  }

  /** Reconnects when the artifact store environment (setting or stored credentials) changed since the store opened. */
  async cloudEnvironmentChanged(): Promise<OpenedStore | undefined> {
    const fingerprint = overlayFingerprint(await this.cloudEnvironment());
    if (this.connecting && fingerprint === this.cloudFingerprint) return this.connecting;
    return this.reconnect();
  }

  /** The store, or a UserError that tells how to get one. */
  async requireStore(): Promise<OpenedStore> {
    const store = await this.ready();
    if (!store) throw new UserError('No MLflow store is connected.', ['Create Local Store', 'Connect to Tracking Server', 'Open Settings']);
    return store;
  }

  /** The store, when RunLens may write to it: a trusted workspace and a writable store. */
  async requireWritable(): Promise<OpenedStore> {
    if (!vscode.workspace.isTrusted) throw new UserError('RunLens only reads in an untrusted workspace. Trust the workspace to change runs or models.', ['Manage Workspace Trust']);
    const store = await this.requireStore();
    if (store.readOnlyReason) throw new UserError(store.readOnlyReason);
    return store;
  }

  /** Call after a write or when a watcher saw one; views refresh once per burst. */
  dataChanged(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.dataChangedEmitter.fire();
    }, REFRESH_COALESCE_MS);
  }

  private async connect(): Promise<OpenedStore | undefined> {
    // Loaded on first use: the store (and its native SQLite binding) stays out of activation.
    const { detectStoreUri, openStore } = await import('../store/openStore.ts');
    const { credentialsFromEnv } = await import('../store/rest/restClient.ts');
    this.opened?.close();
    this.opened = undefined;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const uri = readConfig().trackingUri ?? folders.map((f) => detectStoreUri(f.uri.fsPath)).find((u) => u !== undefined);
    this.uri = uri;
    try {
      if (uri) {
        const env = credentialsFromEnv();
        const remote = /^https?:/iu.test(uri);
        const credentials = remote ? ((await loadCredentials(this.secrets, uri)) ?? env.credentials) : undefined;
        const cloud = await this.cloudEnvironment();
        this.cloudFingerprint = overlayFingerprint(cloud);
        this.warnAboutSetting(cloud);
        this.opened = await openStore(uri, folders[0]?.uri.fsPath ?? process.cwd(), { credentials, insecureTls: env.insecureTls, cloudEnv: cloud.env });
        if (this.disposed) {
          // The window closed while it opened: nobody will close it later.
          this.opened.close();
          this.opened = undefined;
          return undefined;
        }
        this.log.info(`Connected to the ${this.opened.kind} store at ${this.opened.location}`);
        // Said once, and again only when it changes: reconnects would otherwise repeat it.
        const described = describeCloudEnvironment(cloud).join('; ');
        if (described && described !== this.loggedCloudDescription) this.log.info(`Cloud artifact roots use: ${described}`);
        this.loggedCloudDescription = described;
        if (this.opened.readOnlyReason) this.log.warn(this.opened.readOnlyReason);
      }
    } catch (error) {
      const shown = urlWithoutCredentials(uri ?? '');
      this.log.error(`Cannot open the store at ${shown}: ${(error as Error).message}`);
      throw new UserError(`RunLens cannot open ${shown}: ${(error as Error).message}`, ['Retry', 'Open Settings', 'Show Log']);
    } finally {
      await this.announce();
    }
    return this.opened;
  }

  /** Credentials or unknown names in the setting: logged each time, shown once per distinct problem. */
  private warnAboutSetting(cloud: ComposedCloudEnvironment): void {
    const problem = settingProblems(cloud);
    if (!problem) return;
    this.log.warn(problem);
    if (problem === this.shownSettingProblem) return;
    this.shownSettingProblem = problem;
    void vscode.window.showWarningMessage(problem, 'Open Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'runlens.artifacts.environment');
    });
  }

  private async announce(): Promise<void> {
    const store = this.opened;
    await Promise.all([
      vscode.commands.executeCommand('setContext', 'runlens.connected', store !== undefined),
      vscode.commands.executeCommand('setContext', 'runlens.remote', store?.kind === 'remote'),
      vscode.commands.executeCommand('setContext', 'runlens.writable', store !== undefined && !store.readOnlyReason && vscode.workspace.isTrusted),
    ]);
    this.storeChanged.fire(store);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.refreshTimer);
    this.opened?.close();
    this.storeChanged.dispose();
    this.dataChangedEmitter.dispose();
  }
}
