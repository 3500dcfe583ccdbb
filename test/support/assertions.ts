// Assertion helpers shared by tests.
import assert from 'node:assert/strict';
import { MlflowError } from '../../src/shared/errors.ts';

/** For assert.rejects / assert.throws: an MlflowError with this code and a matching message. */
export function rejectsWith(code: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof MlflowError, `expected MlflowError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  };
}
