// The real mlflow 3.18.0 client against `runlens server`: examples, models, registry, paging,
// and the same data seen through the server and through the database file directly.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { auditTrail, isAuditTagKey } from '../../src/store/audit/auditEvent.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { repoRoot, runPython, runPythonJson } from '../support/python.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';
import { dumpStores, unsetAsNull } from '../support/storeDump.ts';

/** A model's own tags, and the audit trail runlens server recorded among them. */
function splitTrail(tags: Record<string, string>): { userTags: Record<string, string>; trail: { key: string; value: string }[] } {
  const entries = Object.entries(tags);
  return {
    userTags: Object.fromEntries(entries.filter(([key]) => !isAuditTagKey(key))),
    trail: entries.filter(([key]) => isAuditTagKey(key)).map(([key, value]) => ({ key, value })),
  };
}

const py = (name: string) => path.join(repoRoot, 'test', 'conformance', 'py', name);

describe('mlflow client → runlens server', () => {
  let dir: string;
  let server: ServerProcess;
  let env: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-server-'));
    server = await startRunlensServer(dir);
    env = { MLFLOW_TRACKING_URI: server.url };
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every example runs unchanged against the server', async () => {
    await runPython(py('run_examples.py'), [], env, dir);
  });

  test('models log, load and predict; registry stages, aliases and tags; paging; nested and failed runs', async () => {
    type Report = {
      model_uri: string; predict_by_model_id: boolean; predict_by_runs_uri: boolean; predict_by_alias: boolean;
      registry: { version: string; stage: string; version_tags: Record<string, string>; model_tags: Record<string, string>; description: string; aliases: Record<string, string>; latest_staging: string[]; download_uri: string };
      pages: number[][]; children: number; raises_status: string; filtered: string[]; artifacts: string[]; artifact_text: string;
    };
    const report = await runPythonJson<Report>(py('server_client_checks.py'), [], env, dir);
    assert.match(report.model_uri, /^models:\/m-[0-9a-f]{32}$/u);
    assert.equal(report.predict_by_model_id, true);
    assert.equal(report.predict_by_runs_uri, true);
    assert.equal(report.predict_by_alias, true);
    assert.equal(report.registry.stage, 'Staging');
    assert.deepEqual(report.registry.aliases, { champion: report.registry.version });
    assert.deepEqual(report.registry.version_tags, { validated: 'true' });
    // A deliberate difference from mlflow server: runlens server records the client's changes as runlens.audit.* tags.
    const { userTags, trail } = splitTrail(report.registry.model_tags);
    assert.deepEqual(userTags, { team: 'vision' });
    assert.deepEqual(auditTrail(trail).map((e) => e.action), ['model-created', 'version-created', 'stage', 'alias-set', 'version-tag-set', 'model-tag-set', 'model-description']);
    assert.equal(report.registry.description, 'served by RunLens');
    assert.deepEqual(report.registry.latest_staging, [report.registry.version]);
    assert.match(report.registry.download_uri, /^mlflow-artifacts:\/.*models\/m-[0-9a-f]{32}\/artifacts$/u);
    assert.deepEqual(report.pages.map((p) => p.length), [10, 10, 5]);
    const scores = report.pages.flat();
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'pages continue the order');
    assert.equal(new Set(scores).size, 25);
    assert.equal(report.children, 25);
    assert.equal(report.raises_status, 'FAILED');
    assert.deepEqual(report.filtered, ['2', '20', '21', '22', '23', '24']);
    assert.deepEqual(report.artifacts, ['config.json', 'notes']);
    assert.equal(report.artifact_text, 'hello from runlens');
  });

  test('what the client reads through the server equals our store and python reading mlflow.db directly', async () => {
    const viaServer = await runPythonJson<unknown>(py('dump_store.py'), ['--no-artifacts'], env, dir);
    const direct = await runPythonJson<unknown>(py('dump_store.py'), ['--no-artifacts'], { MLFLOW_TRACKING_URI: `sqlite:///${path.join(dir, 'mlflow.db')}` }, dir);
    // Over REST an unset string and an empty one look the same (protobuf omits both), so the
    // python client reads '' where its SQL store reads None: the same data, two spellings.
    assert.deepEqual(unsetAsNull(viaServer), unsetAsNull(direct));
    const stores = openSqliteStore(path.join(dir, 'mlflow.db'), { readonly: true });
    try {
      assert.deepEqual(await dumpStores(stores.tracking, stores.registry), direct);
    } finally {
      stores.close();
    }
  });
});
