// One-click Register Model on a run: finds the run's models, asks which one and under which
// registered-model name (existing names offered as completion), then registers it the way
// mlflow.register_model does: the model is created when new, the version records the source
// mlflow would record, and a logged model remembers the version in its mlflow.modelVersions tag.
import * as vscode from 'vscode';
import type { ModelVersion, Run } from '../../shared/entities.ts';
import { MlflowError } from '../../shared/errors.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { withCancellableProgress } from '../commandRunner.ts';
import type { StoreSession } from '../storeSession.ts';
import type { LoggedModelNode, RunNode } from '../treeNodes.ts';
import { UserError } from '../userError.ts';
import { chooseCandidate, findRunModels, type RunModelCandidate } from './findRunModels.ts';
import { appendModelVersionLink, MODEL_VERSIONS_TAG } from './modelVersionLinks.ts';
import { modelNameProblem } from './modelValidation.ts';
import { pickRun } from '../runPicker.ts';
import { registryWriter } from './registryWriter.ts';

export interface RegisterModelOptions {
  /** The model to register: its runs:/ or models:/ URI, source, artifact path or model id. */
  model?: string;
  /** The registered model's name, existing or new. */
  name?: string;
}

/** mlflow.register_model waits this long for a PENDING_REGISTRATION version to become READY. */
const AWAIT_REGISTRATION_MS = 300_000;
const POLL_MS = 500;
const MAX_NAME_CHOICES = 5000;

/** A run row, or one of its logged-model rows (which names the model to register). */
function requireRunNode(node: unknown): RunNode | LoggedModelNode {
  const kind = typeof node === 'object' && node !== null ? (node as { kind?: unknown }).kind : undefined;
  if (kind === 'run' || kind === 'loggedModel') return node as RunNode | LoggedModelNode;
  throw new UserError('Choose a run in the Experiments view first.');
}

async function pickCandidate(run: Run, candidates: RunModelCandidate[], wanted: string | undefined): Promise<RunModelCandidate | undefined> {
  const runLabel = run.info.runName || run.info.runId;
  if (candidates.length === 0) {
    throw new UserError(`Run ${runLabel} has no model to register: no MLmodel folder among its artifacts and no logged model.`);
  }
  if (wanted !== undefined) {
    const found = chooseCandidate(candidates, wanted);
    if (!found) throw new UserError(`Run ${runLabel} has no model '${wanted}'. Its models: ${candidates.map((c) => c.modelUri).join(', ')}.`);
    return found;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((candidate) => ({
      label: `$(${candidate.kind === 'artifact' ? 'folder' : 'package'}) ${candidate.label}`,
      description: candidate.kind === 'artifact' ? 'MLmodel folder in the run\'s artifacts' : 'logged model',
      detail: candidate.modelUri,
      candidate,
    })),
    { title: `Register Model from ${runLabel}`, placeHolder: 'Which of the run\'s models?', matchOnDetail: true },
  );
  return picked?.candidate;
}

async function registeredModelNames(store: OpenedStore): Promise<string[]> {
  const names: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await store.registry.searchRegisteredModels({ maxResults: 1000, pageToken });
    names.push(...page.items.map((m) => m.name));
    pageToken = page.nextPageToken;
  } while (pageToken && names.length < MAX_NAME_CHOICES);
  return names;
}

interface NameItem extends vscode.QuickPickItem {
  name: string;
  problem?: string;
}

/** A QuickPick of the existing names that also takes a new name typed into it. */
function askModelName(existing: string[], title: string): Promise<string | undefined> {
  const pick = vscode.window.createQuickPick<NameItem>();
  pick.title = title;
  pick.placeholder = 'An existing registered model (adds a version), or type a new name';
  const existingItems = existing.map((name): NameItem => ({ label: name, description: 'existing model: adds a new version', name }));
  const update = () => {
    const typed = pick.value.trim();
    if (typed === '' || existing.includes(typed)) {
      pick.items = existingItems;
      return;
    }
    const problem = modelNameProblem(typed);
    const item: NameItem = { label: typed, description: problem ? `$(error) ${problem}` : 'new registered model', alwaysShow: true, name: typed, problem };
    pick.items = [item, ...existingItems];
  };
  update();
  return new Promise((resolve) => {
    pick.onDidChangeValue(update);
    pick.onDidAccept(() => {
      const item = pick.selectedItems[0] ?? pick.activeItems[0];
      if (!item || item.problem) return;
      resolve(item.name);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

/** Creates the registered model unless it exists, as mlflow.register_model does. */
async function ensureRegisteredModel(store: OpenedStore, name: string): Promise<void> {
  try {
    await registryWriter(store).createRegisteredModel(name);
  } catch (error) {
    if (!(error instanceof MlflowError && (error.code === 'RESOURCE_ALREADY_EXISTS' || error.code === 'ALREADY_EXISTS'))) throw error;
  }
}

async function awaitReady(store: OpenedStore, version: ModelVersion, signal: AbortSignal): Promise<ModelVersion> {
  const deadline = Date.now() + AWAIT_REGISTRATION_MS;
  let current = version;
  while (current.status === 'PENDING_REGISTRATION' && Date.now() < deadline) {
    if (signal.aborted) throw new vscode.CancellationError();
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = await store.registry.getModelVersion(version.name, version.version);
  }
  if (current.status === 'FAILED_REGISTRATION') {
    throw new UserError(`Registering ${current.name} version ${current.version} failed${current.statusMessage ? `: ${current.statusMessage}` : '.'}`);
  }
  return current;
}

/** Records the new version on the logged model; a missing logged model is only logged, as in mlflow. */
async function linkLoggedModel(session: StoreSession, store: OpenedStore, modelId: string, version: ModelVersion): Promise<void> {
  try {
    const logged = await store.tracking.getLoggedModel(modelId);
    const existing = logged.tags.find((t) => t.key === MODEL_VERSIONS_TAG)?.value;
    await store.tracking.setLoggedModelTags(modelId, [{ key: MODEL_VERSIONS_TAG, value: appendModelVersionLink(existing, version.name, version.version) }]);
  } catch (error) {
    if (!(error instanceof MlflowError && error.code === 'RESOURCE_DOES_NOT_EXIST')) throw error;
    session.log.warn(`Logged model ${modelId} is gone: version ${version.version} of ${version.name} is not recorded on it.`);
  }
}

export type RevealVersion = (name: string, version: string) => Promise<void>;

/** With no run selected (the palette, the walkthrough's button): asks for one; undefined when dismissed. */
export async function pickRunNode(session: StoreSession): Promise<RunNode | undefined> {
  const run = await pickRun(await session.requireWritable(), 'Register Model', 'The run whose model to register');
  return run ? { kind: 'run', run, childRuns: [] } : undefined;
}

export async function registerRunModel(session: StoreSession, reveal: RevealVersion, node: RunNode | LoggedModelNode | undefined, options: RegisterModelOptions = {}): Promise<ModelVersion | undefined> {
  const target = requireRunNode(node);
  const { run } = target;
  const wanted = options.model ?? (target.kind === 'loggedModel' ? target.model.modelId : undefined);
  const store = await session.requireWritable();
  const runLabel = run.info.runName || run.info.runId;
  const candidates = await withCancellableProgress(`Looking for the models of ${runLabel}…`, (signal) =>
    findRunModels(run, store.tracking, store.artifacts(run.info.artifactUri), { signal }));
  const candidate = await pickCandidate(run, candidates, wanted);
  if (!candidate) return undefined;
  const name = options.name?.trim() ?? (await askModelName(await registeredModelNames(store), `Register ${candidate.label} from ${runLabel} as`));
  if (name === undefined) return undefined;
  const problem = modelNameProblem(name);
  if (problem) throw new UserError(problem);

  const version = await withCancellableProgress(`Registering ${candidate.label} as ${name}…`, async (signal) => {
    await ensureRegisteredModel(store, name);
    // As mlflow.register_model: a runs:/ model keeps its run id; a models:/ source gets the logged model's.
    const created = await registryWriter(store).createModelVersion({
      name,
      source: candidate.source,
      runId: candidate.kind === 'artifact' ? candidate.runId : undefined,
      modelId: candidate.modelId,
    });
    return awaitReady(store, created, signal);
  });
  if (candidate.modelId) await linkLoggedModel(session, store, candidate.modelId, version);
  session.dataChanged();
  void vscode.window.showInformationMessage(`Registered ${name} version ${version.version}.`, 'Reveal in Models').then(async (choice) => {
    if (choice === 'Reveal in Models') await reveal(name, version.version);
  });
  return version;
}
