// Shared by the real-VS-Code suites: the activated extension and the fixture facts mlflow read back.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunLensApi } from '../../../src/vscode/compositionRoot.ts';
import type { FixtureFacts, FixtureRun } from '../fixture.ts';

export const extensionId = 'runlens.runlens';

export function runLensExtension(): vscode.Extension<RunLensApi> {
  const extension = vscode.extensions.getExtension<RunLensApi>(extensionId);
  assert.ok(extension, `${extensionId} is not installed in this VS Code`);
  return extension;
}

/** The extension's API once activated and connected to the fixture store. */
export async function runLens(): Promise<RunLensApi> {
  const api = await runLensExtension().activate();
  await api.session.ready();
  return api;
}

/** What the real mlflow wrote and read back (test/vscode/fixture.py), passed in by .vscode-test.mjs. */
export function fixtureFacts(): FixtureFacts {
  const json = process.env.RUNLENS_FIXTURE;
  assert.ok(json, 'RUNLENS_FIXTURE is not set: run these tests through `npm run test:vscode`');
  return JSON.parse(json) as FixtureFacts;
}

/** A fixture run by experiment and run name. */
export function fixtureRun(experiment: string, runName: string): FixtureRun {
  const run = fixtureFacts().experiments[experiment]?.runs[runName];
  assert.ok(run, `the fixture has no run ${experiment}/${runName}`);
  return run;
}

export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
