#!/usr/bin/env node
// `npm run package`: a production build, then one VSIX per VS Code target in dist/vsix/. Each
// VSIX carries only its own platform's better-sqlite3 prebuild, which keeps it small. The build
// and the packaging happen in temp folders, so the repo's dist/ and .vscodeignore stay as they are.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createVSIX } from '@vscode/vsce';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const vsixDir = path.join(repoRoot, 'dist', 'vsix');
/** A VSIX past this means another platform's binary (or a stray folder) slipped in. */
export const maxVsixBytes = 5_000_000;

/** VS Code target → the better-sqlite3 prebuild it loads (`lib/binding.js` picks it by name). */
export const targets = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'darwin-x64': 'darwin-x64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64',
  'win32-arm64': 'win32-arm64',
  'alpine-x64': 'linuxmusl-x64',
  'alpine-arm64': 'linuxmusl-arm64',
};

const prebuildsRule = '!node_modules/better-sqlite3/prebuilds/**';
// Never staged: large, and nothing in them belongs in a VSIX.
const notStaged = new Set(['.git', '.tools', 'node_modules', 'dist', 'test-results', '.vscode-test', '.demo']);

/**
 * Bundles with `esbuild.mjs --production` in a temp folder whose src/ and node_modules/ link to
 * the repo's: esbuild follows the links, so imports resolve as usual, and dist/ lands there.
 */
function productionBuild(buildDir) {
  for (const entry of ['src', 'node_modules']) symlinkSync(path.join(repoRoot, entry), path.join(buildDir, entry), 'dir');
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs'), '--production'], { cwd: buildDir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`production build failed:\n${result.stdout}${result.stderr}`);
  return path.join(buildDir, 'dist');
}

/** The package directory Node would load `name` from when required inside `fromDir`. */
function resolvePackageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === repoRoot || dir === path.dirname(dir)) throw new Error(`dependency ${name} is not installed: run npm install`);
  }
}

/** The runtime dependency closure of package.json, as paths relative to the repo. */
function productionDependencies() {
  const found = new Set();
  const visit = (packageDir) => {
    const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const relative = path.relative(repoRoot, resolvePackageDir(name, packageDir));
      if (found.has(relative)) continue;
      found.add(relative);
      visit(path.join(repoRoot, relative));
    }
  };
  visit(repoRoot);
  return [...found];
}

/**
 * The repo as vsce should see it: its files, the production build as dist/, and a node_modules/
 * with only the runtime dependencies (vsce lists them with `npm list --production`).
 */
function stageExtension(stagingDir, distDir) {
  for (const entry of readdirSync(repoRoot)) {
    if (notStaged.has(entry) || entry.endsWith('.vsix')) continue;
    cpSync(path.join(repoRoot, entry), path.join(stagingDir, entry), { recursive: true });
  }
  cpSync(distDir, path.join(stagingDir, 'dist'), { recursive: true });
  for (const dependency of productionDependencies()) {
    cpSync(path.join(repoRoot, dependency), path.join(stagingDir, dependency), { recursive: true });
  }
}

/** The repo's .vscodeignore with the all-prebuilds rule narrowed to one platform's binary. */
function ignoreFileFor(prebuild) {
  const rules = readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split(/\r?\n/u);
  if (!rules.some((rule) => rule.trim() === prebuildsRule)) {
    throw new Error(`.vscodeignore no longer has the line ${prebuildsRule}; update scripts/package.mjs to match`);
  }
  return rules.map((rule) => (rule.trim() === prebuildsRule ? `!node_modules/better-sqlite3/prebuilds/${prebuild}.node` : rule)).join('\n');
}

/**
 * Builds once and writes one VSIX per target into `outDir`.
 * Resolves with each target's file and size; throws when a target is unknown or its binary missing.
 */
export async function packageVsix({ targets: wanted = Object.keys(targets), outDir = vsixDir, log = () => {} } = {}) {
  for (const target of wanted) {
    if (!(target in targets)) throw new Error(`unknown target ${target}; known: ${Object.keys(targets).join(', ')}`);
    const binary = path.join(repoRoot, 'node_modules', 'better-sqlite3', 'prebuilds', `${targets[target]}.node`);
    if (!existsSync(binary)) throw new Error(`better-sqlite3 has no prebuild for ${target} (${path.relative(repoRoot, binary)})`);
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'runlens-package-'));
  try {
    const buildDir = path.join(workDir, 'build');
    const stagingDir = path.join(workDir, 'extension');
    mkdirSync(buildDir);
    mkdirSync(stagingDir);
    let started = Date.now();
    stageExtension(stagingDir, productionBuild(buildDir));
    log(`production build and staging: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    mkdirSync(outDir, { recursive: true });
    const results = [];
    for (const target of wanted) {
      started = Date.now();
      const ignoreFile = path.join(workDir, `${target}.vscodeignore`);
      writeFileSync(ignoreFile, ignoreFileFor(targets[target]));
      const { name, version } = JSON.parse(readFileSync(path.join(stagingDir, 'package.json'), 'utf8'));
      const file = path.join(outDir, `${name}-${target}-${version}.vsix`);
      await createVSIX({
        cwd: stagingDir,
        target,
        packagePath: file,
        ignoreFile,
        // Never stop to ask (vsce prompts when a repository field is missing); README links stay as written.
        allowMissingRepository: true,
        rewriteRelativeLinks: false,
      });
      results.push({ target, file, bytes: statSync(file).size, seconds: (Date.now() - started) / 1000 });
    }
    return results;
  } finally {
    rmSync(workDir, { recursive: true, force: true, maxRetries: 3 });
  }
}

function formatTable(results) {
  const rows = results.map(({ target, file, bytes, seconds }) => [target, path.relative(repoRoot, file), `${(bytes / 1e6).toFixed(2)} MB`, `${seconds.toFixed(1)} s`]);
  const header = ['target', 'vsix', 'size', 'time'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  return [header, ...rows].map((row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()).join('\n');
}

async function main() {
  const { values } = parseArgs({ options: { target: { type: 'string', multiple: true } }, strict: true });
  const started = Date.now();
  const results = await packageVsix({ targets: values.target, log: (line) => console.log(line) });
  console.log(`\n${formatTable(results)}\n`);
  const tooBig = results.filter(({ bytes }) => bytes >= maxVsixBytes);
  for (const { target, bytes } of tooBig) console.error(`package: ${target} is ${bytes} bytes, the limit is ${maxVsixBytes}`);
  console.log(`${results.length} VSIX in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return tooBig.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`package: ${error.message ?? error}`);
      process.exit(1);
    },
  );
}
