// Keeps the views current while runs log: file watchers on a local store (mlflow.db with its WAL
// and journal, or mlruns/**), polling for a remote one while a RunLens view is visible. Every
// signal goes through session.dataChanged(), which turns a burst into one refresh.
import path from 'node:path';
import * as vscode from 'vscode';
import type { OpenedStore } from '../store/openStore.ts';
import { remotePollSeconds } from './config.ts';
import { remoteFingerprint } from './connection/remoteFingerprint.ts';
import type { StoreSession } from './storeSession.ts';

const DEFAULT_POLL_SECONDS = 10;
const MIN_POLL_SECONDS = 2;

export interface LiveRefreshOptions {
  /** Whether a RunLens view is on screen; remote polling pauses while none is. */
  viewVisible: () => boolean;
}

function pollSeconds(): number {
  return Math.max(MIN_POLL_SECONDS, remotePollSeconds(DEFAULT_POLL_SECONDS));
}

function watch(session: StoreSession, pattern: vscode.RelativePattern): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(pattern);
  const changed = () => session.dataChanged();
  return vscode.Disposable.from(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
}

function watchLocal(session: StoreSession, store: OpenedStore): vscode.Disposable {
  if (store.kind === 'sqlite') {
    // Writers touch the db, its -wal (WAL mode) or its -journal (rollback mode); -shm changes on reads too.
    const name = path.basename(store.location);
    return watch(session, new vscode.RelativePattern(vscode.Uri.file(path.dirname(store.location)), `{${name},${name}-wal,${name}-journal}`));
  }
  return watch(session, new vscode.RelativePattern(vscode.Uri.file(store.location), '**'));
}

/** Polls a remote store; fires only when its fingerprint differs from the last one seen. */
function pollRemote(session: StoreSession, store: OpenedStore, options: LiveRefreshOptions): vscode.Disposable {
  let last: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    if (stopped) return;
    if (options.viewVisible() && session.store === store) {
      try {
        const current = await remoteFingerprint(store.tracking, store.registry);
        if (last !== undefined && current !== last) session.dataChanged();
        last = current;
      } catch (error) {
        // The views report their own errors; polling only notes it and tries again later.
        session.log.debug(`Polling ${store.location} failed: ${(error as Error).message}`);
      }
    }
    if (!stopped) timer = setTimeout(() => void tick(), pollSeconds() * 1000);
  };
  timer = setTimeout(() => void tick(), 0);
  return new vscode.Disposable(() => {
    stopped = true;
    clearTimeout(timer);
  });
}

/** Arms the watcher (or poller) for the current store, and re-arms it whenever the store changes. */
export function registerLiveRefresh(context: vscode.ExtensionContext, session: StoreSession, options: LiveRefreshOptions): void {
  let armed: vscode.Disposable | undefined;
  const arm = (store: OpenedStore | undefined) => {
    armed?.dispose();
    armed = undefined;
    if (!store) return;
    armed = store.kind === 'remote' ? pollRemote(session, store, options) : watchLocal(session, store);
  };
  context.subscriptions.push(session.onDidChangeStore(arm), new vscode.Disposable(() => armed?.dispose()));
  arm(session.store);
}
