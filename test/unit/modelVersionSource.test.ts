// mlflow 3.18's server checks on a model version's source (measured by the hostile corpus): a runs:/
// source must name the run_id given, models:/<id> needs its model_id, a source with an empty or
// relative path is refused, and an @alias source is resolved to the version it points at.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { checkModelVersionSource } from '../../src/server/handlers/modelVersionSource.ts';
import type { HandlerContext } from '../../src/server/handlers/handlerContext.ts';
import { MlflowError } from '../../src/shared/errors.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';

const invalid = (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE';

describe('model version sources as mlflow 3.18\'s server checks them', () => {
  let dir: string;
  let stores: SqliteStores;
  let ctx: HandlerContext;
  let runId: string;
  let otherRunId: string;
  let artifactUri: string;
  const check = (source: string, ids: { runId?: string; modelId?: string } = {}) =>
    checkModelVersionSource({ source, ...ids, hasRunId: ids.runId !== undefined, hasModelId: ids.modelId !== undefined }, ctx);

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-mv-source-'));
    stores = openSqliteStore(path.join(dir, 'mlflow.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
    ctx = { tracking: stores.tracking, registry: stores.registry } as unknown as HandlerContext;
    const experimentId = await stores.tracking.createExperiment('sources');
    const run = await stores.tracking.createRun({ experimentId });
    runId = run.info.runId;
    artifactUri = run.info.artifactUri;
    otherRunId = (await stores.tracking.createRun({ experimentId })).info.runId;
    await stores.registry.createRegisteredModel('m');
    await stores.registry.createModelVersion({ name: 'm', source: `runs:/${runId}/model`, runId });
    await stores.registry.setRegisteredModelAlias('m', 'champion', '1');
  });
  after(() => {
    stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a runs:/ source must name the run_id given', async () => {
    assert.deepEqual(await check(`runs:/${runId}/model`, { runId }), { source: `runs:/${runId}/model`, runId, modelId: undefined });
    for (const other of [otherRunId, runId.toUpperCase(), `${runId} `, 'abc', undefined]) {
      await assert.rejects(check(`runs:/${runId}/model`, { runId: other }), invalid, String(other));
    }
  });

  test('a path that is empty, relative or not normal is refused (bogus://x has an empty path)', async () => {
    for (const source of ['bogus://x', 's3://bucket', `runs:/${runId}/../x`, 's3://bucket/a/./b', 'http://h/a/%2e%2e/b']) {
      await assert.rejects(check(source, { runId }), invalid, source);
    }
    assert.equal((await check('s3://bucket/model', { runId })).source, 's3://bucket/model');
  });

  test('models:/<id> needs that model_id; an unknown one is INVALID_PARAMETER_VALUE, not "not found"', async () => {
    await assert.rejects(check('models:/m-ffffffffffffffffffffffffffffffff'), invalid);
    await assert.rejects(check('models:/m-ffffffffffffffffffffffffffffffff', { modelId: 'm-other' }), invalid);
  });

  test('an @alias, stage or latest source resolves to models:/<name>/<version> and inherits its run', async () => {
    assert.deepEqual(await check('models:/m@champion'), { source: 'models:/m/1', runId, modelId: undefined });
    assert.deepEqual(await check('models:/m/latest'), { source: 'models:/m/1', runId, modelId: undefined });
    await assert.rejects(check('models:/m@champion', { runId: otherRunId }), invalid, 'a run_id other than the version\'s');
    await assert.rejects(check('models:/m@nobody'), /alias nobody not found/u);
  });

  test('an mlflow-artifacts source must lie under the run\'s artifact root', async () => {
    assert.ok(artifactUri.startsWith('mlflow-artifacts:'), artifactUri);
    await check(`${artifactUri}/model`, { runId });
    await assert.rejects(check(`${artifactUri}/model`, { runId: otherRunId }), invalid);
    await assert.rejects(check(`${artifactUri}/model`), invalid);
  });
});
