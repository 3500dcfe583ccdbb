// Files RunLens creates in the user's folders (mlruns/, mlartifacts/) must not turn up unasked in
// `git status`: finds whether git ignores a path and appends an entry to the repository's
// .gitignore. Uses the git CLI (VS Code's git extension may be absent). No vscode.
import { execFile } from 'node:child_process';
import { access, appendFile, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';

export interface UnignoredPath {
  /** The repository's top folder. */
  root: string;
  /** The .gitignore line that ignores the path: anchored at the root, `/` last for a folder. */
  entry: string;
}

function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, encoding: 'utf8', timeout: 10_000 }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout });
    });
  });
}

/** The highest folder or file on the way to `target` that does not exist yet (what creating it makes). */
export async function firstMissingAncestor(target: string): Promise<string | undefined> {
  const exists = (file: string) => access(file).then(() => true, () => false);
  let missing: string | undefined;
  for (let current = path.resolve(target); !(await exists(current)); current = path.dirname(current)) {
    missing = current;
    if (path.dirname(current) === current) break;
  }
  return missing;
}

/** The repository entry for an existing path git would list as untracked; undefined outside git or when ignored. */
export async function unignoredInRepository(target: string, isDirectory: boolean): Promise<UnignoredPath | undefined> {
  const real = await realpath(target);
  const top = await git(path.dirname(real), ['rev-parse', '--show-toplevel']);
  if (top.code !== 0) return undefined;
  const root = top.stdout.trim();
  const relative = path.relative(root, real);
  if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  // Exit 0: ignored; 1: not ignored; anything else: git could not tell, so say nothing.
  const ignored = await git(root, ['check-ignore', '-q', '--', relative]);
  if (ignored.code !== 1) return undefined;
  return { root, entry: `/${relative.split(path.sep).join('/')}${isDirectory ? '/' : ''}` };
}

/** Appends the entry to `<root>/.gitignore` (made when absent) unless it is already listed. */
export async function addToGitignore(root: string, entry: string): Promise<string> {
  const file = path.join(root, '.gitignore');
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current.split(/\r?\n/u).some((line) => line.trim() === entry)) return file;
  await appendFile(file, `${current && !current.endsWith('\n') ? '\n' : ''}${entry}\n`, 'utf8');
  return file;
}
