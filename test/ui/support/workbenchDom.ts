// What UI tests look for in the workbench's DOM: a view's pane, a tree row by its label, a webview's
// frame, and a condition polled until it holds. Shared so every test finds rows the same way.
import type { Frame, Locator, Page } from 'playwright-core';

/** The pane of a view by its title ("Experiments", "Models"). */
export function viewPane(page: Page, title: string | RegExp): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) });
}

/** The first tree row in `view` whose label is exactly `label`. */
export function treeRow(view: Locator, label: string): Locator {
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}$`, 'u');
  return view.locator('.monaco-list-row[role="treeitem"]', { has: view.page().locator('.label-name', { hasText: exact }) }).first();
}

/** Polls `condition` (a throw counts as false) until it holds, or fails naming `what`. */
export async function waitUntil(page: Page, condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await page.waitForTimeout(200);
  }
}

/** The frame of a webview whose document holds `selector` (webviews are nested iframes). */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  let found: Frame | undefined;
  await waitUntil(page, async () => {
    for (const frame of page.frames()) {
      if (await frame.locator(selector).count().catch(() => 0)) found = frame;
    }
    return found !== undefined;
  }, timeoutMs, `a webview shows ${selector}`);
  return found as Frame;
}

/** Clicks a tree row, then moves the pointer off the tree so the row's hover tooltip cannot cover the next row. */
export async function clickRow(target: Locator, modifiers: ('Control' | 'Shift')[] = []): Promise<void> {
  await target.click({ timeout: 10_000, modifiers });
  await target.page().mouse.move(1100, 700);
}

/**
 * Selects exactly the rows labelled `labels` (a click, then Ctrl+clicks) and waits until the tree
 * shows them all selected; a refresh that redraws the tree mid-way drops a click, so it tries again.
 */
export async function selectRows(view: Locator, labels: string[]): Promise<void> {
  const rows = labels.map((label) => treeRow(view, label));
  const allSelected = async (): Promise<boolean> => {
    for (const row of rows) if ((await row.getAttribute('aria-selected')) !== 'true') return false;
    return (await view.locator('.monaco-list-row[aria-selected="true"]').count()) === rows.length;
  };
  await waitUntil(view.page(), async () => {
    await clickRow(rows[0]);
    for (const row of rows.slice(1)) await clickRow(row, ['Control']);
    await view.page().waitForTimeout(300);
    return allSelected();
  }, 45_000, `${labels.join(', ')} are selected`);
}

/** Clicks the row labelled `label` until its expanded state is `expanded`. */
async function toggleRow(view: Locator, label: string, expanded: boolean): Promise<void> {
  const target = treeRow(view, label);
  await target.waitFor({ timeout: 30_000 });
  const wanted = String(expanded);
  // Re-query each time: a refresh may redraw the row between the click and the check.
  await waitUntil(view.page(), async () => {
    if ((await target.getAttribute('aria-expanded')) === wanted) return true;
    await clickRow(target);
    await view.page().waitForTimeout(750);
    return (await target.getAttribute('aria-expanded')) === wanted;
  }, 45_000, `"${label}" is ${expanded ? 'expanded' : 'collapsed'}`);
}

export const expandRow = (view: Locator, label: string): Promise<void> => toggleRow(view, label, true);
export const collapseRow = (view: Locator, label: string): Promise<void> => toggleRow(view, label, false);

/** The texts of the error notifications showing, whitespace collapsed. */
export async function errorToasts(page: Page): Promise<string[]> {
  const toasts = page.locator('.notifications-toasts .notification-toast', { has: page.locator('.codicon-error') });
  return (await toasts.allInnerTexts()).map((t) => t.replace(/\s+/gu, ' ').trim());
}
