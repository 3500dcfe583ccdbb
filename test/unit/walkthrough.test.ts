// The walkthrough and the marketplace face in package.json point at things that exist: every
// command a step's button runs or waits for is contributed, every context key it waits for is one
// RunLens sets, every media file is there, and the icon is the PNG scripts/drawIcon.py draws.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot, runPython } from '../support/python.ts';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents?: string[];
}

interface Manifest {
  publisher: string;
  name: string;
  icon?: string;
  galleryBanner?: { color?: string; theme?: string };
  repository?: { type?: string; url?: string };
  keywords?: string[];
  qna?: unknown;
  contributes: {
    commands: { command: string }[];
    walkthroughs?: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
const walkthrough = manifest.contributes.walkthroughs?.find((w) => w.id === 'runlens.gettingStarted');

/** The command ids of `[label](command:id)` / `(command:id?args)` links in markdown. */
function linkedCommands(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(command:([\w.]+)/gu)].map((m) => m[1]);
}

/** Every .ts file under src/, for the context keys RunLens sets. */
function sourceText(dir = path.join(repoRoot, 'src')): string {
  return readdirSync(dir, { withFileTypes: true })
    .map((entry) => (entry.isDirectory() ? sourceText(path.join(dir, entry.name)) : entry.name.endsWith('.ts') ? readFileSync(path.join(dir, entry.name), 'utf8') : ''))
    .join('\n');
}

test('the walkthrough has the five newcomer steps, in order', () => {
  assert.ok(walkthrough, 'package.json has no walkthrough runlens.gettingStarted');
  assert.deepEqual(walkthrough.steps.map((s) => s.id), ['store', 'runExample', 'liveChart', 'compareRuns', 'registerModel']);
  for (const step of walkthrough.steps) assert.ok(step.title && step.description, `step ${step.id} lacks a title or description`);
});

test('every command a step links to or completes on is contributed by package.json', () => {
  for (const step of walkthrough!.steps) {
    const buttons = linkedCommands(step.description);
    assert.ok(buttons.length > 0, `step ${step.id} has no command button`);
    const events = step.completionEvents ?? [];
    assert.ok(events.length > 0, `step ${step.id} has no completion event`);
    const awaited = events.filter((e) => e.startsWith('onCommand:')).map((e) => e.slice('onCommand:'.length));
    for (const command of [...buttons, ...awaited]) assert.ok(contributed.has(command), `step ${step.id} refers to ${command}, which package.json does not contribute`);
    // A user who presses the step's own button sees it ticked off.
    assert.ok(buttons.some((command) => awaited.includes(command)), `no button of step ${step.id} runs a command its completion events wait for`);
    for (const event of events) assert.match(event, /^(onCommand|onContext|onView|onSettingChanged|extensionInstalled|onLink|onStepSelected):/u, `step ${step.id}: unknown completion event ${event}`);
  }
});

test('every context key a step completes on is one RunLens sets', () => {
  const source = sourceText();
  for (const step of walkthrough!.steps) {
    for (const event of (step.completionEvents ?? []).filter((e) => e.startsWith('onContext:'))) {
      const key = event.slice('onContext:'.length);
      assert.ok(source.includes(`'setContext', '${key}'`), `step ${step.id} waits for the context key ${key}, which nothing in src/ sets`);
    }
  }
});

test('every step\'s media exists, and commands linked from it are contributed', () => {
  for (const step of walkthrough!.steps) {
    const file = step.media.markdown ?? step.media.image;
    assert.ok(file, `step ${step.id} has neither markdown nor image media`);
    assert.ok(file.startsWith('media/walkthrough/'), `step ${step.id}'s media ${file} is outside media/walkthrough/ (the VSIX packs media/)`);
    assert.ok(existsSync(path.join(repoRoot, file)), `step ${step.id}'s media ${file} does not exist`);
    if (step.media.image) assert.ok(step.media.altText, `step ${step.id}'s image has no altText`);
    if (step.media.markdown) {
      for (const command of linkedCommands(readFileSync(path.join(repoRoot, file), 'utf8'))) assert.ok(contributed.has(command), `${file} links to ${command}, which package.json does not contribute`);
    }
  }
});

test('RunLens: Get Started is contributed and the walkthrough is reachable from the empty Experiments view', () => {
  assert.ok(contributed.has('runlens.openWalkthrough'));
  const welcome = JSON.stringify((manifest.contributes as unknown as { viewsWelcome: unknown }).viewsWelcome);
  assert.ok(welcome.includes('command:runlens.openWalkthrough'));
});

/** Width and height from a PNG's IHDR chunk (bytes 16–23). */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the marketplace face: a square PNG icon, a banner, a repository, keywords, no Q&A link', () => {
  assert.equal(manifest.icon, 'media/icon.png');
  const { width, height } = pngSize(path.join(repoRoot, manifest.icon));
  assert.ok(width === height && (width === 128 || width === 256), `the icon is ${width}×${height}; the marketplace wants 128×128 or 256×256`);
  assert.match(manifest.galleryBanner?.color ?? '', /^#[0-9a-f]{6}$/iu);
  assert.ok(manifest.galleryBanner?.theme === 'dark' || manifest.galleryBanner?.theme === 'light');
  assert.equal(manifest.repository?.type, 'git');
  assert.match(manifest.repository?.url ?? '', /^https:\/\//u);
  assert.ok(manifest.keywords?.includes('mlflow'));
  // The marketplace rejects more than 30 keywords.
  assert.ok(manifest.keywords!.length <= 30);
  assert.equal(manifest.qna, false);
});

test('media/icon.png is what scripts/drawIcon.py draws', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-icon-'));
  try {
    const drawn = path.join(dir, 'icon.png');
    await runPython(path.join(repoRoot, 'scripts', 'drawIcon.py'), [drawn]);
    assert.ok(readFileSync(drawn).equals(readFileSync(path.join(repoRoot, 'media', 'icon.png'))), 'media/icon.png differs from the script\'s drawing: run .tools/venv/bin/python scripts/drawIcon.py');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
