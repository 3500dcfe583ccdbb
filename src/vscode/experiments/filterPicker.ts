// Filter Runs…: one box that takes a typed MLflow expression or a recent one, so typing a new
// filter and pressing Enter applies it (a plain quick pick would answer "0 Results").
import * as vscode from 'vscode';
import { filterChoices, filterProblem, type FilterChoice } from './runListOptions.ts';

type FilterItem = FilterChoice & vscode.QuickPickItem;

const PLACEHOLDER = "Type an MLflow filter, e.g. metrics.accuracy > 0.9 and params.model = 'forest'";

/** Resolves with the chosen filter, '' to clear, or undefined when dismissed. */
export function askFilter(current: string | undefined, history: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<FilterItem>();
    pick.title = 'Filter Runs';
    pick.placeholder = PLACEHOLDER;
    pick.value = current ?? '';
    pick.matchOnDescription = false;
    const update = () => {
      pick.items = filterChoices(pick.value, history);
      const top = pick.items[0];
      if (top) pick.activeItems = [top];
    };
    update();
    let settled = false;
    const finish = (result: string | undefined) => {
      if (settled) return;
      settled = true;
      resolve(result);
      pick.dispose();
    };
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      // Enter on an empty box clears the filter, as an empty expression matches every run.
      const filter = chosen?.filter ?? pick.value.trim();
      const problem = filter ? filterProblem(filter) : undefined;
      if (problem) {
        pick.items = filterChoices(filter, history);
        return;
      }
      finish(filter);
    });
    pick.onDidHide(() => finish(undefined));
    pick.show();
  });
}
