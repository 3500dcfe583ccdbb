// Points RunLens at a store by writing `runlens.trackingUri` to the workspace settings (the URI
// only: credentials live in secret storage), then waits until the session has reconnected.
import * as vscode from 'vscode';
import type { OpenedStore } from '../../store/openStore.ts';
import { setWorkspaceTrackingUri, workspaceTrackingUri } from '../config.ts';
import type { StoreSession } from '../storeSession.ts';

const SETTING_WAIT_MS = 5000;

function settingChanged(): Promise<boolean> {
  return new Promise((resolve) => {
    const listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('runlens.trackingUri')) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(true);
    });
    const timer = setTimeout(() => {
      listener.dispose();
      resolve(false);
    }, SETTING_WAIT_MS);
  });
}

/** Sets (or with undefined, removes) the workspace's tracking URI and resolves with the store it opens. */
export async function useTrackingUri(session: StoreSession, uri: string | undefined): Promise<OpenedStore | undefined> {
  const before = workspaceTrackingUri();
  if (before === uri) return session.reconnect();
  const changed = settingChanged();
  await setWorkspaceTrackingUri(uri);
  // The activation code reconnects on this setting's change event; share that attempt rather
  // than racing it with a second one.
  if (await changed) {
    await session.ready().catch(() => undefined);
    if ((uri === undefined && session.trackingUri !== before) || (uri !== undefined && session.trackingUri === uri)) return session.ready();
  }
  return session.reconnect();
}
