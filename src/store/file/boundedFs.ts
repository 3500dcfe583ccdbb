// File reads for the mlruns reader: promise-based, with a cap on how many run at once so that
// reading 10k runs in parallel neither exhausts file descriptors nor serialises on one disk queue.
import { readFile, promises as fs } from 'node:fs';
import path from 'node:path';
import { parseMetaYaml, type YamlMap } from './metaYaml.ts';

const DEFAULT_CONCURRENCY = 64;
// MLflow retries an empty meta.yaml: a concurrent writer may have truncated it a moment ago.
const EMPTY_META_RETRY_MS = [100, 200];

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * `items.map(task)` with at most `limit` tasks in flight, results in input order. Reading runs this
 * way keeps only a window of runs' reads queued instead of every file of every run at once.
 */
export async function mapConcurrent<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export class BoundedFs {
  private readonly limit: number;
  private active = 0;
  // A FIFO with a moving head: Array.shift() is O(n) and 10k runs queue hundreds of thousands of reads.
  private waiting: (() => void)[] = [];
  private head = 0;

  constructor(limit = DEFAULT_CONCURRENCY) {
    this.limit = limit;
  }

  /** Runs one leaf file-system call under the cap (never nest calls inside `task`). */
  private async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.wakeNext();
    }
  }

  private wakeNext(): void {
    if (this.head >= this.waiting.length) return;
    const next = this.waiting[this.head++];
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.head);
      this.head = 0;
    }
    next();
  }

  /** File text, or undefined when it does not exist. */
  async readText(file: string): Promise<string | undefined> {
    try {
      // The callback readFile: fs.promises.readFile's FileHandle costs twice the time on small files.
      return await this.run(() => new Promise<string>((resolve, reject) => {
        readFile(file, 'utf8', (error, text) => (error ? reject(error) : resolve(text)));
      }));
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return undefined;
      throw error;
    }
  }

  /** Names of a directory's entries split into folders and files; undefined when it is missing. */
  async listDir(dir: string): Promise<{ dirs: string[]; files: string[] } | undefined> {
    try {
      const entries = await this.run(() => fs.readdir(dir, { withFileTypes: true }));
      const dirs: string[] = [];
      const files: string[] = [];
      for (const entry of entries) {
        if (entry.isDirectory()) dirs.push(entry.name);
        else if (entry.isFile()) files.push(entry.name);
        else if (entry.isSymbolicLink()) {
          const stat = await this.run(() => fs.stat(path.join(dir, entry.name))).catch(() => undefined);
          if (stat?.isDirectory()) dirs.push(entry.name);
          else if (stat?.isFile()) files.push(entry.name);
        }
      }
      return { dirs: dirs.sort(), files: files.sort() };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  async isDirectory(target: string): Promise<boolean> {
    try {
      return (await this.run(() => fs.stat(target))).isDirectory();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** Files under `dir` at any depth, as `/`-joined paths relative to it (MLflow's nested keys). */
  async listFilesDeep(dir: string): Promise<string[]> {
    const listing = await this.listDir(dir);
    if (!listing) return [];
    const nested = await Promise.all(listing.dirs.map(async (sub) => {
      const inner = await this.listFilesDeep(path.join(dir, sub));
      return inner.map((name) => `${sub}/${name}`);
    }));
    return [...listing.files, ...nested.flat()].sort();
  }

  /** `{relative key: file text}` for every file under `dir`: tags, params and aliases folders. */
  async readKeyValueFolder(dir: string): Promise<Map<string, string>> {
    const keys = await this.listFilesDeep(dir);
    const values = await Promise.all(keys.map((key) => this.readText(path.join(dir, ...key.split('/')))));
    const result = new Map<string, string>();
    keys.forEach((key, i) => {
      const value = values[i];
      if (value !== undefined) result.set(key, value);
    });
    return result;
  }

  /** A parsed meta.yaml, or undefined when the file is missing or stays empty. */
  async readMeta(dir: string, fileName = 'meta.yaml'): Promise<YamlMap | undefined> {
    const file = path.join(dir, fileName);
    for (let attempt = 0; ; attempt++) {
      const text = await this.readText(file);
      if (text === undefined) return undefined;
      const meta = parseMetaYaml(text, file);
      if (meta !== undefined || attempt >= EMPTY_META_RETRY_MS.length) return meta;
      await new Promise((resolve) => setTimeout(resolve, EMPTY_META_RETRY_MS[attempt]));
    }
  }
}
