// The composition of the cloud artifact environment: process.env, then the setting's non-secret
// variables, then stored credentials; credentials in the setting are refused and never read.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  composeCloudEnvironment, describeCloudEnvironment, isSecretVariable, overlayFingerprint, settingProblems,
} from '../../src/vscode/cloudCredentials/cloudEnvironment.ts';

const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
const CONNECTION = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0LWtleQ==;EndpointSuffix=core.windows.net';

describe('composeCloudEnvironment', () => {
  test('process.env alone passes through unchanged, and RunLens adds nothing', () => {
    const processEnv = { AWS_PROFILE: 'team', PATH: '/usr/bin', AWS_DEFAULT_REGION: 'eu-west-1' };
    const composed = composeCloudEnvironment(processEnv, undefined, {});
    assert.deepEqual(composed.env, processEnv);
    assert.deepEqual(composed.overlay, {});
    assert.deepEqual(composed.sources, { AWS_PROFILE: 'environment', AWS_DEFAULT_REGION: 'environment' });
  });

  test('the setting overrides process.env for non-secret variables', () => {
    const composed = composeCloudEnvironment(
      { MLFLOW_S3_ENDPOINT_URL: 'https://old.example', PATH: '/bin' },
      { MLFLOW_S3_ENDPOINT_URL: 'http://127.0.0.1:9000', MLFLOW_S3_IGNORE_TLS: 'true', GOOGLE_APPLICATION_CREDENTIALS: '/keys/sa.json' },
      {},
    );
    assert.equal(composed.env.MLFLOW_S3_ENDPOINT_URL, 'http://127.0.0.1:9000');
    assert.equal(composed.env.MLFLOW_S3_IGNORE_TLS, 'true');
    assert.equal(composed.env.GOOGLE_APPLICATION_CREDENTIALS, '/keys/sa.json');
    assert.equal(composed.env.PATH, '/bin');
    assert.equal(composed.sources.MLFLOW_S3_ENDPOINT_URL, 'settings');
    assert.equal(settingProblems(composed), undefined);
  });

  test('credentials in the setting are refused by name; their values are never used', () => {
    const composed = composeCloudEnvironment({}, {
      AWS_SECRET_ACCESS_KEY: SECRET, AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AZURE_STORAGE_CONNECTION_STRING: CONNECTION, AWS_SESSION_TOKEN: 'tok', AZURE_CLIENT_SECRET: 's',
      AWS_DEFAULT_REGION: 'us-east-2',
    }, {});
    assert.deepEqual(composed.refusedSecrets, ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_CONNECTION_STRING']);
    assert.deepEqual(Object.keys(composed.overlay), ['AWS_DEFAULT_REGION']);
    assert.equal(composed.env.AWS_SECRET_ACCESS_KEY, undefined);
    const warning = settingProblems(composed);
    assert.ok(warning);
    assert.match(warning, /AWS_SECRET_ACCESS_KEY/u);
    assert.match(warning, /Set Artifact Store Credentials/u);
    assert.ok(!warning.includes(SECRET) && !warning.includes(CONNECTION), 'the warning names the variables, never their values');
  });

  test('unknown names and non-string values are ignored with a warning', () => {
    const composed = composeCloudEnvironment({}, { PATH: '/evil', LD_PRELOAD: 'x.so', AWS_DEFAULT_REGION: 5, MLFLOW_S3_ENDPOINT_URL: 'http://h' }, {});
    assert.deepEqual(composed.ignored, ['AWS_DEFAULT_REGION', 'LD_PRELOAD', 'PATH']);
    assert.deepEqual(composed.overlay, { MLFLOW_S3_ENDPOINT_URL: 'http://h' });
    assert.match(settingProblems(composed) ?? '', /^AWS_DEFAULT_REGION, LD_PRELOAD, PATH in runlens.artifacts.environment are ignored/u);
    for (const setting of [undefined, null, 'text', ['a'], 3]) assert.deepEqual(composeCloudEnvironment({}, setting, {}).overlay, {});
  });

  test('stored S3 credentials replace the whole AWS identity of the environment (no foreign token or profile mixes in)', () => {
    const composed = composeCloudEnvironment(
      { AWS_ACCESS_KEY_ID: 'AKIAOTHER', AWS_SECRET_ACCESS_KEY: 'other-secret', AWS_SESSION_TOKEN: 'other-token', AWS_PROFILE: 'other', AWS_DEFAULT_REGION: 'eu-west-1' },
      {},
      { s3: { AWS_ACCESS_KEY_ID: 'AKIAMINE', AWS_SECRET_ACCESS_KEY: SECRET } },
    );
    assert.equal(composed.env.AWS_ACCESS_KEY_ID, 'AKIAMINE');
    assert.equal(composed.env.AWS_SECRET_ACCESS_KEY, SECRET);
    assert.equal('AWS_SESSION_TOKEN' in composed.env, false);
    assert.equal('AWS_PROFILE' in composed.env, false);
    assert.equal(composed.env.AWS_DEFAULT_REGION, 'eu-west-1');
    assert.deepEqual(composed.overlay, { AWS_ACCESS_KEY_ID: 'AKIAMINE', AWS_SECRET_ACCESS_KEY: SECRET, AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined });
    assert.equal(composed.sources.AWS_SECRET_ACCESS_KEY, 'secret storage');
  });

  test('stored Azure credentials: a connection string replaces an account key from the environment', () => {
    const composed = composeCloudEnvironment({ AZURE_STORAGE_ACCESS_KEY: 'k' }, {}, { azure: { AZURE_STORAGE_CONNECTION_STRING: CONNECTION } });
    assert.equal(composed.env.AZURE_STORAGE_CONNECTION_STRING, CONNECTION);
    assert.equal('AZURE_STORAGE_ACCESS_KEY' in composed.env, false);
  });

  test('stored entries outside the provider\'s credential variables are not applied', () => {
    const composed = composeCloudEnvironment({}, {}, { s3: { AWS_SECRET_ACCESS_KEY: SECRET, LD_PRELOAD: 'x.so', MLFLOW_S3_ENDPOINT_URL: 'http://evil' } });
    assert.equal(composed.env.LD_PRELOAD, undefined);
    assert.equal(composed.env.MLFLOW_S3_ENDPOINT_URL, undefined);
  });

  test('descriptions name sources and show non-secret values only; URLs lose user info', () => {
    const composed = composeCloudEnvironment(
      { AZURE_STORAGE_CONNECTION_STRING: CONNECTION, HTTPS_PROXY: 'http://user:pa55@proxy:3128' },
      { MLFLOW_S3_ENDPOINT_URL: 'http://127.0.0.1:8333', AWS_DEFAULT_REGION: 'us-east-1' },
      { s3: { AWS_ACCESS_KEY_ID: 'AKIAMINE', AWS_SECRET_ACCESS_KEY: SECRET } },
    );
    const lines = describeCloudEnvironment(composed);
    assert.deepEqual(lines, [
      'AWS_ACCESS_KEY_ID set (secret storage)',
      'AWS_DEFAULT_REGION = us-east-1 (settings)',
      'AWS_SECRET_ACCESS_KEY set (secret storage)',
      'AZURE_STORAGE_CONNECTION_STRING set (environment)',
      'HTTPS_PROXY = http://proxy:3128 (environment)',
      'MLFLOW_S3_ENDPOINT_URL = http://127.0.0.1:8333 (settings)',
    ]);
    for (const secret of [SECRET, CONNECTION, 'AKIAMINE', 'pa55']) assert.ok(!lines.join('\n').includes(secret));
  });

  test('which names count as credentials', () => {
    for (const name of ['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_ACCESS_KEY_ID', 'AZURE_STORAGE_ACCESS_KEY', 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_SAS_TOKEN', 'azure_client_secret']) {
      assert.ok(isSecretVariable(name), name);
    }
    for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_REGION', 'MLFLOW_S3_ENDPOINT_URL', 'GOOGLE_APPLICATION_CREDENTIALS', 'STORAGE_EMULATOR_HOST', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID']) {
      assert.ok(!isSecretVariable(name), name);
    }
  });

  test('the fingerprint follows what RunLens changes, not the rest of process.env', () => {
    const a = overlayFingerprint(composeCloudEnvironment({ PATH: '/a' }, { AWS_DEFAULT_REGION: 'x' }, {}));
    const b = overlayFingerprint(composeCloudEnvironment({ PATH: '/b' }, { AWS_DEFAULT_REGION: 'x' }, {}));
    const c = overlayFingerprint(composeCloudEnvironment({ PATH: '/a' }, { AWS_DEFAULT_REGION: 'x' }, { s3: { AWS_SECRET_ACCESS_KEY: SECRET } }));
    assert.equal(a, b);
    assert.notEqual(a, c);
    assert.ok(!c.includes(SECRET));
  });
});
