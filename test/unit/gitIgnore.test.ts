// Folders RunLens creates in a real git repository: found when git would list them as untracked,
// left alone when ignored or outside git, and ignored after the offered .gitignore entry.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { addToGitignore, firstMissingAncestor, unignoredInRepository } from '../../src/vscode/files/gitIgnore.ts';

describe('folders RunLens creates in a git repository', () => {
  let repo: string;
  let outside: string;
  const untracked = () => execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repo, encoding: 'utf8' });

  before(() => {
    repo = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-gitignore-')));
    outside = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'runlens-nogit-')));
    execFileSync('git', ['init', '-q'], { cwd: repo });
  });
  after(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  test('the first missing folder on the way is what creating a deep path makes', async () => {
    mkdirSync(path.join(repo, 'exists'));
    assert.equal(await firstMissingAncestor(path.join(repo, 'mlruns', '0', 'abc', 'artifacts')), path.join(repo, 'mlruns'));
    assert.equal(await firstMissingAncestor(path.join(repo, 'exists', 'new')), path.join(repo, 'exists', 'new'));
    assert.equal(await firstMissingAncestor(repo), undefined);
  });

  test('an unignored folder is found, the entry added once, and git then ignores it', async () => {
    mkdirSync(path.join(repo, 'mlartifacts', '1'), { recursive: true });
    writeFileSync(path.join(repo, 'mlartifacts', '1', 'model.pkl'), 'x');
    writeFileSync(path.join(repo, '.gitignore'), '*.pyc');
    assert.match(untracked(), /mlartifacts\//u);
    const found = await unignoredInRepository(path.join(repo, 'mlartifacts'), true);
    assert.deepEqual(found, { root: repo, entry: '/mlartifacts/' });
    await addToGitignore(repo, found.entry);
    await addToGitignore(repo, found.entry);
    assert.equal(readFileSync(path.join(repo, '.gitignore'), 'utf8'), '*.pyc\n/mlartifacts/\n', 'appended once, after a newline');
    assert.doesNotMatch(untracked(), /mlartifacts/u);
    assert.equal(await unignoredInRepository(path.join(repo, 'mlartifacts'), true), undefined, 'ignored now: nothing to offer');
  });

  test('a nested folder gets an entry anchored at the repository root; outside git nothing is offered', async () => {
    mkdirSync(path.join(repo, 'project', 'mlruns'), { recursive: true });
    writeFileSync(path.join(repo, 'project', 'mlruns', 'meta.yaml'), 'x');
    assert.deepEqual(await unignoredInRepository(path.join(repo, 'project', 'mlruns'), true), { root: repo, entry: '/project/mlruns/' });
    mkdirSync(path.join(outside, 'mlruns'));
    assert.equal(await unignoredInRepository(path.join(outside, 'mlruns'), true), undefined);
  });
});
