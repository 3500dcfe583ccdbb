// The run tags a RunLens launch writes about where a run came from. Plain strings, no node APIs:
// the launch writes them, the views and the agent tools read them.
export const COMMAND_TAG = 'runlens.command';
export const DIRTY_TAG = 'runlens.git.dirty';
export const GIT_COMMIT_TAG = 'mlflow.source.git.commit';

/** The file name a data-hash tag key (`dataHashes.ts`'s `dataTagKey`) names, or undefined for other keys. */
export function dataTagFile(key: string): string | undefined {
  return /^runlens\.data\.(.+)\.sha256$/u.exec(key)?.[1];
}
