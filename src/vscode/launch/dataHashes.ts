// SHA-256 of the data files a run trained on (setting runlens.launch.dataFiles: files and globs),
// streamed so multi-GB files never sit in memory. Tags: runlens.data.<name>.sha256.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { glob, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Tag } from '../../shared/entities.ts';

/** Hashes beyond this many files are skipped: a glob like ** must not stall a launch. */
const MAX_FILES = 200;

export async function sha256File(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The tag key for a file: its path relative to the folder, in MLflow's allowed tag characters (read back by `shared/launchTags.ts`'s `dataTagFile`). */
export function dataTagKey(relativePath: string): string {
  const name = relativePath.split(path.sep).join('/').replace(/[^A-Za-z0-9_\-./ ]/gu, '_');
  return `runlens.data.${name}.sha256`;
}

export async function dataHashTags(patterns: readonly string[], cwd: string, signal?: AbortSignal): Promise<Tag[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    for await (const match of glob(pattern, { cwd })) {
      const absolute = path.resolve(cwd, match);
      if ((await stat(absolute)).isFile()) files.add(absolute);
      if (files.size >= MAX_FILES) break;
    }
  }
  const tags: Tag[] = [];
  for (const file of [...files].sort()) tags.push({ key: dataTagKey(path.relative(cwd, file)), value: await sha256File(file, signal) });
  return tags;
}
