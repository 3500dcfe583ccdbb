// What a command receives depends on where it was invoked, so no handler may take its arguments
// at face value:
//   command palette, keybinding           → nothing
//   view title bar and its "…" menu       → the view's selected item (not a value the command asked for)
//   item context menu and inline button   → the clicked item, then every selected item as an array
//                                            (multi-select views only)
//   RunLens's own callers (tests, panels)  → a node, then explicit values that skip the prompts
// These helpers turn every shape into one typed form. No vscode import: unit-tested as it is.

/** Anything the RunLens views hand to commands: every tree node has a `kind`. */
export interface TreeNodeLike {
  kind: string;
}

export function isTreeNode(value: unknown): value is TreeNodeLike {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as TreeNodeLike).kind === 'string';
}

export interface ItemCommandArgs<N> {
  /** The clicked (or explicitly passed) node when it is of the command's kind. */
  node: N | undefined;
  /**
   * The nodes to act on: VS Code's selection when it holds the clicked node (so a right-click
   * outside the selection acts on that row alone, as in VS Code's explorer), else the node itself.
   */
  targets: N[];
  /** Explicit values after the node; empty when VS Code invoked the command from a menu. */
  values: unknown[];
}

/**
 * Splits an item command's arguments into its node, its targets and the explicit values.
 * `fallback` is the view's selection, used when the command came from the palette or a keybinding.
 */
export function itemCommandArgs<N extends TreeNodeLike>(
  args: readonly unknown[],
  isNode: (value: unknown) => value is N,
  fallback: readonly unknown[] = [],
): ItemCommandArgs<N> {
  const [first, second] = args;
  // VS Code's selection array holds only tree nodes; an explicit caller's second value never does
  // (an empty array is a caller saying "no selection").
  const menuSelection = Array.isArray(second) && second.every(isTreeNode) ? second : undefined;
  const values = menuSelection ? args.slice(2) : args.slice(1);
  const fromMenu = isNode(first) ? first : undefined;
  const node = fromMenu ?? (first === undefined ? fallback.find(isNode) : undefined);
  if (!node) return { node: undefined, targets: [], values };
  const selected = (menuSelection ?? (fromMenu ? [] : fallback)).filter(isNode);
  const targets = selected.some((n) => sameNode(n, node)) ? unique(selected) : [node];
  return { node, targets, values };
}

/** A string an explicit caller passed; a tree node, array or object in its place is not one. */
export function stringArg(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** An options object an explicit caller passed, e.g. `{ confirmed: true }`; never a tree node or a selection. */
export function optionsArg<T extends object>(value: unknown): Partial<T> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isTreeNode(value) ? (value as Partial<T>) : {};
}

function sameNode(a: TreeNodeLike, b: TreeNodeLike): boolean {
  return a === b || nodeIdentity(a) === nodeIdentity(b);
}

/** Nodes are rebuilt on refresh, so identity is by what they stand for, not by reference. */
function nodeIdentity(node: TreeNodeLike): string {
  const n = node as {
    kind: string; run?: { info: { runId: string } }; key?: string; path?: string; experiment?: { experimentId: string };
    // Models view rows: a version (an entity), an alias or tag (model name and version number), a logged model's file.
    version?: string | { name: string; version: string }; name?: string; alias?: string; model?: { modelId?: string; name?: string };
  };
  const version = typeof n.version === 'object' ? `${n.version.name}\u0000${n.version.version}` : n.version ?? '';
  const model = n.model?.modelId ?? n.model?.name ?? '';
  return [n.kind, n.run?.info.runId ?? n.experiment?.experimentId ?? '', n.key ?? '', n.path ?? '', model, n.name ?? '', version, n.alias ?? ''].join('\u0000');
}

function unique<N extends TreeNodeLike>(nodes: readonly N[]): N[] {
  const seen = new Set<string>();
  return nodes.filter((n) => {
    const id = nodeIdentity(n);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
