// The vendor adapters run from their own bundles in the extension (dist/cloud-sdk/*.js), each
// with its own copy of CloudFailure: a failure is recognised by its shape, so "access denied"
// stays access denied instead of becoming an unexplained internal error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloudError, isCloudFailure } from '../../src/store/artifacts/cloud/cloudErrors.ts';
import { parseCloudLocation } from '../../src/store/artifacts/cloud/cloudLocation.ts';

/** What another bundle's copy of the class looks like from here. */
class CloudFailure extends Error {
  readonly kind: string;
  constructor(kind: string, detail: string) {
    super(detail);
    this.name = 'CloudFailure';
    this.kind = kind;
  }
}

test("a CloudFailure from another bundle's copy of the class keeps its kind", () => {
  const location = parseCloudLocation('s3://team/mlflow-artifacts/1/abc/artifacts');
  assert.ok(isCloudFailure(new CloudFailure('denied', 'SignatureDoesNotMatch')));
  assert.equal(cloudError(new CloudFailure('no-credentials', 'CredentialsProviderError'), location, '').code, 'UNAUTHENTICATED');
  assert.equal(cloudError(new CloudFailure('denied', 'AccessDenied'), location, 'x').code, 'PERMISSION_DENIED');
  assert.equal(cloudError(new CloudFailure('missing', 'NoSuchKey'), location, 'x').code, 'RESOURCE_DOES_NOT_EXIST');
  // Anything else named like it is not taken for one.
  assert.equal(isCloudFailure(Object.assign(new Error('x'), { name: 'CloudFailure' })), false);
  assert.equal(isCloudFailure({ name: 'CloudFailure', kind: 'denied', message: 'x' }), false);
});
