// fake-gcs-server on loopback: Google Cloud Storage's JSON and upload APIs over plain http,
// in memory. Google's client libraries (Node and Python) reach it through STORAGE_EMULATOR_HOST
// and send no credentials then, so the env holds only the endpoint and a project id.
import http from 'node:http';
import { freePort } from '../mlflowServer.ts';
import { httpStatus, startBackgroundProcess } from './backgroundProcess.ts';
import { cachedTool, type CloudTestServer } from './cloudTestServer.ts';

export const FAKE_GCS_VERSION = 'v1.56.1';
export const GCS_TEST_PROJECT = 'runlens-test';

/** One JSON request without keep-alive (a pooled socket would outlive the emulator). */
function postJson(url: string, body: unknown): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
    });
    request.once('error', reject);
    request.end(JSON.stringify(body));
  });
}

export async function startFakeGcs(): Promise<CloudTestServer> {
  const binary = cachedTool(`fake-gcs-server-${FAKE_GCS_VERSION}`, 'fake-gcs-server');
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { STORAGE_EMULATOR_HOST: endpoint, GOOGLE_CLOUD_PROJECT: GCS_TEST_PROJECT };
  const server = await startBackgroundProcess({
    name: 'fake-gcs-server',
    command: binary,
    stopSignal: 'SIGKILL',
    args: [
      '-scheme', 'http', '-host', '127.0.0.1', `-port=${port}`, '-backend', 'memory',
      // Resumable-upload Location headers and media links must point back at this loopback port.
      '-public-host', `127.0.0.1:${port}`, '-external-url', endpoint, '-log-level', 'warn',
    ],
    ready: async () => (await httpStatus(`${endpoint}/storage/v1/b`)) === 200,
  });
  return {
    provider: 'gcs',
    env,
    async createBucket(name) {
      const { status, text } = await postJson(`${endpoint}/storage/v1/b?project=${GCS_TEST_PROJECT}`, { name });
      // 409: it exists already.
      if (status !== 200 && status !== 409) throw new Error(`fake-gcs-server could not create bucket ${name}: HTTP ${status} ${text}`);
    },
    rootUri: (bucket, prefix) => `gs://${bucket}/${prefix}`.replace(/\/+$/u, ''),
    log: server.log,
    stop: server.stop,
  };
}
