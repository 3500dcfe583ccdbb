// UI test in the real workbench (code-server + Chromium): Show Parameter Importance on the
// grid-sweep example (examples/grid_sweep.py, run by the real mlflow) from the experiment's row
// menu. What should rank first is decided independently in Python — scipy's Spearman and
// scikit-learn's RandomForestRegressor on the same child runs — and RunLens must agree; clicking
// the param shows the metric against it, coloured by the other param.
// Screenshot: test-results/parameter-importance.png.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { openWorkbench, type Workbench } from './support/workbench.ts';
import { treeRow, viewPane, waitUntil, webviewFrame } from './support/workbenchDom.ts';

interface PythonVerdict {
  runs: number;
  spearman: Record<string, number>;
  importance: Record<string, number>;
}

let folder: string;
let workbench: Workbench;
let page: Page;
let python: PythonVerdict;

/** The page's param table: name, importance text, Spearman text, per row in the page's order. */
async function paramRows(frame: Frame): Promise<{ param: string; importance: string; rho: string }[]> {
  return frame.locator('table.params tbody tr').evaluateAll((rows) => rows.map((row) => {
    const cells = Array.from((row as unknown as { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> }).querySelectorAll('td'), (c) => c.textContent ?? '');
    return { param: cells[1], importance: cells[2], rho: cells[3] };
  }));
}

/** Pixels of the scatter canvas close to a theme colour variable. */
function pixelsNear(frame: Frame, cssVar: string): Promise<number> {
  return frame.locator('#importance-scatter').evaluate((node, name) => {
    const canvas = node as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
    const doc = globalThis as unknown as { getComputedStyle(el: unknown): { getPropertyValue(name: string): string }; document: { body: unknown } };
    const hex = doc.getComputedStyle(doc.document.body).getPropertyValue(name).trim().slice(1, 7);
    const target = [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 200 && Math.abs(data[i] - target[0]) + Math.abs(data[i + 1] - target[1]) + Math.abs(data[i + 2] - target[2]) < 30) count += 1;
    }
    return count;
  }, cssVar);
}

describe('Parameter importance on the grid-sweep example', { timeout: 600_000 }, () => {
  before(async () => {
    folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-ui-importance-')));
    python = await runPythonJson<PythonVerdict>(path.join(repoRoot, 'test', 'ui', 'py', 'importance_grid_sweep.py'), [folder, repoRoot], {}, folder);
    workbench = await openWorkbench({ folder, extensionDevelopmentPath: repoRoot });
    page = workbench.page;
    await workbench.showRunLens();
  });

  after(async () => {
    await workbench?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('ranks first the param scikit-learn and scipy find matters, and clicking it shows the scatter', async () => {
    const pythonTop = Object.entries(python.importance).sort((a, b) => b[1] - a[1])[0][0];
    const pythonTopByRho = Object.entries(python.spearman).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))[0][0];
    assert.equal(pythonTop, pythonTopByRho, 'the example makes one param matter by both measures');

    const row = treeRow(viewPane(page, 'Experiments'), 'grid-sweep');
    await row.waitFor({ timeout: 30_000 });
    await row.click({ button: 'right' });
    const item = page.getByRole('menuitem', { name: 'Show Parameter Importance' }).first();
    await item.waitFor({ timeout: 10_000 });
    // VS Code's menus act on keyboard focus more reliably than on synthetic clicks.
    await item.hover();
    await item.focus();
    await page.keyboard.press('Enter');

    // The metric pick lists what the runs logged.
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 30_000 });
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'f1_macro' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.quick-input-list .monaco-list-row[aria-label^="accuracy"]').first().click();
    await page.locator('.tabs-container .tab', { hasText: 'Importance: accuracy' }).waitFor({ timeout: 60_000 });

    const frame = await webviewFrame(page, 'table.params', 60_000);
    const rows = await paramRows(frame);
    assert.deepEqual(rows.map((r) => r.param).sort(), ['C', 'max_iter'], 'the children log C and max_iter; the parent\'s params are constant or absent among runs with accuracy');
    assert.equal(rows[0].param, pythonTop, `RunLens ranks ${rows[0].param} first; scikit-learn ranks ${pythonTop}`);
    for (const r of rows) {
      const shown = Number(r.rho.replace('−', '-'));
      assert.ok(Math.abs(shown - python.spearman[r.param]) <= 0.005 + 1e-9, `Spearman of ${r.param}: page ${r.rho}, scipy ${python.spearman[r.param]}`);
    }
    assert.match(await frame.locator('p.summary').textContent() ?? '', new RegExp(`^${python.runs} runs of experiment grid-sweep \\(1 without accuracy left out\\)`, 'u'));

    // Clicking the top param opens the metric against it.
    await frame.locator('button.param', { hasText: new RegExp(`^${pythonTop}$`, 'u') }).click();
    await frame.locator(`section.scatter[data-param="${pythonTop}"] #importance-scatter`).waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('section.scatter h2').textContent(), `accuracy against ${pythonTop}`);

    // The other param's scatter, coloured by the top one: runs with one value of the other param
    // differ in accuracy (the top param moves it), so both ends of the colour scale show
    // (the smallest value in charts.blue, the largest in charts.red).
    const other = rows.find((r) => r.param !== pythonTop)!.param;
    await frame.locator('button.param', { hasText: new RegExp(`^${other}$`, 'u') }).click();
    await frame.locator(`section.scatter[data-param="${other}"] #importance-scatter`).waitFor({ timeout: 15_000 });
    await frame.locator('#colour-by').selectOption({ label: pythonTop });
    await waitUntil(page, async () => new RegExp(`^${pythonTop}: .* \\(blue\\) → .* \\(red\\)(, log scale)?$`, 'u').test(await frame.locator('.legend').textContent() ?? ''), 15_000, 'the colour legend shows the scale');
    await waitUntil(page, async () => (await pixelsNear(frame, '--vscode-charts-blue')) > 20 && (await pixelsNear(frame, '--vscode-charts-red')) > 20, 15_000, 'points at both ends of the colour scale are drawn');
    // code-server's own git extension may have posted a notification; keep the README picture clean.
    await workbench.runCommand('Notifications: Clear All Notifications');
    await workbench.screenshot('parameter-importance');
  });
});
