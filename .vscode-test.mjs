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

export default defineConfig({
  files: 'dist/test/vscode/**/*.test.js',
  workspaceFolder: fixture.folder,
  env: { RUNLENS_EXPECTED_EXPERIMENTS: JSON.stringify(fixture.experimentNames), RUNLENS_FIXTURE: JSON.stringify(fixture.facts) },
  mocha: { ui: 'tdd', timeout: 30_000, reporter: reporterPath },
  ...(existsSync(codeServer) ? { useInstallation: { fromPath: shim } } : {}),
});
