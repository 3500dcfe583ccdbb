// The launcher's parts that need no VS Code: command lines, provenance from a real git repository,
// streamed data hashes, and a real process whose end maps to a run status.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { changedBetween, changedSinceSnapshot, pathsInDiff, snapshotOf } from '../../src/vscode/launch/codeSnapshot.ts';
import { dataHashTags, dataTagKey } from '../../src/vscode/launch/dataHashes.ts';
import { launchEnvironment, mlflowMissingPrompt, provenanceTags, rerunCommand, shellQuote, sourceName, stripAnsi } from '../../src/vscode/launch/launchCommand.ts';
import { gitProvenance } from '../../src/vscode/launch/provenance.ts';
import { urlWithoutCredentials } from '../../src/shared/urlWithoutCredentials.ts';
import { localArtifactFolder } from '../../src/vscode/launch/runLogSink.ts';
import { TrackedProcess, statusForEnd } from '../../src/vscode/launch/trackedProcess.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-launch-'));
  dirs.push(dir);
  return dir;
}
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('launch command lines', () => {
  test('quoting keeps arguments whole in a POSIX shell', () => {
    const quoted = ['plain', 'two words', "it's", '$HOME'].map((a) => shellQuote(a, 'linux'));
    const echoed = execFileSync('/bin/sh', ['-c', `printf '%s\\n' ${quoted.join(' ')}`], { encoding: 'utf8' });
    assert.deepEqual(echoed.trim().split('\n'), ['plain', 'two words', "it's", '$HOME']);
  });

  test('re-run replaces recorded flags and appends the others', () => {
    assert.equal(rerunCommand('python train.py --lr 0.1 --epochs=5', { lr: '0.01', epochs: '10', model: 'two words' }), "python train.py --lr 0.01 --epochs 10 --model 'two words'");
  });

  test('the environment resumes the pre-created run and carries credentials only in memory', () => {
    const env = launchEnvironment({ trackingUri: 'http://127.0.0.1:5000', experimentId: '3', experimentName: 'e', runId: 'r1', credentials: { token: 't' } });
    assert.equal(env.MLFLOW_RUN_ID, 'r1');
    assert.equal(env.MLFLOW_TRACKING_TOKEN, 't');
    assert.equal(env.PYTHONUNBUFFERED, '1');
  });

  test('provenance tags use MLflow names', () => {
    const tags = Object.fromEntries(provenanceTags('python3 src/train.py --lr 1', '/work', { commit: 'abc', branch: 'main', repoUrl: 'https://example.com/r.git', root: '/work', uncommittedDiff: 'diff' }, 'ana').map((t) => [t.key, t.value]));
    assert.deepEqual(tags, {
      'mlflow.user': 'ana', 'mlflow.source.type': 'LOCAL', 'mlflow.source.name': path.resolve('/work/src/train.py'), 'runlens.command': 'python3 src/train.py --lr 1',
      'mlflow.source.git.commit': 'abc', 'mlflow.source.git.branch': 'main', 'mlflow.source.git.repoURL': 'https://example.com/r.git', 'runlens.git.dirty': 'true',
    });
    assert.equal(sourceName("python 'my script.py'", '/w'), path.resolve('/w/my script.py'));
  });

  test('ANSI colours and cursor moves are stripped from the log', () => {
    assert.equal(stripAnsi('\u001b[32mok\u001b[0m 50%\u001b[2K\u001b]0;title\u0007 done'), 'ok 50% done');
  });

  test('artifact roots that are local folders', () => {
    assert.equal(localArtifactFolder('mlflow-artifacts:/1/abc/artifacts', '/data'), path.join('/data', 'mlartifacts', '1', 'abc', 'artifacts'));
    assert.equal(localArtifactFolder('mlflow-artifacts:/1/../../etc', '/data'), undefined);
    assert.equal(localArtifactFolder('file:///tmp/x', undefined), path.resolve('/tmp/x'));
    assert.equal(localArtifactFolder('s3://bucket/x', '/data'), undefined);
  });
});

describe('git provenance', () => {
  test('commit, branch, remote without credentials, and the uncommitted diff', async () => {
    const repo = tempDir();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'train.py'), 'print(1)\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    git('remote', 'add', 'origin', 'https://user:secret@example.com/team/repo.git');
    const clean = await gitProvenance(repo);
    assert.equal(clean?.commit, git('rev-parse', 'HEAD'));
    assert.equal(clean?.branch, 'main');
    assert.equal(clean?.repoUrl, 'https://example.com/team/repo.git');
    assert.equal(clean?.uncommittedDiff, undefined);
    writeFileSync(path.join(repo, 'train.py'), 'print(2)\n');
    const dirty = await gitProvenance(repo);
    assert.equal(dirty?.uncommittedDiff, git('diff', 'HEAD', '--binary') + '\n');
    assert.equal(await gitProvenance(tempDir()), undefined);
    assert.equal(urlWithoutCredentials('git@github.com:a/b.git'), 'git@github.com:a/b.git');
  });
});

describe('data hashes', () => {
  test('files and globs hash to sha256 tags', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'data'));
    writeFileSync(path.join(dir, 'data', 'train.csv'), 'a,b\n1,2\n');
    writeFileSync(path.join(dir, 'data', 'test.csv'), 'a,b\n3,4\n');
    const tags = await dataHashTags(['data/*.csv'], dir);
    const expected = (text: string) => createHash('sha256').update(text).digest('hex');
    assert.deepEqual(tags, [
      { key: dataTagKey('data/test.csv'), value: expected('a,b\n3,4\n') },
      { key: dataTagKey('data/train.csv'), value: expected('a,b\n1,2\n') },
    ]);
    assert.equal(dataTagKey('data/train.csv'), 'runlens.data.data/train.csv.sha256');
  });
});

describe('tracked process', () => {
  test('exit codes map to FINISHED and FAILED, output is streamed', async () => {
    let output = '';
    const ok = new TrackedProcess({ command: 'echo hello; exit 0', cwd: os.tmpdir(), env: {}, onOutput: (t) => (output += t) });
    assert.equal(statusForEnd(await ok.ended), 'FINISHED');
    assert.equal(output.trim(), 'hello');
    const bad = new TrackedProcess({ command: 'exit 3', cwd: os.tmpdir(), env: {}, onOutput: () => undefined });
    const end = await bad.ended;
    assert.equal(end.code, 3);
    assert.equal(statusForEnd(end), 'FAILED');
  });

  test('stop ends the whole process group and means KILLED, even when SIGINT is ignored', async () => {
    const started = Date.now();
    const stubborn = new TrackedProcess({ command: "trap '' INT; sleep 30", cwd: os.tmpdir(), env: {}, onOutput: () => undefined, graceMs: 300 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const end = await stubborn.stop();
    assert.equal(statusForEnd(end), 'KILLED');
    assert.ok(Date.now() - started < 5000, 'stop took too long');
  });
});

describe('code snapshots for Show Code Diff', () => {
  test('a run\'s commit plus its recorded diff, compared with the working tree and with another run', async () => {
    const repo = tempDir();
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'train.py'), 'lr = 0.1\n');
    writeFileSync(path.join(repo, 'data.py'), 'rows = 10\n');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const first = git('rev-parse', 'HEAD');
    writeFileSync(path.join(repo, 'train.py'), 'lr = 0.05\n');
    const patch = `${git('diff', 'HEAD', '--binary')}\n`;
    assert.deepEqual(pathsInDiff(patch), ['train.py']);
    git('checkout', '--', 'train.py');
    writeFileSync(path.join(repo, 'data.py'), 'rows = 20\n');
    git('commit', '-q', '-am', 'two');
    const second = git('rev-parse', 'HEAD');

    const dirtyRun = await snapshotOf(repo, first, patch);
    const cleanRun = await snapshotOf(repo, second);
    try {
      assert.equal(readFileSync(path.join(dirtyRun.folder, 'train.py'), 'utf8'), 'lr = 0.05\n');
      assert.equal(readFileSync(path.join(dirtyRun.folder, 'data.py'), 'utf8'), 'rows = 10\n');
      assert.deepEqual(await changedSinceSnapshot(repo, dirtyRun), ['data.py', 'train.py']);
      assert.deepEqual(await changedSinceSnapshot(repo, cleanRun), []);
      assert.deepEqual(await changedBetween(repo, dirtyRun, cleanRun), ['data.py', 'train.py']);
    } finally {
      await dirtyRun.dispose();
      await cleanRun.dispose();
    }
    assert.equal(existsSync(dirtyRun.folder), false, 'the worktree must be removed');
  });
});

describe('mlflow missing from the launch interpreter', () => {
  test('names the interpreter and why, and offers install, Select Interpreter (when available) and the setting', () => {
    const fromDefault = mlflowMissingPrompt('python3', 'default', false);
    assert.match(fromDefault.message, /not installed for python3 \(the default: no interpreter is selected and runlens\.launch\.pythonPath is empty\)/u);
    assert.deepEqual(fromDefault.actions, ['Install mlflow', 'Open Settings']);
    const fromExtension = mlflowMissingPrompt('/home/u/.venv/bin/python', 'python-extension', true);
    assert.match(fromExtension.message, /\/home\/u\/\.venv\/bin\/python \(the Python extension's selected interpreter\)/u);
    assert.deepEqual(fromExtension.actions, ['Install mlflow', 'Select Interpreter', 'Open Settings']);
    assert.match(mlflowMissingPrompt('/opt/py', 'setting', true).message, /set in runlens\.launch\.pythonPath/u);
  });
});
