// One entry for "a real storage emulator of this provider on loopback", so a test written for one
// provider runs for the others by naming them.
import type { CloudProvider } from '../../../src/store/artifacts/cloud/cloudLocation.ts';
import type { CloudTestServer } from './cloudTestServer.ts';
import { startAzurite } from './azurite.ts';
import { startFakeGcs } from './fakeGcs.ts';
import { startSeaweedS3 } from './seaweedS3.ts';

const STARTERS: Record<CloudProvider, () => Promise<CloudTestServer>> = {
  s3: startSeaweedS3,
  gcs: startFakeGcs,
  azure: startAzurite,
};

/** Starts the provider's emulator; a provider without one yet fails the test (never skips it). */
export function startCloudServer(provider: CloudProvider): Promise<CloudTestServer> {
  const start = STARTERS[provider];
  if (!start) return Promise.reject(new Error(`No ${provider} emulator is registered in test/support/cloudServers/startCloudServer.ts.`));
  return start();
}
