// The Models view and the model-registry commands: Register Model on a run, aliases, stage
// transitions, descriptions, tags, Copy Model URI, delete a version (Compare Model Versions and
// Copy Load Snippet have files of their own). Every handler takes the tree node first and
// optional explicit values that skip the prompts (tests, keybindings).
import * as vscode from 'vscode';
import { MODEL_VERSION_STAGES, type ModelVersion, type ModelVersionStage, type RegisteredModel, type Tag } from '../../shared/entities.ts';
import { isAuditTagKey } from '../../store/audit/auditEvent.ts';
import { ACTIVE_STAGES, canonicalStage } from '../../store/registryValidation.ts';
import { confirm, registerCommand } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import { UserError } from '../userError.ts';
import { versionsFilter } from '../../describe/modelLabels.ts';
import {
  isModelAliasNode, isModelOrVersionNode, isModelTagNode, isModelVersionNode,
  type ModelAliasNode, type ModelNode, type ModelsLoadMoreNode, type ModelsNode, type ModelTagNode, type ModelVersionNode,
} from './modelNodes.ts';
import { itemCommandArgs, optionsArg, stringArg } from '../commandArgs.ts';
import { isRunOrLoggedModelNode } from '../treeNodes.ts';
import { ModelsTree, MODELS_VIEW_ID } from './modelsTree.ts';
import { aliasProblem, registryTagKeyProblem, registryTagProblem } from './modelValidation.ts';
import { ReasonMemory } from './reasonMemory.ts';
import { registerModelDetailsPanel } from './modelDetailsPanel.ts';
import { pickRunNode, registerRunModel, type RegisterModelOptions } from './registerModel.ts';
import { registryWriter } from './registryWriter.ts';
import { chooseModelUri } from './versionPicks.ts';
import { compareModelVersions } from './compareVersions.ts';
import { copyLoadSnippet } from './copyLoadSnippet.ts';
import { VersionDocumentProvider } from './versionDocumentProvider.ts';
import { VERSION_DOCUMENT_SCHEME } from './versionDocuments.ts';
import { ServedModels } from './serve/servedModels.ts';
import { registerServeCommands } from './serve/serveCommands.ts';
import type { TrackingEndpoint } from '../launch/launcher.ts';

export interface TransitionOptions {
  /** Move the versions now in the target stage to Archived (Staging and Production only). */
  archiveExisting?: boolean;
  /** Why, for the audit trail; asked for when the stage is chosen in the prompt. */
  reason?: string;
}

export interface AliasOptions {
  /** Why, for the audit trail; asked for when the alias is typed in the prompt. */
  reason?: string;
}

export interface DeleteVersionOptions {
  confirmed?: boolean;
}

export interface ModelsView {
  tree: ModelsTree;
  view: vscode.TreeView<ModelsNode>;
}

function requireVersion(node: unknown): ModelVersionNode {
  if (isModelVersionNode(node)) return node;
  throw new UserError('Choose a model version in the Models view first.');
}

function requireModelOrVersion(node: unknown): ModelNode | ModelVersionNode {
  if (isModelOrVersionNode(node)) return node;
  throw new UserError('Choose a registered model or a version in the Models view first.');
}

function check(problem: string | undefined): void {
  if (problem) throw new UserError(problem);
}

function describeTarget(node: ModelNode | ModelVersionNode): string {
  return node.kind === 'model' ? node.model.name : `${node.version.name} version ${node.version.version}`;
}

async function setAlias(session: StoreSession, reasons: ReasonMemory, node: ModelVersionNode | undefined, alias?: string, options: AliasOptions = {}): Promise<{ name: string; alias: string; version: string } | undefined> {
  const { name, version } = requireVersion(node).version;
  const chosen = alias ?? (await vscode.window.showInputBox({
    title: `Set Alias on ${name} version ${version}`,
    prompt: 'Letters, digits, _ and -; an alias already set on another version moves here',
    placeHolder: 'champion',
    validateInput: aliasProblem,
  }));
  if (chosen === undefined) return undefined;
  check(aliasProblem(chosen));
  const reason = options.reason ?? (alias === undefined ? await reasons.ask(name, `Why does @${chosen} point to version ${version}?`) : undefined);
  if (reason === undefined && alias === undefined && options.reason === undefined) return undefined;
  const store = await session.requireWritable();
  await registryWriter(store, reason).setRegisteredModelAlias(name, chosen, version);
  session.dataChanged();
  return { name, alias: chosen, version };
}

async function deleteAlias(session: StoreSession, node: ModelAliasNode | undefined): Promise<{ name: string; alias: string; version: string }> {
  if (!node) throw new UserError('Choose an alias in the Models view first.');
  const store = await session.requireWritable();
  await registryWriter(store).deleteRegisteredModelAlias(node.name, node.alias);
  session.dataChanged();
  return { name: node.name, alias: node.alias, version: node.version };
}

async function askArchiveExisting(session: StoreSession, name: string, version: string, stage: ModelVersionStage): Promise<boolean | undefined> {
  const store = await session.requireStore();
  const others = (await store.registry.searchModelVersions({ filter: versionsFilter(name) })).items
    .filter((v) => v.name === name && v.version !== version && v.currentStage === stage)
    .map((v) => v.version);
  if (others.length === 0) return false;
  const picked = await vscode.window.showQuickPick([
    { label: `Archive ${others.length === 1 ? 'version' : 'versions'} ${others.join(', ')}`, description: `now in ${stage}`, archive: true },
    { label: `Keep ${others.length === 1 ? 'it' : 'them'} in ${stage}`, archive: false },
  ], { title: `Move ${name} version ${version} to ${stage}`, placeHolder: `Other versions of ${name} are in ${stage}` });
  return picked?.archive;
}

async function transitionStage(session: StoreSession, reasons: ReasonMemory, node: ModelVersionNode | undefined, stage?: string, options: TransitionOptions = {}): Promise<ModelVersion | undefined> {
  const { name, version, currentStage } = requireVersion(node).version;
  let target: ModelVersionStage | undefined;
  if (stage !== undefined) {
    try {
      target = canonicalStage(stage);
    } catch (error) {
      throw new UserError((error as Error).message);
    }
  } else {
    const picked = await vscode.window.showQuickPick(
      MODEL_VERSION_STAGES.map((s) => ({ label: s, description: s === currentStage ? 'current' : undefined })),
      { title: `Transition ${name} version ${version}`, placeHolder: `Now ${currentStage || 'None'}; move to` },
    );
    target = picked?.label as ModelVersionStage | undefined;
  }
  if (target === undefined) return undefined;
  let archive = options.archiveExisting ?? false;
  if (archive && !ACTIVE_STAGES.includes(target)) throw new UserError(`Only a move to Staging or Production can archive the versions already there, not a move to ${target}.`);
  // Asked only when the stage was chosen here: an explicit stage without the option does not archive.
  if (stage === undefined && options.archiveExisting === undefined && ACTIVE_STAGES.includes(target)) {
    const answer = await askArchiveExisting(session, name, version, target);
    if (answer === undefined) return undefined;
    archive = answer;
  }
  const reason = options.reason ?? (stage === undefined ? await reasons.ask(name, `Why move version ${version} to ${target}?`) : undefined);
  if (reason === undefined && stage === undefined && options.reason === undefined) return undefined;
  const store = await session.requireWritable();
  const updated = await registryWriter(store, reason).transitionModelVersionStage(name, version, target, archive);
  session.dataChanged();
  return updated;
}

async function editDescription(session: StoreSession, node: ModelNode | ModelVersionNode | undefined, text?: string): Promise<RegisteredModel | ModelVersion | undefined> {
  const target = requireModelOrVersion(node);
  const current = target.kind === 'model' ? target.model.description : target.version.description;
  const description = text ?? (await vscode.window.showInputBox({
    title: `Description of ${describeTarget(target)}`,
    prompt: 'Markdown, as in the MLflow UI; empty clears it',
    value: current ?? '',
  }));
  if (description === undefined) return undefined;
  const store = await session.requireWritable();
  const updated = target.kind === 'model'
    ? await registryWriter(store).updateRegisteredModel(target.model.name, description)
    : await registryWriter(store).updateModelVersion(target.version.name, target.version.version, description);
  session.dataChanged();
  return updated;
}

async function setTag(session: StoreSession, node: ModelNode | ModelVersionNode | undefined, key?: string, value?: string): Promise<Tag | undefined> {
  const target = requireModelOrVersion(node);
  const name = target.kind === 'model' ? target.model.name : target.version.name;
  const version = target.kind === 'model' ? undefined : target.version.version;
  const tags = target.kind === 'model' ? target.model.tags : target.version.tags;
  const tagKey = key ?? (await vscode.window.showInputBox({
    title: `Set Tag on ${describeTarget(target)}`,
    prompt: 'Tag key: letters, digits, _ - . / : and spaces',
    placeHolder: 'e.g. team or validation/status',
    validateInput: registryTagKeyProblem,
  }));
  if (tagKey === undefined) return undefined;
  check(registryTagKeyProblem(tagKey));
  const tagValue = value ?? (await vscode.window.showInputBox({
    title: `Set Tag ${tagKey} on ${describeTarget(target)}`,
    prompt: 'Tag value',
    value: tags.find((t) => t.key === tagKey)?.value ?? '',
    validateInput: (v) => registryTagProblem(tagKey, v, version),
  }));
  if (tagValue === undefined) return undefined;
  check(registryTagProblem(tagKey, tagValue, version));
  const store = await session.requireWritable();
  const tag = { key: tagKey, value: tagValue };
  if (version === undefined) await registryWriter(store).setRegisteredModelTag(name, tag);
  else await registryWriter(store).setModelVersionTag(name, version, tag);
  session.dataChanged();
  return tag;
}

async function deleteTag(session: StoreSession, node: ModelTagNode | undefined): Promise<Tag> {
  if (!node) throw new UserError('Choose a tag in the Models view first.');
  const store = await session.requireWritable();
  if (isAuditTagKey(node.key)) throw new UserError('The audit trail only grows: RunLens does not delete its events.');
  if (node.version === undefined) await registryWriter(store).deleteRegisteredModelTag(node.name, node.key);
  else await registryWriter(store).deleteModelVersionTag(node.name, node.version, node.key);
  session.dataChanged();
  return { key: node.key, value: node.value };
}

async function copyUri(node: ModelVersionNode | undefined, form?: 'alias' | 'version'): Promise<string | undefined> {
  const target = requireVersion(node);
  const uri = await chooseModelUri(target, `Copy Model URI of ${target.version.name} version ${target.version.version}`, form);
  if (uri === undefined) return undefined;
  await vscode.env.clipboard.writeText(uri);
  void vscode.window.setStatusBarMessage(`RunLens: copied ${uri}`, 3000);
  return uri;
}

function copyUriForm(value: unknown): 'alias' | 'version' | undefined {
  return value === 'alias' || value === 'version' ? value : undefined;
}

async function deleteVersion(session: StoreSession, node: ModelVersionNode | undefined, options: DeleteVersionOptions = {}): Promise<{ name: string; version: string } | undefined> {
  const { name, version } = requireVersion(node).version;
  const store = await session.requireWritable();
  if (!options.confirmed) {
    const detail = 'The version number is not reused, and aliases pointing at it are removed. This cannot be undone.';
    if (!(await confirm(`Delete ${name} version ${version}?`, 'Delete Version', detail))) return undefined;
  }
  await registryWriter(store).deleteModelVersion(name, version);
  session.dataChanged();
  return { name, version };
}

/** `runSelection`: the Experiments view's selection, what Register Model acts on from the palette; `endpoint`: the embedded server, for Serve Model. */
export function registerModelCommands(context: vscode.ExtensionContext, session: StoreSession, runSelection: () => readonly unknown[], endpoint?: TrackingEndpoint): ModelsView {
  const served = new ServedModels();
  const tree = new ModelsTree(session, served);
  const reasons = new ReasonMemory(context.workspaceState);
  // Many rows: two selected versions are what Compare Model Versions compares.
  const view = vscode.window.createTreeView(MODELS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true, canSelectMany: true });
  const versionDocuments = new VersionDocumentProvider(session);
  registerServeCommands(context, session, view, tree, served, endpoint);
  const { log } = session;
  // Menus pass the clicked row; the palette and keybindings act on the Models view's selection.
  const onModel = <N extends ModelsNode>(id: string, isNode: (value: unknown) => value is N, handler: (node: N | undefined, values: unknown[]) => unknown) =>
    registerCommand(log, id, (...raw: unknown[]) => {
      const { node, values } = itemCommandArgs(raw, isNode, view.selection);
      return handler(node, values);
    });
  const reveal = async (name: string, version: string) => {
    tree.refresh();
    await view.reveal(await tree.versionNode(name, version), { select: true, focus: true, expand: true });
  };
  context.subscriptions.push(
    tree,
    view,
    versionDocuments,
    vscode.workspace.registerTextDocumentContentProvider(VERSION_DOCUMENT_SCHEME, versionDocuments),
    session.onDidChangeStore(() => tree.refresh()),
    session.onDidChangeData(() => tree.refresh()),
    // Resolves to the view's data provider, so tests can walk the view as it is drawn.
    registerCommand(log, 'runlens.models.refresh', () => {
      tree.refresh();
      return tree;
    }),
    registerCommand(log, 'runlens.models.loadMore', (node: ModelsLoadMoreNode) => tree.loadMore(node)),
    registerCommand(log, 'runlens.run.registerModel', async (...raw: unknown[]) => {
      const { node, values } = itemCommandArgs(raw, isRunOrLoggedModelNode, runSelection());
      // From the palette or the walkthrough with no run selected: ask which run, as Compare Runs does.
      const target = node ?? (raw[0] === undefined ? await pickRunNode(session) : undefined);
      if (!target && raw[0] === undefined) return undefined;
      return registerRunModel(session, reveal, target, optionsArg<RegisterModelOptions>(values[0]));
    }),
    onModel('runlens.model.setAlias', isModelVersionNode, (node, values) => setAlias(session, reasons, node, stringArg(values[0]), optionsArg<AliasOptions>(values[1]))),
    onModel('runlens.model.deleteAlias', isModelAliasNode, (node) => deleteAlias(session, node)),
    onModel('runlens.model.transitionStage', isModelVersionNode, (node, values) => transitionStage(session, reasons, node, stringArg(values[0]), optionsArg<TransitionOptions>(values[1]))),
    onModel('runlens.model.editDescription', isModelOrVersionNode, (node, values) => editDescription(session, node, stringArg(values[0]))),
    onModel('runlens.model.setTag', isModelOrVersionNode, (node, values) => setTag(session, node, stringArg(values[0]), stringArg(values[1]))),
    onModel('runlens.model.deleteTag', isModelTagNode, (node) => deleteTag(session, node)),
    onModel('runlens.model.copyUri', isModelVersionNode, (node, values) => copyUri(node, copyUriForm(values[0]))),
    registerCommand(log, 'runlens.model.compareVersions', (...raw: unknown[]) => {
      const { node, targets, values } = itemCommandArgs(raw, isModelVersionNode, view.selection);
      return compareModelVersions(session, node, targets, values[0]);
    }),
    onModel('runlens.model.copyLoadSnippet', isModelVersionNode, (node, values) => copyLoadSnippet(session, node, copyUriForm(values[0]))),
    onModel('runlens.model.deleteVersion', isModelVersionNode, (node, values) => deleteVersion(session, node, optionsArg<DeleteVersionOptions>(values[0]))),
  );
  registerModelDetailsPanel(context, session, () => view.selection);
  return { tree, view };
}
