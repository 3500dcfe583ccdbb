// A request body from bytes to an object (src/restApi/requestBody.ts), werkzeug's query decoding,
// MLflow's code-point lengths and the log-batch cap derived from MLflow's limits.
// (test/unit/serverBigBodies.test.ts drives the same through a running server.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkJsonDepth, MAX_JSON_ITEMS } from '../../src/restApi/jsonDepth.ts';
import { parseMlflowJson } from '../../src/restApi/mlflowJson.ts';
import { decodeRequestBody, loneSurrogateEscape } from '../../src/restApi/requestBody.ts';
import { LOG_BATCH_MAX_BYTES, worstCaseLogBatchBytes } from '../../src/server/logBatchLimit.ts';
import { queryParams } from '../../src/server/queryParams.ts';
import { MlflowError } from '../../src/shared/errors.ts';
import { LIMITS, validateBatch, validateKey } from '../../src/store/validation.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const invalidParameter = (pattern: RegExp) => (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE' && pattern.test(e.message);

describe('bare NaN / Infinity', () => {
  test('are read as numbers outside strings and left alone inside them', () => {
    assert.deepEqual(parseMlflowJson('{"a":NaN,"b":[Infinity, -Infinity,NaN],"c":"NaN Infinity","d":{"e":NaN}}'),
      { a: NaN, b: [Infinity, -Infinity, NaN], c: 'NaN Infinity', d: { e: NaN } });
    assert.ok(Number.isNaN(parseMlflowJson('NaN')));
    assert.equal(parseMlflowJson(' -Infinity '), -Infinity);
    // The marker standing in for NaN cannot be guessed: a client's look-alike stays a string.
    assert.deepEqual(parseMlflowJson('{"a":"\\u0000NaN:x","b":NaN}'), { a: '\u0000NaN:x', b: NaN });
  });

  test('where no value may start they stay invalid JSON', () => {
    for (const text of ['{NaN:1}', '[1 NaN]', '[NaNx]', '["a"NaN]', '[+Infinity]']) assert.throws(() => parseMlflowJson(text), SyntaxError, text);
  });

  test('a body of 200,000 bare NaN parses in linear time and small memory', () => {
    // Measured on main: 4 MB of bare NaN took 5.6 s (16 MB: 25 s) and 1.27 GB, one string per character.
    const text = `[${'NaN,'.repeat(MAX_JSON_ITEMS - 1)}NaN]`;
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const parsed = parseMlflowJson(text) as number[];
    const ms = performance.now() - started;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    assert.equal(parsed.length, MAX_JSON_ITEMS);
    assert.ok(parsed.every(Number.isNaN));
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    assert.ok(heapGrowth < 100 * 1024 * 1024, `heap grew ${(heapGrowth / 2 ** 20).toFixed(0)} MB`);
  });
});

describe('request bodies', () => {
  test('more values than any MLflow request holds are refused before parsing', () => {
    assert.doesNotThrow(() => checkJsonDepth(`[${'1,'.repeat(MAX_JSON_ITEMS - 2)}1]`));
    assert.throws(() => checkJsonDepth(`[${'1,'.repeat(MAX_JSON_ITEMS)}1]`), invalidParameter(/more than 200000 JSON values/u));
    // Commas inside strings are text, not values.
    assert.doesNotThrow(() => checkJsonDepth(JSON.stringify({ v: ','.repeat(MAX_JSON_ITEMS * 2) })));
    const started = performance.now();
    assert.throws(() => decodeRequestBody(bytes(`[${'NaN,'.repeat(4_000_000)}NaN]`)), invalidParameter(/JSON values/u));
    assert.ok(performance.now() - started < 1000, `16 MB refused in ${(performance.now() - started).toFixed(0)} ms`);
  });

  test('bytes that are not UTF-8 are refused, never read as U+FFFD', () => {
    // Measured on main: {"name":"a\xffb"} and {"name":"a\xfeb"} both created an experiment named "a\ufffdb".
    for (const bad of [[0xff], [0xfe], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
      const body = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from(bad), Buffer.from('b"}')]);
      assert.throws(() => decodeRequestBody(body), invalidParameter(/not valid UTF-8/u), JSON.stringify(bad));
    }
    assert.deepEqual(decodeRequestBody(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"name":"é😀"}')])), { name: 'é😀' });
    assert.deepEqual(decodeRequestBody(bytes('  ')), {});
  });

  test('lone surrogate escapes are refused; pairs and escaped backslashes are not', () => {
    for (const text of ['"\\ud800"', '"x\\udc00"', '"\\ud800\\ud800\\udc00"', '"\\ud800x\\udc00"', '"\\ud800\\n"', '"\\udbff\\u0041"', '"a\\\\\\ud800"']) {
      assert.ok(loneSurrogateEscape(text) >= 0, text);
      assert.throws(() => decodeRequestBody(bytes(`{"name":${text}}`)), invalidParameter(/lone UTF-16 surrogate/u), text);
    }
    for (const text of ['"\\ud83d\\ude00"', '"\\\\ud800"', '"\\u00e9\\n\\"\\\\"', '"😀"', '"\\uD83D\\uDE00\\uD83D\\uDE00"']) {
      assert.equal(loneSurrogateEscape(text), -1, text);
      assert.doesNotThrow(() => decodeRequestBody(bytes(`{"name":${text}}`)), text);
    }
  });

  test('malformed JSON and non-objects answer INVALID_PARAMETER_VALUE, the code mlflow gives a body it reads as empty', () => {
    assert.throws(() => decodeRequestBody(bytes('{"a":')), (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE');
    assert.throws(() => decodeRequestBody(bytes('[NaN]')), (e: unknown) => e instanceof MlflowError && e.code === 'INVALID_PARAMETER_VALUE');
  });
});

describe('query strings decode as werkzeug does', () => {
  test('bytes that are not UTF-8 stay upper-case escapes instead of becoming U+FFFD', () => {
    // Measured on mlflow 3.18: get-by-name?experiment_name=%ff looks up '%FF'; on main we looked up '\ufffd'.
    const cases: [string, string][] = [['%ff', '%FF'], ['%ed%a0%80', '%ED%A0%80'], ['a%c3', 'a%C3'], ['%ef%bf%bd', '\ufffd'], ['%e2%82%ac', '€'],
      ['%zz', '%zz'], ['a+b', 'a b'], ['%2B', '+'], ['%c3%28', '%C3('], ['%f0%9f%98%80', '😀'], ['%c0%af', '%C0%AF'], ['%', '%']];
    for (const [raw, decoded] of cases) assert.equal(queryParams(`?v=${raw}`).get('v'), decoded, raw);
    const params = queryParams('run_ids=a&run_ids=b&empty=&flag&=x');
    assert.deepEqual(params.getAll('run_ids'), ['a', 'b']);
    assert.equal(params.get('empty'), '');
    assert.equal(params.get('flag'), '');
  });
});

describe('MLflow counts lengths in code points', () => {
  test('a key of 250 emoji is 250 characters; truncation never splits a pair', () => {
    assert.equal(validateKey('𝐀'.repeat(250), 'key', 'Param'), '𝐀'.repeat(250));
    assert.throws(() => validateKey('𝐀'.repeat(251), 'key', 'Param'), invalidParameter(/exceeds the maximum length of 250/u));
    const { params, tags } = validateBatch([], [{ key: 'p', value: '😀'.repeat(6001) }], [{ key: 't', value: `a${'😀'.repeat(8000)}` }]);
    assert.equal(params[0].value, '😀'.repeat(6000));
    assert.equal(tags[0].value, `a${'😀'.repeat(7999)}`);
    assert.ok(!/\p{Cs}/u.test(params[0].value + tags[0].value), 'a lone surrogate was left');
  });
});

describe('the log-batch size cap', () => {
  // requests' json.dumps as the mlflow client sends a batch: ", " / ": " and every non-ASCII
  // character escaped (an astral one as two \uXXXX escapes).
  const pythonJson = (value: unknown) => JSON.stringify(value).replace(/[\u007f-\uffff]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/","|",\{|\},\{|":"|":\[|":(?=[-\d])|,"/gu, (s) => s.replace(',', ', ').replace(':', ': '));

  test('admits the largest batch within MLflow\'s limits, every character escaped', () => {
    const astral = (n: number) => '𝐀'.repeat(n);
    const key = (i: number) => `${astral(LIMITS.entityKeyLength - 4)}${String(i).padStart(4, '0')}`;
    const metrics = Array.from({ length: LIMITS.entitiesPerBatch - 2 * LIMITS.paramsTagsPerBatch }, (_, i) => ({
      key: key(i), value: -1.7976931348623157e308, timestamp: -9223372036854775808, step: -9223372036854775808,
      model_id: astral(256), dataset_name: astral(LIMITS.datasetNameLength), dataset_digest: astral(LIMITS.datasetDigestLength), run_id: astral(256),
    }));
    const params = Array.from({ length: LIMITS.paramsTagsPerBatch }, (_, i) => ({ key: key(i), value: astral(LIMITS.paramValueLength) }));
    const tags = Array.from({ length: LIMITS.paramsTagsPerBatch }, (_, i) => ({ key: key(i), value: astral(LIMITS.tagValueLength) }));
    const size = Buffer.byteLength(pythonJson({ run_id: astral(256), metrics, params, tags }));
    assert.ok(size <= worstCaseLogBatchBytes(), `${size} > ${worstCaseLogBatchBytes()}`);
    assert.ok(size <= LOG_BATCH_MAX_BYTES);
    // The example, 100 params of 6,000 + 100 tags of 8,000 ASCII characters (1.4 MB), fits with room to spare.
    assert.ok(LOG_BATCH_MAX_BYTES > 1_400_000 * 20);
    assert.ok(LOG_BATCH_MAX_BYTES < 32 * 2 ** 20, `${LOG_BATCH_MAX_BYTES}`);
  });
});
