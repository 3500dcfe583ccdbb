// The workspace the real-VS-Code tests open: a temp folder whose mlflow.db and mlruns/ artifacts
// the real mlflow writes (fixture.py), plus the facts mlflow reads back, for the tests to expect.
import { mkdtempSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot, runPythonJson } from '../support/python.ts';

export interface FixtureRun {
  runId: string;
  status: string;
  lifecycleStage: string;
  artifactUri: string;
  parentRunId: string | null;
  params: Record<string, string>;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  /** MLflow's own `mlflow.*` run tags (user, source, run name, …). */
  systemTags: Record<string, string>;
}

export interface FixtureModelVersion {
  version: string;
  stage: string;
  source: string;
  runId: string | null;
  modelId: string | null;
}

/** What mlflow read back from the fixture store after writing it. */
export interface FixtureFacts {
  experiments: Record<string, { experimentId: string; runs: Record<string, FixtureRun> }>;
  models: { name: string; description: string; aliases: Record<string, string>; versions: FixtureModelVersion[] }[];
  /** The run with plots/confusion.png, notes.txt, metrics.json and the model/ MLmodel folder. */
  modelRunId: string;
  loggedModelId: string;
  /** Run ids in the order mlflow's search_runs gives for `metrics.accuracy DESC` over the active experiments (first 5). */
  bestByAccuracy: string[];
}

export interface FixtureWorkspace {
  folder: string;
  facts: FixtureFacts;
  /** Active experiment names as mlflow lists them, sorted. */
  experimentNames: string[];
}

export async function createFixtureWorkspace(): Promise<FixtureWorkspace> {
  // Real path: VS Code compares the workspace URI with the trusted one after resolving links.
  const folder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-vscode-ws-')));
  const facts = await runPythonJson<FixtureFacts>(path.join(repoRoot, 'test', 'vscode', 'fixture.py'), [folder], {}, folder);
  return { folder, facts, experimentNames: Object.keys(facts.experiments).sort() };
}
