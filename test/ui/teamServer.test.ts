// UI test in the real workbench (code-server + Chromium) on MLflow's team setup: the real
// `mlflow server` 3.18.0 on a throwaway PostgreSQL with `--default-artifact-root s3://…` in
// SeaweedFS's S3 gateway, two runs logged by the real mlflow client straight to the bucket. The
// workspace only sets `runlens.trackingUri`; the S3 keys and endpoint reach RunLens through the
// extension host's environment, as they reach mlflow on a laptop. Then: the run's Artifacts list
// the PNG and metadata.json, its Models row the logged model's files, a click shows the PNG in
// VS Code's image preview, and Compare with… diffs metadata.json across the two runs.
// Screenshots: test-results/team-s3-artifacts.png, test-results/team-s3-diff.png.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { logTail } from '../support/mlflowServer.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { startTeamServer, type TeamServer } from '../support/teamServer.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { treeRow, viewPane, waitUntil, webviewFrame } from './support/workbenchDom.ts';

interface LoggedRuns {
  runs: Record<'baseline' | 'tuned', string>;
  artifactLocation: string;
  metadata: Record<'baseline' | 'tuned', string>;
}

let dir: string;
let folder: string;
let team: TeamServer;
let logged: LoggedRuns;
let workbench: Workbench;
let page: Page;

const experiments = () => viewPane(page, 'Experiments');

/** Clicks a row, then moves the pointer off the tree so its hover cannot cover the next row. */
async function clickRow(row: Locator, options: { button?: 'right' } = {}): Promise<void> {
  await row.click({ timeout: 10_000, ...options });
  if (!options.button) await page.mouse.move(1100, 700);
}

async function expand(label: string): Promise<void> {
  const row = treeRow(experiments(), label);
  await row.waitFor({ timeout: 30_000 });
  await waitUntil(page, async () => {
    if ((await row.getAttribute('aria-expanded')) === 'true') return true;
    await clickRow(row);
    await page.waitForTimeout(750);
    return (await row.getAttribute('aria-expanded')) === 'true';
  }, 45_000, `"${label}" is expanded`);
}

/** The text an editor shows (Monaco renders spaces as non-breaking ones). */
async function editorText(editor: Locator): Promise<string> {
  return (await editor.locator('.view-lines').innerText()).replace(/\u00a0/gu, ' ');
}

/** A failure with a screenshot and what the servers and the extension host said, but never a secret. */
async function withLogs(error: unknown): Promise<Error> {
  await workbench?.screenshot('team-s3-failure').catch(() => undefined);
  const logs = `${team?.log() ?? ''}\n${logTail(workbench?.extensionHostLogs() ?? '', 4000)}`;
  const secret = team?.cloud.env.AWS_SECRET_ACCESS_KEY;
  return new Error(`${(error as Error).message}\n${secret ? logs.replaceAll(secret, '***') : logs}`, { cause: error });
}

describe('a workspace connected to a team server with artifacts on S3', { timeout: 300_000 }, () => {
  before(async () => {
    dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-team-')));
    folder = path.join(dir, 'workspace');
    team = await startTeamServer('s3');
    try {
      logged = await runPythonJson<LoggedRuns>(path.join(repoRoot, 'test', 'ui', 'py', 'team_s3_runs.py'), [team.trackingUrl], team.cloud.env, dir);
    } catch (error) {
      throw await withLogs(error);
    }
    assert.match(logged.artifactLocation, new RegExp(`^${team.artifactRoot.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}/\\d+$`, 'u'), 'the experiment should live in the bucket, as --default-artifact-root says');
    // A plain project folder: nothing in it says where the runs are but the user setting.
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'train.py'), 'import mlflow\n');
    workbench = await openWorkbench({
      folder,
      extensionDevelopmentPath: repoRoot,
      env: team.cloud.env,
      userSettings: { 'runlens.trackingUri': team.trackingUrl, 'workbench.tree.enableStickyScroll': false },
    });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    await team?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the run\'s Artifacts list the PNG and metadata.json, its Models row the logged model, and the PNG opens in the image preview', async () => {
    try {
      await expand('team-s3');
      await treeRow(experiments(), 'tuned').waitFor({ timeout: 30_000 });
      await expand('baseline');
      await expand('Artifacts');
      for (const name of ['loss.png', 'metadata.json']) await treeRow(experiments(), name).waitFor({ timeout: 30_000 });
      await expand('Models');
      await expand('model');
      await treeRow(experiments(), 'MLmodel').waitFor({ timeout: 30_000 });

      await clickRow(treeRow(experiments(), 'loss.png'));
      await page.locator('.tabs-container .tab', { hasText: 'loss.png' }).waitFor({ timeout: 30_000 });
      // VS Code's image preview marks its body "ready" once the <img> has loaded, "error" if not.
      const frame = await webviewFrame(page, 'body.image.ready img, body.image.error');
      assert.equal(await frame.locator('body.image.error').count(), 0, 'the image preview could not load the PNG');
      const size = await frame.locator('img').first().evaluate((img) => {
        const image = img as unknown as { naturalWidth: number; naturalHeight: number };
        return { width: image.naturalWidth, height: image.naturalHeight };
      });
      // log_figure saved a 3×2 in figure at 80 dpi.
      assert.deepEqual(size, { width: 240, height: 160 });
      await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
      await workbench.screenshot('team-s3-artifacts');
    } catch (error) {
      throw await withLogs(error);
    }
  });

  test('Compare with… diffs metadata.json of the two runs', async () => {
    try {
      const row = treeRow(experiments(), 'metadata.json');
      await clickRow(row);
      // The click also opens the file: let the editor settle before the menu, and retry a menu it closed.
      await page.waitForTimeout(750);
      const menuItem = page.getByRole('menuitem', { name: 'Compare with…' }).first();
      await waitUntil(page, async () => {
        await clickRow(row, { button: 'right' });
        if (await menuItem.waitFor({ timeout: 3000 }).then(() => true, () => false)) return true;
        await page.keyboard.press('Escape');
        return false;
      }, 20_000, 'the row menu offers Compare with…');
      // VS Code's menus follow the pointer and act on the focused item.
      await menuItem.hover({ timeout: 5000 });
      await menuItem.focus();
      await page.keyboard.press('Enter');
      const pick = page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row', { hasText: 'tuned' }).first();
      await pick.waitFor({ timeout: 20_000 });
      await pick.click();

      // Left: the picked run (tuned); right: the run the command was run on (baseline).
      await page.locator('.tabs-container .tab', { hasText: 'metadata.json (tuned ↔ baseline)' }).waitFor({ timeout: 30_000 });
      const diff = page.locator('.monaco-diff-editor').first();
      await diff.waitFor({ timeout: 30_000 });
      const left = diff.locator('.editor.original');
      const right = diff.locator('.editor.modified');
      await waitUntil(page, async () => (await editorText(left)).includes('iris-v2') && (await editorText(right)).includes('iris-v1'), 30_000, 'both sides of the diff show their run\'s metadata.json');
      const compact = (text: string) => JSON.stringify(JSON.parse(text));
      assert.equal(compact(await editorText(left)), compact(logged.metadata.tuned));
      assert.equal(compact(await editorText(right)), compact(logged.metadata.baseline));
      // The lines that differ are marked as changes.
      assert.ok(await diff.locator('.line-insert, .char-insert').count() > 0, 'the diff marks no inserted text');
      await workbench.runCommand('Notifications: Clear All Notifications').catch(() => undefined);
      await workbench.screenshot('team-s3-diff');
    } catch (error) {
      throw await withLogs(error);
    }
  });

  test('the S3 secret key appears in none of the extension host\'s logs', () => {
    const logs = workbench.extensionHostLogs();
    assert.ok(logs.includes('Connected to the remote store'), 'the RunLens log is missing from the extension host logs');
    assert.ok(!logs.includes(team.cloud.env.AWS_SECRET_ACCESS_KEY), 'the S3 secret key was written to a log');
  });
});
