// How the audit trail reads in the Models view and the version details panel: labels per action,
// who and when, the reason, the model row's "which version is where since when", the details
// panel's fields from a run's provenance and the timeline rows.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelVersion, RegisteredModel, Run } from '../../src/shared/entities.ts';
import { auditTagKey, currentPlacements, encodeAuditEvent, type AuditEvent } from '../../src/store/audit/auditEvent.ts';
import {
  eventChange, eventDescription, eventLabel, eventRowIds, eventTime, eventTooltipLines, modelSummary, placementLines, placementsSummary,
} from '../../src/describe/auditLabels.ts';
import { modelVersionDetails, runProvenance } from '../../src/describe/modelVersionDetails.ts';
import { versionHistory } from '../../src/describe/versionHistory.ts';

// Local time, so the expected text holds in every time zone.
const AT = new Date(2026, 11, 5, 10, 2, 30).getTime();
const RUN_ID = '0123456789abcdef0123456789abcdef';

const event = (fields: Partial<AuditEvent> & Pick<AuditEvent, 'action'>): AuditEvent => ({ time: AT, user: 'alice', ...fields });

function version(fields: Partial<ModelVersion> = {}): ModelVersion {
  return { name: 'iris', version: '3', currentStage: 'Production', status: 'READY', tags: [], aliases: [], creationTimestamp: AT - 86_400_000, userId: 'bob', source: `runs:/${RUN_ID}/model`, runId: RUN_ID, ...fields };
}

function modelWith(events: AuditEvent[], fields: Partial<RegisteredModel> = {}): RegisteredModel {
  return {
    name: 'iris', latestVersions: [], aliases: [],
    tags: [{ key: 'team', value: 'vision' }, ...events.map((e) => ({ key: auditTagKey(e.time), value: encodeAuditEvent(e) }))],
    ...fields,
  };
}

describe('event rows', () => {
  test('each action has a short label; the model\'s History names the version', () => {
    assert.equal(eventLabel(event({ action: 'stage', version: '3', from: 'Staging', to: 'Production' })), 'Moved to Production');
    assert.equal(eventLabel(event({ action: 'stage', version: '3', to: 'Production' }), { withVersion: true }), 'Version 3 moved to Production');
    assert.equal(eventLabel(event({ action: 'alias-set', item: 'champion', from: '1', to: '2' })), '@champion → version 2');
    assert.equal(eventLabel(event({ action: 'alias-deleted', item: 'champion', from: '2' })), '@champion removed from version 2');
    assert.equal(eventLabel(event({ action: 'version-description', version: '3', from: '', to: 'new text' })), 'Description edited');
    assert.equal(eventLabel(event({ action: 'version-description', version: '3', from: 'old', to: '' }), { withVersion: true }), 'Version 3 description cleared');
    assert.equal(eventLabel(event({ action: 'model-description', to: 'x' })), 'Description edited');
    assert.equal(eventLabel(event({ action: 'version-created', version: '3', to: `run ${RUN_ID}` })), 'Created from run 01234567');
    assert.equal(eventLabel(event({ action: 'version-created', version: '4', to: 'models:/m-abc' }), { withVersion: true }), 'Version 4 created from models:/m-abc');
    assert.equal(eventLabel(event({ action: 'version-deleted', version: '2', from: 'Archived' }), { withVersion: true }), 'Version 2 deleted');
    assert.equal(eventLabel(event({ action: 'version-tag-set', version: '3', item: 'approved-by', to: 'carol' })), 'Tag approved-by = carol');
    assert.equal(eventLabel(event({ action: 'version-tag-deleted', version: '3', item: 'approved-by' }), { withVersion: true }), 'Version 3 tag approved-by deleted');
    assert.equal(eventLabel(event({ action: 'model-tag-set', item: 'team', to: 'vision' })), 'Tag team = vision');
    assert.equal(eventLabel(event({ action: 'model-renamed', from: 'old', to: 'iris' })), 'Renamed to iris');
    assert.equal(eventLabel(event({ action: 'model-created' })), 'Model created');
  });

  test('the description says who and when, then the reason; nobody recorded reads as such', () => {
    assert.equal(eventTime(AT), '2026-12-05 10:02');
    assert.equal(eventDescription(event({ action: 'stage', to: 'Staging', reason: 'passed offline eval' })), 'alice · 2026-12-05 10:02 — "passed offline eval"');
    assert.equal(eventDescription(event({ action: 'stage', to: 'Staging', user: '' })), 'unknown user · 2026-12-05 10:02');
    assert.equal(eventTime(0), 'unknown time');
  });

  test('a long value or reason is cut in the row and whole in the tooltip', () => {
    const reason = 'r'.repeat(300);
    const e = event({ action: 'version-tag-set', version: '3', item: 'note', to: 'v'.repeat(200), reason });
    assert.ok(eventLabel(e).length < 100 && eventLabel(e).endsWith('…'));
    assert.ok(eventDescription(e).length < 140);
    const tooltip = eventTooltipLines(e, 'iris');
    assert.ok(tooltip.includes(`Reason: ${reason}`));
    assert.ok(tooltip.includes(`To ${'v'.repeat(200)}`));
  });

  test('the tooltip names the model and version, from and to, the user and the reason', () => {
    const lines = eventTooltipLines(event({ action: 'stage', version: '3', from: 'Staging', to: 'Production', reason: 'A/B test won' }), 'iris');
    assert.equal(lines[0], 'Version 3 moved to Production');
    assert.equal(lines[1], 'iris version 3');
    for (const line of ['From Staging', 'To Production', 'By alice', 'Reason: A/B test won']) assert.ok(lines.includes(line), line);
    assert.ok(eventTooltipLines(event({ action: 'model-created' }), 'iris').includes('No reason given.'));
  });

  test('from → to: stages as they are, aliases as versions, nothing for an event that is not a move or whose values are texts', () => {
    assert.equal(eventChange(event({ action: 'stage', from: 'None', to: 'Staging' })), 'None → Staging');
    assert.equal(eventChange(event({ action: 'alias-set', item: 'champion', to: '2' })), '(none) → version 2');
    assert.equal(eventChange(event({ action: 'alias-set', item: 'champion', from: '1', to: '2' })), 'version 1 → version 2');
    assert.equal(eventChange(event({ action: 'model-created' })), '');
    // Sources and descriptions stay in the label and the tooltip.
    assert.equal(eventChange(event({ action: 'version-created', to: `run ${RUN_ID}` })), '');
    assert.equal(eventChange(event({ action: 'version-description', from: 'old', to: 'a long new text' })), '');
  });

  test('row ids stay put when a newer event arrives, and repeats get their own', () => {
    const older = event({ action: 'stage', version: '3', to: 'Staging' });
    const newer = event({ action: 'stage', version: '3', to: 'Production', time: AT + 1000 });
    const before = eventRowIds([older], 'scope');
    const after = eventRowIds([newer, older], 'scope');
    assert.equal(after[1], before[0]);
    const twice = eventRowIds([older, { ...older }], 'scope');
    assert.notEqual(twice[0], twice[1]);
  });
});

describe('a version\'s history', () => {
  test('holds its creation, its own events and the alias moves onto and off it, oldest first', () => {
    const model = modelWith([
      event({ action: 'version-created', version: '3', to: `run ${RUN_ID}`, time: AT }),
      event({ action: 'alias-set', item: 'champion', to: '2', time: AT + 1 }),
      event({ action: 'alias-set', item: 'champion', from: '2', to: '3', time: AT + 2 }),
      event({ action: 'stage', version: '3', to: 'Production', time: AT + 3 }),
      event({ action: 'stage', version: '2', to: 'Archived', time: AT + 4 }),
      event({ action: 'alias-set', item: 'champion', from: '3', to: '4', time: AT + 5 }),
      event({ action: 'alias-deleted', item: 'next', from: '3', time: AT + 6 }),
    ]);
    assert.deepEqual(versionHistory(model, version()).map((e) => eventLabel(e)), [
      'Created from run 01234567', '@champion → version 3', 'Moved to Production', '@champion → version 4', '@next removed from version 3',
    ]);
    assert.deepEqual(versionHistory(model, version({ version: '2' })).map((e) => e.action), ['version-created', 'alias-set', 'alias-set', 'stage']);
  });
});

describe('the registered model\'s row', () => {
  test('says which version is in Production since when and by whom, and where each alias points', () => {
    const promoted = event({ action: 'stage', version: '3', from: 'Staging', to: 'Production', reason: 'beat v2' });
    const model = modelWith([event({ action: 'alias-set', item: 'champion', to: '1', time: AT - 5000 }), promoted], { aliases: [{ alias: 'champion', version: '1' }] });
    const placements = currentPlacements(model, [version({ version: '3', currentStage: 'Production' }), version({ version: '4', currentStage: 'None' })]);
    assert.equal(placementsSummary(placements), 'Production v3 (alice, 2026-12-05 10:02) · @champion→1');
    assert.equal(modelSummary(placements, '4'), 'Production v3 (alice, 2026-12-05 10:02) · @champion→1 · latest v4');
    assert.deepEqual(placementLines(placements), [
      'Production: version 3 since 2026-12-05 10:02, by alice — "beat v2"',
      '@champion → version 1 since 2026-12-05 10:02, by alice',
    ]);
  });

  test('a placement no one recorded still shows, without who or when', () => {
    const placements = currentPlacements(modelWith([]), [version({ version: '1', currentStage: 'Staging' })]);
    assert.equal(placementsSummary(placements), 'Staging v1');
    assert.deepEqual(placementLines(placements), ['Staging: version 1 (no recorded event)']);
    assert.equal(modelSummary([], '2'), 'v2');
    assert.equal(modelSummary([], undefined), 'no versions');
  });
});

describe('the version details panel', () => {
  const run: Run = {
    info: { runId: RUN_ID, runName: 'forest-run', experimentId: '1', userId: 'bob', status: 'FINISHED', artifactUri: 'file:///x', lifecycleStage: 'active' },
    data: {
      metrics: [], params: [],
      tags: [
        { key: 'mlflow.source.git.commit', value: 'abc123def' },
        { key: 'mlflow.source.git.branch', value: 'main' },
        { key: 'runlens.git.dirty', value: 'true' },
        { key: 'runlens.data.data/train.csv.sha256', value: 'f00d' },
        { key: 'mlflow.user', value: 'bob' },
      ],
    },
    inputs: { datasetInputs: [{ tags: [{ key: 'mlflow.data.context', value: 'training' }], dataset: { name: 'iris', digest: 'd1g3st', sourceType: 'code', source: '{}' } }], modelInputs: [] },
    outputs: { modelOutputs: [] },
  };

  test('provenance lists the commit, branch, uncommitted changes and data hashes the run recorded', () => {
    assert.deepEqual(runProvenance(run), [
      { label: 'Git commit', value: 'abc123def' },
      { label: 'Branch', value: 'main' },
      { label: 'Uncommitted changes', value: 'yes (the diff is saved with the run)' },
      { label: 'Data data/train.csv (sha256)', value: 'f00d' },
    ]);
  });

  test('the details hold the version, its placements, its creation, datasets and the timeline newest first', () => {
    const model = modelWith([
      event({ action: 'stage', version: '3', from: 'None', to: 'Staging', reason: 'passed offline eval', time: AT }),
      event({ action: 'stage', version: '2', to: 'Archived', time: AT + 10 }),
    ], { aliases: [{ alias: 'champion', version: '3' }] });
    const details = modelVersionDetails(model, version({ currentStage: 'Staging', description: 'the forest' }), run);
    assert.equal(details.stage, 'Staging');
    assert.deepEqual(details.aliases, ['champion']);
    assert.equal(details.description, 'the forest');
    assert.equal(details.runId, RUN_ID);
    assert.deepEqual(details.created.map((f) => f.label), ['Registered', 'By', 'Source', 'Source run', 'Run started by']);
    assert.equal(details.created.find((f) => f.label === 'Source run')?.value, `forest-run · ${RUN_ID}`);
    assert.deepEqual(details.datasets, [{ name: 'iris', digest: 'd1g3st', source: '{}', context: 'training' }]);
    // Version 2's event is not version 3's; the creation no one recorded is synthesised from the registry.
    assert.deepEqual(details.events.map((e) => [e.label, e.user, e.change, e.reason]), [
      ['Moved to Staging', 'alice', 'None → Staging', 'passed offline eval'],
      ['Created from run 01234567', 'bob', '', ''],
    ]);
  });

  test('a run that could not be read is said, and the registry\'s record still shows', () => {
    const details = modelVersionDetails(modelWith([]), version(), undefined, 'The source run could not be read: gone');
    assert.equal(details.runProblem, 'The source run could not be read: gone');
    assert.deepEqual(details.provenance, []);
    assert.equal(details.events.length, 1);
  });
});
