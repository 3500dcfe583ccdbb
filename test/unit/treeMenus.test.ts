// The Experiments and Models views' row menus (package.json `when` clauses) against the context
// values the rows carry: Register Model only on runs with a model, the status menus unchanged,
// logged-model files opened and downloaded but not compared across runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/python.ts';

interface MenuEntry {
  command: string;
  when?: string;
}

const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: { menus: Record<string, MenuEntry[]> } };
const itemMenus = manifest.contributes.menus['view/item/context'];

/** Whether a `view` / `viewItem` term of a when clause holds; other context keys are taken as true. */
function term(clause: string, key: 'view' | 'viewItem', value: string): boolean {
  const regex = new RegExp(`\\b${key} =~ /((?:\\\\/|[^/])+)/`, 'u').exec(clause);
  if (regex) return new RegExp(regex[1], 'u').test(value);
  const equal = new RegExp(`\\b${key} == ([\\w.]+)`, 'u').exec(clause);
  return equal ? equal[1] === value : true;
}

function commandsOn(view: string, contextValue: string): string[] {
  return itemMenus
    .filter((entry) => entry.when && !/listMultiSelection|runlens\.remote/u.test(entry.when) && term(entry.when, 'view', view) && term(entry.when, 'viewItem', contextValue))
    .map((entry) => entry.command);
}

test('Register Model is offered on runs that have a model, and only there', () => {
  assert.ok(commandsOn('runlens.experiments', 'run.finished.active.model').includes('runlens.run.registerModel'));
  assert.ok(!commandsOn('runlens.experiments', 'run.finished.active').includes('runlens.run.registerModel'));
  assert.ok(!commandsOn('runlens.experiments', 'run.finished.deleted').includes('runlens.run.registerModel'));
  assert.ok(commandsOn('runlens.experiments', 'loggedModel').includes('runlens.run.registerModel'), 'and on a logged model\'s own row');
  assert.ok(!commandsOn('runlens.experiments', 'section.models').includes('runlens.run.registerModel'));
});

test('the model segment leaves the status and lifecycle menus as they were', () => {
  const running = commandsOn('runlens.experiments', 'run.running.active.model');
  for (const command of ['runlens.run.markKilled', 'runlens.run.markFailed', 'runlens.run.delete', 'runlens.run.rename']) assert.ok(running.includes(command), command);
  assert.ok(commandsOn('runlens.experiments', 'run.finished.deleted.model').includes('runlens.run.restore'));
  assert.ok(!commandsOn('runlens.experiments', 'run.finished.active.model').includes('runlens.run.markKilled'));
});

test('a logged model\'s files open and download in both views, but are not compared across runs', () => {
  for (const view of ['runlens.experiments', 'runlens.models']) {
    const onFile = commandsOn(view, 'artifact.file.model');
    assert.ok(onFile.includes('runlens.artifact.open') && onFile.includes('runlens.artifact.download'), view);
    assert.ok(!onFile.includes('runlens.artifact.compareWith'), view);
  }
  assert.ok(commandsOn('runlens.experiments', 'artifact.file').includes('runlens.artifact.compareWith'));
  assert.ok(!commandsOn('runlens.experiments', 'tag.system').includes('runlens.run.deleteTag'), 'MLflow\'s system tags are not offered for deletion');
  assert.ok(commandsOn('runlens.experiments', 'tag').includes('runlens.run.deleteTag'));
});

test('every version offers Serve Model; only a serving one offers Stop Serving, and keeps its other menus', () => {
  const idle = commandsOn('runlens.models', 'modelVersion.production');
  const serving = commandsOn('runlens.models', 'modelVersion.production.serving');
  assert.ok(idle.includes('runlens.model.serve') && !idle.includes('runlens.model.stopServing'));
  assert.ok(serving.includes('runlens.model.stopServing') && serving.includes('runlens.model.serve'), 'a second Serve reveals the running one');
  assert.deepEqual(serving.filter((c) => c !== 'runlens.model.stopServing'), idle);
  assert.ok(!commandsOn('runlens.models', 'model').includes('runlens.model.serve'), 'a registered model row has no single version to serve');
});

test('Show Model Version Details is offered on every version row, and not on the rows under it', () => {
  for (const stage of ['none', 'staging', 'production', 'archived']) assert.ok(commandsOn('runlens.models', `modelVersion.${stage}`).includes('runlens.model.showDetails'), stage);
  for (const row of ['model', 'modelAlias', 'modelTag', 'history', 'history.version', 'auditEvent']) assert.ok(!commandsOn('runlens.models', row).includes('runlens.model.showDetails'), row);
  // History and event rows are the trail: nothing edits or deletes them.
  for (const row of ['history', 'history.version', 'auditEvent']) assert.deepEqual(commandsOn('runlens.models', row), [], row);
});
