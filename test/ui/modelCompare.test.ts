// UI test in the real workbench (code-server + Chromium): two versions of the fixture's iris-model
// selected in the Models view, "Compare Model Versions…" from their row menu, and the MLmodel diff
// of a run's model folder (v1) against an MLflow 3 logged model (v2) drawn side by side.
// Screenshot: test-results/model-compare.png.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { createFixtureWorkspace, type FixtureWorkspace } from '../vscode/fixture.ts';
import { repoRoot } from '../support/python.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { expandRow, selectRows, treeRow, viewPane, waitUntil } from './support/workbenchDom.ts';

let fixture: FixtureWorkspace;
let workbench: Workbench;
let page: Page;

describe('Compare Model Versions in the workbench', { timeout: 600_000 }, () => {
  before(async () => {
    fixture = await createFixtureWorkspace();
    workbench = await openWorkbench({ folder: fixture.folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (fixture) rmSync(fixture.folder, { recursive: true, force: true });
  });

  test('two selected versions → their MLmodel files diffed side by side, flavors and all', async () => {
    // The Experiments view folded away, so the Models view and the diff have the room.
    const experimentsHeader = viewPane(page, 'Experiments').locator('.pane-header');
    await experimentsHeader.waitFor({ timeout: 30_000 });
    if ((await experimentsHeader.getAttribute('aria-expanded')) === 'true') await experimentsHeader.click();
    const models = viewPane(page, 'Models');
    await expandRow(models, 'iris-model');
    await selectRows(models, ['Version 1', 'Version 2']);

    await treeRow(models, 'Version 2').click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: /^Compare Model Versions/u });
    await item.waitFor({ timeout: 10_000 });
    // VS Code's menus act on keyboard focus more reliably than on synthetic clicks.
    await item.hover().catch(() => undefined);
    await item.focus();
    await page.keyboard.press('Enter');

    // Both selected rows were compared without a prompt: the tabs name the pair and each file.
    const tab = (file: string) => page.locator('.tabs-container .tab', { hasText: `iris-model v1 ↔ v2: ${file}` });
    for (const file of ['versions and audit trail', 'MLmodel', 'requirements.txt']) await tab(file).first().waitFor({ timeout: 60_000 });
    assert.equal(await page.locator('.quick-input-widget:visible').count(), 0, 'a prompt appeared although two versions were selected');
    // MLmodel is the diff shown last; both sides hold the sklearn flavor, and only v2 (the logged model) has a model id.
    await waitUntil(page, async () => (await tab('MLmodel').first().getAttribute('aria-selected')) === 'true', 30_000, 'the MLmodel diff is the active editor');
    const diff = page.locator('.monaco-diff-editor').first();
    const original = diff.locator('.editor.original .view-lines');
    const modified = diff.locator('.editor.modified .view-lines');
    await original.filter({ hasText: 'sklearn:' }).waitFor({ timeout: 30_000 });
    await modified.filter({ hasText: 'sklearn:' }).waitFor({ timeout: 30_000 });
    // Monaco draws spaces as no-break spaces, hence \s.
    await modified.filter({ hasText: /model_id:\sm-/u }).waitFor({ timeout: 15_000 });
    assert.match(await original.innerText(), /model_id:\snull/u, 'v1, saved into a run folder, has no logged model id');
    // The diff marks what changed.
    assert.ok(await diff.locator('.line-insert, .char-insert').count() > 0, 'the diff marks no inserted lines');

    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await page.mouse.move(1100, 880);
    await workbench.screenshot('model-compare');
  });
});
