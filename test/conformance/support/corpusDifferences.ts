// Where runlens answers the hostile corpus otherwise than mlflow 3.18, each with why. A row matches
// by the case (route, field, mutation) and both answers; the corpus test fails on any difference
// no row explains, and on any row no case needs.
import type { Reply } from './corpusClient.ts';
import type { HostileCase } from './hostileCorpus.ts';

export interface CaseResult {
  hostile: HostileCase;
  theirs: Reply;
  ours: Reply;
}

export interface Difference {
  match(result: CaseResult): boolean;
  reason: string;
}

interface Where {
  route?: RegExp;
  field?: RegExp;
  mutation?: RegExp;
  /** `status` or `status CODE` of each side. */
  theirs?: RegExp;
  ours?: RegExp;
}

const answer = (r: Reply) => `${r.status} ${r.code ?? ''}`.trim();
const row = (reason: string, where: Where): Difference => ({
  reason,
  match: ({ hostile, theirs, ours }) => (where.route?.test(hostile.route) ?? true) && (where.field?.test(hostile.field) ?? true)
    && (where.mutation?.test(hostile.mutation) ?? true) && (where.theirs?.test(answer(theirs)) ?? true) && (where.ours?.test(answer(ours)) ?? true),
});

const OK = /^2\d\d/u;
const INVALID = /^400 INVALID_PARAMETER_VALUE$/u;
const NOT_UTF8 = /UTF-8|surrogate|query escape %(ff|C0%AF|e2%82)/u;
const MALFORMED_BODY = /^(truncated JSON|JSON (array|null|number|string)|single quotes|trailing comma|missing value|comment|duplicate keys)$/u;
const WRONG_TYPE = /^(number -?\d|fraction 1\.5|true|false|empty array|array of string|empty object|object|bare NaN|NUL character|100k characters)$/u;
const BEYOND_2_53 = /^(int64 max|int64 max\+1|int64 min-1|2\^53\+1|1e20)$/u;

export const DIFFERENCES: Difference[] = [
  row("invalid UTF-8 and lone surrogates are refused wherever they stand, so nothing is stored with U+FFFD or emptied; mlflow reads such a body as empty (answering with defaults, BAD_REQUEST, not found or a 500) and stores a lone surrogate as ''",
    { mutation: NOT_UTF8, ours: INVALID }),
  row('bodies nested deeper than 64 levels are refused (restApi/jsonDepth.ts); mlflow parses them',
    { field: /^\(body\)$/u, mutation: /^nested (65|10000) deep$/u, ours: INVALID }),
  row('a body that is not a JSON object is refused; mlflow reads it as an empty request (runs/search then answers, a DELETE answers "not found")',
    { field: /^\(body\)$/u, mutation: MALFORMED_BODY, ours: INVALID }),
  row('int64 values beyond 2^53 (and past int64) are refused: a JavaScript number cannot hold them exactly; mlflow takes them',
    { mutation: BEYOND_2_53, theirs: OK, ours: INVALID }),
  row('an enum value mlflow does not know (or of another type) is refused; mlflow drops it and uses the default',
    { field: /^(view_type|run_view_type|status)$/u, route: /experiments\/search|runs\/search|runs\/update/u, theirs: OK, ours: INVALID }),
  row('a field of the wrong JSON type is refused naming the field; mlflow ignores or coerces it',
    { mutation: WRONG_TYPE, theirs: OK, ours: INVALID }),
  row('runs/create checks its tags as set-tag does (a key of at most 250, a string value); mlflow stores or drops them unchecked',
    { route: /^POST runs\/create$/u, field: /^tags$/u, theirs: OK, ours: INVALID }),
  row('logged-model params and tags need a key and must be objects; mlflow skips the broken ones',
    { route: /^(POST logged-models|PATCH logged-models\/\{model_id\}\/tags)$/u, field: /^(params|tags)$/u, theirs: OK, ours: INVALID }),
  row('log-batch refuses a metric value it cannot read and a param value that is not a string; mlflow stores a zeroed metric / str(value)',
    { route: /log-batch/u, mutation: /^(metric value (string|object)|param value number)$/u, theirs: OK, ours: INVALID }),
  row('runs/create without an experiment id uses the Default experiment, as the client does; mlflow fails on a foreign key (BAD_REQUEST quoting SQL)',
    { route: /^POST runs\/create$/u, mutation: /^(empty string|empty body)$/u, theirs: /^400 BAD_REQUEST$/u, ours: OK }),
  row('renaming to a taken name is RESOURCE_ALREADY_EXISTS; mlflow leaks the IntegrityError as BAD_REQUEST',
    { route: /experiments\/update/u, mutation: /^name taken$/u, theirs: /^400 BAD_REQUEST$/u, ours: /RESOURCE_ALREADY_EXISTS/u }),
  row('POST experiments/search without max_results uses the default; mlflow 3.18 reads it as 0 and refuses the request',
    { route: /^POST experiments\/search$/u, mutation: /^(missing|empty body)$/u, theirs: INVALID, ours: OK }),
  row('a page token with a negative or fractional offset is refused; mlflow pages from it',
    { mutation: /^token offset (-1|fraction)$/u, theirs: OK, ours: INVALID }),
  row('max_results must be 1..1000 for registered-model and logged-model search; mlflow takes 0, negatives and any size there',
    { route: /registered-models\/search|logged-models\/search/u, field: /^max_results$/u, theirs: OK, ours: INVALID }),
  row('metrics/get-history and get-history-bulk-interval check max_results and run_ids; mlflow ignores values it cannot read',
    { route: /^GET metrics\//u, field: /^(max_results|run_ids)$/u, theirs: OK, ours: INVALID }),
  row('runs/delete-tag validates the key first (a key that could never be logged is INVALID_PARAMETER_VALUE); mlflow answers "not found"',
    { route: /runs\/delete-tag/u, field: /^key$/u, theirs: /^404/u, ours: INVALID }),
  row('artifact paths holding NUL or backslashes are refused before any file is touched; mlflow lists them (empty)',
    { route: /artifacts/u, mutation: /NUL|backslashes|%00/u, theirs: OK, ours: INVALID }),
  row('finalizing a logged model takes its id from the path; mlflow 3.18 checks only the body for model_id and refuses a request without it there (its own client sends both), whatever the status',
    { route: /^PATCH logged-models\/\{model_id\}$/u, mutation: /^status PENDING$/u, theirs: INVALID, ours: OK }),
];
