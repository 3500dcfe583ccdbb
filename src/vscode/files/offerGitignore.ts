// When RunLens creates a folder in a git repository that git does not ignore, it says so once and
// offers the .gitignore entry, rather than leaving an untracked folder to be found in `git status`.
import path from 'node:path';
import * as vscode from 'vscode';
import { addToGitignore, unignoredInRepository } from './gitIgnore.ts';

const ADD = 'Add to .gitignore';
/** Paths already offered in this window: the question is asked once. */
const offered = new Set<string>();

/**
 * `why` completes "RunLens created <entry> …" (e.g. "for the run's console log"). Resolves with
 * the .gitignore written, or undefined when nothing was asked or the user declined.
 */
export async function offerGitignore(target: string, why: string, log: vscode.LogOutputChannel): Promise<string | undefined> {
  if (offered.has(target)) return undefined;
  offered.add(target);
  const found = await unignoredInRepository(target, true).catch(() => undefined);
  if (!found) return undefined;
  log.info(`Created ${target} (${why}); git does not ignore it`);
  const choice = await vscode.window.showInformationMessage(`RunLens created ${found.entry} in ${path.basename(found.root)} ${why}. Git does not ignore it yet.`, ADD);
  if (choice !== ADD) return undefined;
  const file = await addToGitignore(found.root, found.entry);
  log.info(`Added ${found.entry} to ${file}`);
  return file;
}
