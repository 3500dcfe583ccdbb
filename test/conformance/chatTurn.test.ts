// The @runlens chat turn (src/chat/chatTurn.ts) with a scripted stand-in for the language model
// and the real tools: runTool over a SQLite store the real mlflow wrote (test/support/py/agent_store.py).
// What is checked is the loop: the model's tool input reaches the tool, the tool's answer reaches
// the model's next request, the answer streams, and the run ids offered are those the tool returned.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ChatMessage, ChatModelLike, ChatPart, ChatToolInfo } from '../../src/chat/chatModel.ts';
import { MAX_TOOL_ROUNDS, runChatTurn, type ChatTurnOptions } from '../../src/chat/chatTurn.ts';
import { toolData } from '../../src/chat/toolMentions.ts';
import type { ToolContext } from '../../src/tools/agentTool.ts';
import { runTool } from '../../src/tools/runTool.ts';
import { AGENT_TOOLS, findTool } from '../../src/tools/toolCatalog.ts';
import { openAgentStore, type AgentStore, type Written } from '../support/agentToolChecks.ts';

/** Replays scripted responses, one per request, and records every request it was sent. */
class ScriptedModel implements ChatModelLike {
  readonly requests: { messages: ChatMessage[]; tools: string[] }[] = [];
  private readonly script: (request: number) => ChatPart[];
  constructor(script: ChatPart[][] | ((request: number) => ChatPart[])) {
    this.script = typeof script === 'function' ? script : (i) => script[i] ?? [{ kind: 'text', value: '(script ended)' }];
  }

  async sendRequest(messages: readonly ChatMessage[], tools: readonly ChatToolInfo[]) {
    this.requests.push({ messages: structuredClone([...messages]), tools: tools.map((t) => t.name) });
    const parts = this.script(this.requests.length - 1);
    return {
      stream: (async function* () {
        for (const part of parts) yield part;
      })(),
    };
  }
}

const call = (callId: string, name: string, input: Record<string, unknown>): ChatPart => ({ kind: 'toolCall', callId, name, input });
const text = (value: string): ChatPart => ({ kind: 'text', value });

describe('the @runlens chat turn, with a scripted model and the real tools', { timeout: 300_000 }, () => {
  let dir: string;
  let written: Written;
  let store: AgentStore['store'];
  let context: ToolContext;
  const tools: ChatToolInfo[] = AGENT_TOOLS.map((t) => ({ name: t.name, description: t.modelDescription, inputSchema: t.inputSchema }));

  let fixture: AgentStore | undefined;

  before(async () => {
    fixture = await openAgentStore('runlens-chat-');
    ({ dir, written, store, context } = fixture);
  });

  after(() => fixture?.close());

  /** A turn whose tools are the real ones; records each call. */
  function turn(model: ChatModelLike, extra: Partial<ChatTurnOptions> = {}) {
    const calls: { name: string; input: Record<string, unknown>; text: string }[] = [];
    let streamed = '';
    const result = runChatTurn({
      question: 'Which run is best by val_accuracy?',
      store: { kind: store.kind, location: store.location },
      workspaceRoot: dir,
      model,
      tools,
      async callTool(name, input) {
        const tool = findTool(name);
        if (!tool) throw new Error(`No tool named ${name}`);
        const outcome = await runTool(tool, input, context);
        calls.push({ name, input, text: outcome.text });
        return outcome.text;
      },
      onText: (t) => {
        streamed += t;
      },
      ...extra,
    });
    return { result, calls, streamed: () => streamed };
  }

  test('a tool call with the model\'s input, its answer in the next request, the answer streamed, the runs the tool returned collected', async () => {
    const input = { experiments: ['agent-sweep'], orderBy: ['metrics.val_accuracy DESC'], maxResults: 3 };
    const answer = 'The best run is **lr0.01-adam**.\n\n| Run | val_accuracy |\n|---|---|\n| lr0.01-adam | 0.95 |';
    const model = new ScriptedModel([[text('Let me look. '), call('c1', 'runlens_searchRuns', input)], [text(answer)]]);
    const { result, calls, streamed } = turn(model);
    const done = await result;

    assert.deepEqual(calls.map((c) => [c.name, c.input]), [['runlens_searchRuns', input]], 'the tool ran once, with the model\'s input');
    assert.equal(model.requests.length, 2);
    const first = model.requests[0].messages;
    assert.equal(first[0].role, 'user');
    assert.match((first[0] as { text: string }).text, /RunLens/u);
    assert.match((first[0] as { text: string }).text, /a sqlite store at \.\/mlflow\.db\./u, 'the store is named, relative to the workspace');
    assert.ok(!(first[0] as { text: string }).text.includes(dir), 'no absolute workspace path in the prompt');
    assert.deepEqual(first.at(-1), { role: 'user', text: 'Which run is best by val_accuracy?' });
    assert.deepEqual(model.requests[0].tools, AGENT_TOOLS.map((t) => t.name));

    const second = model.requests[1].messages;
    assert.deepEqual(second.at(-2), { role: 'assistant', parts: [text('Let me look. '), call('c1', 'runlens_searchRuns', input)] });
    assert.deepEqual(second.at(-1), { role: 'toolResults', results: [{ callId: 'c1', text: calls[0].text }] }, 'the tool\'s answer went back to the model');

    assert.equal(streamed(), `Let me look. ${answer}`);
    assert.equal(done.answer, streamed());
    assert.equal(done.toolRounds, 1);
    assert.equal(done.stoppedBy, undefined);
    // The tool's own answer orders runs as mlflow's search_runs does; the ids collected are those.
    const returned = (toolData(calls[0].text) as { runs: { id: string }[] }).runs.map((r) => r.id);
    assert.deepEqual(returned, written.bestByValAccuracy.slice(0, 3));
    assert.deepEqual(done.mentions.runs.map((r) => r.id), returned);
    const bestName = Object.entries(written.ids).find(([, id]) => id === written.bestByValAccuracy[0])![0];
    assert.equal(done.mentions.runs[0].name, bestName);
  });

  test('a model that calls tools forever stops after the round bound, with a message', async () => {
    const model = new ScriptedModel((i) => [call(`c${i}`, 'runlens_searchRuns', { maxResults: 1 })]);
    const { result, calls, streamed } = turn(model);
    const done = await result;
    assert.equal(calls.length, MAX_TOOL_ROUNDS, 'tools ran once per allowed round');
    assert.equal(model.requests.length, MAX_TOOL_ROUNDS + 1);
    assert.equal(done.stoppedBy, 'rounds');
    assert.match(streamed(), /Stopped: the model kept calling tools after 6 rounds/u);
  });

  test('the tool-result budget: answers are cut to it, then tools are not run', async () => {
    const budget = 1500;
    const model = new ScriptedModel([
      [call('a', 'runlens_searchRuns', { experiments: ['agent-sweep'], maxResults: 10 })],
      [call('b', 'runlens_searchRuns', { maxResults: 1 })],
      [text('Done.')],
    ]);
    const { result, calls } = turn(model, { toolResultBudget: budget });
    const done = await result;
    assert.ok(calls[0].text.length > budget, 'the first answer is larger than the budget');
    const sent = model.requests[1].messages.at(-1) as { role: 'toolResults'; results: { text: string }[] };
    assert.ok(sent.results[0].text.startsWith(calls[0].text.slice(0, budget)));
    assert.match(sent.results[0].text, /budget of tool results is used up/u);
    assert.equal(calls.length, 1, 'the second call did not run');
    const refused = model.requests[2].messages.at(-1) as { role: 'toolResults'; results: { callId: string; text: string }[] };
    assert.equal(refused.results[0].callId, 'b');
    assert.match(refused.results[0].text, /^Not run: this question used up its budget/u);
    assert.equal(done.answer, 'Done.');
  });

  test('a failing tool is fed back to the model as its answer, not thrown', async () => {
    const model = new ScriptedModel([
      [call('bad', 'runlens_searchRuns', { filter: 'metrics.val_accuracy >> 1' }), call('missing', 'runlens_noSuchTool', {})],
      [text('The filter was wrong.')],
    ]);
    const { result } = turn(model);
    const done = await result;
    const sent = model.requests[1].messages.at(-1) as { role: 'toolResults'; results: { callId: string; text: string }[] };
    assert.equal(sent.results[0].callId, 'bad');
    assert.match(sent.results[0].text, /^INVALID_PARAMETER_VALUE: /u, 'MLflow\'s error code, as runTool reports it');
    assert.deepEqual(sent.results[1], { callId: 'missing', text: 'Failed: No tool named runlens_noSuchTool' });
    assert.equal(done.answer, 'The filter was wrong.');
    assert.deepEqual(done.mentions.runs, []);
  });

  test('earlier turns are sent (the last few), and cancellation stops the turn before the next request', async () => {
    const controller = new AbortController();
    const model = new ScriptedModel([[call('c1', 'runlens_searchRuns', { maxResults: 1 })], [text('never sent')]]);
    const history = Array.from({ length: 10 }, (_, i) => ({ role: i % 2 ? 'assistant' as const : 'user' as const, text: `turn ${i}` }));
    const { result } = turn(model, {
      history,
      signal: controller.signal,
      callTool: async () => {
        controller.abort();
        return 'ok';
      },
    });
    const done = await result;
    assert.equal(done.stoppedBy, 'cancelled');
    assert.equal(model.requests.length, 1, 'no request after the cancellation');
    const sent = model.requests[0].messages;
    assert.deepEqual(sent.slice(1, -1), history.slice(-6).map((h) => (h.role === 'user' ? { role: 'user', text: h.text } : { role: 'assistant', parts: [text(h.text)] })));
  });
});
