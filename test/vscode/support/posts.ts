// Records what a panel posts to its page from now on (panels keep nothing for later readers).
import type * as vscode from 'vscode';
import type { ChartsHostMessage } from '../../../src/shared/chartsProtocol.ts';

export function recordPosts<M>(handle: { onDidPost: vscode.Event<M> }): M[] {
  const sent: M[] = [];
  handle.onDidPost((message) => sent.push(message));
  return sent;
}

/** The latest series message for a metric key. */
export function lastSeries(sent: ChartsHostMessage[], key: string): Extract<ChartsHostMessage, { type: 'series' }> | undefined {
  return sent.findLast((m): m is Extract<ChartsHostMessage, { type: 'series' }> => m.type === 'series' && m.key === key);
}
