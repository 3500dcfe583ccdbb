// The RunLens side of `npm run bench:artifacts`, run as its own process from the bundle the
// bench builds the way the extension ships (the S3 SDK loaded lazily from cloud-sdk/s3.js):
//   node artifactCalls.js list <root> <folder> <warm-calls>
//   node artifactCalls.js download <root> <folder> <warm-calls> <destination-base> <concurrency>
// Prints one JSON line {"cold": s, "warm": [s, ...], "warmCpu": [s, ...], "count": n}: "cold" is
// this process's first call (SDK loaded and its client made on the way), "warm" the calls after
// it, "warmCpu" this process's CPU time during each warm call. The bucket's
// endpoint and keys come from the environment, as they would for the extension.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import { downloadArtifactFolder } from '../../src/vscode/artifacts/artifactDownload.ts';

/** Lists every entry of `folder` through all pages; returns how many. */
async function listAll(root: string, folder: string): Promise<number> {
  const repository = artifactRepositoryFor(root, { cloudEnv: process.env });
  let count = 0;
  let pageToken: string | undefined;
  do {
    const page = await repository.list(folder, pageToken);
    count += page.items.length;
    pageToken = page.nextPageToken;
  } while (pageToken);
  return count;
}

/** The Download… command's folder download into a fresh folder; returns the files written. */
async function downloadAll(root: string, folder: string, destination: string, concurrency: number): Promise<number> {
  mkdirSync(destination);
  const repository = artifactRepositoryFor(root, { cloudEnv: process.env });
  const written = await downloadArtifactFolder(repository, folder, destination, { concurrency });
  return readdirSync(written, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length;
}

async function main(): Promise<void> {
  const [operation, root, folder, warmCalls, destinationBase, concurrency] = process.argv.slice(2);
  const once = async (index: number): Promise<[number, number, number]> => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const count = operation === 'list' ? await listAll(root, folder) : await downloadAll(root, folder, path.join(destinationBase, String(index)), Number(concurrency));
    const used = process.cpuUsage(cpu);
    return [(performance.now() - started) / 1000, count, (used.user + used.system) / 1e6];
  };
  const [cold, count] = await once(0);
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 1; i <= Number(warmCalls); i++) {
    const [seconds, , cpu] = await once(i);
    warm.push(seconds);
    warmCpu.push(cpu);
  }
  console.log(JSON.stringify({ cold, warm, warmCpu, count }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
