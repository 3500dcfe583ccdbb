// The MCP server definition RunLens offers VS Code's agents, in a real VS Code: one stdio server for
// the workspace's store, read-only unless the setting allows writes; and the offered command line
// really runs — the MCP SDK's client starts it from this extension host and calls a tool.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import { fixtureFacts, runLens } from './support/extension.ts';

/** The extension host's environment with the definition's on top, as VS Code starts the server. */
function serverEnv(definition: vscode.McpStdioServerDefinition): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  for (const [key, value] of Object.entries(definition.env)) {
    if (value === null) delete env[key];
    else env[key] = String(value);
  }
  return env;
}

async function onlyDefinition(): Promise<vscode.McpStdioServerDefinition> {
  const definitions = await (await runLens()).mcpServers.definitions();
  assert.equal(definitions.length, 1, 'one server: the workspace store');
  return definitions[0];
}

suite('MCP server definition', () => {
  test('offers runlens mcp for the workspace store, read-only by default, run by the extension host\'s own Node', async () => {
    const api = await runLens();
    const store = api.session.store;
    assert.ok(store, 'the fixture store is connected');
    const definition = await onlyDefinition();
    assert.equal(definition.label, 'RunLens');
    assert.equal(definition.command, process.execPath);
    assert.match(definition.args[0], /[\\/]dist[\\/]cli\.js$/u);
    assert.deepEqual(definition.args.slice(1), ['mcp', '--tracking-uri', `sqlite:///${store.location}`]);
    assert.equal(definition.env.ELECTRON_RUN_AS_NODE, process.versions.electron ? '1' : undefined);
    assert.equal(definition.cwd?.fsPath, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
  });

  test('the offered command starts a server the MCP client can list and call', async function () {
    this.timeout(60_000);
    const api = await runLens();
    const definition = await api.mcpServers.resolve(await onlyDefinition());
    const transport = new StdioClientTransport({ command: definition.command, args: definition.args, env: serverEnv(definition), cwd: definition.cwd?.fsPath, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'runlens-vscode-test', version: '1.0.0' });
    try {
      await client.connect(transport);
      const { tools } = await client.listTools();
      const names = tools.map((t) => t.name);
      assert.ok(names.includes('runlens_searchRuns') && names.includes('runlens_getRun'), `tools: ${names.join(', ')}`);
      // A run mlflow wrote into the fixture, read back through the spawned server (SQLite in its worker).
      const facts = fixtureFacts();
      const run = Object.values(facts.experiments).flatMap((e) => Object.values(e.runs)).find((r) => r.runId === facts.modelRunId);
      assert.ok(run, 'the fixture names its model run');
      const result = await client.callTool({ name: 'runlens_getRun', arguments: { runId: facts.modelRunId } });
      const text = (result.content as { text: string }[])[0].text;
      assert.notEqual(result.isError, true, text);
      const data = JSON.parse(text.slice(text.indexOf('\n{') + 1)) as { params: { items: { key: string; value: string }[] } };
      const params = Object.fromEntries(data.params.items.map((p) => [p.key, p.value]));
      for (const [key, value] of Object.entries(run.params)) assert.equal(params[key], value, `param ${key}`);
      const refused = await client.callTool({ name: 'runlens_setTag', arguments: { runId: facts.modelRunId, key: 'reviewed', value: 'yes' } });
      assert.equal(refused.isError, true, 'read-only by default');
    } catch (error) {
      throw new Error(`${(error as Error).message}\nserver stderr:\n${stderr}`);
    } finally {
      await client.close();
    }
  });

  test('runlens.agents.mcpAllowWrites (trusted workspace) adds --allow-writes and announces the change', async function () {
    this.timeout(30_000);
    const api = await runLens();
    const config = vscode.workspace.getConfiguration('runlens');
    const before = await onlyDefinition();
    const changed = new Promise<void>((resolve) => {
      const listener = api.mcpServers.onDidChange(() => {
        listener.dispose();
        resolve();
      });
    });
    await config.update('agents.mcpAllowWrites', true, vscode.ConfigurationTarget.Workspace);
    try {
      await changed;
      assert.equal(vscode.workspace.isTrusted, true);
      const after = await onlyDefinition();
      assert.deepEqual(after.args.slice(1), [...before.args.slice(1), '--allow-writes']);
      assert.notEqual(after.version, before.version, 'a new version: VS Code offers to refresh the tools');
    } finally {
      await config.update('agents.mcpAllowWrites', undefined, vscode.ConfigurationTarget.Workspace);
    }
    assert.deepEqual((await onlyDefinition()).args, before.args);
  });
});
