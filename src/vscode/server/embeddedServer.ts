// The tracking server inside the extension host: serves the session's mlflow.db on 127.0.0.1 so
// launched runs, terminals and other tools log into the local store. Started on demand, stopped
// with the window or when the store changes. Its writes refresh the views directly. It writes no
// file of its own: mlartifacts/ beside the database (where `mlflow server` run there keeps proxied
// artifacts) appears only when a client uploads one, and then the user hears about it.
import { access } from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { RunningServer } from '../../server/trackingServer.ts';
import { embeddedServerPort } from '../config.ts';
import { offerGitignore } from '../files/offerGitignore.ts';
import type { StoreSession } from '../storeSession.ts';
import { UserError } from '../userError.ts';

export const TRACKING_URI_VARIABLE = 'MLFLOW_TRACKING_URI';
/** A client holding a request open must not keep Stop waiting forever. */
const CLOSE_GRACE_MS = 5000;

function closeWithin(server: RunningServer, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    void server.close().finally(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

interface Serving {
  server: RunningServer;
  /** The mlflow.db it serves. */
  database: string;
  unsubscribe: () => void;
}

export class EmbeddedServer implements vscode.Disposable {
  private serving: Serving | undefined;
  private starting: Promise<string> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the server starts or stops. */
  readonly onDidChange = this.changed.event;
  private readonly session: StoreSession;
  private readonly environment: vscode.GlobalEnvironmentVariableCollection;
  private readonly version: string;
  private readonly openInEditorUri: string | undefined;
  private readonly storeListener: vscode.Disposable;
  private announcedUrl: string | undefined;

  /** `openInEditorUri` (`<uriScheme>://<extension id>`) lets the server's page link runs back into this window. */
  constructor(session: StoreSession, environment: vscode.GlobalEnvironmentVariableCollection, version: string, openInEditorUri?: string) {
    this.session = session;
    this.environment = environment;
    this.version = version;
    this.openInEditorUri = openInEditorUri;
    environment.description = 'RunLens: MLFLOW_TRACKING_URI points at the embedded tracking server';
    environment.persistent = false;
    // A stale URL from a previous window must not outlive its server.
    environment.delete(TRACKING_URI_VARIABLE);
    this.storeListener = session.onDidChangeStore((store) => {
      if (this.serving && (store?.kind !== 'sqlite' || store.location !== this.serving.database)) {
        session.log.info('The store changed: stopping the embedded tracking server');
        void this.stop();
      }
    });
  }

  /** `http://127.0.0.1:PORT` while running. */
  get url(): string | undefined {
    return this.serving?.server.url;
  }

  get running(): boolean {
    return this.serving !== undefined;
  }

  /** The URL the user was told about when a launch first started the server in this window. */
  get announcedForLaunch(): string | undefined {
    return this.announcedUrl;
  }

  /**
   * The running server's URL, starting it first when needed (for a launch). The first start this
   * way is announced once per window, with the URL: a server that appears silently surprises.
   */
  async ensureServer(): Promise<string> {
    if (this.serving) return this.serving.server.url;
    const url = await this.start();
    if (this.announcedUrl === undefined) {
      this.announcedUrl = url;
      void this.announce(url);
    }
    return url;
  }

  private async announce(url: string): Promise<void> {
    const copy = 'Copy URL';
    const stop = 'Stop Server';
    const choice = await vscode.window.showInformationMessage(`RunLens started its tracking server at ${url} for this launch: launched scripts log into it, and it stops with the window.`, copy, stop);
    if (choice === copy) await vscode.env.clipboard.writeText(url);
    if (choice === stop) await this.stop();
  }

  /** Starts the server for the session's SQLite store; a UserError says why it cannot. */
  start(): Promise<string> {
    if (this.serving) return Promise.resolve(this.serving.server.url);
    this.starting ??= this.startServing().finally(() => (this.starting = undefined));
    return this.starting;
  }

  private async startServing(): Promise<string> {
    if (!vscode.workspace.isTrusted) {
      throw new UserError('The tracking server is disabled in an untrusted workspace: it lets processes write into this folder\'s store. Trust the workspace to start it.', ['Manage Workspace Trust']);
    }
    const store = await this.session.requireStore();
    if (store.kind !== 'sqlite') {
      throw new UserError(store.kind === 'remote'
        ? `RunLens is connected to the tracking server ${store.location}: log to it directly, there is nothing to serve locally.`
        : `The embedded server serves a local mlflow.db; ${store.location} is an mlruns folder, which RunLens only reads. Create a local store to log into.`, ['Create Local Store']);
    }
    if (store.readOnlyReason) throw new UserError(`The tracking server cannot serve a read-only store: ${store.readOnlyReason}`);
    const database = store.location;
    const folder = path.dirname(database);
    const artifactsDestination = path.join(folder, 'mlartifacts');
    const port = embeddedServerPort();
    // Loaded on first start: the server stays out of activation. It runs on a thread of its own
    // (HTTP there, SQLite in a worker of its own), so no request or database lock stalls this one.
    const { startServerWorker, startServerHere } = await import('../../server/serverWorker.ts');
    const { storeOnMainThread } = await import('../../store/worker/storeThread.ts');
    let server: RunningServer;
    try {
      // New experiments default to mlruns/ beside the db, as for scripts logging to sqlite:/// directly.
      server = await (storeOnMainThread() ? startServerHere : startServerWorker)({
        database, defaultArtifactRoot: path.join(folder, 'mlruns'),
        server: {
          host: '127.0.0.1', port, artifactsDestination, serveArtifacts: true, extraArtifactRoots: [path.join(folder, 'mlruns')],
          version: this.version, openInEditorUri: this.openInEditorUri,
        },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UserError(`Port ${port} on 127.0.0.1 is already in use: choose another in the setting runlens.server.port (0 picks a free one).`, ['Open Settings']);
      throw error;
    }
    // The artifact proxy makes mlartifacts/ on the first upload: say so once, offering .gitignore.
    // Decided from the events alone, so no upload waits on the disk.
    let folderKnown = await access(artifactsDestination).then(() => true, () => false);
    const unsubscribe = server.events.subscribe((event) => {
      this.session.dataChanged();
      if (event.kind === 'artifacts' && !folderKnown) {
        folderKnown = true;
        void offerGitignore(artifactsDestination, 'for artifacts uploaded to the tracking server', this.session.log);
      }
    });
    this.serving = { server, database, unsubscribe };
    this.environment.replace(TRACKING_URI_VARIABLE, server.url);
    await vscode.commands.executeCommand('setContext', 'runlens.serverRunning', true);
    this.session.log.info(`Embedded tracking server for ${database} listening at ${server.url}`);
    this.changed.fire();
    return server.url;
  }

  /** Stops accepting, lets in-flight requests finish, closes its connection. */
  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    const serving = this.serving;
    if (!serving) return;
    this.serving = undefined;
    serving.unsubscribe();
    this.environment.delete(TRACKING_URI_VARIABLE);
    await closeWithin(serving.server, CLOSE_GRACE_MS);
    await vscode.commands.executeCommand('setContext', 'runlens.serverRunning', false);
    this.session.log.info(`Embedded tracking server at ${serving.server.url} stopped`);
    this.changed.fire();
  }

  dispose(): void {
    this.storeListener.dispose();
    const serving = this.serving;
    this.serving = undefined;
    if (serving) {
      serving.unsubscribe();
      this.environment.delete(TRACKING_URI_VARIABLE);
      void closeWithin(serving.server, CLOSE_GRACE_MS);
    }
    this.changed.dispose();
  }
}
