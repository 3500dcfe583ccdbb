// The hostile-request corpus: a compact table of routes × field kinds, expanded into requests that
// break one thing at a time (a field's type, a limit ±1, an injection-looking filter, a garbage
// page token, a malformed percent-escape, a broken body). Deterministic: the same seed gives the
// same corpus, so a difference found once can be found again.
import { seededRandom } from '../../../src/shared/seededRandom.ts';

/** What a server was seeded with (each server's own ids) and where traversal cases may aim. */
export interface SeedIds {
  experimentId: string;
  experimentName: string;
  /** An experiment only `experiments/update` renames (to a name unique per case). */
  spareExperimentId: string;
  runId: string;
  metricKey: string;
  modelName: string;
  version: string;
  alias: string;
  loggedModelId: string;
  /** A file in the test's own temp folder: the only thing traversal cases point at. */
  sentinelPath: string;
}

export type Family = 'experiments' | 'runs' | 'metrics' | 'params/tags' | 'log-batch' | 'search' | 'registered models'
  | 'model versions' | 'aliases' | 'logged models' | 'artifacts';

export interface HostileCase {
  /** Unique, stable: `route · field · mutation`. */
  label: string;
  family: Family;
  /** `METHOD path` of the route as in the table, path parameters unfilled. */
  route: string;
  /** The field broken, or `(body)` / `(query)` / `(path)` for the request as a whole. */
  field: string;
  mutation: string;
  method: string;
  build(ids: SeedIds): { path: string; body?: Buffer };
}

/** A value spliced into the request as written: raw JSON text in a body, raw text in a query. */
class Raw {
  json: Buffer | undefined;
  query: string | undefined;
  constructor(json: Buffer | string | undefined, query?: string) {
    this.json = typeof json === 'string' ? Buffer.from(json) : json;
    this.query = query;
  }
}
const MISSING = Symbol('missing');
type Value = unknown;
type Make = (ids: SeedIds, tag: string) => Value;
type Mutation = readonly [label: string, make: Make];

const raw = (json: string | Buffer | undefined, query?: string) => new Raw(json, query);
const fixed = (value: Value): Make => () => value;
const repeat = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);
const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
/** A JSON string whose inside holds bytes that are not UTF-8. */
const invalidUtf8String = (bytes: number[]) => Buffer.concat([Buffer.from('"a'), Buffer.from(bytes), Buffer.from('b"')]);

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Breaks any field can get: the wrong JSON type, absence, and strings that are not valid text.
const TYPE_MUTATIONS: Mutation[] = [
  ['missing', fixed(MISSING)],
  ['null', fixed(null)],
  ['empty string', fixed('')],
  ['number 0', fixed(0)],
  ['number -1', fixed(-1)],
  ['fraction 1.5', fixed(1.5)],
  ['true', fixed(true)],
  ['false', fixed(false)],
  ['empty array', fixed([])],
  ['array of string', fixed(['x'])],
  ['empty object', fixed({})],
  ['object', fixed({ a: 'b' })],
  ['bare NaN', fixed(raw('NaN'))],
  ['1e400', fixed(raw('1e400', '1e400'))],
  ['lone high surrogate', fixed(raw('"a\\ud800b"', 'a%ED%A0%80b'))],
  ['lone low surrogate', fixed(raw('"\\udc00"'))],
  ['invalid UTF-8 0xff', fixed(raw(invalidUtf8String([0xff]), 'a%FFb'))],
  ['overlong UTF-8 slash', fixed(raw(invalidUtf8String([0xc0, 0xaf]), '%C0%AF'))],
  ['truncated UTF-8', fixed(raw(invalidUtf8String([0xe2, 0x82]), '%E2%82'))],
  ['NUL character', fixed('a\u0000b')],
  ['100k characters', fixed(repeat('x', 100_000))],
];

const INJECTIONS = [
  "'; DROP TABLE runs; --", "x' OR '1'='1", '"; DROP TABLE experiments; --', "1; DELETE FROM runs", "' UNION SELECT * FROM runs --",
  '%', '%%', '\\', "'", '"', '`', '/* */', '--',
];

const int64Mutations: Mutation[] = [
  ['-1', fixed(-1)], ['0', fixed(0)], ['int64 max', fixed(raw('9223372036854775807', '9223372036854775807'))],
  ['int64 max+1', fixed(raw('9223372036854775808', '9223372036854775808'))], ['int64 min-1', fixed(raw('-9223372036854775809', '-9223372036854775809'))],
  ['2^53+1', fixed(raw('9007199254740993', '9007199254740993'))], ['1e20', fixed(1e20)], ['string "1e3"', fixed('1e3')], ['string "0x10"', fixed('0x10')],
  ['string "abc"', fixed('abc')], ['string " 7 "', fixed(' 7 ')], ['-0.5', fixed(-0.5)], ['string "NaN"', fixed('NaN')], ['bare -Infinity', fixed(raw('-Infinity'))],
];

const maxResults = (limits: number[]): Mutation[] => [
  ...limits.map((n): Mutation => [`max_results ${n}`, fixed(n)]),
  ['max_results -1', fixed(-1)], ['max_results 2^31', fixed(raw('2147483648', '2147483648'))], ['max_results 1e10', fixed(1e10)],
  ['max_results "10"', fixed('10')], ['max_results 2.5', fixed(2.5)], ['max_results "abc"', fixed('abc')],
];

const PAGE_TOKENS: Mutation[] = [
  ['token not base64', fixed('!!!not*base64!!!')], ['token percent', fixed('%%%')], ['token base64 garbage', fixed(b64('garbage \u0001\u0002'))],
  ['token base64 invalid UTF-8', fixed(b64(Buffer.from([0xff, 0xfe, 0x00])))], ['token offset -1', fixed(b64('{"offset": -1}'))],
  ['token offset huge', fixed(b64('{"offset": 99999999999999999999}'))], ['token offset int64+1', fixed(b64('{"offset": 9223372036854775808}'))],
  ['token offset string', fixed(b64('{"offset": "10"}'))], ['token offset fraction', fixed(b64('{"offset": 1.5}'))], ['token offset null', fixed(b64('{"offset": null}'))],
  ['token JSON array', fixed(b64('[1,2]'))], ['token JSON null', fixed(b64('null'))], ['token no padding', fixed(b64('{"offset": 1}').replace(/=+$/u, ''))],
  ['token injection', fixed(b64("{\"offset\": \"1; DROP TABLE runs\"}"))], ['token 100k', fixed(repeat('QUFB', 100_000))], ['token "="', fixed('=')],
];

const filterMutations = (columns: string[]): Mutation[] => [
  ...INJECTIONS.map((text): Mutation => [`filter ${JSON.stringify(text)}`, fixed(text)]),
  ...columns.flatMap((column): Mutation[] => [
    [`filter ${column} injection`, fixed(`${column} = 'x'; DROP TABLE runs; --`)],
    [`filter ${column} OR 1=1`, fixed(`${column} = 'x' OR 1=1`)],
    [`filter ${column} unbalanced quote`, fixed(`${column} = 'unbalanced`)],
    [`filter ${column} dangling AND`, fixed(`${column} = 'x' AND`)],
    [`filter ${column} no value`, fixed(`${column} =`)],
    [`filter ${column} huge IN list`, fixed(`${column} IN (${Array.from({ length: 5000 }, (_, i) => `'v${i}'`).join(', ')})`)],
    [`filter ${column} LIKE backslash`, fixed(`${column} LIKE '%\\'`)],
    [`filter ${column} UNION`, fixed(`${column} = 'x' UNION SELECT name FROM experiments`)],
  ]),
  ['filter unknown column', fixed("unknown_column = 'x'")], ['filter unknown attribute', fixed("attributes.nope = 'x'")],
  ['filter parenthesised', fixed("(name = 'x')")], ['filter double quoted value', fixed('name = "x"')], ['filter backticked key', fixed("tags.`a b` = 'x'")],
  ['filter 100k characters', fixed(`name = '${repeat('x', 100_000)}'`)], ['filter only operator', fixed('=')],
];

const ORDER_BY: Mutation[] = [
  ['order_by injection', fixed(['name; DROP TABLE runs; --'])], ['order_by unknown column', fixed(['unknown_column'])],
  ['order_by unknown direction', fixed(['name ASCENDING'])], ['order_by twice DESC', fixed(['name DESC DESC'])], ['order_by quote', fixed(["'"])],
  ['order_by backtick', fixed(['`'])], ['order_by empty string', fixed([''])], ['order_by comma list', fixed(['name, creation_time'])],
  ['order_by metrics unbalanced', fixed(['metrics.`a b'])], ['order_by NULLS FIRST', fixed(['name ASC NULLS FIRST'])],
  ['order_by 101 entries', fixed(Array.from({ length: 101 }, () => 'name'))], ['order_by string not list', fixed('name DESC')],
  ['order_by list of numbers', fixed([1, 2])], ['order_by list of objects', fixed([{ field_name: 'name' }])],
];

const keyMutations: Mutation[] = [
  ['key 250 chars', (_ids, tag) => repeat(`k${tag}_`, 250)], ['key 251 chars', (_ids, tag) => repeat(`k${tag}_`, 251)],
  ['key with slash', (_ids, tag) => `a/${tag}`], ['key traversal', fixed('../x')], ['key leading slash', fixed('/abs')], ['key double slash', fixed('a//b')],
  ['key with space', (_ids, tag) => `a b${tag}`], ['key only space', fixed(' ')], ['key dot-dash', (_ids, tag) => `a.b-c_${tag}`], ['key colon', fixed('a:b')],
  ['key unicode', (_ids, tag) => `é☃${tag}`], ['key injection', fixed("k'; DROP TABLE params; --")], ['key percent', fixed('%zz')],
];

const stringLength = (limit: number): Mutation[] => [
  [`value ${limit} chars`, fixed(repeat('v', limit))], [`value ${limit + 1} chars`, fixed(repeat('v', limit + 1))],
  ['value unicode at limit', fixed(repeat('é', limit))], ['value injection', fixed("'); DROP TABLE runs; --")],
];

type Kind = keyof typeof KINDS;
const unknownRunId = 'f'.repeat(32);
const unknownLoggedModelId = `m-${'f'.repeat(32)}`;

/** How each kind of field gets its valid value, and the breaks particular to it. */
const KINDS = {
  experimentId: { base: (ids: SeedIds) => ids.experimentId, mutations: [
    ['unknown id', fixed('987654321')], ['id "-1"', fixed('-1')], ['id "0"', fixed('0')], ['id "abc"', fixed('abc')], ['id "1.0"', fixed('1.0')],
    ['id with space', (ids) => ` ${ids.experimentId}`], ['id 30 digits', fixed('9'.repeat(30))], ['id injection', fixed('1; DROP TABLE experiments')],
    ['id as number', (ids) => Number(ids.experimentId)],
  ] as Mutation[] },
  unknownExperimentId: { base: () => '987654321', mutations: [['id "abc"', fixed('abc')], ['id "-1"', fixed('-1')], ['id 30 digits', fixed('9'.repeat(30))]] as Mutation[] },
  spareExperimentId: { base: (ids: SeedIds) => ids.spareExperimentId, mutations: [['unknown id', fixed('987654321')], ['id "abc"', fixed('abc')]] as Mutation[] },
  experimentName: { base: (ids: SeedIds) => ids.experimentName, mutations: [
    ['unknown name', fixed('no such experiment')], ['name injection', fixed("x' OR '1'='1")], ['name percent', fixed('%')],
  ] as Mutation[] },
  newName: { base: (_ids: SeedIds, tag: string) => `n${tag}`, mutations: [
    ['name 500 chars', (_ids, tag) => repeat(`n${tag}`, 500)], ['name 501 chars', (_ids, tag) => repeat(`n${tag}`, 501)], ['name taken', (ids) => ids.experimentName],
    ['name with slash', (_ids, tag) => `a/${tag}`], ['name unicode', (_ids, tag) => `名前${tag}`], ['name only space', fixed(' ')], ['name injection', (_ids, tag) => `'; DROP TABLE experiments; -- ${tag}`],
  ] as Mutation[] },
  runId: { base: (ids: SeedIds) => ids.runId, mutations: [
    ['unknown run', fixed(unknownRunId)], ['run id short', fixed('abc')], ['run id 33 chars', fixed('a'.repeat(33))], ['run id upper case', (ids) => ids.runId.toUpperCase()],
    ['run id traversal', fixed('../../x')], ['run id injection', fixed("' OR 1=1 --")], ['run id trailing space', (ids) => `${ids.runId} `],
  ] as Mutation[] },
  unknownRunId: { base: () => unknownRunId, mutations: [['run id short', fixed('abc')], ['run id traversal', fixed('../../x')]] as Mutation[] },
  runIds: { base: (ids: SeedIds) => [ids.runId], mutations: [
    ['100 run ids', (ids) => Array.from({ length: 100 }, () => ids.runId)], ['101 run ids', (ids) => Array.from({ length: 101 }, () => ids.runId)],
    ['unknown run in list', fixed([unknownRunId])], ['run ids empty list', fixed([])],
  ] as Mutation[] },
  key: { base: (_ids: SeedIds, tag: string) => `k${tag}`, mutations: keyMutations },
  metricKey: { base: (ids: SeedIds) => ids.metricKey, mutations: [['unknown metric', fixed('no-such-metric')], ['metric key traversal', fixed('../x')]] as Mutation[] },
  text: { base: (_ids: SeedIds, tag: string) => `t${tag}`, mutations: [['value injection', fixed("'); DROP TABLE runs; --")], ['value 5001 chars', fixed(repeat('d', 5001))]] as Mutation[] },
  paramValue: { base: () => 'v', mutations: stringLength(6000) },
  tagValue: { base: () => 'v', mutations: stringLength(8000) },
  limitedTagValue: { base: () => 'v', mutations: stringLength(5000) },
  metricValue: { base: () => 1.5, mutations: [
    ['value "0x10"', fixed('0x10')], ['value "nan"', fixed('nan')], ['value "-inf"', fixed('-inf')], ['value "1e400"', fixed('1e400')], ['value 1e308', fixed(1e308)],
    ['value -0', fixed(raw('-0'))], ['value bare Infinity', fixed(raw('Infinity'))], ['value bare -Infinity', fixed(raw('-Infinity'))], ['value "abc"', fixed('abc')],
    ['value 2^53+1', fixed(raw('9007199254740993'))], ['value "1_000"', fixed('1_000')],
  ] as Mutation[] },
  int: { base: () => 1, mutations: int64Mutations },
  bool: { base: () => true, mutations: [['bool "true"', fixed('true')], ['bool "yes"', fixed('yes')], ['bool 1', fixed(1)], ['bool "1"', fixed('1')]] as Mutation[] },
  viewType: { base: () => 'ALL', mutations: [['view type unknown', fixed('BOGUS')], ['view type lower case', fixed('all')], ['view type number 3', fixed(3)], ['view type "3"', fixed('3')]] as Mutation[] },
  runStatus: { base: () => 'RUNNING', mutations: [['status unknown', fixed('BOGUS')], ['status lower case', fixed('finished')], ['status number', fixed(3)], ['status "3"', fixed('3')]] as Mutation[] },
  loggedModelStatus: { base: () => 'READY', mutations: [['status unknown', fixed('BOGUS')], ['status lower case', fixed('ready')], ['status number', fixed(2)], ['status PENDING', fixed('LOGGED_MODEL_PENDING')]] as Mutation[] },
  stage: { base: () => 'Staging', mutations: [['stage unknown', fixed('Bogus')], ['stage lower case', fixed('production')], ['stage "None"', fixed('None')], ['stage number', fixed(1)]] as Mutation[] },
  modelName: { base: (ids: SeedIds) => ids.modelName, mutations: [
    ['unknown model', fixed('no-such-model')], ['model name slash', fixed('a/b')], ['model name percent', fixed('%')], ['model name injection', fixed("m' OR '1'='1")],
    ['model name 100k', fixed(repeat('m', 100_000))],
  ] as Mutation[] },
  unknownModelName: { base: () => 'no-such-model', mutations: [['model name slash', fixed('a/b')], ['model name injection', fixed("m' OR '1'='1")]] as Mutation[] },
  version: { base: (ids: SeedIds) => ids.version, mutations: [
    ['version 0', fixed('0')], ['version -1', fixed('-1')], ['version "abc"', fixed('abc')], ['version "1.0"', fixed('1.0')], ['version "1e3"', fixed('1e3')],
    ['version unknown', fixed('999999')], ['version as number', fixed(1)], ['version int64+1', fixed('9223372036854775808')], ['version " 1"', fixed(' 1')],
  ] as Mutation[] },
  unknownVersion: { base: () => '999999', mutations: [['version "abc"', fixed('abc')], ['version -1', fixed('-1')]] as Mutation[] },
  alias: { base: (ids: SeedIds) => ids.alias, mutations: [
    ['alias unknown', fixed('nobody')], ['alias "latest"', fixed('latest')], ['alias "v1"', fixed('v1')], ['alias "V7"', fixed('V7')],
    ['alias 255 chars', fixed(repeat('a', 255))], ['alias 256 chars', fixed(repeat('a', 256))], ['alias punctuation', fixed('bad alias!')], ['alias slash', fixed('a/b')],
  ] as Mutation[] },
  newAlias: { base: (_ids: SeedIds, tag: string) => `a${tag}`, mutations: [
    ['alias "latest"', fixed('latest')], ['alias "v1"', fixed('v1')], ['alias "V7"', fixed('V7')], ['alias 255 chars', (_ids, tag) => repeat(`a${tag}`, 255)],
    ['alias 256 chars', (_ids, tag) => repeat(`a${tag}`, 256)], ['alias punctuation', fixed('bad alias!')], ['alias slash', fixed('a/b')], ['alias dash', (_ids, tag) => `a-b${tag}`],
  ] as Mutation[] },
  source: { base: (ids: SeedIds) => `runs:/${ids.runId}/model`, mutations: [
    ['source traversal', fixed('../../sentinel')], ['source sentinel path', (ids) => ids.sentinelPath], ['source file URI', (ids) => `file://${ids.sentinelPath}`],
    ['source runs:/ traversal', (ids) => `runs:/${ids.runId}/../../sentinel`], ['source models:/ unknown', fixed('models:/no-such-model/1')], ['source unknown scheme', fixed('bogus://x')],
    ['source models:/ unknown id', fixed(`models:/${unknownLoggedModelId}`)], ['source models:/ alias', (ids) => `models:/${ids.modelName}@${ids.alias}`],
  ] as Mutation[] },
  artifactPath: { base: () => '', mutations: [
    ['path traversal', fixed('..')], ['path traversal to sentinel', fixed('../../../../sentinel')], ['path inner traversal', fixed('a/../../..')],
    ['path absolute sentinel', (ids) => ids.sentinelPath], ['path encoded dots', fixed('%2e%2e')], ['path NUL', fixed('a\u0000b')], ['path unknown folder', fixed('no/such/dir')],
    ['path backslashes', fixed('..\\..\\x')],
  ] as Mutation[] },
  experimentIds: { base: (ids: SeedIds) => [ids.experimentId], mutations: [
    ['experiment ids unknown', fixed(['987654321'])], ['experiment ids "abc"', fixed(['abc'])], ['experiment ids empty', fixed([])], ['experiment ids numbers', (ids) => [Number(ids.experimentId)]],
    ['experiment ids string', (ids) => ids.experimentId], ['experiment ids 101', (ids) => Array.from({ length: 101 }, () => ids.experimentId)],
    ['experiment ids injection', fixed(["1) OR (1=1"])],
  ] as Mutation[] },
  stages: { base: () => ['Production'], mutations: [['stages unknown', fixed(['Bogus'])], ['stages lower case', fixed(['production'])], ['stages string', fixed('Production')]] as Mutation[] },
  runTags: { base: () => [{ key: 't', value: 'v' }], mutations: [
    ['tag without value', fixed([{ key: 't' }])], ['tag without key', fixed([{ value: 'v' }])], ['tag value 8001', fixed([{ key: 't', value: repeat('v', 8001) }])],
    ['tag key 251', fixed([{ key: repeat('k', 251), value: 'v' }])], ['tags of strings', fixed(['t'])], ['tags with null', fixed([null])], ['tag value number', fixed([{ key: 't', value: 1 }])],
  ] as Mutation[] },
  limitedTags: { base: () => [{ key: 't', value: 'v' }], mutations: [
    ['tag without value', fixed([{ key: 't' }])], ['tag without key', fixed([{ value: 'v' }])], ['tag value 5000', fixed([{ key: 't', value: repeat('v', 5000) }])],
    ['tag value 5001', fixed([{ key: 't', value: repeat('v', 5001) }])], ['tag key 251', fixed([{ key: repeat('k', 251), value: 'v' }])], ['tags of strings', fixed(['t'])],
  ] as Mutation[] },
  loggedModelParams: { base: () => [{ key: 'p', value: 'v' }], mutations: [
    ['param without value', fixed([{ key: 'p' }])], ['param without key', fixed([{ value: 'v' }])], ['param value 6001', fixed([{ key: 'p', value: repeat('v', 6001) }])],
    ['param key 251', fixed([{ key: repeat('k', 251), value: 'v' }])], ['params of strings', fixed(['p'])],
  ] as Mutation[] },
  loggedModelOrderBy: { base: () => [{ field_name: 'creation_timestamp', ascending: false }], mutations: [
    ['order_by unknown field', fixed([{ field_name: 'bogus' }])], ['order_by injection', fixed([{ field_name: 'name; DROP TABLE runs' }])],
    ['order_by ascending string', fixed([{ field_name: 'name', ascending: 'yes' }])], ['order_by strings', fixed(['name'])], ['order_by metric', fixed([{ field_name: 'metrics.acc' }])],
  ] as Mutation[] },
  metrics: { base: () => [{ key: 'm', value: 1, timestamp: 1, step: 0 }], mutations: [
    ['1000 metrics', (_ids, tag) => Array.from({ length: 1000 }, (_, i) => ({ key: `m${tag}`, value: i, timestamp: 1, step: i }))],
    ['1001 metrics', (_ids, tag) => Array.from({ length: 1001 }, (_, i) => ({ key: `m${tag}`, value: i, timestamp: 1, step: i }))],
    ['metric without value', fixed([{ key: 'm', timestamp: 1 }])], ['metric without timestamp', fixed([{ key: 'm', value: 1 }])], ['metric without key', fixed([{ value: 1, timestamp: 1 }])],
    ['metric value string', fixed([{ key: 'm', value: 'abc', timestamp: 1 }])], ['metric value object', fixed([{ key: 'm', value: {}, timestamp: 1 }])],
    ['metric key 251', fixed([{ key: repeat('m', 251), value: 1, timestamp: 1 }])], ['metric step fraction', fixed([{ key: 'm', value: 1, timestamp: 1, step: 1.5 }])],
    ['metrics of numbers', fixed([1, 2])], ['metric null', fixed([null])],
  ] as Mutation[] },
  params: { base: (_ids: SeedIds, tag: string) => [{ key: `p${tag}`, value: 'v' }], mutations: [
    ['100 params', (_ids, tag) => Array.from({ length: 100 }, (_, i) => ({ key: `p${tag}_${i}`, value: 'v' }))],
    ['101 params', (_ids, tag) => Array.from({ length: 101 }, (_, i) => ({ key: `p${tag}_${i}`, value: 'v' }))],
    ['100 params of 6000 chars', (_ids, tag) => Array.from({ length: 100 }, (_, i) => ({ key: `p${tag}_${i}`, value: repeat('v', 6000) }))],
    ['param value 6001', (_ids, tag) => [{ key: `p${tag}`, value: repeat('v', 6001) }]], ['param without value', (_ids, tag) => [{ key: `p${tag}` }]],
    ['param value number', (_ids, tag) => [{ key: `p${tag}`, value: 1 }]], ['duplicate param keys differing', (_ids, tag) => [{ key: `p${tag}`, value: 'a' }, { key: `p${tag}`, value: 'b' }]],
    ['param key 251', fixed([{ key: repeat('p', 251), value: 'v' }])],
  ] as Mutation[] },
  tags: { base: (_ids: SeedIds, tag: string) => [{ key: `t${tag}`, value: 'v' }], mutations: [
    ['100 tags', (_ids, tag) => Array.from({ length: 100 }, (_, i) => ({ key: `t${tag}_${i}`, value: 'v' }))],
    ['101 tags', (_ids, tag) => Array.from({ length: 101 }, (_, i) => ({ key: `t${tag}_${i}`, value: 'v' }))],
    ['100 tags of 8000 chars', (_ids, tag) => Array.from({ length: 100 }, (_, i) => ({ key: `t${tag}_${i}`, value: repeat('v', 8000) }))],
    ['tag value 8001', (_ids, tag) => [{ key: `t${tag}`, value: repeat('v', 8001) }]], ['tag value null', (_ids, tag) => [{ key: `t${tag}`, value: null }]],
    ['tag key 251', fixed([{ key: repeat('t', 251), value: 'v' }])],
  ] as Mutation[] },
} satisfies Record<string, { base: Make; mutations: Mutation[] }>;

interface RouteSpec {
  family: Family;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  /** field name → kind; path parameters are `{name}` in the path and named here too. */
  fields: Record<string, Kind>;
  /** Extra mutations for this route alone (search filters, order_by, page tokens, limits). */
  extra?: Record<string, Mutation[]>;
  /** Fields a valid request leaves out (the mutations still put them in). */
  optional?: string[];
}

const search = (filterColumns: string[], limits: number[]) => ({
  filter: filterMutations(filterColumns), order_by: ORDER_BY, page_token: PAGE_TOKENS, max_results: maxResults(limits),
});

/** The compact table: every route family, each field with its kind. */
const ROUTE_TABLE: RouteSpec[] = [
  { family: 'experiments', method: 'POST', path: 'experiments/create', fields: { name: 'newName', tags: 'limitedTags' }, optional: ['tags'] },
  { family: 'experiments', method: 'GET', path: 'experiments/get', fields: { experiment_id: 'experimentId' } },
  { family: 'experiments', method: 'GET', path: 'experiments/get-by-name', fields: { experiment_name: 'experimentName' } },
  { family: 'experiments', method: 'POST', path: 'experiments/delete', fields: { experiment_id: 'unknownExperimentId' } },
  { family: 'experiments', method: 'POST', path: 'experiments/restore', fields: { experiment_id: 'unknownExperimentId' } },
  { family: 'experiments', method: 'POST', path: 'experiments/update', fields: { experiment_id: 'spareExperimentId', new_name: 'newName' } },
  { family: 'experiments', method: 'POST', path: 'experiments/set-experiment-tag', fields: { experiment_id: 'experimentId', key: 'key', value: 'limitedTagValue' } },
  { family: 'experiments', method: 'POST', path: 'experiments/delete-experiment-tag', fields: { experiment_id: 'experimentId', key: 'key' } },
  { family: 'search', method: 'POST', path: 'experiments/search', fields: { view_type: 'viewType', max_results: 'int', filter: 'text', order_by: 'text', page_token: 'text' },
    // max_results is always sent: mlflow 3.18 reads a POST without it as 0 and refuses it (a search with it is what clients send).
    optional: ['filter', 'order_by', 'page_token'], extra: search(['name', 'tags.t', 'creation_time'], [0, 1, 50000, 50001]) },
  { family: 'runs', method: 'POST', path: 'runs/create', fields: { experiment_id: 'experimentId', run_name: 'text', start_time: 'int', tags: 'runTags', user_id: 'text' }, optional: ['tags', 'user_id'] },
  { family: 'runs', method: 'POST', path: 'runs/update', fields: { run_id: 'runId', status: 'runStatus', end_time: 'int', run_name: 'text' }, optional: ['end_time'] },
  { family: 'runs', method: 'POST', path: 'runs/delete', fields: { run_id: 'unknownRunId' } },
  { family: 'runs', method: 'POST', path: 'runs/restore', fields: { run_id: 'unknownRunId' } },
  { family: 'runs', method: 'GET', path: 'runs/get', fields: { run_id: 'runId' } },
  { family: 'metrics', method: 'POST', path: 'runs/log-metric', fields: { run_id: 'runId', key: 'key', value: 'metricValue', timestamp: 'int', step: 'int' } },
  { family: 'metrics', method: 'GET', path: 'metrics/get-history', fields: { run_id: 'runId', metric_key: 'metricKey', max_results: 'int', page_token: 'text' },
    optional: ['max_results', 'page_token'], extra: { page_token: PAGE_TOKENS, max_results: maxResults([0, 1, 25000, 25001]) } },
  { family: 'metrics', method: 'GET', path: 'metrics/get-history-bulk-interval', fields: { run_ids: 'runIds', metric_key: 'metricKey', start_step: 'int', end_step: 'int', max_results: 'int' },
    optional: ['start_step', 'end_step', 'max_results'], extra: { max_results: maxResults([0, 1, 2500, 2501]) } },
  { family: 'params/tags', method: 'POST', path: 'runs/log-parameter', fields: { run_id: 'runId', key: 'key', value: 'paramValue' } },
  { family: 'params/tags', method: 'POST', path: 'runs/set-tag', fields: { run_id: 'runId', key: 'key', value: 'tagValue' } },
  { family: 'params/tags', method: 'POST', path: 'runs/delete-tag', fields: { run_id: 'runId', key: 'key' } },
  { family: 'log-batch', method: 'POST', path: 'runs/log-batch', fields: { run_id: 'runId', metrics: 'metrics', params: 'params', tags: 'tags' },
    extra: { metrics: [['1000 metrics and 1 param', fixed(raw(JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ key: 'e', value: i, timestamp: 1, step: i })))))]] } },
  { family: 'search', method: 'POST', path: 'runs/search', fields: { experiment_ids: 'experimentIds', run_view_type: 'viewType', max_results: 'int', filter: 'text', order_by: 'text', page_token: 'text' },
    optional: ['max_results', 'filter', 'order_by', 'page_token'],
    extra: search(['metrics.m', 'params.p', 'tags.t', 'attributes.run_name', 'attributes.status', 'attributes.start_time'], [0, 1, 50000, 50001]) },
  { family: 'registered models', method: 'POST', path: 'registered-models/create', fields: { name: 'newName', tags: 'limitedTags', description: 'text' }, optional: ['tags', 'description'] },
  { family: 'registered models', method: 'POST', path: 'registered-models/rename', fields: { name: 'unknownModelName', new_name: 'newName' } },
  { family: 'registered models', method: 'PATCH', path: 'registered-models/update', fields: { name: 'modelName', description: 'text' } },
  { family: 'registered models', method: 'DELETE', path: 'registered-models/delete', fields: { name: 'unknownModelName' } },
  { family: 'registered models', method: 'GET', path: 'registered-models/get', fields: { name: 'modelName' } },
  { family: 'search', method: 'GET', path: 'registered-models/search', fields: { max_results: 'int', filter: 'text', order_by: 'text', page_token: 'text' },
    optional: ['max_results', 'filter', 'order_by', 'page_token'], extra: search(['name', 'tags.t'], [0, 1, 1000, 1001]) },
  { family: 'registered models', method: 'POST', path: 'registered-models/get-latest-versions', fields: { name: 'modelName', stages: 'stages' } },
  { family: 'registered models', method: 'POST', path: 'registered-models/set-tag', fields: { name: 'modelName', key: 'key', value: 'limitedTagValue' } },
  { family: 'registered models', method: 'DELETE', path: 'registered-models/delete-tag', fields: { name: 'modelName', key: 'key' } },
  { family: 'aliases', method: 'POST', path: 'registered-models/alias', fields: { name: 'modelName', alias: 'newAlias', version: 'version' } },
  { family: 'aliases', method: 'DELETE', path: 'registered-models/alias', fields: { name: 'modelName', alias: 'newAlias' } },
  { family: 'aliases', method: 'GET', path: 'registered-models/alias', fields: { name: 'modelName', alias: 'alias' } },
  { family: 'model versions', method: 'POST', path: 'model-versions/create', fields: { name: 'modelName', source: 'source', run_id: 'runId', tags: 'limitedTags' }, optional: ['tags'] },
  { family: 'model versions', method: 'PATCH', path: 'model-versions/update', fields: { name: 'modelName', version: 'version', description: 'text' } },
  { family: 'model versions', method: 'POST', path: 'model-versions/transition-stage', fields: { name: 'modelName', version: 'version', stage: 'stage', archive_existing_versions: 'bool' } },
  { family: 'model versions', method: 'DELETE', path: 'model-versions/delete', fields: { name: 'modelName', version: 'unknownVersion' } },
  { family: 'model versions', method: 'GET', path: 'model-versions/get', fields: { name: 'modelName', version: 'version' } },
  { family: 'model versions', method: 'GET', path: 'model-versions/get-download-uri', fields: { name: 'modelName', version: 'version' } },
  { family: 'search', method: 'GET', path: 'model-versions/search', fields: { max_results: 'int', filter: 'text', order_by: 'text', page_token: 'text' },
    optional: ['max_results', 'filter', 'order_by', 'page_token'], extra: search(['name', 'run_id', 'tags.t'], [0, 1, 200000, 200001]) },
  { family: 'model versions', method: 'POST', path: 'model-versions/set-tag', fields: { name: 'modelName', version: 'version', key: 'key', value: 'limitedTagValue' } },
  { family: 'model versions', method: 'DELETE', path: 'model-versions/delete-tag', fields: { name: 'modelName', version: 'version', key: 'key' } },
  { family: 'logged models', method: 'POST', path: 'logged-models', fields: { experiment_id: 'experimentId', name: 'text', source_run_id: 'runId', params: 'loggedModelParams', tags: 'limitedTags' },
    optional: ['params', 'tags'] },
  { family: 'logged models', method: 'GET', path: 'logged-models/{model_id}', fields: {} },
  { family: 'logged models', method: 'PATCH', path: 'logged-models/{model_id}', fields: { status: 'loggedModelStatus' } },
  { family: 'logged models', method: 'PATCH', path: 'logged-models/{model_id}/tags', fields: { tags: 'limitedTags' } },
  { family: 'logged models', method: 'DELETE', path: 'logged-models/{model_id}/tags/{tag_key}', fields: {} },
  { family: 'search', method: 'POST', path: 'logged-models/search', fields: { experiment_ids: 'experimentIds', max_results: 'int', filter: 'text', order_by: 'loggedModelOrderBy', page_token: 'text' },
    optional: ['max_results', 'filter', 'order_by', 'page_token'],
    extra: { filter: filterMutations(['metrics.m', 'params.p', 'name']), page_token: PAGE_TOKENS, max_results: maxResults([0, 1, 50000, 50001]) } },
  { family: 'artifacts', method: 'GET', path: 'artifacts/list', fields: { run_id: 'runId', path: 'artifactPath', page_token: 'text' }, optional: ['page_token'], extra: { page_token: PAGE_TOKENS.slice(0, 6) } },
  { family: 'artifacts', method: 'GET', path: 'logged-models/{model_id}/artifacts/directories', fields: { artifact_directory_path: 'artifactPath' } },
];

const API = '/api/2.0/mlflow';

/** Path parameters and the whole-path breaks: malformed percent-escapes. */
const PATH_ESCAPES = ['%ff', '%', '%zz', '%e2%82', '%C0%AF', 'ok%', '%00', '..%2f..%2fsentinel', '%252e'];
const QUERY_ESCAPES = ['%zz', '%', '%ff', '%C0%AF', '%e2%82', 'a%2', '%00'];

/** Whole-body breaks for routes that read a JSON body. */
const BODY_MUTATIONS: [string, (valid: Buffer) => Buffer][] = [
  ['empty body', () => Buffer.alloc(0)], ['truncated JSON', (valid) => valid.subarray(0, Math.max(1, valid.length - 2))], ['JSON array', () => Buffer.from('[]')],
  ['JSON null', () => Buffer.from('null')], ['JSON number', () => Buffer.from('1')], ['JSON string', () => Buffer.from('"x"')], ['single quotes', () => Buffer.from("{'a': 1}")],
  ['trailing comma', (valid) => Buffer.from(`${valid.toString().slice(0, -1)},}`)], ['missing value', () => Buffer.from('{"a":}')],
  ['byte-order mark', (valid) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid])], ['invalid UTF-8 after body', (valid) => Buffer.concat([valid, Buffer.from([0xff])])],
  ['duplicate keys', (valid) => Buffer.from(`{"a":1,"a":2,${valid.toString().slice(1)}`)],
  ['nested 63 deep', (valid) => nestIn(valid, 63)], ['nested 65 deep', (valid) => nestIn(valid, 65)], ['nested 10000 deep', (valid) => nestIn(valid, 10_000)],
  ['comment', (valid) => Buffer.from(`/* x */${valid.toString()}`)],
];

/** The valid body with one unknown field holding arrays nested `depth` deep. */
function nestIn(valid: Buffer, depth: number): Buffer {
  const text = valid.toString();
  const inner = `"x_nested":${'['.repeat(depth)}${']'.repeat(depth)}`;
  return Buffer.from(text === '{}' ? `{${inner}}` : `{${inner},${text.slice(1)}`);
}

function jsonOf(value: Value): Buffer {
  return value instanceof Raw ? (value.json ?? Buffer.from('null')) : Buffer.from(JSON.stringify(value));
}

function bodyOf(fields: [string, Value][]): Buffer {
  const parts: Buffer[] = [Buffer.from('{')];
  fields.forEach(([name, value], index) => {
    parts.push(Buffer.from(`${index ? ',' : ''}${JSON.stringify(name)}:`), jsonOf(value));
  });
  parts.push(Buffer.from('}'));
  return Buffer.concat(parts);
}

/** A query string, or undefined when the value has no query spelling (objects, null, raw JSON). */
function queryOf(fields: [string, Value][]): string | undefined {
  const parts: string[] = [];
  for (const [name, value] of fields) {
    if (value instanceof Raw) {
      if (value.query === undefined) return undefined;
      parts.push(`${name}=${value.query}`);
    } else if (Array.isArray(value)) {
      if (value.some((v) => v === null || typeof v === 'object')) return undefined;
      for (const v of value) parts.push(`${name}=${encodeURIComponent(String(v))}`);
    } else if (value === null || typeof value === 'object') {
      return undefined;
    } else {
      parts.push(`${name}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.join('&');
}

/** Expands the table: per field its kind's breaks, a seeded sample of type breaks, and the route's own extras; per route the body or query breaks. */
export function buildCorpus(seed = 13, typeSample = 4): HostileCase[] {
  const random = seededRandom(seed);
  const cases: HostileCase[] = [];
  const labels = new Set<string>();

  for (const spec of ROUTE_TABLE) {
    const route = `${spec.method} ${spec.path}`;
    const fieldNames = Object.keys(spec.fields);
    const pathParams = [...spec.path.matchAll(/\{(\w+)\}/gu)].map((m) => m[1]);
    const pathOf = (ids: SeedIds, tag: string, override?: Record<string, string>) => `${API}/${spec.path.replace(/\{(\w+)\}/gu, (_m, name: string) =>
      override?.[name] ?? (name === 'model_id' ? ids.loggedModelId : encodeURIComponent(`k${tag}`)))}`;
    const add = (field: string, mutation: string, build: (ids: SeedIds, tag: string) => { path: string; body?: Buffer } | undefined) => {
      const label = `${route} · ${field} · ${mutation}`;
      if (labels.has(label)) return;
      const tag = String(cases.length);
      const probe = build(probeIds, tag);
      if (!probe) return; // not expressible on this route (an object in a query string)
      labels.add(label);
      cases.push({ label, family: spec.family, route, field, mutation, method: spec.method, build: (ids) => build(ids, tag) ?? probe });
    };
    const request = (ids: SeedIds, tag: string, override: [string, Value] | undefined, pathOverride?: Record<string, string>) => {
      const values: [string, Value][] = [];
      for (const name of fieldNames) {
        const value = override?.[0] === name ? override[1] : spec.optional?.includes(name) ? MISSING : KINDS[spec.fields[name]].base(ids, tag);
        if (value !== MISSING) values.push([name, value]);
      }
      const path = pathOf(ids, tag, pathOverride);
      if (spec.method !== 'GET') return { path, body: bodyOf(values) };
      const query = queryOf(values);
      return query === undefined ? undefined : { path: query ? `${path}?${query}` : path, body: undefined };
    };

    add('(valid)', 'valid request', (ids, tag) => request(ids, tag, undefined));
    for (const name of fieldNames) {
      const kind = KINDS[spec.fields[name]];
      const sampled = shuffled(TYPE_MUTATIONS, random).slice(0, typeSample);
      const own = spec.extra?.[name] ?? kind.mutations;
      for (const [mutation, make] of [...own, ...sampled]) {
        add(name, mutation, (ids, tag) => request(ids, tag, [name, make(ids, tag)]));
      }
      if (spec.extra?.[name] && spec.fields[name] !== 'text' && spec.fields[name] !== 'int') {
        for (const [mutation, make] of kind.mutations) add(name, mutation, (ids, tag) => request(ids, tag, [name, make(ids, tag)]));
      }
    }
    for (const param of pathParams) {
      for (const escape of PATH_ESCAPES) add(`{${param}}`, `path ${escape}`, (ids, tag) => request(ids, tag, undefined, { [param]: escape }));
      add(`{${param}}`, 'path unknown', (ids, tag) => request(ids, tag, undefined, { [param]: param === 'model_id' ? unknownLoggedModelId : 'nope' }));
      add(`{${param}}`, 'path 10k', (ids, tag) => request(ids, tag, undefined, { [param]: repeat('m', 10_000) }));
    }
    if (spec.method === 'GET') {
      const first = fieldNames[0];
      for (const escape of QUERY_ESCAPES) {
        if (first) add(first, `query escape ${escape}`, (ids, tag) => request(ids, tag, [first, raw(undefined, escape)]));
      }
      add('(query)', 'repeated field', (ids, tag) => {
        const valid = request(ids, tag, undefined);
        return valid && first ? { path: `${valid.path}&${first}=other` } : undefined;
      });
      add('(path)', 'escape in route path', (ids, tag) => ({ path: `${pathOf(ids, tag)}%zz` }));
    } else {
      for (const [mutation, make] of BODY_MUTATIONS) {
        add('(body)', mutation, (ids, tag) => {
          const valid = request(ids, tag, undefined);
          return valid?.body ? { path: valid.path, body: make(valid.body) } : undefined;
        });
      }
    }
  }
  return cases;
}

/** Stand-in ids used only to see whether a case can be built at all. */
const probeIds: SeedIds = {
  experimentId: '1', experimentName: 'e', spareExperimentId: '2', runId: 'r'.repeat(32), metricKey: 'm', modelName: 'm', version: '1', alias: 'a',
  loggedModelId: 'm-x', sentinelPath: '/sentinel',
};
