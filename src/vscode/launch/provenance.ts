// Where a launched run's code came from, by the git CLI (VS Code's git extension may be absent,
// as in code-server): commit, branch, remote URL without credentials, and the uncommitted diff.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { urlWithoutCredentials } from '../../shared/urlWithoutCredentials.ts';

const run = promisify(execFile);
/** A diff larger than this is cut (the tag still says the tree was dirty). */
const MAX_DIFF_BYTES = 20 * 1024 * 1024;

export interface GitProvenance {
  commit: string;
  branch?: string;
  repoUrl?: string;
  /** The repository's top folder. */
  root: string;
  /** `git diff HEAD` when the tree has uncommitted changes to tracked files; undefined when clean. */
  uncommittedDiff?: string;
}

async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: MAX_DIFF_BYTES, encoding: 'utf8' });
  return stdout;
}

/** Git facts for the folder, or undefined outside a repository (or without git). */
export async function gitProvenance(cwd: string): Promise<GitProvenance | undefined> {
  let commit: string;
  try {
    commit = (await git(cwd, 'rev-parse', 'HEAD')).trim();
  } catch {
    return undefined;
  }
  const optional = (promise: Promise<string>) => promise.then((s) => s.trim() || undefined, () => undefined);
  const [root, branch, remote, status] = await Promise.all([
    git(cwd, 'rev-parse', '--show-toplevel').then((s) => s.trim()),
    optional(git(cwd, 'symbolic-ref', '--short', '-q', 'HEAD')),
    optional(git(cwd, 'config', '--get', 'remote.origin.url')),
    git(cwd, 'status', '--porcelain', '--untracked-files=no'),
  ]);
  const dirty = status.trim() !== '';
  const uncommittedDiff = dirty ? await git(cwd, 'diff', 'HEAD', '--binary') : undefined;
  return { commit, branch, repoUrl: remote ? urlWithoutCredentials(remote) : undefined, root: path.resolve(root), uncommittedDiff };
}
