// Alias and model-name checks of the Models view, judged against the pinned mlflow's own
// validators (and the logged-model link tag against mlflow's json.dumps); the `models:/` URIs and labels the view and Copy Model URI produce.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { RegisteredModel } from '../../src/shared/entities.ts';
import { parseModelsUri } from '../../src/store/artifacts/modelUris.ts';
import {
  aliasesOf, aliasUri, modelDescription, newestVersionsFirst, uriChoices, versionContextValue, versionDescription, versionsFilter, versionUri,
} from '../../src/describe/modelLabels.ts';
import { appendModelVersionLink } from '../../src/vscode/models/modelVersionLinks.ts';
import { aliasProblem, modelNameProblem, registryTagProblem } from '../../src/vscode/models/modelValidation.ts';
import { runPythonJson } from '../support/python.ts';

// Prints, for each alias and model name given as JSON, the message mlflow refuses it with (or null).
const JUDGE = `
import json, sys, warnings
warnings.filterwarnings("ignore")
from mlflow.utils.validation import _validate_alias_name, _validate_alias_name_reserved, _validate_model_name

def refusal(check, value):
    try:
        check(value)
        return None
    except Exception as error:
        return getattr(error, "message", str(error))

def alias(value):
    _validate_alias_name(value)
    _validate_alias_name_reserved(value)

wanted = json.loads(sys.argv[1])
print(json.dumps({
    "aliases": [refusal(alias, a) for a in wanted["aliases"]],
    "names": [refusal(_validate_model_name, n) for n in wanted["names"]],
    "links": json.dumps(json.loads(wanted["links"]["existing"]) + [{"name": wanted["links"]["name"], "version": 3}]),
}))
`;

const ALIASES = ['champion', 'challenger_2', 'blue-green', 'Ünïcode', 'latest', 'LATEST', 'v1', 'V22', 'v1a', 'v', 'with space', 'a.b', 'a/b', '', 'x'.repeat(255), 'x'.repeat(256)];
const LINKS = { existing: '[{"name": "iris-model", "version": 2}]', name: 'modèle "quoted"' };
const NAMES = ['iris-model', 'with space', 'a/b', 'a:b', '   ', '..', './x', 'x/..', 'ok.name', "it's"];

describe('alias and model-name checks agree with mlflow', () => {
  let dir: string;
  let judged: { aliases: (string | null)[]; names: (string | null)[]; links: string };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlens-alias-'));
    const script = path.join(dir, 'judge.py');
    fs.writeFileSync(script, JUDGE);
    judged = await runPythonJson(script, [JSON.stringify({ aliases: ALIASES, names: NAMES, links: LINKS })], { PYTHONWARNINGS: 'ignore' }, dir);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('aliases: refused exactly when mlflow refuses them, with mlflow\'s message', () => {
    ALIASES.forEach((alias, i) => assert.equal(aliasProblem(alias) ?? null, judged.aliases[i], `alias ${JSON.stringify(alias.slice(0, 20))}`));
    assert.ok(judged.aliases.some((m) => m === null) && judged.aliases.some((m) => m !== null));
  });

  test('the logged model\'s mlflow.modelVersions tag grows as mlflow.register_model writes it', () => {
    assert.equal(appendModelVersionLink(LINKS.existing, LINKS.name, '3'), judged.links);
    assert.equal(appendModelVersionLink(undefined, 'm', '1'), '[{"name": "m", "version": 1}]');
  });

  test('registered model names: refused exactly when mlflow refuses them', () => {
    NAMES.forEach((name, i) => assert.equal(refused(modelNameProblem(name)), refused(judged.names[i]), `name ${JSON.stringify(name)}`));
  });
});

/** Refused or not; the wording of the missing-name message differs only by its quoting. */
function refused(message: string | null | undefined): boolean {
  return message !== null && message !== undefined;
}

describe('registry tag checks', () => {
  test('model tags may have an empty value; keys follow mlflow\'s characters', () => {
    assert.equal(registryTagProblem('team', ''), undefined);
    assert.equal(registryTagProblem('review/status', 'ok', '1'), undefined);
    assert.match(registryTagProblem('bad$key', 'v') ?? '', /Names may only contain/u);
    assert.match(registryTagProblem('../up', 'v', '1') ?? '', /resolve/u);
    assert.match(registryTagProblem('k'.repeat(251), 'v') ?? '', /250/u);
  });
});

describe('model URIs and labels', () => {
  test('URIs parse back to the version and alias they name', () => {
    assert.deepEqual(parseModelsUri(versionUri('iris-model', '2')).target, { kind: 'version', name: 'iris-model', version: '2' });
    assert.deepEqual(parseModelsUri(aliasUri('iris-model', 'champion')).target, { kind: 'alias', name: 'iris-model', alias: 'champion' });
  });

  test('copy choices: one per alias, then the version URI', () => {
    assert.deepEqual(uriChoices('m', '3', ['a', 'b']), [
      { uri: 'models:/m@a', form: 'alias' },
      { uri: 'models:/m@b', form: 'alias' },
      { uri: 'models:/m/3', form: 'version' },
    ]);
    assert.deepEqual(uriChoices('m', '3', []), [{ uri: 'models:/m/3', form: 'version' }]);
  });

  test('version rows: context value by stage, description with stage and aliases', () => {
    assert.equal(versionContextValue('Production'), 'modelVersion.production');
    assert.equal(versionContextValue(''), 'modelVersion.none');
    assert.equal(versionDescription('Production', ['champion', 'prod']), 'Production · @champion @prod');
    assert.equal(versionDescription('None', ['champion']), '@champion');
    assert.equal(versionDescription('None', []), '');
  });

  test('aliases of a version and the model row description', () => {
    const model = {
      name: 'm', tags: [], aliases: [{ alias: 'prod', version: '1' }, { alias: 'champion', version: '1' }, { alias: 'next', version: '2' }],
      latestVersions: [{ version: '2' }, { version: '1' }],
    } as unknown as RegisteredModel;
    assert.deepEqual(aliasesOf(model.aliases, '1'), ['champion', 'prod']);
    assert.equal(modelDescription(model), 'v2 · @champion→1 · @next→2 · @prod→1');
    assert.equal(modelDescription({ ...model, aliases: [], latestVersions: [] }), 'no versions');
  });

  test('versions sort numerically, newest first; name filters quote names holding quotes', () => {
    const sorted = newestVersionsFirst([{ version: '2' }, { version: '10' }, { version: '1' }] as never);
    assert.deepEqual(sorted.map((v) => v.version), ['10', '2', '1']);
    assert.equal(versionsFilter('iris'), "name = 'iris'");
    assert.equal(versionsFilter("it's"), 'name = "it\'s"');
  });
});
