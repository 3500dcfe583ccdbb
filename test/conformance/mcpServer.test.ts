// `runlens mcp` as agents meet it: the MCP SDK's own client starts `node src/cli.ts mcp` over
// stdio, lists the tools and calls them on stores the real mlflow wrote (SQLite, mlruns/) and
// through the real `mlflow server`. Answers are checked against mlflow's own (agent_store.py
// prints them) and against the same tool called in process, so the adapter adds nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { openStore, type OpenedStore } from '../../src/store/openStore.ts';
import type { AgentTool } from '../../src/tools/agentTool.ts';
import { runTool } from '../../src/tools/runTool.ts';
import { AGENT_TOOLS } from '../../src/tools/toolCatalog.ts';
import { RESULT_CHAR_LIMIT } from '../../src/tools/toolResult.ts';
import { startMlflowServer, type MlflowServer } from '../support/mlflowServer.ts';
import { repoRoot, runPythonJson } from '../support/python.ts';

interface Written {
  ids: Record<string, string>;
  bestByValAccuracy: string[];
  histories: Record<string, Record<string, number[]>>;
}

interface Connection {
  client: Client;
  pid: number;
  /** What the server said on stderr so far. */
  stderr(): string;
}

const cli = path.join(repoRoot, 'src', 'cli.ts');
const readTools = AGENT_TOOLS.filter((tool) => !tool.acts);

/** The environment without a tracking URI of the developer's own. */
function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  delete env.MLFLOW_TRACKING_URI;
  return { ...env, ...extra };
}

async function connect(args: string[], cwd: string): Promise<Connection> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--disable-warning=ExperimentalWarning', cli, 'mcp', ...args],
    cwd,
    env: childEnv(),
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'runlens-mcp-test', version: '1.0.0' });
  await client.connect(transport);
  assert.ok(transport.pid, 'the server process started');
  return { client, pid: transport.pid, stderr: () => stderr };
}

interface CallAnswer {
  isError: boolean;
  text: string;
}

async function callTool(connection: Connection, name: string, args: Record<string, unknown>): Promise<CallAnswer> {
  const result = await connection.client.callTool({ name, arguments: args });
  const content = result.content as { type: string; text: string }[];
  assert.equal(content.length, 1);
  assert.equal(content[0].type, 'text');
  assert.ok(content[0].text.length <= RESULT_CHAR_LIMIT, `${name}: answer within ${RESULT_CHAR_LIMIT} characters`);
  return { isError: result.isError === true, text: content[0].text };
}

/** The JSON after the summary line(s) of a tool's text. */
function dataOf(text: string): Record<string, unknown> {
  return JSON.parse(text.slice(text.indexOf('\n{') + 1)) as Record<string, unknown>;
}

// A value for each required field a read tool may have, from the store mlflow wrote. A new tool
// whose required field is not here fails the test until one is added: every tool gets called.
const SAMPLES: Record<string, (written: Written) => unknown> = {
  runId: (w) => w.bestByValAccuracy[0],
  runIds: (w) => w.bestByValAccuracy.slice(0, 3),
  experiment: () => 'agent-sweep',
  experiments: () => ['agent-sweep'],
  experimentName: () => 'agent-sweep',
  metric: () => 'val_accuracy',
  metrics: () => ['val_accuracy'],
  keys: () => ['val_accuracy', 'loss'],
  metricKeys: () => ['val_accuracy', 'loss'],
  path: () => 'config.json',
  name: () => 'agent-model',
};

function sampleInput(tool: AgentTool<never>, written: Written): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of tool.inputSchema.required ?? []) {
    const sample = SAMPLES[field];
    assert.ok(sample, `no sample value for ${tool.name}'s required field '${field}': add one to SAMPLES`);
    input[field] = sample(written);
  }
  return input;
}

/** Every read tool answers over MCP exactly what it answers in process on the same store. */
async function callEveryReadTool(connection: Connection, store: OpenedStore, cwd: string, written: Written): Promise<void> {
  const context = { store, workspaceRoot: cwd, user: 'tester', writesRefused: 'test' };
  for (const tool of readTools) {
    const input = sampleInput(tool, written);
    const overMcp = await callTool(connection, tool.name, input);
    const inProcess = await runTool(tool, input, context);
    assert.equal(overMcp.isError, false, `${tool.name}: ${overMcp.text}`);
    assert.equal(overMcp.text, inProcess.text, `${tool.name} answers over MCP as in process`);
  }
}

/** The questions whose answers mlflow printed: the best run first, its latest val_accuracy. */
async function answersMatchMlflow(connection: Connection, written: Written): Promise<void> {
  const search = await callTool(connection, 'runlens_searchRuns', { experiments: ['agent-sweep'], orderBy: ['metrics.val_accuracy DESC'], maxResults: 3 });
  assert.equal(search.isError, false, search.text);
  assert.deepEqual((dataOf(search.text).runs as { id: string }[]).map((r) => r.id), written.bestByValAccuracy.slice(0, 3));
  const best = written.bestByValAccuracy[0];
  const name = Object.entries(written.ids).find(([, id]) => id === best)![0];
  const run = await callTool(connection, 'runlens_getRun', { runId: best });
  assert.equal(run.isError, false, run.text);
  const metrics = (dataOf(run.text).metrics as { items: { key: string; value: number }[] }).items;
  assert.equal(metrics.find((m) => m.key === 'val_accuracy')?.value, written.histories[name].val_accuracy.at(-1));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForExit(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** stderr once it says `pattern` (its last bytes may arrive just after the process ended). */
async function stderrSaying(connection: Connection, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 40 && !pattern.test(connection.stderr()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return connection.stderr();
}

async function userTags(store: OpenedStore, runId: string): Promise<Record<string, string>> {
  const run = await store.tracking.getRun(runId);
  return Object.fromEntries(run.data.tags.filter((t) => !t.key.startsWith('mlflow.')).map((t) => [t.key, t.value]));
}

describe('runlens mcp over stdio, driven by the MCP SDK client', { timeout: 600_000 }, () => {
  let sqliteDir: string;
  let mlrunsDir: string;
  let sqliteWritten: Written;
  let mlrunsWritten: Written;
  let sqliteStore: OpenedStore;
  let mlrunsStore: OpenedStore;
  const script = path.join(repoRoot, 'test', 'support', 'py', 'agent_store.py');

  before(async () => {
    sqliteDir = mkdtempSync(path.join(os.tmpdir(), 'runlens-mcp-sqlite-'));
    mlrunsDir = mkdtempSync(path.join(os.tmpdir(), 'runlens-mcp-mlruns-'));
    [sqliteWritten, mlrunsWritten] = await Promise.all([
      runPythonJson<Written>(script, [sqliteDir], {}, sqliteDir),
      runPythonJson<Written>(script, [mlrunsDir, 'mlruns'], {}, mlrunsDir),
    ]);
    sqliteStore = await openStore(path.join(sqliteDir, 'mlflow.db'), sqliteDir);
    mlrunsStore = await openStore(path.join(mlrunsDir, 'mlruns'), mlrunsDir);
  });

  after(() => {
    sqliteStore?.close();
    mlrunsStore?.close();
    for (const dir of [sqliteDir, mlrunsDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('tools/list: every catalog tool with its own schema, description and read-only hint', async () => {
    const connection = await connect(['--tracking-uri', `sqlite:///${path.join(sqliteDir, 'mlflow.db')}`], sqliteDir);
    try {
      const { tools } = await connection.client.listTools();
      assert.deepEqual(tools.map((t) => t.name), AGENT_TOOLS.map((t) => t.name));
      for (const tool of AGENT_TOOLS) {
        const listed = tools.find((t) => t.name === tool.name)!;
        assert.deepEqual(listed.inputSchema, tool.inputSchema, `${tool.name}: the catalog's schema as it is`);
        assert.equal(listed.description, tool.modelDescription);
        assert.equal(listed.title, tool.displayName);
        assert.equal(listed.annotations?.readOnlyHint, !tool.acts, `${tool.name}: readOnlyHint`);
        if (tool.acts) assert.equal(listed.annotations?.destructiveHint, false, `${tool.name}: destructiveHint`);
      }
      assert.match(connection.client.getInstructions() ?? '', /refused: runlens mcp was started without --allow-writes/u);
    } finally {
      await connection.client.close();
    }
  });

  test('SQLite: every read tool answers, and the answers are mlflow\'s', async () => {
    const connection = await connect(['--tracking-uri', `sqlite:///${path.join(sqliteDir, 'mlflow.db')}`], sqliteDir);
    try {
      await answersMatchMlflow(connection, sqliteWritten);
      await callEveryReadTool(connection, sqliteStore, sqliteDir, sqliteWritten);
    } finally {
      await connection.client.close();
    }
  });

  test('mlruns/: every read tool answers, and the answers are mlflow\'s', async () => {
    // The default store: mlruns/ in the working folder, as mlflow finds it.
    const connection = await connect([], mlrunsDir);
    try {
      assert.match(await stderrSaying(connection, /mlruns store/u), /mlruns store/u);
      await answersMatchMlflow(connection, mlrunsWritten);
      await callEveryReadTool(connection, mlrunsStore, mlrunsDir, mlrunsWritten);
    } finally {
      await connection.client.close();
    }
  });

  test('a remote mlflow server: every read tool answers through --tracking-uri http://…', async () => {
    let server: MlflowServer | undefined;
    let remote: OpenedStore | undefined;
    try {
      server = await startMlflowServer({ backendStoreUri: `sqlite:///${path.join(sqliteDir, 'mlflow.db')}`, artifactsDestination: path.join(sqliteDir, 'mlartifacts'), cwd: sqliteDir });
      remote = await openStore(server.url, sqliteDir);
      const connection = await connect(['--tracking-uri', server.url], sqliteDir);
      try {
        assert.match(await stderrSaying(connection, /remote store/u), /remote store/u);
        await answersMatchMlflow(connection, sqliteWritten);
        await callEveryReadTool(connection, remote, sqliteDir, sqliteWritten);
        const refused = await callTool(connection, 'runlens_setTag', { runId: sqliteWritten.bestByValAccuracy[0], key: 'reviewed', value: 'yes' });
        assert.equal(refused.isError, true);
        assert.match(refused.text, /without --allow-writes/u);
      } finally {
        await connection.client.close();
      }
    } finally {
      remote?.close();
      await server?.stop();
    }
  });

  test('writes: refused without --allow-writes; with it exactly the tag asked for is set; mlruns/ stays read-only', async () => {
    const runId = sqliteWritten.bestByValAccuracy[1];
    const before = await userTags(sqliteStore, runId);
    const sqliteUri = `sqlite:///${path.join(sqliteDir, 'mlflow.db')}`;
    const readOnly = await connect(['--backend-store-uri', sqliteUri], sqliteDir);
    try {
      const refused = await callTool(readOnly, 'runlens_setTag', { runId, key: 'reviewed', value: 'yes' });
      assert.equal(refused.isError, true);
      assert.equal(refused.text, `Refused: ${AGENT_TOOLS.find((t) => t.name === 'runlens_setTag')?.displayName} changes the store, and runlens mcp was started without --allow-writes.`);
    } finally {
      await readOnly.client.close();
    }
    assert.deepEqual(await userTags(sqliteStore, runId), before, 'nothing changed');

    const writable = await connect(['--tracking-uri', sqliteUri, '--allow-writes'], sqliteDir);
    try {
      assert.match(await stderrSaying(writable, /writes allowed/u), /writes allowed/u);
      const set = await callTool(writable, 'runlens_setTag', { runId, key: 'reviewed', value: 'yes' });
      assert.equal(set.isError, false, set.text);
    } finally {
      await writable.client.close();
    }
    assert.deepEqual(await userTags(sqliteStore, runId), { ...before, reviewed: 'yes' });

    const mlruns = await connect(['--tracking-uri', path.join(mlrunsDir, 'mlruns'), '--allow-writes'], mlrunsDir);
    try {
      const mlrunsRun = mlrunsWritten.bestByValAccuracy[0];
      const refused = await callTool(mlruns, 'runlens_setTag', { runId: mlrunsRun, key: 'reviewed', value: 'yes' });
      assert.equal(refused.isError, true);
      assert.match(refused.text, /mlruns folders are read-only in RunLens/u);
      assert.equal((await userTags(mlrunsStore, mlrunsRun)).reviewed, undefined);
    } finally {
      await mlruns.client.close();
    }
  });

  test('errors: an unknown tool and bad input are tool errors that name what was wrong', async () => {
    const connection = await connect(['--tracking-uri', `sqlite:///${path.join(sqliteDir, 'mlflow.db')}`], sqliteDir);
    try {
      const unknown = await callTool(connection, 'runlens_frobnicate', {});
      assert.equal(unknown.isError, true);
      assert.match(unknown.text, /Unknown tool 'runlens_frobnicate'.*runlens_searchRuns/u);
      const wrongType = await callTool(connection, 'runlens_getRun', { runId: 42 });
      assert.equal(wrongType.isError, true);
      assert.match(wrongType.text, /^Invalid input: runId: expected a string/u);
      const misspelt = await callTool(connection, 'runlens_searchRuns', { maxResult: 3 });
      assert.equal(misspelt.isError, true);
      assert.match(misspelt.text, /maxResult: unknown field/u);
      const missingRun = await callTool(connection, 'runlens_getRun', { runId: '0'.repeat(32) });
      assert.equal(missingRun.isError, true);
      assert.match(missingRun.text, /RESOURCE_DOES_NOT_EXIST/u);
      // The server is still there after errors.
      assert.equal((await callTool(connection, 'runlens_searchRuns', { maxResults: 1 })).isError, false);
    } finally {
      await connection.client.close();
    }
  });

  test('the server closes its store and exits when the client closes, and on SIGTERM', async () => {
    const uri = `sqlite:///${path.join(sqliteDir, 'mlflow.db')}`;
    const closedByClient = await connect(['--tracking-uri', uri], sqliteDir);
    await closedByClient.client.listTools();
    await closedByClient.client.close();
    assert.ok(await waitForExit(closedByClient.pid), 'the process ended');
    // The SDK's client sends SIGTERM when the server has not left 2 s after stdin's end: the line
    // would then say SIGTERM.
    const closedLine = /stdin ended \(the client closed the connection\); store closed/u;
    assert.match(await stderrSaying(closedByClient, closedLine), closedLine);

    const terminated = await connect(['--tracking-uri', uri], sqliteDir);
    await terminated.client.listTools();
    process.kill(terminated.pid, 'SIGTERM');
    assert.ok(await waitForExit(terminated.pid), 'the process ended on SIGTERM');
    assert.match(await stderrSaying(terminated, /SIGTERM; store closed/u), /SIGTERM; store closed/u);
    await terminated.client.close();
  });
});
