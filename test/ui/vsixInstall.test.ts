// The packaged extension, not the source tree: `npm run package` makes the linux-x64 VSIX,
// code-server installs it like a user would, and the Experiments view of a workspace whose
// mlflow.db the real mlflow wrote lists that store's experiments. That only happens when the
// VSIX's bundle activates and loads the better-sqlite3 binary it ships.
import { existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { repoRoot } from '../support/python.ts';
import { createFixtureWorkspace, type FixtureWorkspace } from '../vscode/fixture.ts';
import { codeServerDirs, installExtension } from './support/codeServer.ts';
import { openWorkbench } from './support/workbench.ts';

interface PackagedVsix {
  target: string;
  file: string;
  bytes: number;
  seconds: number;
}

interface PackageScript {
  packageVsix(options: { targets?: string[]; outDir?: string }): Promise<PackagedVsix[]>;
  maxVsixBytes: number;
}

async function packageLinuxX64(): Promise<{ vsix: PackagedVsix; maxBytes: number }> {
  const script = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'package.mjs')).href)) as PackageScript;
  const [vsix] = await script.packageVsix({ targets: ['linux-x64'] });
  return { vsix, maxBytes: script.maxVsixBytes };
}

/** Top-level rows of the Experiments view, polled until all `expected` names show or time runs out. */
async function experimentRows(page: Page, expected: string[], timeoutMs: number): Promise<string[]> {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Experiments' }) });
  const rows = pane.locator('.monaco-list-row[role="treeitem"][aria-level="1"]');
  const deadline = Date.now() + timeoutMs;
  let names: string[] = [];
  while (Date.now() < deadline) {
    names = (await rows.locator('.label-name').allTextContents()).map((text) => text.trim()).sort();
    if (expected.every((name) => names.includes(name))) break;
    await page.waitForTimeout(250);
  }
  return names;
}

describe('the linux-x64 VSIX in real VS Code', { timeout: 300_000 }, () => {
  const dataDir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-vsix-')));
  let fixture: FixtureWorkspace | undefined;
  after(() => {
    if (process.env.RUNLENS_UI_KEEP) return;
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
    if (fixture) rmSync(fixture.folder, { recursive: true, force: true, maxRetries: 3 });
  });

  test('installs into code-server and lists the fixture experiments in the RunLens view', async (t) => {
    let started = Date.now();
    const [{ vsix, maxBytes }, workspace] = await Promise.all([packageLinuxX64(), createFixtureWorkspace()]);
    fixture = workspace;
    t.diagnostic(`packaged ${path.relative(repoRoot, vsix.file)} (${(vsix.bytes / 1e6).toFixed(2)} MB) and the fixture in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.ok(vsix.bytes < maxBytes, `${vsix.file} is ${vsix.bytes} bytes, the limit is ${maxBytes}`);

    started = Date.now();
    const dirs = codeServerDirs(dataDir);
    const output = await installExtension(vsix.file, dirs);
    t.diagnostic(`installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const installed = readdirSync(dirs.extensionsDir).filter((entry) => entry.startsWith('runlens.runlens-'));
    assert.equal(installed.length, 1, `expected one runlens extension folder in ${readdirSync(dirs.extensionsDir).join(', ')}; code-server said:\n${output}`);
    const prebuilds = readdirSync(path.join(dirs.extensionsDir, installed[0], 'node_modules', 'better-sqlite3', 'prebuilds'));
    assert.deepEqual(prebuilds, ['linux-x64.node']);
    // Every bundle the build makes (the extension, the CLI and each worker thread) ships: a worker
    // left out of .vscodeignore only fails when its feature is first used.
    const bundles = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.js')).sort();
    assert.deepEqual(bundles(path.join(dirs.extensionsDir, installed[0], 'dist')), bundles(path.join(repoRoot, 'dist')));
    // The marketplace icon and the walkthrough's step media ship too (package.json names them).
    for (const file of ['media/icon.png', 'media/walkthrough/store.md']) assert.ok(existsSync(path.join(dirs.extensionsDir, installed[0], file)), `${file} is missing from the VSIX`);

    started = Date.now();
    const workbench = await openWorkbench({ folder: workspace.folder, dataDir });
    try {
      t.diagnostic(`workbench up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      let shown: string[];
      try {
        await workbench.runCommand('View: Show RunLens');
        shown = await experimentRows(workbench.page, workspace.experimentNames, 60_000);
      } finally {
        await workbench.screenshot('vsix-installed');
      }
      t.diagnostic(`experiments shown after ${((Date.now() - started) / 1000).toFixed(1)} s: ${shown.join(', ')}`);
      const missing = workspace.experimentNames.filter((name) => !shown.includes(name));
      assert.deepEqual(missing, [], `the Experiments view lacks ${missing.join(', ')}; it shows [${shown.join(', ')}]\n${workbench.extensionHostLogs()}`);
    } finally {
      await workbench.close();
    }
  });
});
