// Run with Tracking in real VS Code: launches real scripts with the real mlflow in the venv, in a
// throwaway git repository, and checks what mlflow itself reads back from the fixture store.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { Launch } from '../../src/vscode/launch/launcher.ts';
import { runLens, runLensExtension, waitFor } from './support/extension.ts';

const exec = promisify(execFile);

interface LaunchedRun {
  runId: string;
  experimentId: string;
  status: string;
  endTime: number | null;
  params: Record<string, string>;
  metricKeys: string[];
  tags: Record<string, string>;
  artifacts: string[];
  runsInExperiment: number;
}

const repoRoot = () => runLensExtension().extensionPath;
const python = () => path.join(repoRoot(), '.tools', 'venv', 'bin', 'python');

async function readRun(trackingUri: string, which: string): Promise<LaunchedRun> {
  const { stdout } = await exec(python(), [path.join(repoRoot(), 'test', 'vscode', 'py', 'launched_run.py'), trackingUri, which], { env: { ...process.env, PYTHONWARNINGS: 'ignore' }, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as LaunchedRun;
}

/** A git repository holding copies of the example scripts, committed. */
function gitRepoWithExamples(): string {
  const repo = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-launch-repo-')));
  for (const script of ['iris_basic.py', 'failing_run.py']) copyFileSync(path.join(repoRoot(), 'examples', script), path.join(repo, script));
  writeFileSync(path.join(repo, 'slow.py'), 'import time, mlflow\nmlflow.start_run()\nfor i in range(600):\n    mlflow.log_metric("tick", i, step=i)\n    time.sleep(0.1)\n');
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'examples');
  return repo;
}

suite('Run with Tracking', function () {
  this.timeout(180_000);
  let repo: string;
  let trackingUri: string;

  suiteSetup(async () => {
    const api = await runLens();
    repo = gitRepoWithExamples();
    const store = api.session.store;
    assert.ok(store?.kind === 'sqlite');
    trackingUri = `sqlite:///${store.location}`;
    await vscode.workspace.getConfiguration('runlens').update('launch.pythonPath', python(), vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('runlens').update('launch.openCharts', false, vscode.ConfigurationTarget.Workspace);
  });

  // Other suites expect the fixture's experiments only: the launched ones go (deleted, as users would).
  suiteTeardown(async () => {
    const store = (await runLens()).session.store;
    for (const name of ['launched-basic', 'launched-log', 'launched-failing', 'launched-killed']) {
      const experiment = await store?.tracking.getExperimentByName(name);
      if (experiment) await store?.tracking.deleteExperiment(experiment.experimentId);
    }
    // The views cache the experiment list until the data changes; these writes bypassed the views.
    await vscode.commands.executeCommand('runlens.refresh');
    await vscode.workspace.getConfiguration('runlens').update('launch.openCharts', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test("mlflow's printed run link opens a page, and the launch leaves no mlartifacts/ in the workspace", async () => {
    const api = await runLens();
    const store = api.session.store;
    assert.ok(store?.kind === 'sqlite');
    await vscode.commands.executeCommand('runlens.stopServer');
    const mlartifacts = path.join(path.dirname(store.location), 'mlartifacts');
    // Earlier suites started the server; builds before this fix made an empty mlartifacts/ then.
    if (existsSync(mlartifacts) && readdirSync(mlartifacts).length === 0) rmdirSync(mlartifacts);
    assert.equal(existsSync(mlartifacts), false);
    const announcedBefore = api.server.announcedForLaunch;
    const launch = await vscode.commands.executeCommand<Launch>('runlens.launch', undefined, { cwd: repo, command: `${python()} -c "import mlflow; mlflow.start_run(); mlflow.log_metric('loss', 1.0); mlflow.end_run()"`, experimentName: 'launched-log', runName: 'link-run' });
    assert.ok(launch);
    assert.equal(await launch.ended, 'FINISHED');
    assert.ok(api.server.url, 'the launch started the embedded server');
    assert.equal(api.server.announcedForLaunch, announcedBefore ?? api.server.url, 'the first launch-started server of the window is announced with its URL, once');
    assert.equal(existsSync(mlartifacts), false, 'the launch created mlartifacts/ in the workspace');

    // What mlflow printed in the terminal (kept as logs/stdout.log): "View run link-run at: <server>/#/experiments/…/runs/…".
    const run = await store.tracking.getRun(launch.runId);
    const log = readFileSync(path.join(new URL(run.info.artifactUri.startsWith('/') ? `file://${run.info.artifactUri}` : run.info.artifactUri).pathname, 'logs', 'stdout.log'), 'utf8');
    const link = /View run link-run at: (http:\/\/127\.0\.0\.1:\d+\/#\/experiments\/\d+\/runs\/[0-9a-f]+)/u.exec(log)?.[1];
    assert.ok(link, `mlflow printed no run link:\n${log}`);
    assert.ok(link.endsWith(`/runs/${launch.runId}`));
    const page = await fetch(link);
    assert.equal(page.status, 200, 'the link answers with a page, not a JSON 404');
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/u);
    assert.match(await page.text(), /RunLens tracking server/u);
  });

  test('launching the basic example creates exactly one run, as a plain mlflow run would, plus provenance', async () => {
    // What the same script logs when run with plain mlflow, outside RunLens.
    const plainDir = mkdtempSync(path.join(os.tmpdir(), 'runlens-plain-'));
    const plainUri = `sqlite:///${path.join(plainDir, 'mlflow.db')}`;
    await exec(python(), [path.join(repo, 'iris_basic.py')], { cwd: plainDir, env: { ...process.env, MLFLOW_TRACKING_URI: plainUri, MLFLOW_EXPERIMENT_NAME: 'plain', PYTHONWARNINGS: 'ignore' } });
    const plain = await readRun(plainUri, 'experiment:plain');

    const fileUri = vscode.Uri.file(path.join(repo, 'iris_basic.py'));
    const launch = await vscode.commands.executeCommand<Launch>('runlens.launch', fileUri, { cwd: repo, experimentName: 'launched-basic', runName: '' });
    assert.ok(launch, 'runlens.launch returned nothing');
    assert.equal(await launch.ended, 'FINISHED');
    const run = await readRun(trackingUri, launch.runId);
    assert.equal(run.status, 'FINISHED');
    assert.ok(run.endTime);
    assert.equal(run.runsInExperiment, 1, 'the script must resume the pre-created run, not start another');
    assert.deepEqual(run.params, plain.params);
    assert.deepEqual(run.metricKeys, plain.metricKeys);
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    assert.equal(run.tags['mlflow.source.git.commit'], commit);
    assert.equal(run.tags['mlflow.source.git.branch'], 'main');
    assert.equal(run.tags['mlflow.source.type'], 'LOCAL');
    assert.equal(run.tags['mlflow.source.name'], path.join(repo, 'iris_basic.py'));
    assert.equal(run.tags['mlflow.user'], os.userInfo().username);
    assert.match(run.tags['runlens.command'], /iris_basic\.py$/u);
    assert.equal(run.tags['runlens.git.dirty'], undefined);
    assert.ok(run.artifacts.includes('logs/stdout.log'), `no logs/stdout.log in ${run.artifacts.join(', ')}`);
  });

  test('the console log artifact holds what the script printed', async () => {
    const launch = await vscode.commands.executeCommand<Launch>('runlens.launch', undefined, { cwd: repo, command: `${python()} -c "import mlflow; mlflow.start_run(); print('\\x1b[32mhello from the script\\x1b[0m'); mlflow.end_run()"`, experimentName: 'launched-log', runName: 'log-run' });
    assert.ok(launch);
    assert.equal(await launch.ended, 'FINISHED');
    const store = (await runLens()).session.store;
    assert.ok(store);
    const run = await store.tracking.getRun(launch.runId);
    const log = readFileSync(path.join(new URL(run.info.artifactUri.startsWith('/') ? `file://${run.info.artifactUri}` : run.info.artifactUri).pathname, 'logs', 'stdout.log'), 'utf8');
    assert.match(log, /^hello from the script$/mu);
    assert.doesNotMatch(log, /\u001b/u, 'ANSI codes must be stripped in the artifact');
  });

  test('a script that raises ends FAILED; a dirty tree stores the diff and the tag', async () => {
    writeFileSync(path.join(repo, 'failing_run.py'), `${readFileSync(path.join(repo, 'failing_run.py'), 'utf8')}\n# edited\n`);
    const launch = await vscode.commands.executeCommand<Launch>('runlens.launch', vscode.Uri.file(path.join(repo, 'failing_run.py')), { cwd: repo, experimentName: 'launched-failing', runName: 'fails' });
    assert.ok(launch);
    assert.equal(await launch.ended, 'FAILED');
    const run = await readRun(trackingUri, launch.runId);
    assert.equal(run.status, 'FAILED');
    assert.equal(run.tags['runlens.git.dirty'], 'true');
    assert.ok(run.artifacts.includes('code/uncommitted.diff'));
    execFileSync('git', ['checkout', '--', 'failing_run.py'], { cwd: repo });
    // The run's code (commit + its diff) against the now clean working tree differs in that file.
    const store = (await runLens()).session.store;
    assert.ok(store);
    const node = { kind: 'run', run: await store.tracking.getRun(launch.runId), childRuns: [] };
    const shown = await vscode.commands.executeCommand<{ files: string[] }>('runlens.run.showCodeDiff', node);
    assert.deepEqual(shown?.files, ['failing_run.py']);
  });

  test('closing the terminal kills the process and the run ends KILLED within 2 s', async () => {
    const launch = await vscode.commands.executeCommand<Launch>('runlens.launch', undefined, { cwd: repo, command: `${python()} slow.py`, experimentName: 'launched-killed', runName: 'killed' });
    assert.ok(launch?.terminal);
    const store = (await runLens()).session.store;
    assert.ok(store);
    // Wait until the script logs, so it really runs before the terminal goes.
    assert.ok(await waitFor(async () => (await store.tracking.getRun(launch.runId)).data.metrics.length > 0, 60_000), 'the slow script never logged');
    const closedAt = Date.now();
    launch.terminal.dispose();
    assert.equal(await launch.ended, 'KILLED');
    assert.ok(Date.now() - closedAt < 2000, `took ${Date.now() - closedAt} ms`);
    assert.equal((await readRun(trackingUri, launch.runId)).status, 'KILLED');
  });

  test('Stop Run stops a running launch', async () => {
    const launch = await vscode.commands.executeCommand<Launch>('runlens.launch', undefined, { cwd: repo, command: `${python()} slow.py`, experimentName: 'launched-killed', runName: 'stopped' });
    assert.ok(launch);
    const store = (await runLens()).session.store;
    assert.ok(store && (await waitFor(async () => (await store.tracking.getRun(launch.runId)).data.metrics.length > 0, 60_000)));
    assert.equal(await vscode.commands.executeCommand('runlens.run.stop', launch.runId), 'KILLED');
  });
});
