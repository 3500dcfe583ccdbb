// The demo workspace: examples/ copied in, its own git repository, and an mlflow.db filled by
// the examples (or by our store when no Python has mlflow). Built aside, then renamed into place,
// so an interrupted build never leaves a half-filled workspace that a later start would reuse.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fillWithExamples, tail } from './fillWithExamples.mjs';
import { findExamplesPython } from './findPython.mjs';

const WORKSPACE_README = `# RunLens demo workspace

Made by \`npm start\` in the RunLens repository. \`mlflow.db\` holds the runs of the scripts in
\`examples/\` (artifacts are in \`mlartifacts/\`); RunLens opens it from the activity bar.

Log more runs into it from this folder:

    export MLFLOW_TRACKING_URI=sqlite:///mlflow.db
    python examples/grid_sweep.py

or right-click a script and choose **RunLens: Run with Tracking**. \`npm start -- --fresh\`
rebuilds this folder from scratch.
`;

export function workspaceIsReady(workspace) {
  return existsSync(path.join(workspace, 'mlflow.db'));
}

function copyExamples(repoRoot, workspace) {
  const from = path.join(repoRoot, 'examples');
  const to = path.join(workspace, 'examples');
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name.endsWith('.py') || name === 'README.md') copyFileSync(path.join(from, name), path.join(to, name));
  }
}

/** Its own repository, so runs record the demo's commit rather than the RunLens checkout's. */
function initGit(workspace) {
  const git = (...args) => spawnSync('git', ['-c', 'user.name=RunLens demo', '-c', 'user.email=demo@runlens.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: workspace, encoding: 'utf8' });
  if (git('init', '-q').status !== 0) return false;
  git('add', '-A');
  return git('commit', '-q', '-m', 'Example training scripts').status === 0;
}

function writeWithOurStore(repoRoot, workspace, logFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [
      '--experimental-strip-types', '--disable-warning=ExperimentalWarning',
      path.join(repoRoot, 'scripts', 'demo', 'writeDemoStore.ts'), workspace,
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('error', reject);
    child.once('exit', (code) => {
      writeFileSync(logFile, output, { flag: 'a' });
      if (code === 0) resolve(output.trim());
      else reject(new Error(`writing the demo store failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/**
 * Builds `<demoRoot>/workspace` unless it already has an mlflow.db (or `fresh`). Returns
 * `{ workspace, reused, filledBy, examples, logFile }`; filledBy is 'examples' or 'store', examples
 * fillWithExamples' results.
 */
export async function prepareWorkspace({ repoRoot, demoRoot, fresh, usePython, say }) {
  const workspace = path.join(demoRoot, 'workspace');
  if (fresh) rmSync(workspace, { recursive: true, force: true });
  if (workspaceIsReady(workspace)) return { workspace, reused: true };

  const staging = path.join(demoRoot, 'workspace.partial');
  const logFile = path.join(demoRoot, 'fill.log');
  rmSync(staging, { recursive: true, force: true });
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(logFile, '');
  copyExamples(repoRoot, staging);
  writeFileSync(path.join(staging, 'README.md'), WORKSPACE_README);
  writeFileSync(path.join(staging, '.gitignore'), 'mlflow.db\nmlartifacts/\nmlruns/\n__pycache__/\n');
  initGit(staging);

  const found = usePython ? findExamplesPython(repoRoot) : { tried: [] };
  let filledBy;
  let examples = [];
  if (found.python) {
    say(`Filling the demo workspace with examples/ (mlflow ${found.mlflowVersion}; about a minute, once)`);
    const results = await fillWithExamples({ repoRoot, workspace: staging, python: found.python, logFile, say });
    if (!results.some((r) => r.code === 0)) {
      throw new Error(`no example ran; the end of ${logFile}:\n${tail(logFile)}`);
    }
    filledBy = 'examples';
    examples = results;
  } else {
    if (usePython) {
      say(`No Python with mlflow, scikit-learn and matplotlib (tried ${found.tried.join(', ')}; \`npm run setup:python\` makes one).`);
    }
    say('Writing a demo store with RunLens\'s own SQLite store instead.');
    say(`  ${await writeWithOurStore(repoRoot, staging, logFile)}`);
    filledBy = 'store';
  }
  renameSync(staging, workspace);
  return { workspace, reused: false, filledBy, examples, logFile };
}
