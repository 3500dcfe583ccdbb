// The @runlens chat participant in real VS Code (code-server) where no language model is
// installed, which is the case here: vscode.lm.selectChatModels() answers []. The chat view cannot
// run it here (code-server 4.117: `workbench.action.chat.open` with `@runlens …` resolves but never
// calls an extension participant without a model), so the handler, from the extension's API, is
// called with a recording response stream and a real cancellation token. The best run it names is
// the one mlflow's own search_runs orders first (fixture.py prints that order).
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import * as vscode from 'vscode';
import type { ChartsPanelHandle } from '../../src/vscode/charts/chartsPanel.ts';
import type { ComparePanelHandle } from '../../src/vscode/compare/comparePanel.ts';
import { fixtureFacts, runLens, waitFor } from './support/extension.ts';

/** Everything the participant streamed, in order. */
class RecordingStream implements vscode.ChatResponseStream {
  readonly markdownParts: string[] = [];
  readonly buttons: vscode.Command[] = [];
  readonly progressMessages: string[] = [];
  get text(): string {
    return this.markdownParts.join('');
  }
  markdown(value: string | vscode.MarkdownString): void {
    this.markdownParts.push(typeof value === 'string' ? value : value.value);
  }
  button(command: vscode.Command): void {
    this.buttons.push(command);
  }
  progress(value: string): void {
    this.progressMessages.push(value);
  }
  anchor(): void {
    throw new Error('not expected: anchor');
  }
  filetree(): void {
    throw new Error('not expected: filetree');
  }
  reference(): void {
    throw new Error('not expected: reference');
  }
  push(): void {
    throw new Error('not expected: push');
  }
}

/** A request as the chat view makes one, minus the model (none is available here) unless given. */
function request(prompt: string, command?: string, model?: vscode.LanguageModelChat): vscode.ChatRequest {
  return { prompt, command, references: [], toolReferences: [], toolInvocationToken: undefined, model } as unknown as vscode.ChatRequest;
}

async function ask(prompt: string, options: { command?: string; cancelled?: boolean; model?: vscode.LanguageModelChat } = {}): Promise<{ stream: RecordingStream; result: vscode.ChatResult | null | void | undefined }> {
  const api = await runLens();
  const stream = new RecordingStream();
  const source = new vscode.CancellationTokenSource();
  if (options.cancelled) source.cancel();
  try {
    const result = await api.chatHandler(request(prompt, options.command, options.model), { history: [] }, stream, source.token);
    return { stream, result };
  } finally {
    source.dispose();
  }
}

/** The rows of the first markdown table in `text`, as cells. */
function tableRows(text: string): string[][] {
  return text.split('\n').filter((line) => line.startsWith('| ')).slice(2).map((line) => line.slice(2, -2).split(' | '));
}

const FALLBACK = ['runlens.openRunsTable', 'runlens.filterRuns', 'runlens.compareRuns', 'runlens.showCharts', 'runlens.showParameterImportance'];

suite('@runlens chat participant without a language model', function () {
  this.timeout(60_000);

  test('there is no language model in this VS Code (the premise of this suite)', async () => {
    assert.deepEqual(await vscode.lm.selectChatModels(), []);
  });

  test('"which run is best by accuracy": says no model is available, answers with the run mlflow ranks first, offers the commands', async () => {
    const facts = fixtureFacts();
    const { stream, result } = await ask('which run is best by accuracy?');
    assert.match(stream.text, /^No language model is available in this editor/u);
    const rows = tableRows(stream.text);
    const idOf = (row: string[]) => row[1].replace(/`/gu, '');
    assert.deepEqual(rows.map(idOf), facts.bestByAccuracy.map((id) => id.slice(0, 8)), 'the rows in the order mlflow search_runs gives');
    const runsById = new Map(Object.values(facts.experiments).flatMap((e) => Object.values(e.runs).map((r) => [r.runId, r] as const)));
    const best = runsById.get(facts.bestByAccuracy[0]);
    const bestName = Object.values(facts.experiments).flatMap((e) => Object.entries(e.runs)).find(([, r]) => r.runId === best?.runId)?.[0];
    assert.equal(rows[0][0], bestName);
    assert.equal(Number(rows[0][2]), best?.metrics.accuracy);
    assert.deepEqual((result as vscode.ChatResult).metadata?.runIds, facts.bestByAccuracy);

    const commands = stream.buttons.map((b) => b.command);
    assert.deepEqual(commands.slice(-FALLBACK.length), FALLBACK, 'the commands are offered');
    const registered = await vscode.commands.getCommands(true);
    for (const command of commands) assert.ok(registered.includes(command), `${command} is a real command`);
    assert.deepEqual(commands.slice(0, 3), ['runlens.compareRuns', 'runlens.showCharts', 'vscode.open']);
    assert.match(stream.buttons[2].title, new RegExp(`Show ${bestName} in Experiments`, 'u'));
  });

  test('the answer\'s buttons open the real views on the runs the tool returned', async () => {
    const facts = fixtureFacts();
    const { stream } = await ask('which run is best by accuracy');
    const [compare, charts, reveal] = stream.buttons;
    const chartTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('runlens.charts'));
    const compared = await vscode.commands.executeCommand<ComparePanelHandle>(compare.command, ...(compare.arguments ?? []));
    assert.equal(compared?.panel.viewType, 'runlens.compare');
    assert.deepEqual(compared?.runIds, facts.bestByAccuracy);
    const charted = await vscode.commands.executeCommand<ChartsPanelHandle>(charts.command, ...(charts.arguments ?? []));
    assert.equal(charted?.panel.viewType, 'runlens.charts');
    assert.deepEqual(charted?.runIds, facts.bestByAccuracy);
    compared?.panel.dispose();
    charted?.panel.dispose();
    assert.ok(await waitFor(() => chartTabs().length === 0), 'no charts open before the link');
    // The run link goes to RunLens's URI handler, which reveals the run and opens its charts.
    const link = reveal.arguments?.[0] as vscode.Uri;
    assert.equal(new URLSearchParams(link.query).get('id'), facts.bestByAccuracy[0]);
    await vscode.commands.executeCommand(reveal.command, ...(reveal.arguments ?? []));
    assert.ok(await waitFor(() => chartTabs().length > 0, 15_000), 'the run link opened the run\'s charts');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('/best takes the metric as its argument', async () => {
    const { stream } = await ask('accuracy', { command: 'best' });
    assert.deepEqual(tableRows(stream.text).map((row) => row[1].replace(/`/gu, '')), fixtureFacts().bestByAccuracy.map((id) => id.slice(0, 8)));
  });

  test('a question it cannot route: no guess, only the commands', async () => {
    const { stream } = await ask('promote the best model to Staging');
    assert.match(stream.text, /^No language model is available/u);
    assert.deepEqual(tableRows(stream.text), []);
    assert.deepEqual(stream.buttons.map((b) => b.command), FALLBACK);
    const unknownMetric = await ask('best run by no_such_metric');
    assert.match(unknownMetric.stream.text, /No run logged the metric `no_such_metric`/u);
  });

  test('a cancelled request stops before searching', async () => {
    const { stream, result } = await ask('which run is best by accuracy', { cancelled: true });
    assert.deepEqual(tableRows(stream.text), []);
    assert.deepEqual(stream.buttons, []);
    assert.deepEqual(result, {});
  });
});

/** Stands in for the model the user picked: replays parts with VS Code's own part classes and records the messages. */
class ScriptedChatModel {
  readonly requests: vscode.LanguageModelChatMessage[][] = [];
  readonly id = 'scripted';
  private readonly script: unknown[][];
  constructor(script: unknown[][]) {
    this.script = script;
  }
  sendRequest(messages: vscode.LanguageModelChatMessage[]): Promise<vscode.LanguageModelChatResponse> {
    this.requests.push(messages);
    const parts = this.script[this.requests.length - 1] ?? [];
    const stream = (async function* () {
      for (const part of parts) yield part;
    })();
    return Promise.resolve({ stream, text: (async function* () {})() } as vscode.LanguageModelChatResponse);
  }
}

suite('@runlens chat participant with the model the user picked (a scripted stand-in)', function () {
  this.timeout(60_000);

  test('the VS Code messages: instructions first, the tool call and its result (a failure, as text) in the next request, the answer streamed', async () => {
    const model = new ScriptedChatModel([
      [new vscode.LanguageModelTextPart('Looking. '), new vscode.LanguageModelToolCallPart('call-1', 'runlens_noSuchTool', { maxResults: 1 })],
      [new vscode.LanguageModelTextPart('The tool is missing.')],
    ]);
    const { stream, result } = await ask('which run is best by accuracy', { model: model as unknown as vscode.LanguageModelChat });
    assert.equal(stream.text, 'Looking. The tool is missing.');
    assert.equal(model.requests.length, 2);
    const [instructions] = model.requests[0];
    assert.equal(instructions.role, vscode.LanguageModelChatMessageRole.User);
    const intro = instructions.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(intro, /The store open in RunLens is a sqlite store at \.\/mlflow\.db\./u, 'the active store, relative to the workspace');
    const [, , assistant, results] = model.requests[1];
    assert.equal(assistant.role, vscode.LanguageModelChatMessageRole.Assistant);
    const call = assistant.content.find((p) => p instanceof vscode.LanguageModelToolCallPart);
    assert.deepEqual(call && { callId: call.callId, name: call.name, input: call.input }, { callId: 'call-1', name: 'runlens_noSuchTool', input: { maxResults: 1 } });
    const resultPart = results.content[0];
    assert.ok(resultPart instanceof vscode.LanguageModelToolResultPart);
    assert.equal(resultPart.callId, 'call-1');
    const resultText = resultPart.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
    assert.match(resultText, /^Failed: .*runlens_noSuchTool/u, 'vscode.lm.invokeTool refused an unknown tool; the model was told');
    assert.deepEqual(stream.buttons, [], 'no buttons: no tool returned a run');
    assert.equal((result as vscode.ChatResult).metadata?.toolRounds, 1);
  });
});
