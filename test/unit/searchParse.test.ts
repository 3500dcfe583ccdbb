// The search grammar: what parses to which clauses, what is refused, and that errors name the bad token.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MlflowError } from '../../src/shared/errors.ts';
import { parseExperimentFilter, parseExperimentOrderBy } from '../../src/store/search/experimentSearch.ts';
import { decodeLoggedModelsPageToken, decodePageToken, encodeLoggedModelsPageToken, encodePageToken } from '../../src/store/search/pageToken.ts';
import { parseModelVersionFilter, parseModelVersionOrderBy, parseRegisteredModelFilter, parseRegisteredModelOrderBy } from '../../src/store/search/registrySearch.ts';
import { parseRunFilter, parseRunOrderBy } from '../../src/store/search/runSearch.ts';
import { compileRunSearch } from '../../src/store/sqlite/searchSql.ts';

function rejects(run: () => unknown, token: string): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof MlflowError, String(error));
    assert.equal(error.code, 'INVALID_PARAMETER_VALUE');
    assert.ok(error.message.includes(token), `"${error.message}" should name ${token}`);
    return true;
  });
}

describe('run filters', () => {
  test('entity aliases resolve to one canonical entity', () => {
    for (const alias of ['metric', 'metrics', '`metrics`']) assert.deepEqual(parseRunFilter(`${alias}.acc > 1`), [{ entity: 'metric', key: 'acc', comparator: '>', value: 1 }]);
    for (const alias of ['param', 'params', 'parameter', 'parameters']) assert.equal(parseRunFilter(`${alias}.lr = '1'`)[0].entity, 'param');
    for (const alias of ['tag', 'tags']) assert.equal(parseRunFilter(`${alias}.t = 'x'`)[0].entity, 'tag');
    for (const alias of ['attribute.', 'attributes.', 'attr.', 'run.', '']) assert.deepEqual(parseRunFilter(`${alias}status = 'FAILED'`)[0], { entity: 'attribute', key: 'status', comparator: '=', value: 'FAILED' });
    for (const alias of ['dataset', 'datasets']) assert.equal(parseRunFilter(`${alias}.name = 'd'`)[0].entity, 'dataset');
  });

  test('attribute aliases: created → start_time, run name → run_name', () => {
    assert.equal(parseRunFilter('created > 5')[0].key, 'start_time');
    assert.equal(parseRunFilter('Created > 5')[0].key, 'start_time');
    for (const name of ['`run name`', '"Run name"', 'attributes.`Run Name`']) assert.equal(parseRunFilter(`${name} = 'x'`)[0].key, 'run_name');
  });

  test('quoting: keys in double quotes or backticks, values in single or double quotes, dotted keys', () => {
    assert.equal(parseRunFilter('metrics."f1 score" > 0')[0].key, 'f1 score');
    assert.equal(parseRunFilter("tags.`user-name` = 'a'")[0].key, 'user-name');
    assert.equal(parseRunFilter("tags.mlflow.runName = 'a'")[0].key, 'mlflow.runName');
    assert.equal(parseRunFilter('params.x = "double"')[0].value, 'double');
    assert.equal(parseRunFilter("params.x = 'it''s'")[0].value, "it''s");
    assert.equal(parseRunFilter("params.x = ''")[0].value, '');
  });

  test('a backslash before a quote escapes it only where the string can still end later, as sqlparse lexes (mlflow 3.18 measured)', () => {
    assert.equal(parseRunFilter("params.p LIKE '%\\'")[0].value, '%\\');
    assert.equal(parseRunFilter("params.p = 'a\\'b'")[0].value, "a\\'b");
    assert.equal(parseRegisteredModelFilter("name LIKE '%\\'")[0].value, '%\\');
    // The backslash-quote is kept inside, so the string runs on to the next quote and the rest is garbage.
    assert.throws(() => parseRunFilter("params.p = 'a\\' AND tags.t = 'c'"), MlflowError);
  });

  test('numbers as MLflow reads them', () => {
    for (const [text, value] of [['0.5', 0.5], ['-1', -1], ['.5', 0.5], ['1.', 1], ['1e-3', 0.001], ['1e5', 100000]] as const) {
      assert.equal(parseRunFilter(`metrics.m > ${text}`)[0].value, value);
    }
  });

  test('comparators per type, case-insensitive keywords, AND in any case', () => {
    const clauses = parseRunFilter("metrics.a >= 1 and params.p like 'x%' AND tags.t ILIKE 'Y' AND run_id not in ('a', \"b\") AND params.q IS NOT NULL AND tags.u is null");
    assert.deepEqual(clauses.map((c) => c.comparator), ['>=', 'LIKE', 'ILIKE', 'NOT IN', 'IS NOT NULL', 'IS NULL']);
    assert.deepEqual(clauses[3].value, ['a', 'b']);
    assert.deepEqual(parseRunFilter("dataset.digest IN ('x',)")[0].value, ['x']);
    assert.deepEqual(parseRunFilter(''), []);
    assert.deepEqual(parseRunFilter(undefined), []);
  });

  test('errors name the bad token', () => {
    rejects(() => parseRunFilter('metrics.acc ~ 1'), "'~'");
    rejects(() => parseRunFilter('metrics.acc <> 1'), "'<>'");
    rejects(() => parseRunFilter("metrics.acc LIKE '1'"), "'LIKE'");
    rejects(() => parseRunFilter("metrics.acc > '1'"), "'1'");
    rejects(() => parseRunFilter('params.x = abc'), 'abc');
    rejects(() => parseRunFilter("foo.bar = 'x'"), "'foo'");
    rejects(() => parseRunFilter("experiment_id = '0'"), "'experiment_id'");
    rejects(() => parseRunFilter("status IN ('A')"), 'status');
    rejects(() => parseRunFilter("metrics.a > 1 OR params.x = 'a'"), "'OR'");
    rejects(() => parseRunFilter('(metrics.a > 1)'), "'('");
    rejects(() => parseRunFilter('metrics.a IS NULL'), 'IS NULL');
    rejects(() => parseRunFilter("params.x NOT LIKE 'a'"), 'NOT LIKE');
    rejects(() => parseRunFilter("params.lr-rate = 'x'"), "'-'");
    rejects(() => parseRunFilter('run_id IN ()'), '()');
    rejects(() => parseRunFilter('run_id IN (1)'), "'1'");
    rejects(() => parseRunFilter("params.x = 'open"), "'");
    rejects(() => parseRunFilter("dataset.foo = 'x'"), "'foo'");
    rejects(() => parseRunFilter("metrics.a > 1; params.x = 'a'"), ';');
    rejects(() => parseRunFilter("metrics.a > 1and params.x = 'a'"), '1and');
  });
});

describe('run order_by', () => {
  test('keys, directions and aliases', () => {
    assert.deepEqual(parseRunOrderBy(['metrics.acc DESC', 'params.lr', 'tags.`a b` asc', 'created desc', 'attributes.run_name']), [
      { entity: 'metric', key: 'acc', ascending: false },
      { entity: 'param', key: 'lr', ascending: true },
      { entity: 'tag', key: 'a b', ascending: true },
      { entity: 'attribute', key: 'start_time', ascending: false },
      { entity: 'attribute', key: 'run_name', ascending: true },
    ]);
    assert.deepEqual(parseRunOrderBy(undefined), []);
  });

  test('refusals', () => {
    rejects(() => parseRunOrderBy(['metrics.acc DESCENDING']), 'DESCENDING');
    rejects(() => parseRunOrderBy(['foo']), "'foo'");
    rejects(() => parseRunOrderBy(['`Run name`']), 'Run name');
    rejects(() => parseRunOrderBy(['datasets.name']), 'datasets.name');
    rejects(() => parseRunOrderBy(['metrics.a', 'metrics.a DESC']), 'metrics.a');
    rejects(() => parseRunOrderBy(['metrics.a, params.b']), 'metrics.a, params.b');
  });
});

describe('experiment and registry grammars', () => {
  test('experiments: attributes, tags, integer ids and times', () => {
    assert.deepEqual(parseExperimentFilter("name LIKE 'a%' AND tags.team IS NULL AND experiment_id IN ('1', '02') AND creation_time > 5").map((c) => c.value), ['a%', '', ['1', '2'], 5]);
    rejects(() => parseExperimentFilter('metrics.a > 1'), "'metrics'");
    rejects(() => parseExperimentFilter("name IN ('a')"), 'name');
    rejects(() => parseExperimentFilter('creation_time > 1.5'), '1.5');
    rejects(() => parseExperimentFilter("experiment_id = 'abc'"), 'abc');
    assert.deepEqual(parseExperimentOrderBy(['name DESC']), [{ entity: 'attribute', key: 'name', ascending: false }]);
    rejects(() => parseExperimentOrderBy(['tags.team']), 'tags.team');
  });

  test('registered models and versions', () => {
    assert.deepEqual(parseRegisteredModelFilter("name IN ('a', 'b') AND tags.stage = 'prod'").map((c) => c.entity), ['attribute', 'tag']);
    rejects(() => parseRegisteredModelFilter("attributes.name = 'x'"), "'attributes'");
    rejects(() => parseRegisteredModelFilter('tags.x IS NULL'), 'IS NULL');
    assert.deepEqual(parseRegisteredModelOrderBy(['timestamp DESC']), [{ entity: 'attribute', key: 'last_updated_timestamp', ascending: false }]);
    rejects(() => parseRegisteredModelOrderBy(['creation_timestamp']), 'creation_timestamp');
    assert.deepEqual(parseModelVersionFilter("version_number >= '2' AND run_id IN ('r')").map((c) => c.value), [2, ['r']]);
    rejects(() => parseModelVersionFilter('version_number > 1.5'), 'version_number');
    rejects(() => parseModelVersionFilter("source_path IN ('x')"), 'IN');
    assert.deepEqual(parseModelVersionOrderBy(['version_number ASC']), [{ entity: 'attribute', key: 'version_number', ascending: true }]);
  });

  test('registry searches refuse what mlflow\'s sqlparse refuses: an empty order_by and a filter past 10,000 tokens', () => {
    rejects(() => parseRegisteredModelOrderBy(['']), 'order_by');
    rejects(() => parseModelVersionOrderBy(['']), 'order_by');
    // mlflow 3.18 measured: 3332 values is the longest such IN list it parses.
    const inList = (n: number) => `name IN (${Array.from({ length: n }, (_, i) => `'v${i}'`).join(', ')})`;
    assert.equal(parseRegisteredModelFilter(inList(3332)).length, 1);
    rejects(() => parseRegisteredModelFilter(inList(3333)), 'Error on parsing filter');
    rejects(() => parseModelVersionFilter(inList(5000).replace('name', 'run_id')), 'Error on parsing filter');
  });
});

describe('page tokens', () => {
  test("MLflow's own format: base64 of {\"offset\": n}", () => {
    assert.equal(encodePageToken(100), 'eyJvZmZzZXQiOiAxMDB9');
    assert.equal(decodePageToken(encodePageToken(42)), 42);
    assert.equal(decodePageToken(undefined), 0);
    assert.equal(decodePageToken(''), 0);
    assert.equal(decodePageToken(Buffer.from('{"offset": "7"}').toString('base64')), 7);
  });

  test('invalid tokens are INVALID_PARAMETER_VALUE', () => {
    for (const token of ['not base64!', Buffer.from('nope').toString('base64'), Buffer.from('{"offset": 0}').toString('base64'), Buffer.from('{"offset": -3}').toString('base64'), Buffer.from('{}').toString('base64')]) {
      rejects(() => decodePageToken(token), 'page token');
    }
  });

  test('base64 without its padding is refused, as Python\'s b64decode refuses it', () => {
    const unpadded = encodePageToken(1).replace(/=+$/u, '');
    assert.notEqual(unpadded, encodePageToken(1));
    rejects(() => decodePageToken(unpadded), 'base64-decode');
  });

  test('logged-model tokens in mlflow\'s format page only the search they came from', () => {
    const token = encodeLoggedModelsPageToken(100, ['1', '2'], "name = 'é'");
    assert.equal(Buffer.from(token, 'base64').toString(), '{"experiment_ids": ["1", "2"], "filter_string": "name = \'\\u00e9\'", "order_by": null, "offset": 100}');
    assert.equal(decodeLoggedModelsPageToken(token, ['1', '2'], "name = 'é'"), 100);
    assert.equal(decodeLoggedModelsPageToken(undefined, ['1'], undefined), 0);
    rejects(() => decodeLoggedModelsPageToken(token, ['1'], "name = 'é'"), 'Experiment IDs');
    rejects(() => decodeLoggedModelsPageToken(token, ['1', '2'], undefined), 'Filter string');
    // An offset-only token (the runs format), a string offset included, names no experiment ids: refused, as mlflow does.
    rejects(() => decodeLoggedModelsPageToken(encodePageToken(10), ['1'], undefined), 'Experiment IDs');
    rejects(() => decodeLoggedModelsPageToken(Buffer.from('{"offset": "10"}').toString('base64'), ['1'], undefined), 'Experiment IDs');
  });
});

describe('SQL compilation', () => {
  test('values are bound, never spliced into the SQL text', () => {
    const nasty = "x' OR 1=1; DROP TABLE runs; --";
    const query = compileRunSearch({ experimentIds: ['1'], clauses: parseRunFilter(`params.p = "${nasty}" AND tags.\`${'k"; --'}\` = 'v'`), orderBy: parseRunOrderBy(['tags.`a"b`']), viewType: 'ALL', offset: 0, limit: 10 });
    assert.ok(!query.sql.includes('DROP') && !query.sql.includes('--') && !query.sql.includes('a"b'));
    assert.ok(query.params.includes(nasty));
    assert.equal(query.sql.split('?').length - 1, query.params.length);
  });
});
