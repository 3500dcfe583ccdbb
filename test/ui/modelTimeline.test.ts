// UI test in the real workbench (code-server + Chromium): a registered model's History in the
// Models view and the model-version details panel, over a trail RunLens's auditing registry wrote
// for two people over a few days. Screenshot: test-results/model-timeline.png (README).
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { auditedRegistry } from '../../src/store/audit/auditedRegistry.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { createFixtureWorkspace, type FixtureWorkspace } from '../vscode/fixture.ts';
import { repoRoot } from '../support/python.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { treeRow, viewPane, waitUntil, webviewFrame } from './support/workbenchDom.ts';

const MINUTE = 60_000;
let fixture: FixtureWorkspace;
let workbench: Workbench;
let page: Page;

/**
 * The fixture's iris-model (version 1 in Production as @champion, version 2 registered after) gets
 * the history a team would leave: version 2 tried in Staging, challenged, then promoted.
 */
async function seedHistory(folder: string): Promise<void> {
  const stores = openSqliteStore(path.join(folder, 'mlflow.db'));
  try {
    // After version 2 was registered, a quarter of an hour or so apart.
    const start = (await stores.registry.getModelVersion('iris-model', '2')).creationTimestamp ?? Date.now();
    let step = 1;
    const as = (user: string, reason?: string) => auditedRegistry(stores.registry, { user, reason, now: () => start + (step++) * 17 * MINUTE });
    await as('alice', 'passed offline eval on the March data').transitionModelVersionStage('iris-model', '2', 'Staging', false);
    await as('bob', 'A/B test against the champion').setRegisteredModelAlias('iris-model', 'challenger', '2');
    await as('carol').updateModelVersion('iris-model', '2', 'Logistic regression on the iris measurements, retrained on the March data.');
    await as('carol').setModelVersionTag('iris-model', '2', { key: 'approved-by', value: 'carol' });
    await as('alice', 'won the A/B test: +2.1% accuracy').transitionModelVersionStage('iris-model', '2', 'Production', true);
    await as('alice', 'promoted after the A/B test').setRegisteredModelAlias('iris-model', 'champion', '2');
    await as('bob').deleteRegisteredModelAlias('iris-model', 'challenger');
    // The fixture ran inside this checkout; the picture shows a project's own relative names instead.
    const { runId } = await stores.registry.getModelVersion('iris-model', '2');
    if (runId) {
      for (const [key, value] of [['mlflow.source.name', 'train_iris.py'], ['mlflow.source.git.branch', 'main']]) await stores.tracking.setTag(runId, { key, value });
    }
  } finally {
    stores.close();
  }
}

async function expand(row: Locator, what: string): Promise<void> {
  await row.waitFor({ timeout: 30_000 });
  await waitUntil(page, async () => {
    if ((await row.getAttribute('aria-expanded')) === 'true') return true;
    await row.click();
    await page.mouse.move(1300, 850);
    await page.waitForTimeout(750);
    return (await row.getAttribute('aria-expanded')) === 'true';
  }, 45_000, `${what} is expanded`);
}

describe('the model timeline in the workbench', { timeout: 600_000 }, () => {
  before(async () => {
    fixture = await createFixtureWorkspace();
    await seedHistory(fixture.folder);
    workbench = await openWorkbench({ folder: fixture.folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (fixture) rmSync(fixture.folder, { recursive: true, force: true });
  });

  test('the Models view shows who moved which version where and why; the details panel shows the version\'s timeline', async () => {
    const models = viewPane(page, 'Models');
    const model = treeRow(models, 'iris-model');
    await model.waitFor({ timeout: 60_000 });
    // The model row answers "which version is in Production / @champion, since when, by whom".
    await waitUntil(page, async () => /Production v2 \(alice, .*@champion→2/u.test(await model.innerText()), 30_000, 'the model row says Production v2 (alice, …) · @champion→2');
    // The Experiments view only takes room from the picture.
    const experimentsHeader = viewPane(page, 'Experiments').locator('.pane-header');
    if ((await experimentsHeader.getAttribute('aria-expanded')) === 'true') await experimentsHeader.click();
    // A wider side bar (its sash dragged, as a user does), so the rows' who, when and why read whole.
    const sideBar = await page.locator('.part.sidebar').boundingBox();
    assert.ok(sideBar, 'the side bar is shown');
    await page.mouse.move(sideBar.x + sideBar.width + 1, sideBar.y + 400);
    await page.mouse.down();
    await page.mouse.move(600, sideBar.y + 400, { steps: 12 });
    await page.mouse.up();

    await expand(model, 'iris-model');
    await expand(treeRow(models, 'History'), 'the model\'s History');
    const promoted = treeRow(models, 'Version 2 moved to Production');
    await promoted.waitFor({ timeout: 15_000 });
    assert.match(await promoted.innerText(), /alice · \d{4}-\d\d-\d\d \d\d:\d\d — "won the A\/B test: \+2\.1% accuracy"/u);
    await treeRow(models, 'Version 1 moved to Archived').waitFor({ timeout: 15_000 });
    await treeRow(models, '@champion → version 2').waitFor({ timeout: 15_000 });
    // The trail's own tags are not listed as tags.
    assert.equal(await models.locator('.label-name', { hasText: /^runlens\.audit\./u }).count(), 0);

    // The inline button on the version row opens its details.
    const version = treeRow(models, 'Version 2');
    await version.hover();
    await version.locator('.actions .action-label[aria-label^="Show Model Version Details"]').first().click({ timeout: 10_000 });
    await page.locator('.tabs-container .tab', { hasText: 'iris-model v2' }).waitFor({ timeout: 30_000 });
    const frame = await webviewFrame(page, '#timeline');
    assert.equal(await frame.locator('#title').textContent(), 'iris-model · version 2');
    const rows = await frame.locator('#timeline tbody tr').allInnerTexts();
    assert.ok(rows.length >= 7, rows.join('\n'));
    assert.match(rows[0], /challenger/u, 'newest first: the challenger alias removed');
    assert.ok(rows.some((r) => /alice\s+Moved to Production\s+Staging → Production\s+won the A\/B test/u.test(r)), rows.join('\n'));
    assert.match(rows.at(-1) ?? '', /Created from run/u);
    assert.ok(await frame.locator('#created').count(), 'the Created section is drawn');
    await page.mouse.move(1300, 850);
    await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
    await page.waitForTimeout(500);
    await workbench.screenshot('model-timeline');

    // Another process records a change in the same mlflow.db: the open panel follows it.
    const stores = openSqliteStore(path.join(fixture.folder, 'mlflow.db'));
    try {
      // Later than the seeded events, so it is the newest.
      const later = (await stores.registry.getModelVersion('iris-model', '2')).creationTimestamp! + 12 * 17 * MINUTE;
      await auditedRegistry(stores.registry, { user: 'dave', reason: 'rollback drill', now: () => later }).setModelVersionTag('iris-model', '2', { key: 'drill', value: 'done' });
    } finally {
      stores.close();
    }
    await waitUntil(page, async () => /dave\s+Tag drill = done.*rollback drill/su.test(await frame.locator('#timeline tbody tr').first().innerText()), 30_000, 'the panel shows the new event first');
    await treeRow(models, 'Version 2 tag drill = done').waitFor({ timeout: 15_000 });
  });
});
