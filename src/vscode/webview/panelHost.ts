// One host for every RunLens webview panel: it owns the panel's HTML, holds messages back until
// the page says it is ready, accepts from the page only what the protocol's guard accepts, reports
// failures one way (the log, then the page or a notification) and disposes what it registered.
import * as vscode from 'vscode';
import type { Guard } from '../../shared/messageGuards.ts';
import { MlflowError } from '../../shared/errors.ts';
import { isCancellation, reportError } from '../commandRunner.ts';
import { webviewHtml, webviewOptions } from './webviewHtml.ts';

/** Messages held for a page that is not listening yet; past this the oldest go (every panel answers 'ready' with a fresh start anyway). */
const MAX_PENDING = 200;

export interface PanelHostOptions<Host extends { type: string }, Page extends { type: string }> {
  /** The page bundle: dist/webview/<app>.js with media/<app>.css. */
  app: string;
  /** The page's HTML title. */
  title: string;
  /** Names the panel in log lines: "Metric charts: …". */
  label: string;
  isPageMessage: Guard<Page>;
  /** Handles an accepted message; a rejection is reported as the panel's failure. */
  onMessage(message: Page): unknown;
  /** The page's own error message, for pages that show failures; without it a failure is a notification. */
  errorMessage?(message: string): Host;
}

export class PanelHost<Host extends { type: string }, Page extends { type: string }> {
  readonly panel: vscode.WebviewPanel;
  private readonly posted = new vscode.EventEmitter<Host>();
  /**
   * Each message as it is posted. Nothing is kept for whoever might look later: a listener (a
   * test, another panel) records what it needs, so chart buffers are not held for nobody.
   */
  readonly onDidPost = this.posted.event;
  private readonly log: vscode.LogOutputChannel;
  private readonly options: PanelHostOptions<Host, Page>;
  private readonly owned: vscode.Disposable[] = [];
  private readonly disposeCallbacks: (() => void)[] = [];
  /** Set once the page said 'ready': before that its listener may not exist and a post would be lost. */
  private pageReady = false;
  private readonly pending: Host[] = [];

  constructor(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: vscode.LogOutputChannel, options: PanelHostOptions<Host, Page>) {
    this.panel = panel;
    this.log = log;
    this.options = options;
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, options.app, options.title);
    this.owned.push(
      this.posted,
      panel.webview.onDidReceiveMessage((value: unknown) => void this.receive(value).catch(() => undefined)),
    );
    panel.onDidDispose(() => {
      this.pending.length = 0;
      for (const disposable of this.owned.splice(0)) disposable.dispose();
      for (const callback of this.disposeCallbacks.splice(0)) callback();
    });
  }

  /** Disposed (or called) with the panel. */
  own(...items: (vscode.Disposable | (() => void))[]): void {
    for (const item of items) {
      if (typeof item === 'function') this.disposeCallbacks.push(item);
      else this.owned.push(item);
    }
  }

  /** Sends to the page, or holds the message until the page is listening. */
  post(message: Host): void {
    this.posted.fire(message);
    if (!this.pageReady) {
      this.pending.push(message);
      if (this.pending.length > MAX_PENDING) this.pending.splice(0, this.pending.length - MAX_PENDING);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  /**
   * Logs a failure, then shows it in the page when the page can show it. A page that cannot gets a
   * notification with actions (commandRunner's), unless the work was in the background (`quiet`).
   */
  fail(error: unknown, quiet = false): void {
    if (isCancellation(error)) return;
    const message = error instanceof Error ? error.message : String(error);
    if (this.options.errorMessage || quiet) {
      this.log.error(`${this.options.label}: ${message}${error instanceof MlflowError ? ` (${error.code})` : ''}`);
      if (this.options.errorMessage) this.post(this.options.errorMessage(message));
    } else {
      void reportError(this.log, error);
    }
  }

  /** Runs work the page did not ask for (a refresh, a poll): a failure is reported quietly, never thrown. */
  run(task: () => unknown): void {
    void (async () => task())().catch((error: unknown) => this.fail(error, true));
  }

  /**
   * Handles what the page posted: a message its guard refuses is logged and dropped. A handler's
   * failure is reported and also rejects (callers driving the panel see it).
   */
  async receive(value: unknown): Promise<void> {
    if (!this.options.isPageMessage(value)) {
      this.log.warn(`${this.options.label}: ignored a message the page should not send (${describeMessage(value)}).`);
      return;
    }
    if (value.type === 'ready') this.pageListening();
    try {
      await this.options.onMessage(value);
    } catch (error) {
      this.fail(error);
      throw error;
    }
  }

  private pageListening(): void {
    this.pageReady = true;
    for (const message of this.pending.splice(0)) void this.panel.webview.postMessage(message);
  }
}

/** Enough to recognise a bad message in the log without quoting page data. */
function describeMessage(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' ? `type ${JSON.stringify(type.slice(0, 40))}` : 'no type';
}

/**
 * Restores a panel type's panels after a reload from the state its page saved (vscode.setState).
 * `restore` returns false when the state is not one it can reopen; that panel is closed.
 */
export function registerPanelSerializer(viewType: string, restore: (panel: vscode.WebviewPanel, state: unknown) => boolean): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(viewType, {
    async deserializeWebviewPanel(panel, state: unknown) {
      if (!restore(panel, state ?? undefined)) panel.dispose();
    },
  });
}
