// The test and demo venv mixes mlflow 3.18.0 with 3.17.2 companions (the registry lacks the
// 3.18.0 ones), and mlflow warns about that at every import. .ci/setup-python.sh filters that one
// warning inside RunLens's own venv; other warnings still show, and launches add no filter of
// their own, so a user's interpreter is never quietened.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { launchEnvironment } from '../../src/vscode/launch/launchCommand.ts';
import { runPython } from '../support/python.ts';

const MISMATCH = /Versions of mlflow \(/u;

test("the venv's python imports mlflow without the version-mismatch warning, while the mismatch is real", async () => {
  const imported = await runPython('-c', ['import mlflow']);
  assert.doesNotMatch(imported.stderr, MISMATCH);
  // With the filters reset, mlflow's own check still finds the mixed versions: the filter is what silences it.
  const check = await runPython('-c', ['import warnings, mlflow.mismatch as m; warnings.resetwarnings(); warnings.simplefilter("always"); m._check_version_mismatch()']);
  assert.match(check.stderr, MISMATCH);
});

test('other warnings still show in the venv, and a launch adds no warning filter', async () => {
  const other = await runPython('-c', ['import mlflow, warnings; warnings.warn("a different warning")']);
  assert.match(other.stderr, /UserWarning: a different warning/u);
  const env = launchEnvironment({ trackingUri: 'http://127.0.0.1:5000', experimentId: '1', experimentName: 'e', runId: 'r' });
  assert.equal(env.PYTHONWARNINGS, undefined);
});
