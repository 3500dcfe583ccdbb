// One build for the extension host, the CLI and the webviews.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
};

const webviewEntries = existsSync('src/webview')
  ? readdirSync('src/webview', { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(`src/webview/${d.name}/main.ts`))
      .map((d) => ({ in: `src/webview/${d.name}/main.ts`, out: d.name }))
  : [];

const builds = [
  {
    ...common,
    // The store and server workers are bundles of their own, started by workerScript.ts;
    // bodyParseWorker is the server's thread for big request bodies (requestBodyParser.ts);
    // tableWorker reads and holds a table editor's file (src/tables/);
    // importanceWorker fits parameter importance's forest (src/importance/importanceWorker.ts).
    entryPoints: { extension: 'src/extension.ts', cli: 'src/cli.ts', storeWorker: 'src/store/worker/storeWorkerMain.ts', serverWorker: 'src/server/serverWorkerMain.ts', bodyParseWorker: 'src/server/bodyParseWorker.ts', tableWorker: 'src/tables/tableWorkerMain.ts', importanceWorker: 'src/importance/importanceWorkerMain.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // The cloud SDK bundles below (dist/cloud-sdk/) load only when an s3://, gs:// or wasbs:// root is met.
    external: ['vscode', 'better-sqlite3', './cloud-sdk/*'],
    // import.meta.url is only read on the sources' branch of workerScript() and requestBodyParser.ts, never in a bundle.
    define: { RUNLENS_BUNDLED: 'true', 'import.meta.url': 'undefined' },
  },
  {
    ...common,
    entryPoints: {
      s3: 'src/store/artifacts/cloud/s3ObjectStore.ts',
      gcs: 'src/store/artifacts/cloud/gcsObjectStore.ts',
      azure: 'src/store/artifacts/cloud/azureObjectStore.ts',
    },
    outdir: 'dist/cloud-sdk',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // @azure/storage-blob imports apache-arrow only for Arrow-format listings, which RunLens never
    // asks for (XML is the default): leaving it out takes ~230 KB off the Azure bundle.
    external: ['apache-arrow'],
  },
];
if (webviewEntries.length > 0) {
  builds.push({ ...common, entryPoints: webviewEntries, outdir: 'dist/webview', platform: 'browser', format: 'iife', target: 'es2022' });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
