// Picking runs across experiments (Compare Runs, Show Metric Charts, Register Model from the palette).
import * as vscode from 'vscode';
import type { OpenedStore } from '../store/openStore.ts';
import type { Run } from '../shared/entities.ts';

/** Runs offered per experiment, newest first. */
const PICK_RUNS_PER_EXPERIMENT = 500;

/** Experiment names by id, deleted experiments included (their runs may still be open). */
export async function experimentNames(store: OpenedStore): Promise<Map<string, string>> {
  const page = await store.tracking.searchExperiments({ viewType: 'ALL', maxResults: 1000 });
  return new Map(page.items.map((e) => [e.experimentId, e.name]));
}

type RunPick = vscode.QuickPickItem & { run: Run };

/** One item per active run of every experiment, listed under a progress notification. */
async function runItems(store: OpenedStore): Promise<RunPick[]> {
  const names = await experimentNames(store);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Listing runs…' }, async () => {
    const picks: RunPick[] = [];
    for (const [experimentId, name] of names) {
      const runs = await store.tracking.searchRuns({ experimentIds: [experimentId], maxResults: PICK_RUNS_PER_EXPERIMENT, runViewType: 'ACTIVE_ONLY' });
      for (const run of runs.items) {
        picks.push({ label: run.info.runName || run.info.runId, description: name, detail: `${run.info.status} · ${run.data.metrics.length} metrics · ${run.info.runId}`, run });
      }
    }
    return picks;
  });
}

/** A multi-select quick pick of the active runs of every experiment; undefined when dismissed. */
export async function pickRuns(store: OpenedStore, title: string, placeHolder: string): Promise<string[] | undefined> {
  const picked = await vscode.window.showQuickPick(await runItems(store), { title, placeHolder, canPickMany: true, matchOnDescription: true, matchOnDetail: true });
  return picked?.map((p) => p.run.info.runId);
}

/** A single-run quick pick over the same list; undefined when dismissed. */
export async function pickRun(store: OpenedStore, title: string, placeHolder: string): Promise<Run | undefined> {
  const picked = await vscode.window.showQuickPick(await runItems(store), { title, placeHolder, matchOnDescription: true, matchOnDetail: true });
  return picked?.run;
}
