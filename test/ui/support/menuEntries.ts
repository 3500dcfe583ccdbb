// Every place package.json puts a RunLens command — view title bar, its "…" menu, a row's context
// menu and inline buttons, the editor title, the Explorer's context menu, the command palette —
// read from package.json itself, so a new menu entry is a new case of the interaction matrix.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/python.ts';

export type Place = 'title button' | 'title overflow' | 'row inline' | 'row menu' | 'editor title' | 'explorer menu' | 'palette' | 'keybinding';

export interface MenuEntry {
  command: string;
  /** The command's title as menus show it, e.g. "Filter Runs…". */
  title: string;
  place: Place;
  /** The `when` clause of the entry ('' when always). */
  when: string;
  /** For keybindings: the key as package.json spells it, e.g. "f2". */
  key?: string;
}

interface Contributions {
  commands: { command: string; title: string; category?: string }[];
  menus: Record<string, { command: string; when?: string; group?: string }[]>;
  keybindings?: { command: string; key: string; when?: string }[];
}

function contributions(): Contributions {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { contributes: Contributions };
  return manifest.contributes;
}

function placeOf(menu: string, group: string | undefined): Place {
  switch (menu) {
    case 'view/title': return group?.startsWith('navigation') ? 'title button' : 'title overflow';
    case 'view/item/context': return group === 'inline' ? 'row inline' : 'row menu';
    case 'editor/title': return 'editor title';
    case 'explorer/context': return 'explorer menu';
    default: throw new Error(`the interaction matrix does not know the menu "${menu}": teach test/ui/support/menuEntries.ts how to open it`);
  }
}

/** Every (command, place) pair, menus first in package.json order, then the palette and keybindings. */
export function menuEntries(): MenuEntry[] {
  const { commands, menus, keybindings } = contributions();
  const titles = new Map(commands.map((c) => [c.command, c.title]));
  const title = (command: string) => {
    const found = titles.get(command);
    if (!found) throw new Error(`${command} appears in a menu but is not declared in contributes.commands`);
    return found;
  };
  const entries: MenuEntry[] = [];
  for (const [menu, items] of Object.entries(menus)) {
    if (menu === 'commandPalette') continue;
    for (const item of items) entries.push({ command: item.command, title: title(item.command), place: placeOf(menu, item.group), when: item.when ?? '' });
  }
  // The palette lists every command unless its commandPalette entry hides it.
  const paletteWhen = new Map((menus.commandPalette ?? []).map((item) => [item.command, item.when ?? '']));
  for (const { command } of commands) {
    const when = paletteWhen.get(command) ?? '';
    if (when !== 'false') entries.push({ command, title: title(command), place: 'palette', when });
  }
  for (const binding of keybindings ?? []) entries.push({ command: binding.command, title: title(binding.command), place: 'keybinding', when: binding.when ?? '', key: binding.key });
  return entries;
}

export type ContextValues = Record<string, string | boolean | undefined>;

/**
 * Evaluates the subset of VS Code's when-clause grammar package.json uses: `a && b`, `!key`,
 * `key`, `key == value`, `key != value`, `key =~ /regex/`. Anything else throws, so a new form
 * is noticed rather than misread.
 */
export function whenHolds(when: string, context: ContextValues): boolean {
  if (!when.trim()) return true;
  if (when.includes('||') || (when.includes('(') && !when.includes('=~'))) throw new Error(`unsupported when clause: ${when}`);
  return when.split('&&').map((part) => part.trim()).every((term) => termHolds(term, context));
}

function termHolds(term: string, context: ContextValues): boolean {
  const regex = /^([\w.]+)\s*=~\s*\/(.*)\/([a-z]*)$/u.exec(term);
  if (regex) return new RegExp(regex[2], regex[3]).test(String(context[regex[1]] ?? ''));
  const comparison = /^([\w.]+)\s*(==|!=)\s*(\S+)$/u.exec(term);
  if (comparison) {
    // A quoted value ('runlens.compare') means the same as the bare one.
    const equal = String(context[comparison[1]] ?? '') === comparison[3].replace(/^'(.*)'$/u, '$1');
    return comparison[2] === '==' ? equal : !equal;
  }
  const negated = /^!([\w.]+)$/u.exec(term);
  if (negated) return !context[negated[1]];
  if (/^[\w.]+$/u.test(term)) return Boolean(context[term]);
  throw new Error(`unsupported when term: ${term}`);
}

/** A package.json key ("ctrl+shift+f2") as Playwright presses it ("Control+Shift+F2"). */
export function playwrightKey(key: string): string {
  const names: Record<string, string> = { ctrl: 'Control', alt: 'Alt', shift: 'Shift', cmd: 'Meta', delete: 'Delete', enter: 'Enter', backspace: 'Backspace' };
  return key.split('+').map((part) => names[part] ?? (/^f\d+$/u.test(part) ? part.toUpperCase() : part)).join('+');
}
