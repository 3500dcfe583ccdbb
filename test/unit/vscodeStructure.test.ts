// Rules about where things live in src/vscode, checked over the source text: one module reads
// settings, and store page tokens stay opaque outside the store.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/python.ts';

const vscodeRoot = path.join(repoRoot, 'src', 'vscode');

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** src/vscode files (relative, '/'-separated) whose text matches `pattern`. */
function filesMatching(pattern: RegExp): string[] {
  return sourceFiles(vscodeRoot)
    .filter((file) => pattern.test(readFileSync(file, 'utf8')))
    .map((file) => path.relative(vscodeRoot, file).split(path.sep).join('/'));
}

test('the walk finds the extension sources (a wrong root would pass every rule)', () => {
  const files = sourceFiles(vscodeRoot).map((f) => path.basename(f));
  assert.ok(files.includes('config.ts') && files.includes('storeSession.ts') && files.length > 40, `found ${files.length} files`);
});

test('only config.ts reads or writes settings (getConfiguration)', () => {
  assert.deepEqual(filesMatching(/getConfiguration\s*\(/u), ['config.ts']);
});

test('page tokens are opaque outside the store: no src/vscode file builds or reads them', () => {
  assert.deepEqual(filesMatching(/search\/pageToken\.ts|encodePageToken|decodePageToken/u), []);
});
