// The run commands' pure rules, held against the real mlflow: its tag-key validation, the width of
// its runs.name column, its tag limits and system tag names, its statuses and the run URL it prints.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { RUN_STATUSES, type Run, type RunStatus } from '../../src/shared/entities.ts';
import {
  closeRunProblem, NOTE_TAG, RUN_NAME_MAX_LENGTH, RUN_NAME_TAG, runNameProblem,
  TAG_VALUE_MAX_LENGTH, tagKeyProblem, tagValueProblem,
} from '../../src/store/runValidation.ts';
import { mlflowUiRunUrl, runsLabel } from '../../src/vscode/runs/runCommandText.ts';
import type { RunNode } from '../../src/vscode/treeNodes.ts';
import { runPythonJson } from '../support/python.ts';

const CANDIDATE_KEYS = [
  'team', 'review/status', 'a:b', 'a b', 'tag-1.2_x', 'é', '中文', '²', 'Ⅻ', 'a..b', 'mlflow.note.content', 'mlflow.custom',
  '', '.', '..x', './a', 'a/../b', 'x/..', '/a', 'a/', 'a//b', 'a$b', 'a\tb', 'a\nb', 'a\u200bb', '·', 'k'.repeat(250), 'k'.repeat(251),
];
const SERVER_URLS = ['http://127.0.0.1:5000', 'http://host:8080/prefix/', 'https://mlflow.example.com/'];

interface MlflowFacts {
  /** Per candidate key: null when mlflow accepts it as a run tag key, else mlflow's message. */
  keys: (string | null)[];
  runNameColumnLength: number;
  tagValueMaxLength: number;
  noteTag: string;
  runNameTag: string;
  statuses: string[];
  /** The run URL mlflow prints for a run on each server (experiment 7, run abc123). */
  runUrls: Record<string, string>;
}

// Asks mlflow itself; nothing below is copied from our own answers.
const FACTS_SCRIPT = String.raw`
import contextlib, io, json, sys
from types import SimpleNamespace
from mlflow.entities import RunStatus
from mlflow.store.tracking.dbmodels.models import SqlRun
from mlflow.tracking._tracking_service.client import TrackingServiceClient
from mlflow.utils import mlflow_tags
from mlflow.utils.validation import MAX_TAG_VAL_LENGTH, _validate_tag

keys, servers = json.loads(sys.argv[1]), json.loads(sys.argv[2])

def key_verdict(key):
    try:
        _validate_tag(key, "v")
        return None
    except Exception as error:
        return error.message

def printed_run_url(server):
    client = TrackingServiceClient(server)
    client.store.get_run = lambda run_id: SimpleNamespace(info=SimpleNamespace(experiment_id="7", run_name="n"), data=SimpleNamespace(tags={}))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        client._log_url("abc123")
    line = next(l for l in out.getvalue().splitlines() if "View run" in l)
    return line.split(" at: ", 1)[1].strip()

print(json.dumps({
    "keys": [key_verdict(k) for k in keys],
    "runNameColumnLength": SqlRun.__table__.c.name.type.length,
    "tagValueMaxLength": MAX_TAG_VAL_LENGTH,
    "noteTag": mlflow_tags.MLFLOW_RUN_NOTE,
    "runNameTag": mlflow_tags.MLFLOW_RUN_NAME,
    "statuses": [RunStatus.to_string(s) for s in RunStatus.all_status()],
    "runUrls": {s: printed_run_url(s) for s in servers},
}))
`;

let mlflow: MlflowFacts;

before(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-run-rules-'));
  const script = path.join(dir, 'facts.py');
  writeFileSync(script, FACTS_SCRIPT);
  mlflow = await runPythonJson<MlflowFacts>(script, [JSON.stringify(CANDIDATE_KEYS), JSON.stringify(SERVER_URLS)], { PYTHONWARNINGS: 'ignore' }, dir);
});

function runNode(runId: string, lifecycleStage: 'active' | 'deleted' = 'active', runName = runId): RunNode {
  const run: Run = {
    info: { runId, runName, experimentId: '1', userId: 'u', status: 'FINISHED', startTime: 0, artifactUri: '', lifecycleStage },
    data: { metrics: [], params: [], tags: [] },
    inputs: { datasetInputs: [], modelInputs: [] },
    outputs: { modelOutputs: [] },
  };
  return { kind: 'run', run, childRuns: [] };
}

describe('tag keys', () => {
  test('are accepted and refused exactly as mlflow does, with its message', () => {
    CANDIDATE_KEYS.forEach((key, i) => {
      assert.equal(tagKeyProblem(key) ?? null, mlflow.keys[i], `key ${JSON.stringify(key.slice(0, 20))}`);
    });
  });

  test('system keys (mlflow.*) are allowed, as mlflow allows them', () => {
    assert.equal(mlflow.keys[CANDIDATE_KEYS.indexOf('mlflow.custom')], null);
    assert.equal(tagKeyProblem('mlflow.custom'), undefined);
  });

  test('a combining mark is refused like mlflow (Python \\w has no marks)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'runlens-run-rules-'));
    const script = path.join(dir, 'mark.py');
    writeFileSync(script, 'import json\nfrom mlflow.utils.validation import _validate_tag\ntry:\n    _validate_tag("e\\u0301", "v"); print(json.dumps(True))\nexcept Exception:\n    print(json.dumps(False))\n');
    const accepted = await runPythonJson<boolean>(script, [], { PYTHONWARNINGS: 'ignore' });
    assert.equal(tagKeyProblem('e\u0301') === undefined, accepted);
  });
});

describe('tag values and notes', () => {
  test('the limit is mlflow\'s tag value limit; longer values are refused, not cut', () => {
    assert.equal(TAG_VALUE_MAX_LENGTH, mlflow.tagValueMaxLength);
    assert.equal(tagValueProblem('x'.repeat(mlflow.tagValueMaxLength)), undefined);
    assert.match(tagValueProblem('x'.repeat(mlflow.tagValueMaxLength + 1)) ?? '', new RegExp(`at most ${mlflow.tagValueMaxLength}`, 'u'));
    assert.match(tagValueProblem('x'.repeat(mlflow.tagValueMaxLength + 1), 'A note') ?? '', /^A note/u);
  });

  test('an empty value is allowed (clearing a note)', () => {
    assert.equal(tagValueProblem(''), undefined);
  });

  test('the note and run-name tags are mlflow\'s', () => {
    assert.equal(NOTE_TAG, mlflow.noteTag);
    assert.equal(RUN_NAME_TAG, mlflow.runNameTag);
  });
});

describe('run names', () => {
  test('fit mlflow\'s runs.name column', () => {
    assert.equal(RUN_NAME_MAX_LENGTH, mlflow.runNameColumnLength);
    assert.equal(runNameProblem('n'.repeat(mlflow.runNameColumnLength)), undefined);
    assert.match(runNameProblem('n'.repeat(mlflow.runNameColumnLength + 1)) ?? '', /at most/u);
  });

  test('cannot be empty or blank (mlflow would ignore the rename)', () => {
    assert.ok(runNameProblem(''));
    assert.ok(runNameProblem('   '));
    assert.equal(runNameProblem('bold-owl-217'), undefined);
    assert.equal(runNameProblem('名前 with spaces/and:slashes'), undefined);
  });
});

describe('closing a stale run', () => {
  test('only a RUNNING run can be marked KILLED or FAILED; every other status says why', () => {
    assert.deepEqual([...RUN_STATUSES].sort(), [...mlflow.statuses].sort());
    for (const status of mlflow.statuses as RunStatus[]) {
      for (const target of ['KILLED', 'FAILED'] as const) {
        const problem = closeRunProblem('r1', status, target);
        if (status === 'RUNNING') assert.equal(problem, undefined);
        else assert.match(problem ?? '', new RegExp(`r1 is ${status}, not RUNNING.*${target}`, 'u'));
      }
    }
  });
});

describe('MLflow UI link', () => {
  test('is the run URL mlflow itself prints for a tracking server', () => {
    for (const server of SERVER_URLS) assert.equal(mlflowUiRunUrl(server, '7', 'abc123'), mlflow.runUrls[server], server);
  });

  test('drops a query or fragment of the server URL and refuses non-http URLs', () => {
    assert.equal(mlflowUiRunUrl('http://h:5000/p/?x=1#frag', '1', 'r'), 'http://h:5000/p/#/experiments/1/runs/r');
    assert.throws(() => mlflowUiRunUrl('file:///tmp/mlruns', '1', 'r'));
  });
});

describe('runsLabel', () => {
  const [a, b] = [runNode('a'), runNode('b')];

  test('labels name one run, count several', () => {
    assert.equal(runsLabel([runNode('id1', 'active', 'bold-owl')]), "run 'bold-owl'");
    assert.equal(runsLabel([runNode('id1', 'active', '')]), "run 'id1'");
    assert.equal(runsLabel([a, b]), '2 runs');
  });
});
