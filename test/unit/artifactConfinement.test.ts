// Path confinement for the artifact proxy and client-supplied artifact URIs: a corpus of
// traversal and encoding attacks (past MLflow CVEs), each of which must be refused or land
// inside the root, with nothing ever written outside it. MLflow's own verdicts
// (validate_path_is_safe) are asked from the venv: whatever MLflow refuses, we refuse too.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MlflowError } from '../../src/shared/errors.ts';
import {
  checkRelativeArtifactPath,
  confinedPath,
  decodeArtifactPath,
  fileUriToLocalPath,
  isInsideRoot,
  validateArtifactUri,
} from '../../src/server/artifacts/confinePath.ts';
import { localPathForArtifactUri } from '../../src/server/artifacts/runArtifacts.ts';
import { runPythonJson } from '../support/python.ts';

type Verdict = 'reject' | 'inside' | 'either';

// Raw (still percent-encoded) paths as they follow `/mlflow-artifacts/artifacts/` in a request URL.
const ATTEMPTS: [string, Verdict][] = [
  ['../escape.txt', 'reject'],
  ['../../escape.txt', 'reject'],
  ['a/../../escape.txt', 'reject'],
  ['a/../b.txt', 'reject'],
  ['..', 'reject'],
  ['a/..', 'reject'],
  ['..%2fescape.txt', 'reject'],
  ['..%2Fescape.txt', 'reject'],
  ['%2e%2e/escape.txt', 'reject'],
  ['%2E%2E/escape.txt', 'reject'],
  ['%2e%2e%2fescape.txt', 'reject'],
  ['%2e%2e', 'reject'],
  ['.%2e/escape.txt', 'reject'],
  ['%2e./escape.txt', 'reject'],
  ['a/%2e%2e%2f%2e%2e%2fescape.txt', 'reject'],
  ['%252e%252e%252fescape.txt', 'reject'],
  ['%252e%252e/escape.txt', 'reject'],
  ['..%252fescape.txt', 'reject'],
  ['%25252e%25252e%25252fescape.txt', 'reject'],
  ['a/%252e%252e%252f%252e%252e%252fescape.txt', 'reject'],
  ['%252fetc%252fpasswd', 'reject'],
  ['....//escape.txt', 'either'],
  ['....//....//escape.txt', 'either'],
  ['.../escape.txt', 'either'],
  ['..%20/escape.txt', 'either'],
  ['..;/escape.txt', 'either'],
  ['/etc/passwd', 'reject'],
  ['%2fetc%2fpasswd', 'reject'],
  ['//etc/passwd', 'reject'],
  ['C:\\Windows\\win.ini', 'reject'],
  ['C:%5CWindows%5Cwin.ini', 'reject'],
  ['C:/Windows/win.ini', 'reject'],
  ['c%3a/escape.txt', 'reject'],
  ['file:///etc/passwd', 'reject'],
  ['http://evil.example/escape.txt', 'reject'],
  ['..\\..\\escape.txt', 'reject'],
  ['..%5c..%5cescape.txt', 'reject'],
  ['..%255c..%255cescape.txt', 'reject'],
  ['a%5cb.txt', 'reject'],
  ['%00', 'reject'],
  ['a%00.txt', 'reject'],
  ['escape.txt%00.png', 'reject'],
  ['%2500', 'reject'],
  ['a%0ab.txt', 'reject'],
  ['a%0d%0aSet-Cookie:x', 'reject'],
  ['a%7f.txt', 'reject'],
  ['a%c2%85.txt', 'reject'],
  ['%c0%ae%c0%ae/escape.txt', 'reject'],
  ['%c0%ae%c0%ae%c0%afescape.txt', 'reject'],
  ['%e0%80%ae%e0%80%ae/escape.txt', 'reject'],
  ['%c0%2e%c0%2e/escape.txt', 'reject'],
  ['%u002e%u002e/escape.txt', 'reject'],
  ['a#frag', 'reject'],
  ['a%23frag', 'reject'],
  ['a?x=1', 'reject'],
  ['a%3fx=..', 'reject'],
  ['%', 'reject'],
  ['%zz', 'reject'],
  ['a%2', 'reject'],
  [`${'a/'.repeat(2100)}x.txt`, 'reject'],
  [`${'x'.repeat(300)}.txt`, 'reject'],
  ['escape-link/pwned.txt', 'reject'],
  ['escape-link', 'reject'],
  ['escape-file', 'reject'],
  ['sub/escape-link/deeper/pwned.txt', 'reject'],
  ['dangling/pwned.txt', 'reject'],
  ['dangling', 'reject'],
  ['inner-link/ok.txt', 'inside'],
  ['%ef%bc%8e%ef%bc%8e/fullwidth.txt', 'inside'],
  ['%2e/dot.txt', 'inside'],
  ['./dot2.txt', 'inside'],
  ['a/./b.txt', 'inside'],
  ['a//c.txt', 'inside'],
  ['~/tilde.txt', 'inside'],
  ['%2541.txt', 'inside'],
  ['a%2fslash.txt', 'inside'],
  ['sub/plain.txt', 'inside'],
  ['caf%C3%A9/na%C3%AFve.txt', 'inside'],
];

let base: string;
let root: string;
let realRoot: string;
let sentinel: string;


function assertInvalidParameter(error: unknown, raw: string): void {
  assert.ok(error instanceof MlflowError, `${raw}: expected an MlflowError, got ${String(error)}`);
  assert.equal(error.code, 'INVALID_PARAMETER_VALUE', `${raw}: ${error.message}`);
  assert.equal(error.httpStatus, 400);
  assert.match(error.message, /Invalid [a-z ]+'/u, `${raw}: the message names the path`);
}

/** Decodes and confines like the proxy does; undefined when refused. */
async function resolveAttempt(raw: string): Promise<string | undefined> {
  try {
    return await confinedPath(root, decodeArtifactPath(raw));
  } catch (error) {
    assertInvalidParameter(error, raw);
    return undefined;
  }
}

before(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-confine-'));
  root = path.join(base, 'root');
  sentinel = path.join(base, 'sentinel');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.mkdirSync(sentinel);
  fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
  fs.symlinkSync(sentinel, path.join(root, 'escape-link'));
  fs.symlinkSync(sentinel, path.join(root, 'sub', 'escape-link'));
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'escape-file'));
  fs.symlinkSync(path.join(root, 'sub'), path.join(root, 'inner-link'));
  fs.symlinkSync(path.join(sentinel, 'not-yet'), path.join(root, 'dangling'));
  realRoot = fs.realpathSync(root);
});

after(() => fs.rmSync(base, { recursive: true, force: true }));

describe('artifact path confinement', () => {
  test(`the corpus holds at least 50 attacks (${ATTEMPTS.length})`, () => {
    assert.ok(ATTEMPTS.filter(([, verdict]) => verdict !== 'inside').length >= 50);
  });

  test('every attempt is refused or resolves inside the root, and writing there never escapes', async () => {
    for (const [raw, verdict] of ATTEMPTS) {
      const resolved = await resolveAttempt(raw);
      if (verdict === 'reject') assert.equal(resolved, undefined, `${raw.slice(0, 80)} must be refused, resolved to ${resolved}`);
      if (verdict === 'inside') assert.ok(resolved !== undefined, `${raw} must be accepted`);
      if (resolved === undefined) continue;
      assert.ok(isInsideRoot(realRoot, resolved), `${raw} resolved outside the root: ${resolved}`);
      assert.notEqual(resolved, realRoot, `${raw} names the root itself`);
      fs.mkdirSync(path.dirname(resolved), { recursive: true });
      fs.writeFileSync(resolved, raw);
    }
    assert.deepEqual(fs.readdirSync(sentinel), [], 'the sibling sentinel folder stays empty');
    assert.deepEqual(fs.readdirSync(base).sort(), ['root', 'secret.txt', 'sentinel']);
    assert.equal(fs.readFileSync(path.join(base, 'secret.txt'), 'utf8'), 'secret');
  });

  test('double encoding is decoded once: never traversal, and refused when a second decode would climb', async () => {
    assert.equal(decodeArtifactPath('a%2541.txt'), 'a%41.txt');
    assert.equal(decodeArtifactPath('a%252fb.txt'), 'a%2fb.txt');
    assert.throws(() => decodeArtifactPath('%252e%252e%252fescape.txt'), /encoded path traversal/u);
    const literal = await confinedPath(root, decodeArtifactPath('a%2541.txt'));
    assert.equal(literal, path.join(realRoot, 'a%41.txt'));
  });

  test('accepted paths are normalised without empty or dot segments', () => {
    assert.equal(checkRelativeArtifactPath('./a//b/./c.txt'), 'a/b/c.txt');
    assert.equal(checkRelativeArtifactPath('a/b/', { allowEmpty: true }), 'a/b');
    assert.equal(checkRelativeArtifactPath('', { allowEmpty: true }), '');
    assert.throws(() => checkRelativeArtifactPath('./'), /names no file/u);
  });

  test('the symlinks that stay inside the root are followed to their real location', async () => {
    assert.equal(await confinedPath(root, 'inner-link/x.txt'), path.join(realRoot, 'sub', 'x.txt'));
    await assert.rejects(confinedPath(root, 'escape-file'), /outside the artifact root through a symbolic link/u);
  });

  test('a root that does not exist yet still confines', async () => {
    const fresh = path.join(base, 'fresh-root');
    assert.equal(await confinedPath(fresh, 'a/b.txt'), path.join(fs.realpathSync(base), 'fresh-root', 'a', 'b.txt'));
    await assert.rejects(confinedPath(fresh, '../x'), MlflowError);
    assert.equal(fs.existsSync(fresh), false);
  });

  test('MLflow refuses nothing that we accept (validate_path_is_safe from the venv)', async () => {
    const script = path.join(base, 'mlflow_verdicts.py');
    fs.writeFileSync(script, [
      'import json, sys, urllib.parse',
      'from mlflow.utils.uri import validate_path_is_safe',
      'verdicts = {}',
      'for raw in json.load(open(sys.argv[1])):',
      '    try:',
      '        validate_path_is_safe(urllib.parse.unquote(raw))',
      '        verdicts[raw] = "accept"',
      '    except Exception:',
      '        verdicts[raw] = "reject"',
      'print(json.dumps(verdicts))',
    ].join('\n'));
    const input = path.join(base, 'attempts.json');
    fs.writeFileSync(input, JSON.stringify(ATTEMPTS.map(([raw]) => raw)));
    const mlflow = await runPythonJson<Record<string, string>>(script, [input]);
    assert.equal(Object.keys(mlflow).length, ATTEMPTS.length);
    const mlflowRejects = ATTEMPTS.filter(([raw]) => mlflow[raw] === 'reject');
    assert.ok(mlflowRejects.length >= 20, 'MLflow itself refuses the classic traversals');
    for (const [raw] of mlflowRejects) {
      assert.throws(() => decodeArtifactPath(raw), MlflowError, `MLflow refuses ${raw.slice(0, 80)}, so must we`);
    }
  });
});

describe('client-supplied artifact URIs', () => {
  const accepted = (): string[] => [
    'mlflow-artifacts:/',
    'mlflow-artifacts:/1',
    'mlflow-artifacts:/1/0123abcd/artifacts',
    'mlflow-artifacts://tracking.example:5000/1/abc/artifacts',
    'http://tracking.example/api/2.0/mlflow-artifacts/artifacts/1/abc',
    `file://${root}/x`,
    `file:${root}/x`,
    `file://localhost${root}/1`,
    root,
    `${root}/1/abc/artifacts`,
    `${root}/inner-link/model`,
    's3://bucket/path/model',
    'gs://bucket/model',
    'runs:/0123abcd/model',
    'models:/name/1',
    'https://example.com/model.tar.gz',
  ];
  const refused = (): string[] => [
    'mlflow-artifacts:/../x',
    'mlflow-artifacts:/1/../../x',
    'mlflow-artifacts:/%2e%2e/x',
    'mlflow-artifacts:/1/..%2f..%2fx',
    'mlflow-artifacts:/1/%252e%252e%252fx',
    'mlflow-artifacts://host:5000/../../../',
    'mlflow-artifacts:/1?x=1',
    'mlflow-artifacts:/1#frag',
    'mlflow-artifacts:/1/a%5cb',
    'http://host/api/2.0/mlflow-artifacts/artifacts/../../x',
    'http://host/api/2.0/mlflow-artifacts/artifacts%00',
    'file:///etc/passwd',
    `file://${root}/../x`,
    `file://${root}/%2e%2e/x`,
    `file://${root}/%252e%252e/x`,
    `file://evil.example${root}/x`,
    `file:${root}/x#frag`,
    `file:${root}/x?y=1`,
    `file://${root}/%c0%ae%c0%ae/x`,
    '/etc',
    `${root}/../secret.txt`,
    `${root}/sub/../../secret.txt`,
    sentinel,
    `${root}/escape-link/x`,
    `${root}/escape-link`,
    `${root}/dangling/x`,
    `${root}\u0000/x`,
    'C:\\Windows',
    'relative/mlruns',
    's3://bucket/../../x',
    's3://bucket/%2e%2e/x',
    's3://bucket/%252e%252e%252fx',
    'runs:/abc/../../x',
    'models:/m/1#frag',
  ];

  test('accepted URIs pass', () => {
    for (const uri of accepted()) assert.doesNotThrow(() => validateArtifactUri(uri, [root]), uri);
  });

  test('traversal, fragments, queries, foreign hosts and paths outside the roots are refused', () => {
    for (const uri of refused()) {
      assert.throws(() => validateArtifactUri(uri, [root]), (error: unknown) => {
        assertInvalidParameter(error, uri);
        return true;
      }, uri);
    }
  });

  test('remote schemes can be refused altogether', () => {
    assert.throws(() => validateArtifactUri('s3://bucket/x', [root], { allowRemote: false, what: 'model version source' }), /Invalid model version source 's3:\/\/bucket\/x'/u);
  });

  test('file URIs decode once to local paths', () => {
    assert.equal(fileUriToLocalPath(`file://${root}/a%20b`), path.join(root, 'a b'));
    assert.equal(fileUriToLocalPath(`file:${root}/a%2520b`), path.join(root, 'a%20b'));
  });

  test('artifact URIs map to local folders; remote ones to none', () => {
    const destination = path.join(base, 'dest');
    assert.equal(localPathForArtifactUri('mlflow-artifacts:/1/abc/artifacts', destination), path.join(destination, '1', 'abc', 'artifacts'));
    assert.equal(localPathForArtifactUri('mlflow-artifacts://host:5000/1/abc', destination), path.join(destination, '1', 'abc'));
    assert.equal(localPathForArtifactUri('mlflow-artifacts:/1', ''), undefined);
    assert.equal(localPathForArtifactUri(`file://${root}/x`, destination), path.join(root, 'x'));
    assert.equal(localPathForArtifactUri(`${root}/x`, destination), path.join(root, 'x'));
    assert.equal(localPathForArtifactUri('s3://bucket/x', destination), undefined);
    assert.throws(() => localPathForArtifactUri('mlflow-artifacts:/1/../../x', destination), MlflowError);
    assert.throws(() => localPathForArtifactUri(`${root}/../x`, destination), MlflowError);
  });
});
