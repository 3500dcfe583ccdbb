// @vscode/test-cli config for the extension tests in real VS Code (test/vscode/).
// With .tools/code-server present (.ci/setup-code-server.sh) "VS Code" is test/vscode/shim/code:
// code-server plus headless Chromium, offline. Without it, test-cli downloads desktop VS Code.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';
import { buildVsCodeTests, reporterPath } from './test/vscode/build.mjs';
import { createFixtureWorkspace } from './test/vscode/fixture.ts';

const root = path.dirname(fileURLToPath(import.meta.url));
const shim = path.join(root, 'test', 'vscode', 'shim', 'code');
const codeServer = path.join(root, '.tools', 'code-server', 'node_modules', 'code-server', 'package.json');

// The extension host loads JS: compile the tests, then make the workspace they open.
await buildVsCodeTests();
const fixture = await createFixtureWorkspace();
process.once('exit', () => rmSync(fixture.folder, { recursive: true, force: true }));

const shared = {
  workspaceFolder: fixture.folder,
  mocha: { ui: 'tdd', timeout: 30_000, reporter: reporterPath },
  ...(existsSync(codeServer) ? { useInstallation: { fromPath: shim } } : {}),
};
const env = { RUNLENS_EXPECTED_EXPERIMENTS: JSON.stringify(fixture.experimentNames), RUNLENS_FIXTURE: JSON.stringify(fixture.facts) };
const trusted = { ...shared, label: 'trusted', files: 'dist/test/vscode/*.test.js', env };
// The same workspace, not trusted (the shim skips marking it): what RunLens refuses there.
const untrusted = { ...shared, label: 'untrusted', files: 'dist/test/vscode/untrusted/*.test.js', env: { ...env, RUNLENS_SHIM_UNTRUSTED: '1' } };

// `--run <file>` runs that file in every configuration: keep only the one the file belongs to
// (test-cli gives every kept configuration all the --run files, so pass files of one kind at a time).
const runFiles = process.argv.flatMap((arg, i) => (arg === '--run' ? [process.argv[i + 1] ?? ''] : arg.startsWith('--run=') ? [arg.slice(6)] : []));
const isUntrusted = (file) => file.split(/[\\/]/).includes('untrusted');
const configs = runFiles.length === 0 ? [trusted, untrusted] : [
  ...(runFiles.some((f) => !isUntrusted(f)) ? [trusted] : []),
  ...(runFiles.some(isUntrusted) ? [untrusted] : []),
];

export default defineConfig(configs);
