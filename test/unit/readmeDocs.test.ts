// README.md documents every command and setting the extension contributes (users see it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/python.ts';

interface Manifest {
  contributes: {
    commands: { command: string; title: string }[];
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
  };
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
// Line breaks inside a sentence do not matter.
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8').replace(/\s+/gu, ' ');

test('every setting is described in README.md and in package.json', () => {
  for (const [key, schema] of Object.entries(manifest.contributes.configuration.properties)) {
    assert.ok(readme.includes(`\`${key}\``), `README.md does not document the setting ${key}`);
    assert.ok(schema.markdownDescription ?? schema.description, `${key} has no description in package.json`);
  }
});

test('every command is listed in README.md by its title', () => {
  const internal = new Set(['runlens.loadMore', 'runlens.models.loadMore']);
  for (const { command, title } of manifest.contributes.commands) {
    if (internal.has(command)) continue;
    assert.ok(readme.includes(title.replace(/…$/u, '')), `README.md does not mention the command "${title}" (${command})`);
  }
});
