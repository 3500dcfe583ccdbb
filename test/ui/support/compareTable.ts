// Reading the Compare Runs page's table in UI tests.
import type { Frame, Locator } from 'playwright-core';

/** The cells of the compare table's row for `key`, one per run, keyed by run name. */
export async function compareCells(frame: Frame, key: string): Promise<Map<string, Locator>> {
  const names = (await frame.locator('#compare-table thead th').allTextContents()).slice(1);
  const row = frame.locator('#compare-table tbody tr', { has: frame.locator('td.key', { hasText: new RegExp(`^${key}\\b`, 'u') }) });
  return new Map(names.map((name, i) => [name, row.locator('td').nth(i + 1)]));
}
