// Compiles the real-VS-Code tests to CommonJS for the extension host, which loads plain JS:
// test/vscode/**/*.test.ts and the suite helpers → dist/test/vscode/. Run by .vscode-test.mjs.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const outDir = path.join(repoRoot, 'dist', 'test', 'vscode');

/** The compiled reporter, for the `mocha.reporter` option (an absolute path mocha can require). */
export const reporterPath = path.join(outDir, 'suite', 'countingReporter.js');

/** Test files only; the fixture, the shim and this file run under plain Node instead. */
function testEntryPoints() {
  return readdirSync(here, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => path.join(here, file));
}

const common = {
  outbase: here,
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  sourcemap: 'inline',
  // The host provides vscode; mocha must be the runner's own instance. The cloud SDK bundles load
  // only when a bucket root is met, as in the extension's build (the agent tool catalog reaches them).
  external: ['vscode', 'mocha', 'better-sqlite3', './cloud-sdk/*'],
  logLevel: 'warning',
};

export async function buildVsCodeTests() {
  await Promise.all([
    esbuild.build({ ...common, entryPoints: testEntryPoints() }),
    // Mocha require()s a reporter and wants the class as module.exports, not under `default`.
    esbuild.build({
      ...common,
      entryPoints: [path.join(here, 'suite', 'countingReporter.ts')],
      footer: { js: 'module.exports = module.exports.default;' },
    }),
  ]);
  return outDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`built ${path.relative(repoRoot, await buildVsCodeTests())}`);
}
