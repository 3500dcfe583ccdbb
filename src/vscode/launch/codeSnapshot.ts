// Rebuilds the code a run ran: its recorded commit plus its uncommitted diff, checked out as a
// detached git worktree in a temp folder, for "Show Code Diff". No vscode.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' })).stdout;
}

/** Paths a unified git diff touches (both sides of renames), relative to the repository. */
export function pathsInDiff(diff: string): string[] {
  const paths = new Set<string>();
  for (const match of diff.matchAll(/^diff --git a\/(.+?) b\/(.+)$/gmu)) {
    paths.add(match[1]);
    paths.add(match[2]);
  }
  return [...paths].sort();
}

export interface CodeSnapshot {
  /** The worktree folder holding the run's code. */
  folder: string;
  commit: string;
  /** Files the run's diff changed, relative to the repository root. */
  patchedPaths: string[];
  dispose(): Promise<void>;
}

/** Checks out `commit` (plus `patch`) from the repository at `repoRoot` into a temp worktree. */
export async function snapshotOf(repoRoot: string, commit: string, patch?: string): Promise<CodeSnapshot> {
  const folder = path.join(await mkdtemp(path.join(os.tmpdir(), 'runlens-code-')), 'code');
  await git(repoRoot, 'worktree', 'add', '--detach', '--quiet', folder, commit);
  if (patch?.trim()) {
    const patchFile = path.join(path.dirname(folder), 'uncommitted.diff');
    await writeFile(patchFile, patch);
    await git(folder, 'apply', '--whitespace=nowarn', patchFile);
  }
  return {
    folder,
    commit,
    patchedPaths: patch ? pathsInDiff(patch) : [],
    dispose: async () => {
      await git(repoRoot, 'worktree', 'remove', '--force', folder).catch(() => undefined);
    },
  };
}

/** Files that differ between a snapshot and the working tree (tracked changes since its commit, plus its patch). */
export async function changedSinceSnapshot(repoRoot: string, snapshot: CodeSnapshot): Promise<string[]> {
  const changed = (await git(repoRoot, 'diff', '--name-only', snapshot.commit)).split('\n').filter(Boolean);
  return [...new Set([...changed, ...snapshot.patchedPaths])].sort();
}

/** Files that differ between two snapshots. */
export async function changedBetween(repoRoot: string, a: CodeSnapshot, b: CodeSnapshot): Promise<string[]> {
  const changed = a.commit === b.commit ? [] : (await git(repoRoot, 'diff', '--name-only', a.commit, b.commit)).split('\n').filter(Boolean);
  return [...new Set([...changed, ...a.patchedPaths, ...b.patchedPaths])].sort();
}

/** The repository root holding a path, or undefined. */
export async function repositoryRoot(folder: string): Promise<string | undefined> {
  try {
    return path.resolve((await git(folder, 'rev-parse', '--show-toplevel')).trim());
  } catch {
    return undefined;
  }
}
