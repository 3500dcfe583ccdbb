// The pieces the server uses against hostile input, one by one: the nesting-depth check, Python's
// float() grammar, lenient path-parameter decoding, bounded quoting and field coercion.
// (test/conformance/serverHostileInput.test.ts compares the whole server with the real mlflow.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkRequest, queryToObject } from '../../src/restApi/fields.ts';
import { checkJsonDepth, MAX_JSON_DEPTH } from '../../src/restApi/jsonDepth.ts';
import { pythonFloat, pythonIntegralFloat } from '../../src/restApi/pythonNumbers.ts';
import { decodePathParam } from '../../src/server/routeMatcher.ts';
import { boundedJson, boundedMessage, boundedQuote, MAX_ERROR_MESSAGE_CHARS } from '../../src/shared/boundedQuote.ts';
import { MlflowError } from '../../src/shared/errors.ts';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('JSON nesting depth', () => {
  test('refuses one level past the limit and accepts the limit', () => {
    assert.doesNotThrow(() => checkJsonDepth(nested(MAX_JSON_DEPTH)));
    assert.throws(() => checkJsonDepth(nested(MAX_JSON_DEPTH + 1)), (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE' && /nested more than 64 levels/u.test(e.message));
    assert.throws(() => checkJsonDepth(`{"a":${'{"b":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`), MlflowError);
  });

  test('brackets inside strings, escaped quotes included, do not count', () => {
    assert.doesNotThrow(() => checkJsonDepth(JSON.stringify({ key: '['.repeat(10_000), other: '\\"[[[' + '{'.repeat(1000) })));
    // An escaped quote does not end the string, so the brackets after it are still inside it.
    assert.doesNotThrow(() => checkJsonDepth(`["\\"${'['.repeat(100)}"]`));
  });

  test('a 16 MB run of brackets is refused at once, before anything parses it', () => {
    const started = performance.now();
    assert.throws(() => checkJsonDepth('['.repeat(16 * 1024 * 1024)), MlflowError);
    assert.ok(performance.now() - started < 100, 'the check stops at the first bracket past the limit');
    // Shallow but 16 MB long: one pass over the text.
    const wide = `[${'[],'.repeat(5_000_000)}[]]`;
    const wideStarted = performance.now();
    // (Shallow but 5,000,000 values: with the value-count limit off, so the depth pass alone is timed.)
    checkJsonDepth(wide, MAX_JSON_DEPTH, Infinity);
    assert.ok(performance.now() - wideStarted < 1000, `took ${(performance.now() - wideStarted).toFixed(0)} ms`);
  });
});

describe('numbers in strings as Python float() reads them (mlflow 3.18 measured)', () => {
  test('accepted spellings', () => {
    const cases: [string, number][] = [['0.5', 0.5], [' 1', 1], ['1 ', 1], ['+1', 1], ['.5', 0.5], ['1.', 1], ['1e3', 1000], ['1_000', 1000], ['1e400', Infinity],
      ['inf', Infinity], ['-inf', -Infinity], ['Infinity', Infinity], ['-Infinity', -Infinity], ['infinity', Infinity]];
    for (const [text, value] of cases) assert.equal(pythonFloat(text), value, text);
    for (const text of ['NaN', 'nan', ' nan ', '-nan']) assert.ok(Number.isNaN(pythonFloat(text)), text);
  });

  test('refused spellings, where JavaScript\'s Number() would take some', () => {
    for (const text of ['0x10', '0b1', '0o7', '', ' ', 'abc', '1e', 'e1', '1__0', '_1', '1_', '1._5', '١', 'Infinityx', '--1', '1e3.5']) {
      assert.equal(pythonFloat(text), undefined, text);
    }
  });

  test('int64 fields take whole finite floats only', () => {
    for (const [text, value] of [['5', 5], [' 5', 5], ['+5', 5], ['1e3', 1000], ['10e-1', 1], ['1.0', 1], ['1_0', 10], ['-5', -5]] as const) {
      assert.equal(pythonIntegralFloat(text), value, text);
    }
    for (const text of ['0.5', '1e-3', 'NaN', 'Infinity', '1e400', '0x10', '', 'true']) assert.equal(pythonIntegralFloat(text), undefined, text);
  });
});

describe('request field coercion', () => {
  const fields = { value: { type: 'number' as const, required: true }, timestamp: { type: 'int' as const, required: true }, step: { type: 'int' as const } };
  const check = (input: Record<string, unknown>) => checkRequest({ value: 1, timestamp: 1, ...input }, fields);

  test('"0x10" is not 16 anywhere', () => {
    for (const field of ['value', 'timestamp', 'step']) {
      assert.throws(() => check({ [field]: '0x10' }), (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE' && e.message.includes(`'${field}'`), field);
    }
  });

  test('JSON numbers in int64 fields are truncated and booleans count as 0/1, as mlflow does', () => {
    assert.deepEqual(check({ value: true, timestamp: 1.5, step: false }), { value: 1, timestamp: 1, step: 0 });
    assert.deepEqual(check({ value: '1_000', timestamp: '1e3', step: ' 7' }), { value: 1000, timestamp: 1000, step: 7 });
  });

  test('an empty string is missing for a double but invalid for an int64; a URL\'s empty field is not given', () => {
    assert.throws(() => check({ value: '' }), /Missing value for required parameter 'value'/u);
    assert.throws(() => check({ step: '' }), /Invalid value "" for parameter 'step'/u);
    assert.deepEqual(queryToObject(new URLSearchParams('step=&value=2'), fields), { value: '2' });
  });

  test('a huge or deeply quoted value is quoted bounded in the error', () => {
    const huge = 'x'.repeat(1_000_000);
    assert.throws(() => check({ value: huge }), (e: unknown) => e instanceof Error && e.message.length < 500);
    assert.throws(() => check({ timestamp: [huge] }), (e: unknown) => e instanceof Error && e.message.length < 500);
  });
});

describe('list and boolean fields as strictly as mlflow 3.18 (measured by the hostile corpus)', () => {
  const invalid = (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE';
  const lists = { experiment_ids: { type: 'string[]' as const }, tags: { type: 'object[]' as const }, stages: { type: 'string[]' as const, stringItems: true } };

  test('a bare string or "" for a list is refused, not wrapped or dropped', () => {
    assert.throws(() => checkRequest({ experiment_ids: '1' }, lists), invalid);
    assert.throws(() => checkRequest({ experiment_ids: '' }, lists), invalid);
    assert.throws(() => checkRequest({ tags: '' }, lists), invalid);
    assert.throws(() => checkRequest({ stages: 'Production' }, lists), invalid);
    assert.deepEqual(checkRequest({ experiment_ids: ['1'], stages: ['Production'] }, lists), { experiment_ids: ['1'], stages: ['Production'] });
  });

  test('numbers in a string list are read as strings unless the list must hold strings', () => {
    assert.deepEqual(checkRequest({ experiment_ids: [1] }, lists), { experiment_ids: ['1'] });
    assert.throws(() => checkRequest({ stages: [1] }, lists), invalid);
  });

  test('a boolean is true or false in a body; a URL\'s "true"/"FALSE" is read, anything else refused', () => {
    const fields = { archive: { type: 'bool' as const } };
    assert.throws(() => checkRequest({ archive: 'true' }, fields), invalid);
    assert.deepEqual(checkRequest({ archive: true }, fields), { archive: true });
    assert.deepEqual(queryToObject(new URLSearchParams('archive=FALSE'), fields), { archive: false });
    assert.throws(() => queryToObject(new URLSearchParams('archive=yes'), fields), invalid);
  });

  test('a URL\'s empty list item is kept (mlflow reads `order_by=` as [""])', () => {
    assert.deepEqual(queryToObject(new URLSearchParams('experiment_ids='), lists), { experiment_ids: [''] });
  });

  test('a body protobuf cannot parse makes mlflow re-check view_type as an integer: a name then refuses it', () => {
    const fields = { max_results: { type: 'int' as const }, view_type: { type: 'string' as const, intlikeOnParseFailure: true } };
    assert.throws(() => checkRequest({ max_results: 2.5, view_type: 'ALL' }, fields), invalid);
    assert.deepEqual(checkRequest({ max_results: 2.5 }, fields), { max_results: 2 });
    assert.deepEqual(checkRequest({ max_results: 2, view_type: 'ALL' }, fields), { max_results: 2, view_type: 'ALL' });
  });
});

describe('path parameters decode leniently', () => {
  test('as mlflow 3.18 measured: bad escapes stay, bytes that are not UTF-8 become U+FFFD', () => {
    const cases: [string, string][] = [['%ff', '\ufffd'], ['%', '%'], ['%zz', '%zz'], ['ok%', 'ok%'], ['%e2%82', '\ufffd'], ['%e2%82%ac', '€'], ['m-1%2Fx', 'm-1/x'], ['a%2', 'a%2'], ['m-abc', 'm-abc']];
    for (const [raw, decoded] of cases) assert.equal(decodePathParam(raw), decoded, raw);
  });
});

describe('bounded quoting', () => {
  test('control characters are escaped and length is capped', () => {
    assert.equal(boundedQuote('a\nb"c'), 'a\\nb\\"c');
    const long = boundedQuote('y'.repeat(1_000_000));
    assert.ok(long.length <= 301 && long.endsWith('…'));
    assert.equal(boundedJson('s'), '"s"');
    assert.equal(boundedJson([1, 2]), '[1,2]');
    assert.ok(boundedJson(['z'.repeat(10_000)]).length <= 301);
  });

  test('a whole message is capped as a safety net', () => {
    assert.equal(boundedMessage('short'), 'short');
    const capped = boundedMessage('m'.repeat(50_000));
    assert.ok(capped.length < MAX_ERROR_MESSAGE_CHARS + 50);
    assert.match(capped, /more characters\)$/u);
  });
});
