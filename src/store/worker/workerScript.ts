// Where a worker's entry file is (the store worker, the embedded server's thread, the body parser):
// its own bundle beside dist/extension.js and dist/cli.js, or the TypeScript source when the
// sources run directly (tests, benchmarks).
import path from 'node:path';

// Replaced with `true` by esbuild (esbuild.mjs); undefined when the sources run directly.
declare const RUNLENS_BUNDLED: boolean | undefined;

/** `bundle` is the entry's name in esbuild.mjs; `source` is resolved from the caller's module URL. */
export function workerScript(bundle: string, source: () => URL): string | URL {
  if (typeof RUNLENS_BUNDLED !== 'undefined' && RUNLENS_BUNDLED) return path.join(__dirname, `${bundle}.js`);
  return source();
}
