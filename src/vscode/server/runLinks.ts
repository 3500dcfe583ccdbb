// Links from outside into the editor: `<uriScheme>://<extension id>/run?id=<run id>` (what the
// tracking server's page makes of mlflow's "View run … at <server>/#/experiments/…/runs/…" links)
// reveals the run in the Experiments view and opens its charts; `/experiment?id=` reveals an experiment.
import * as vscode from 'vscode';
import { MlflowError } from '../../shared/errors.ts';
import { reportError } from '../commandRunner.ts';
import { runNodes } from '../runNodes.ts';
import type { StoreSession } from '../storeSession.ts';
import type { ExperimentNode, ExperimentsNode } from '../treeNodes.ts';
import { UserError } from '../userError.ts';

/** What a link opened, for tests and callers. */
export interface OpenedLink {
  kind: 'run' | 'experiment' | 'view';
  id?: string;
  /** Whether the row was found and selected in the Experiments view (a run on a later page is not). */
  revealed: boolean;
  /** What runlens.showCharts returned for a run link (its panel). */
  charts?: unknown;
}

/** `vscode://runlens.runlens` (or code-server's / Insiders' scheme): the base of links into this window. */
export function editorLinkBase(context: vscode.ExtensionContext): string {
  return `${vscode.env.uriScheme}://${context.extension.id}`;
}

const ID_PATTERN = /^[0-9A-Za-z_-]{1,64}$/u;
const REVEAL_ATTEMPTS = 3;
const REVEAL_RETRY_MS = 300;

function idFrom(uri: vscode.Uri, what: string): string {
  const id = new URLSearchParams(uri.query).get('id') ?? '';
  if (!ID_PATTERN.test(id)) throw new UserError(`The link ${uri.toString(true)} names no valid ${what} id.`);
  return id;
}

async function notFoundAsUserError<T>(task: () => Promise<T>, message: string): Promise<T> {
  try {
    return await task();
  } catch (error) {
    if (error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST') throw new UserError(message, ['Show Log']);
    throw error;
  }
}

export function registerRunLinks(context: vscode.ExtensionContext, session: StoreSession, view: vscode.TreeView<ExperimentsNode>): (uri: vscode.Uri) => Promise<OpenedLink> {
  const reveal = async (node: ExperimentsNode, expand: boolean): Promise<boolean> => {
    // A refresh landing mid-reveal (live refresh while a run logs, which is when people follow
    // mlflow's printed link) makes VS Code lose the row it was walking to: try again once it settled.
    for (let attempt = 1; ; attempt++) {
      try {
        await view.reveal(node, { select: true, focus: false, expand });
        return true;
      } catch (error) {
        // A run beyond the loaded pages (or hidden by the filter) has no row to select.
        session.log.debug(`Could not reveal ${node.kind} in the Experiments view (attempt ${attempt}): ${(error as Error).message}`);
        if (attempt === REVEAL_ATTEMPTS) return false;
        await new Promise((resolve) => setTimeout(resolve, REVEAL_RETRY_MS));
      }
    }
  };

  const open = async (uri: vscode.Uri): Promise<OpenedLink> => {
    session.log.info(`Opening link ${uri.toString(true)}`);
    const store = await session.requireStore();
    await vscode.commands.executeCommand('runlens.experiments.focus');
    if (uri.path === '/run') {
      const id = idFrom(uri, 'run');
      const [node] = await notFoundAsUserError(() => runNodes(store, [id]), `Run ${id} is not in the store RunLens shows (${store.location}).`);
      const revealed = await reveal(node, false);
      const charts = await vscode.commands.executeCommand('runlens.showCharts', node);
      return { kind: 'run', id, revealed, charts };
    }
    if (uri.path === '/experiment') {
      const id = idFrom(uri, 'experiment');
      const experiment = await notFoundAsUserError(() => store.tracking.getExperiment(id), `Experiment ${id} is not in the store RunLens shows (${store.location}).`);
      const node: ExperimentNode = { kind: 'experiment', experiment };
      return { kind: 'experiment', id, revealed: await reveal(node, true) };
    }
    return { kind: 'view', revealed: false };
  };

  context.subscriptions.push(vscode.window.registerUriHandler({
    handleUri: (uri) => open(uri).then(() => undefined, (error: unknown) => reportError(session.log, error)),
  }));
  return open;
}
