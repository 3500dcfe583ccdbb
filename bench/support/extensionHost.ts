// Loads the bundled extension (dist/extension.js) under plain Node for benchmarks, with a minimal
// stand-in for the `vscode` module: real enough for activation and the views' data paths, inert
// for everything on screen. Benchmarks only; tests run in real VS Code (test/vscode/).
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../../test/support/python.ts';

type AnyFunction = (...args: unknown[]) => unknown;

/** Anything not modelled below: callable, constructible, every property another inert value. */
function inert(): unknown {
  const target = function () {} as unknown as AnyFunction;
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
    // Writes (item.text = …) are accepted and forgotten.
    set: () => true,
    defineProperty: () => true,
  });
  return proxy;
}

class EventEmitter<T> {
  private listeners = new Set<(value: T) => void>();
  event = (listener: (value: T) => void) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class TreeItem {
  label: unknown;
  collapsibleState: unknown;
  constructor(label: unknown, collapsibleState?: unknown) {
    this.label = label;
    this.collapsibleState = collapsibleState;
  }
}

class ThemeIcon {
  static File = new ThemeIcon('file');
  static Folder = new ThemeIcon('folder');
  id: string;
  color: unknown;
  constructor(id: string, color?: unknown) {
    this.id = id;
    this.color = color;
  }
}

class MarkdownString {
  value = '';
  appendText(text: string): this {
    this.value += text;
    return this;
  }
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
}

function fileUri(fsPath: string) {
  return { scheme: 'file', fsPath, path: fsPath, toString: () => `file://${fsPath}` };
}

function vscodeStandIn(workspaceFolder: string): Record<string, unknown> {
  const overrides: Record<string, unknown> = {
    EventEmitter,
    TreeItem,
    ThemeIcon,
    ThemeColor: class { id: string; constructor(id: string) { this.id = id; } },
    MarkdownString,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    Uri: { file: fileUri, joinPath: (base: { fsPath: string }, ...parts: string[]) => fileUri(path.join(base.fsPath, ...parts)), from: (parts: object) => ({ ...parts }), parse: (value: string) => ({ value }) },
    window: new Proxy({
      withProgress: (_options: unknown, task: (progress: unknown, token: unknown) => unknown) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) }),
    }, { get: (t, key) => (t as Record<string | symbol, unknown>)[key] ?? inert() }),
    workspace: new Proxy({
      workspaceFolders: [{ uri: fileUri(workspaceFolder), name: path.basename(workspaceFolder), index: 0 }],
      isTrusted: true,
      getConfiguration: () => ({ get: (_key: string, fallback?: unknown) => fallback, update: async () => undefined, inspect: () => undefined }),
    }, { get: (t, key) => (t as Record<string | symbol, unknown>)[key] ?? inert() }),
    commands: { registerCommand: () => ({ dispose() {} }), executeCommand: async () => undefined },
  };
  // Bundled code copies the module's own keys (esbuild's __toESM), so every namespace the
  // extension touches must exist as a key, even when it only needs an inert value.
  const inertNames = [
    'tasks', 'env', 'extensions', 'languages', 'debug', 'l10n', 'scm', 'authentication', 'CustomExecution', 'Task', 'TaskScope',
    'CancellationError', 'FileSystemError', 'FileType', 'FileChangeType', 'RelativePattern', 'Disposable', 'ViewColumn', 'TabInputWebview',
    'TabInputText', 'TabInputTextDiff', 'TabInputCustom', 'Position', 'Range', 'Selection', 'QuickPickItemKind', 'EnvironmentVariableMutatorType',
    'ExtensionMode', 'UIKind', 'ProgressLocation', 'chat', 'lm', 'LanguageModelToolResult', 'LanguageModelTextPart',
    'McpStdioServerDefinition',
  ];
  for (const name of inertNames) overrides[name] ??= inert();
  return new Proxy(overrides, { get: (t, key) => t[key as string] ?? inert() });
}

export interface LoadedExtension {
  /** The activate() result (RunLensApi). */
  api: Record<string, unknown>;
  /** Time to load dist/extension.js, ms. */
  requireMs: number;
  /** Time activate() took, ms. */
  activateMs: number;
}

/** Loads dist/extension.js with the stand-in `vscode` and activates it on `workspaceFolder`. */
export function loadExtension(workspaceFolder: string): LoadedExtension {
  const stub = vscodeStandIn(workspaceFolder);
  const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = moduleWithLoad._load;
  moduleWithLoad._load = (request, ...rest) => (request === 'vscode' ? stub : originalLoad(request, ...rest));
  const requireFromRepo = createRequire(path.join(repoRoot, 'package.json'));
  let t = performance.now();
  const extension = requireFromRepo('./dist/extension.js') as { activate: (context: unknown) => Record<string, unknown> };
  const requireMs = performance.now() - t;
  const packageJSON = requireFromRepo('./package.json') as Record<string, unknown>;
  const context = { extension: { id: 'runlens.runlens', packageJSON, extensionPath: repoRoot }, subscriptions: [], secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: new EventEmitter<{ key: string }>().event }, workspaceState: { get: (_k: string, d: unknown) => d, update: async () => undefined }, globalState: { get: (_k: string, d: unknown) => d, update: async () => undefined }, extensionPath: repoRoot, extensionUri: fileUri(repoRoot), environmentVariableCollection: inert(), globalStorageUri: fileUri(path.join(workspaceFolder, '.global')), storageUri: fileUri(path.join(workspaceFolder, '.storage')) };
  t = performance.now();
  const api = extension.activate(context);
  const activateMs = performance.now() - t;
  return { api, requireMs, activateMs };
}
