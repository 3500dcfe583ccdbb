// The storage spaces the artifact-repository contract runs against. Each space is seeded and
// inspected by its own means (the file system, the vendor SDK from Python), never through the
// repository under test, so a repository cannot agree with itself about a wrong answer.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTrackingServer } from '../../src/server/trackingServer.ts';
import type { ArtifactRepository } from '../../src/store/artifacts/artifactRepository.ts';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import type { CloudProvider } from '../../src/store/artifacts/cloud/cloudLocation.ts';
import { RestClient } from '../../src/store/rest/restClient.ts';
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';
import { startCloudServer } from '../support/cloudServers/startCloudServer.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

export interface FileDigest {
  sha256: string;
  size: number;
}

/** Relative '/'-separated path → digest. */
export type SpaceSnapshot = Record<string, FileDigest>;
/** Relative '/'-separated path → size. */
export type SpaceSizes = Record<string, number>;

export interface ArtifactSpace {
  /** A repository rooted at `name` ('/'-separated) in the space; `name/x` in a snapshot is its `x`. */
  repository(name: string, tempRoot: string): ArtifactRepository;
  /** A repository whose every I/O fails (missing folder, dead server, missing bucket). */
  unreachableRepository(tempRoot: string): ArtifactRepository;
  /** Writes files under `name` by the space's own means. */
  seed(name: string, files: Record<string, Buffer>): Promise<void>;
  /** Every file under `name` (paths relative to it), read by the space's own means. */
  snapshot(name: string): Promise<SpaceSnapshot>;
  /** Every file in the whole space with its size, from a listing (quick). */
  sizes(): Promise<SpaceSizes>;
  /** Server or emulator log for failure messages; '' when there is none. */
  diagnostics(): string;
  close(): Promise<void>;
}

export const digest = (data: Buffer): FileDigest => ({ sha256: createHash('sha256').update(data).digest('hex'), size: data.length });

const tempDir = (label: string) => mkdtempSync(path.join(os.tmpdir(), `runlens-artifact-contract-${label}-`));

function writeTree(folder: string, files: Record<string, Buffer>): void {
  for (const [relative, data] of Object.entries(files)) {
    const file = path.join(folder, ...relative.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, data);
  }
}

function filesIn(folder: string): [string, string][] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .map((file) => [path.relative(folder, file).split(path.sep).join('/'), file]);
}

const snapshotTree = (folder: string): SpaceSnapshot => Object.fromEntries(filesIn(folder).map(([key, file]) => [key, digest(readFileSync(file))]));
const sizesTree = (folder: string): SpaceSizes => Object.fromEntries(filesIn(folder).map(([key, file]) => [key, statSync(file).size]));

/** Plain folders: LocalArtifactRepository over paths. */
export async function localSpace(): Promise<ArtifactSpace> {
  const base = tempDir('local');
  const space = path.join(base, 'space');
  mkdirSync(space);
  const at = (name: string) => path.join(space, ...name.split('/'));
  return {
    repository: (name, tempRoot) => artifactRepositoryFor(at(name), { tempRoot }),
    unreachableRepository: (tempRoot) => artifactRepositoryFor(path.join(base, 'no-such-folder'), { tempRoot }),
    seed: async (name, files) => writeTree(at(name), files),
    snapshot: async (name) => snapshotTree(at(name)),
    sizes: async () => sizesTree(space),
    diagnostics: () => '',
    close: async () => rmSync(base, { recursive: true, force: true }),
  };
}

/** Our own tracking server in-process (with a token): `mlflow-artifacts:/` roots through its proxy. */
export async function proxySpace(): Promise<ArtifactSpace> {
  const base = tempDir('proxy');
  const destination = path.join(base, 'mlartifacts');
  mkdirSync(destination);
  const stores = openSqliteStore(path.join(base, 'mlflow.db'), { defaultArtifactRoot: 'mlflow-artifacts:/' });
  const server = await startTrackingServer({ tracking: stores.tracking, registry: stores.registry, port: 0, artifactsDestination: destination, version: 'test', authToken: 'tok' });
  const restClient = new RestClient({ baseUrl: server.url, credentials: { token: 'tok' }, maxRetries: 0 });
  const dead = new RestClient({ baseUrl: 'http://127.0.0.1:9', credentials: { token: 'tok' }, maxRetries: 0 });
  return {
    repository: (name, tempRoot) => artifactRepositoryFor(`mlflow-artifacts:/${name}`, { restClient, tempRoot }),
    unreachableRepository: (tempRoot) => artifactRepositoryFor('mlflow-artifacts:/anything', { restClient: dead, tempRoot }),
    // The server keeps proxied files as plain files under its destination: written there directly.
    seed: async (name, files) => writeTree(path.join(destination, ...name.split('/')), files),
    snapshot: async (name) => snapshotTree(path.join(destination, ...name.split('/'))),
    sizes: async () => sizesTree(destination),
    diagnostics: () => '',
    async close() {
      await server.close();
      stores.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

const OBJECTS_SCRIPT = path.join(repoRoot, 'test', 'support', 'py', 'cloud_objects.py');
const CONTRACT_BUCKET = 'runlens-contract';

/** A bucket in the provider's emulator on loopback, seeded and read through the vendor's Python SDK. */
export async function cloudSpace(provider: CloudProvider): Promise<ArtifactSpace> {
  const cloud = await startCloudServer(provider);
  try {
    await cloud.createBucket(CONTRACT_BUCKET);
  } catch (error) {
    await cloud.stop();
    throw error;
  }
  const base = tempDir(provider);
  const cloudEnv = { ...process.env, ...cloud.env };
  const at = (name: string) => cloud.rootUri(CONTRACT_BUCKET, name);
  return {
    repository: (name, tempRoot) => artifactRepositoryFor(at(name), { cloudEnv, tempRoot }),
    // The same emulator and credentials, a bucket nobody created: any call would fail.
    unreachableRepository: (tempRoot) => artifactRepositoryFor(cloud.rootUri('runlens-no-such-bucket', 'x'), { cloudEnv, tempRoot }),
    async seed(name, files) {
      const folder = mkdtempSync(path.join(base, 'seed-'));
      writeTree(folder, files);
      await runPythonJson(OBJECTS_SCRIPT, ['put', at(name), folder], cloud.env);
      rmSync(folder, { recursive: true, force: true });
    },
    snapshot: async (name) => (await runPythonJson<Record<string, SpaceSnapshot>>(OBJECTS_SCRIPT, ['snapshot', at(name)], cloud.env))[at(name)],
    sizes: () => runPythonJson<SpaceSizes>(OBJECTS_SCRIPT, ['sizes', cloud.rootUri(CONTRACT_BUCKET, '')], cloud.env),
    diagnostics: () => cloud.log(),
    async close() {
      await cloud.stop();
      rmSync(base, { recursive: true, force: true });
    },
  };
}
