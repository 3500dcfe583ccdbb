// One tool an agent can call: its name, what it teaches the model, its input schema, and what it
// does over the store interfaces. The same definitions serve VS Code's language-model tools and
// `runlens mcp`; neither adapter adds behaviour of its own. No vscode import.
import type { OpenedStore } from '../store/openStore.ts';

/** A JSON Schema object as VS Code's `languageModelTools` and MCP's `inputSchema` take it. */
export interface JsonSchema {
  type: 'object';
  properties: Record<string, unknown>;
  required?: string[];
  additionalProperties?: boolean;
}

/** What a launch needs; only VS Code's Run with Tracking can start one (provenance, status follows the process). */
export interface LaunchRequest {
  /** The script, relative to the workspace folder. */
  script: string;
  /** Passed as `--key value` arguments, in this order. */
  params: [key: string, value: string][];
  experimentName?: string;
  runName?: string;
}

export interface ToolContext {
  store: OpenedStore;
  /** Paths under this folder are shown relative to it. */
  workspaceRoot?: string;
  /** Why acting tools are refused here (untrusted workspace, read-only store, MCP without --allow-writes); undefined: allowed. */
  writesRefused?: string;
  /** Who acts, as MLflow records a user (the audit trail's user). */
  user: string;
  /** Starts a tracked launch; absent where Run with Tracking does not exist. */
  launchRun?: (request: LaunchRequest) => Promise<{ runId: string; command: string }>;
  signal?: AbortSignal;
}

/** A tool's answer: one line for people, then data the model reads (made safe and bounded by runTool). */
export interface ToolAnswer {
  summary: string;
  data?: unknown;
}

export interface AgentTool<Input = Record<string, unknown>> {
  /** `runlens_<verb><Noun>`: the name VS Code and MCP clients call. */
  name: string;
  displayName: string;
  /** One line for people choosing tools. */
  userDescription: string;
  /** What the model reads: when to call it, how to fill each field, examples. */
  modelDescription: string;
  inputSchema: JsonSchema;
  /** Changes the store or starts a process: asks for confirmation, refused where writes are. */
  acts: boolean;
  /** Checks and converts the raw arguments; throws a ToolInputError naming the field. */
  parse(raw: Record<string, unknown>): Input;
  /** For acting tools: exactly what will change, shown before the user confirms. */
  describeChange?(input: Input, context: ToolContext): Promise<string>;
  run(input: Input, context: ToolContext): Promise<ToolAnswer>;
}
