// package.json's language-model tools are the catalog's (`npm run sync:tools` writes them): a tool
// added to src/tools/ without syncing, or an entry edited by hand, fails here.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { AGENT_TOOLS } from '../../src/tools/toolCatalog.ts';
import { invocationMessage } from '../../src/vscode/agents/invocationMessages.ts';
import { TOOL_ACTIVATION_PREFIX, toolContribution, withToolContributions } from '../../src/tools/toolContributions.ts';
import { repoRoot } from '../support/python.ts';

interface Manifest {
  activationEvents: string[];
  contributes: { languageModelTools?: { name: string; inputSchema: unknown; modelDescription: string }[] };
}

const text = readFileSync(path.join(repoRoot, 'package.json'), 'utf8');
const manifest = JSON.parse(text) as Manifest;

describe('language-model tool contributions', () => {
  test('package.json lists exactly the catalog tools, in catalog order, as the sync script writes them', () => {
    assert.deepEqual(manifest.contributes.languageModelTools, AGENT_TOOLS.map(toolContribution), 'run `npm run sync:tools`');
    assert.equal(`${JSON.stringify(withToolContributions(manifest, AGENT_TOOLS), null, 2)}\n`, text, 'run `npm run sync:tools`');
  });

  test('every tool activates the extension, and only catalog tools do', () => {
    const events = manifest.activationEvents.filter((e) => e.startsWith(TOOL_ACTIVATION_PREFIX)).map((e) => e.slice(TOOL_ACTIVATION_PREFIX.length));
    assert.deepEqual(events, AGENT_TOOLS.map((t) => t.name));
  });

  test('names follow runlens_<verb><Noun>, are unique, and every schema is a closed object', () => {
    const names = AGENT_TOOLS.map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
    for (const tool of AGENT_TOOLS) {
      assert.match(tool.name, /^runlens_[a-z]+[A-Z][A-Za-z]*$/u);
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal(tool.inputSchema.additionalProperties, false, `${tool.name} refuses unknown fields`);
      for (const required of tool.inputSchema.required ?? []) assert.ok(required in tool.inputSchema.properties, `${tool.name}.${required} is a property`);
      assert.equal(tool.acts, typeof tool.describeChange === 'function', `${tool.name}: acting tools describe their change`);
    }
  });

  test('a stale manifest is rewritten: an extra tool entry and activation event go, missing ones come', () => {
    const stale = {
      activationEvents: ['onView:runlens.experiments', `${TOOL_ACTIVATION_PREFIX}runlens_gone`],
      contributes: { views: {}, languageModelTools: [{ name: 'runlens_gone' }] },
    };
    const synced = withToolContributions(stale, AGENT_TOOLS.slice(0, 1));
    assert.deepEqual(synced.activationEvents, ['onView:runlens.experiments', `${TOOL_ACTIVATION_PREFIX}${AGENT_TOOLS[0].name}`]);
    assert.deepEqual(Object.keys(synced.contributes), ['views', 'languageModelTools']);
    assert.deepEqual(synced.contributes.languageModelTools.map((t) => t.name), [AGENT_TOOLS[0].name]);
  });

  test('each tool has a progress line: the verb in -ing form, else its display name', () => {
    const messages = Object.fromEntries(AGENT_TOOLS.map((t) => [t.name, invocationMessage(t)]));
    assert.equal(messages.runlens_searchRuns, 'Searching runs…');
    assert.equal(messages.runlens_setTag, 'Setting tag…');
    assert.equal(messages.runlens_transitionStage, 'Moving a model version to a stage…');
    assert.equal(invocationMessage({ name: 'runlens_metricSummary', displayName: 'Summarize metrics' }), 'Summarize metrics…');
    for (const message of Object.values(messages)) assert.match(message, /^[A-Z].*\S…$/u);
  });
});
