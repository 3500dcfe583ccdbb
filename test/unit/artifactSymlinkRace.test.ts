// Regression for the check-then-open race (issue 13): while a worker thread keeps swapping a
// folder inside the artifact root with a symlink to an outside sentinel folder, requests to the
// real `runlens server` (GET, HEAD, PUT, list, DELETE) and reads through the local artifact
// repository must never read, write or delete a byte outside the root, nor answer 5xx.
// Everything the flipper touches lives in this test's own temp folder.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { LocalArtifactRepository } from '../../src/store/artifacts/localArtifactRepository.ts';
import { startRunlensServer, type ServerProcess } from '../support/runlensServer.ts';

const SECRET = 'SENTINEL-OUTSIDE-THE-ROOT';
const VICTIM = 'VICTIM-OUTSIDE-THE-ROOT';
const INSIDE = 'inside the root';
const OPERATIONS = 400;
const CONCURRENCY = 8;

interface Race { base: string; root: string; outside: string; flipper: Worker; failed: Promise<never> }

/**
 * root/1/flip alternates between a real folder (its secret.txt says INSIDE) and a link to
 * base/outside (secret.txt says SECRET, and victim.txt exists only there).
 */
async function startRace(prefix: string): Promise<Race> {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const root = path.join(base, 'root');
  const outside = path.join(base, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(outside, 'victim.txt'), VICTIM);
  fs.mkdirSync(path.join(root, '1'), { recursive: true });
  const flipper = new Worker(new URL('../support/symlinkFlipper.ts', import.meta.url), {
    workerData: { folder: path.join(root, '1'), name: 'flip', outside, insideFile: 'secret.txt', insideText: INSIDE },
  });
  const failed = new Promise<never>((_resolve, reject) => flipper.once('error', reject));
  failed.catch(() => undefined);
  await Promise.race([new Promise((resolve) => flipper.once('message', resolve)), failed]);
  return { base, root, outside, flipper, failed };
}

async function stopRace(race: Race): Promise<number> {
  const swaps = new Promise<number>((resolve) => race.flipper.once('message', resolve));
  race.flipper.postMessage('stop');
  const count = await Promise.race([swaps, race.failed]);
  await race.flipper.terminate();
  return count;
}

/** Every file under the sentinel folder with its content: must stay exactly the two planted ones. */
function sentinelContents(outside: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of fs.readdirSync(outside, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    found[path.relative(outside, full)] = entry.isFile() ? fs.readFileSync(full, 'utf8') : `<${entry.isDirectory() ? 'dir' : 'other'}>`;
  }
  return found;
}

/** Runs `count` operations, `CONCURRENCY` at a time. */
async function runAll(count: number, operation: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await operation(next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

describe('artifact symlink race', () => {
  describe('runlens server artifact proxy', () => {
    let race: Race;
    let server: ServerProcess;

    before(async () => {
      race = await startRace('runlens-symlink-race-server-');
      server = await startRunlensServer(race.base, [
        '--backend-store-uri', `sqlite:///${path.join(race.base, 'mlflow.db')}`, '--artifacts-destination', race.root,
      ]);
    });
    after(async () => {
      await server?.stop();
      fs.rmSync(race.base, { recursive: true, force: true });
    });

    test(`${OPERATIONS} GET/HEAD/PUT/list/DELETE while the folder flips: nothing outside the root is touched, no 5xx`, { timeout: 300_000 }, async () => {
      const api = `${server.url}/api/2.0/mlflow-artifacts/artifacts`;
      const escapes = { reads: 0, listings: 0 };
      const statuses = new Map<string, number>();
      const serverErrors: string[] = [];
      await runAll(OPERATIONS, async (i) => {
        const kind = ['GET', 'HEAD', 'PUT', 'PUT-deep', 'LIST', 'DELETE', 'GET', 'LIST'][i % 8];
        const request: [string, RequestInit] = {
          GET: [`${api}/1/flip/secret.txt`, { method: 'GET' }],
          HEAD: [`${api}/1/flip/victim.txt`, { method: 'HEAD' }],
          PUT: [`${api}/1/flip/new-${i}.txt`, { method: 'PUT', body: `written ${i}` }],
          'PUT-deep': [`${api}/1/flip/sub-${i}/x.txt`, { method: 'PUT', body: `written ${i}` }],
          LIST: [`${api}?path=1/flip`, { method: 'GET' }],
          DELETE: [`${api}/1/flip/victim.txt`, { method: 'DELETE' }],
        }[kind] as [string, RequestInit];
        const response = await fetch(request[0], { ...request[1], signal: AbortSignal.timeout(30_000) });
        const body = await response.text();
        statuses.set(`${kind} ${response.status}`, (statuses.get(`${kind} ${response.status}`) ?? 0) + 1);
        if (response.status >= 500) serverErrors.push(`${kind} ${response.status} ${body.slice(0, 200)}`);
        if (body.includes(SECRET) || (kind === 'HEAD' && response.status === 200)) escapes.reads++;
        if (kind === 'LIST' && body.includes('victim.txt')) escapes.listings++;
      });
      const swaps = await stopRace(race);
      const sentinel = sentinelContents(race.outside);
      const writes = Object.keys(sentinel).filter((name) => name !== 'secret.txt' && name !== 'victim.txt');
      console.log(`server: ${swaps} swaps; escaped reads ${escapes.reads}, listings ${escapes.listings}, writes ${writes.length}, `
        + `victim ${sentinel['victim.txt'] === VICTIM ? 'kept' : 'deleted'}; ${JSON.stringify(Object.fromEntries(statuses))}`);
      assert.ok(swaps > 0, 'the flipper ran');
      assert.deepEqual(serverErrors, [], 'no 5xx');
      assert.deepEqual(escapes, { reads: 0, listings: 0 }, 'no byte or name from outside the root was served');
      assert.deepEqual(sentinel, { 'secret.txt': SECRET, 'victim.txt': VICTIM }, 'nothing written to or deleted from the sentinel folder');
    });
  });

  describe('local artifact repository', () => {
    let race: Race;

    before(async () => {
      race = await startRace('runlens-symlink-race-local-');
    });
    after(() => fs.rmSync(race.base, { recursive: true, force: true }));

    test(`rounds of ${OPERATIONS} read/download/list for 2 s while the folder flips: nothing outside the root is read`, { timeout: 300_000 }, async () => {
      const repository = new LocalArtifactRepository(race.root, { tempRoot: race.base });
      const escapes = { reads: 0, downloads: 0, listings: 0 };
      const unexpected: string[] = [];
      // In-process calls finish 400 operations in a fraction of a second: repeat the round for
      // two seconds so the race gets as many chances as it gets against the server.
      const operation = async (i: number) => {
        try {
          if (i % 3 === 0) {
            if ((await repository.read('1/flip/secret.txt')).toString().includes(SECRET)) escapes.reads++;
          } else if (i % 3 === 1) {
            const file = await repository.download('1/flip/secret.txt');
            if (fs.readFileSync(file, 'utf8').includes(SECRET)) escapes.downloads++;
            fs.rmSync(path.dirname(file), { recursive: true, force: true });
          } else {
            const page = await repository.list('1/flip');
            if (page.items.some((item) => item.path.endsWith('victim.txt'))) escapes.listings++;
          }
        } catch (error) {
          // Missing (the name was between swaps) or refused (it was the link) are both fine answers.
          const code = (error as { code?: string }).code;
          if (code !== 'RESOURCE_DOES_NOT_EXIST' && code !== 'INVALID_PARAMETER_VALUE') unexpected.push(String(error));
        }
      };
      const until = Date.now() + 2_000;
      let rounds = 0;
      do {
        await runAll(OPERATIONS, operation);
        rounds++;
      } while (Date.now() < until);
      const swaps = await stopRace(race);
      console.log(`local repository: ${rounds} rounds of ${OPERATIONS}, ${swaps} swaps; escaped ${JSON.stringify(escapes)}; unexpected errors ${unexpected.length}`);
      assert.ok(swaps > 0, 'the flipper ran');
      assert.deepEqual(unexpected.slice(0, 5), [], 'only MLflow errors');
      assert.deepEqual(escapes, { reads: 0, downloads: 0, listings: 0 });
      assert.deepEqual(sentinelContents(race.outside), { 'secret.txt': SECRET, 'victim.txt': VICTIM });
    });
  });
});
