// Quick picks shared by the version commands: a version of any model (from the palette with no
// version selected), another version of the same model, and the `models:/` URI form to use.
import * as vscode from 'vscode';
import type { ModelVersion } from '../../shared/entities.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { UserError } from '../userError.ts';
import { aliasesOf, newestVersionsFirst, uriChoices, versionDescription, versionsFilter } from '../../describe/modelLabels.ts';
import type { ModelVersionNode } from './modelNodes.ts';
import { otherVersionChoices } from './versionComparison.ts';

/** Versions offered when nothing is selected: enough for a registry people browse by hand. */
const MAX_OFFERED = 1000;

async function allVersions(store: OpenedStore, filter?: string): Promise<ModelVersion[]> {
  const found: ModelVersion[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.registry.searchModelVersions({ filter, pageToken });
    found.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken && found.length < MAX_OFFERED);
  return found;
}

/** A version row for a version, with its aliases from the registered model. */
export async function versionNodeOf(store: OpenedStore, version: ModelVersion): Promise<ModelVersionNode> {
  const model = await store.registry.getRegisteredModel(version.name);
  return { kind: 'modelVersion', version, aliases: aliasesOf(model.aliases, version.version) };
}

/** Any registered version, by model name then newest first; undefined when dismissed. */
export async function pickAnyVersion(store: OpenedStore, title: string): Promise<ModelVersionNode | undefined> {
  const versions = (await allVersions(store)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Number(b.version) - Number(a.version)));
  if (versions.length === 0) throw new UserError('The registry has no model versions yet: register a model from a run first.');
  const picked = await vscode.window.showQuickPick(
    versions.map((v) => ({ label: `${v.name} version ${v.version}`, description: versionDescription(v.currentStage, []), version: v })),
    { title, placeHolder: 'Pick a model version (or select one in the Models view first)', matchOnDescription: true },
  );
  return picked ? versionNodeOf(store, picked.version) : undefined;
}

/** Another version of `node`'s model, newest first with stage and aliases; undefined when dismissed. */
export async function pickOtherVersion(store: OpenedStore, node: ModelVersionNode, title: string): Promise<ModelVersionNode | undefined> {
  const { name, version } = node.version;
  const [model, versions] = await Promise.all([store.registry.getRegisteredModel(name), allVersions(store, versionsFilter(name))]);
  const own = versions.filter((v) => v.name === name);
  const choices = otherVersionChoices(own, version, (v) => aliasesOf(model.aliases, v));
  if (choices.length === 0) throw new UserError(`${name} has only version ${version}: register another version to compare with.`);
  const picked = await vscode.window.showQuickPick(choices, { title, placeHolder: `Compare ${name} version ${version} with`, matchOnDescription: true });
  const chosen = picked && newestVersionsFirst(own).find((v) => v.version === picked.version);
  return chosen ? { kind: 'modelVersion', version: chosen, aliases: aliasesOf(model.aliases, chosen.version) } : undefined;
}

/**
 * The `models:/` URI to use for a version: `form` when given, the only one when there is one,
 * else the user's pick (each alias, then the fixed version). Undefined when dismissed.
 */
export async function chooseModelUri(node: ModelVersionNode, title: string, form?: 'alias' | 'version'): Promise<string | undefined> {
  const { version, aliases } = node;
  const choices = uriChoices(version.name, version.version, aliases);
  if (form !== undefined) {
    const uri = choices.find((c) => c.form === form)?.uri;
    if (!uri) throw new UserError(`${version.name} version ${version.version} has no alias; its URI is models:/${version.name}/${version.version}.`);
    return uri;
  }
  if (choices.length === 1) return choices[0].uri;
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({ label: c.uri, description: c.form === 'alias' ? 'follows the alias' : 'this version only', uri: c.uri })),
    { title },
  );
  return picked?.uri;
}
