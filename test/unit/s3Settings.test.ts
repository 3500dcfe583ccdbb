// The S3 variables MLflow's repository honours, against SeaweedFS's real S3 gateway: a TLS
// endpoint with a self-signed certificate fails with the TLS message and works with
// MLFLOW_S3_IGNORE_TLS; MLFLOW_S3_UPLOAD_EXTRA_ARGS reaches every upload; bad JSON there is named.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { artifactRepositoryFor } from '../../src/store/artifacts/artifactRepositoryFor.ts';
import type { WritableArtifactRepository } from '../../src/store/artifacts/artifactRepository.ts';
import { rejectsWith } from '../support/assertions.ts';
import type { CloudTestServer } from '../support/cloudServers/cloudTestServer.ts';
import { startSeaweedS3 } from '../support/cloudServers/seaweedS3.ts';
import { serveOnLoopback, type LoopbackServer } from '../support/loopbackServer.ts';

const BUCKET = 'settings';

describe('S3 variables MLflow honours', () => {
  let s3: CloudTestServer;
  let work: string;
  let tlsFront: LoopbackServer;

  before(async () => {
    work = mkdtempSync(path.join(os.tmpdir(), 'runlens-s3-settings-'));
    s3 = await startSeaweedS3();
    await s3.createBucket(BUCKET);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-keyout', path.join(work, 'key.pem'), '-out', path.join(work, 'cert.pem')], { stdio: 'ignore' });
    // TLS in front of the real gateway, with a certificate no CA signed (a company's S3-compatible store).
    const target = new URL(s3.env.MLFLOW_S3_ENDPOINT_URL);
    tlsFront = await serveOnLoopback((req, res) => {
      const forward = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    }, https.createServer({ key: readFileSync(path.join(work, 'key.pem')), cert: readFileSync(path.join(work, 'cert.pem')) }));
  });

  after(async () => {
    await tlsFront?.close();
    await s3?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a self-signed TLS endpoint fails with the TLS message naming the fix, and works with MLFLOW_S3_IGNORE_TLS=true', async () => {
    const env = { ...s3.env, MLFLOW_S3_ENDPOINT_URL: tlsFront.url };
    const root = s3.rootUri(BUCKET, 'tls');
    await assert.rejects(artifactRepositoryFor(root, { cloudEnv: env }).list(), rejectsWith('TEMPORARILY_UNAVAILABLE', /TLS failure .*s3:\/\/settings\/tls.*MLFLOW_S3_IGNORE_TLS=true/u));
    const insecure = artifactRepositoryFor(root, { cloudEnv: { ...env, MLFLOW_S3_IGNORE_TLS: 'true' } }) as WritableArtifactRepository;
    const file = path.join(work, 'hello.txt');
    writeFileSync(file, 'over TLS');
    await insecure.upload(file, 'hello.txt');
    assert.deepEqual((await insecure.list()).items, [{ path: 'hello.txt', isDir: false, fileSize: 8 }]);
    assert.equal((await insecure.read('hello.txt')).toString(), 'over TLS');
  });

  test('MLFLOW_S3_UPLOAD_EXTRA_ARGS reaches the uploaded object; invalid JSON is named, not guessed', async () => {
    const extra = { Metadata: { team: 'vision' }, ContentType: 'text/x-runlens' };
    const env = { ...s3.env, MLFLOW_S3_UPLOAD_EXTRA_ARGS: JSON.stringify(extra) };
    const repository = artifactRepositoryFor(s3.rootUri(BUCKET, 'extra'), { cloudEnv: env }) as WritableArtifactRepository;
    const file = path.join(work, 'notes.txt');
    writeFileSync(file, 'extra args');
    await repository.upload(file, 'notes.txt');
    const client = new S3Client({
      endpoint: s3.env.MLFLOW_S3_ENDPOINT_URL, forcePathStyle: true, region: 'us-east-1',
      credentials: { accessKeyId: s3.env.AWS_ACCESS_KEY_ID, secretAccessKey: s3.env.AWS_SECRET_ACCESS_KEY },
    });
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'extra/notes.txt' }));
      assert.equal(head.Metadata?.team, 'vision');
      assert.equal(head.ContentType, 'text/x-runlens');
    } finally {
      client.destroy();
    }
    const broken = artifactRepositoryFor(s3.rootUri(BUCKET, 'broken'), { cloudEnv: { ...s3.env, MLFLOW_S3_UPLOAD_EXTRA_ARGS: '{ServerSideEncryption: aws:kms' } }) as WritableArtifactRepository;
    await assert.rejects(broken.upload(file, 'notes.txt'), rejectsWith('INTERNAL_ERROR', /MLFLOW_S3_UPLOAD_EXTRA_ARGS is not valid JSON/u));
    assert.deepEqual((await artifactRepositoryFor(s3.rootUri(BUCKET, 'broken'), { cloudEnv: s3.env }).list()).items, [], 'nothing was written');
  });
});
