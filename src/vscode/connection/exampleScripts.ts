// The example training scripts shipped in the extension's examples/ folder, and where a copy
// goes without overwriting anything. No vscode here.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface ExampleScript {
  /** File name, e.g. `iris_basic.py`. */
  name: string;
  /** First line of the module docstring. */
  summary: string;
  file: string;
}

/** The first line of a Python module's docstring, or '' when it has none. */
export function docstringSummary(source: string): string {
  const match = /^\s*(?:#[^\n]*\n\s*)*(?:[rRuU]?)("""|''')\s*([^\n]*)/u.exec(source);
  return match ? match[2].replace(/("""|''')\s*$/u, '').trim() : '';
}

export async function listExampleScripts(folder: string): Promise<ExampleScript[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  return Promise.all(names.filter((name) => name.endsWith('.py')).sort().map(async (name) => {
    const file = path.join(folder, name);
    return { name, file, summary: docstringSummary(await readFile(file, 'utf8')) };
  }));
}

/** `folder/name`, or `folder/stem-2.py`, `-3`… when the name is taken: a copy never overwrites. */
export function freeTargetPath(folder: string, name: string, exists: (file: string) => boolean = existsSync): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  let candidate = path.join(folder, name);
  for (let n = 2; exists(candidate); n++) candidate = path.join(folder, `${stem}-${n}${ext}`);
  return candidate;
}
