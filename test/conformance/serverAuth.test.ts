// The real mlflow 3.18.0 client against `runlens server` started with a token: the credentials
// it sends (Bearer from MLFLOW_TRACKING_TOKEN, Basic from MLFLOW_TRACKING_USERNAME/PASSWORD) get
// in, through the API and the artifact proxy; a wrong one gets MLflow's 401.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { repoRoot, runPythonJson } from '../support/python.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';

type Report = { ok: true; param: string; metric: number; artifacts: string[] } | { ok: false; status: number; error: string };

const script = path.join(repoRoot, 'test', 'conformance', 'py', 'token_client.py');
const TOKEN = 'tok-3f9 with a space';

describe('mlflow client → runlens server with a token', () => {
  let dir: string;
  let server: ServerProcess;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-token-'));
    // From the environment, as a deployment would set it.
    server = await startRunlensServer(dir, [], { RUNLENS_AUTH_TOKEN: TOKEN });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  // Credentials the test runner's environment may carry are blanked (the client ignores empty ones).
  const none = { MLFLOW_TRACKING_TOKEN: '', MLFLOW_TRACKING_USERNAME: '', MLFLOW_TRACKING_PASSWORD: '' };
  const logWith = (credentials: Record<string, string>) => runPythonJson<Report>(script, [], { MLFLOW_TRACKING_URI: server.url, ...none, ...credentials }, dir);

  test('MLFLOW_TRACKING_TOKEN and username/password both log a run and its artifact', async () => {
    const accepted: Record<string, string>[] = [{ MLFLOW_TRACKING_TOKEN: TOKEN }, { MLFLOW_TRACKING_USERNAME: 'ana', MLFLOW_TRACKING_PASSWORD: TOKEN }];
    for (const credentials of accepted) {
      assert.deepEqual(await logWith(credentials), { ok: true, param: '0.1', metric: 0.5, artifacts: ['note.txt'] }, Object.keys(credentials).join());
    }
  });

  test('no token, a wrong one, or the token with something after it is refused', async () => {
    const refused: Record<string, string>[] = [{}, { MLFLOW_TRACKING_TOKEN: 'tok-3f9' }, { MLFLOW_TRACKING_TOKEN: `${TOKEN} junk` }, { MLFLOW_TRACKING_USERNAME: 'ana', MLFLOW_TRACKING_PASSWORD: `${TOKEN}x` }];
    for (const credentials of refused) {
      assert.deepEqual(await logWith(credentials), { ok: false, status: 401, error: 'UNAUTHENTICATED' }, JSON.stringify(credentials));
    }
  });
});
