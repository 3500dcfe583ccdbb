// "Compare Model Versions…": the two versions' source runs in Compare Runs, their model files
// (MLmodel, requirements, environments, input example) as diff editors through the read-only
// `runlens-artifact:` file system, and a diff of their summaries with their audit trails.
import * as vscode from 'vscode';
import type { ModelVersion } from '../../shared/entities.ts';
import type { OpenedStore } from '../../store/openStore.ts';
import { artifactUri } from '../artifacts/artifactCommands.ts';
import { languageForArtifact, type ArtifactLocation } from '../artifacts/artifactUri.ts';
import type { ComparePanelHandle } from '../compare/comparePanel.ts';
import { runNodes } from '../runNodes.ts';
import type { StoreSession } from '../storeSession.ts';
import { UserError } from '../userError.ts';
import { findModelFolder } from './modelFolder.ts';
import { isModelVersionNode, type ModelVersionNode } from './modelNodes.ts';
import { diffTitle, filesToCompare, orderedPair, pairLabel, sourceRunsToCompare, type VersionRef } from './versionComparison.ts';
import { versionDocumentUri } from './versionDocumentProvider.ts';
import { pickAnyVersion, pickOtherVersion, versionNodeOf } from './versionPicks.ts';

export interface VersionDiff {
  /** `MLmodel`, `requirements.txt`, … or `summary`. */
  file: string;
  title: string;
  left: string;
  right: string;
}

/** What the command opened, for tests and callers. */
export interface VersionComparison {
  left: VersionRef;
  right: VersionRef;
  /** The distinct source runs, left first. */
  runs: string[];
  /** Compare Runs, when the versions come from two different runs. */
  comparePanel?: ComparePanelHandle;
  /** The model-file diffs, in MLmodel, requirements.txt, conda.yaml, python_env.yaml, input_example.json order. */
  diffs: VersionDiff[];
  /** The two summaries (stage, aliases, source, run, timeline). */
  summary: VersionDiff;
  /** What was left out and why (also shown to the user). */
  notes: string[];
}

const ref = (v: ModelVersion): VersionRef => ({ name: v.name, version: v.version });

/** The two versions to compare: two selected rows, a row and an explicit or picked version, or two picks. */
async function chooseVersions(store: OpenedStore, node: ModelVersionNode | undefined, targets: readonly ModelVersionNode[], other: unknown): Promise<[ModelVersionNode, ModelVersionNode] | undefined> {
  if (targets.length > 2) throw new UserError(`Compare Model Versions compares two versions; ${targets.length} are selected.`);
  if (targets.length === 2) return [targets[0], targets[1]];
  const first = node ?? (await pickAnyVersion(store, 'Compare Model Versions'));
  if (!first) return undefined;
  const { name, version } = first.version;
  let second: ModelVersionNode | undefined;
  if (isModelVersionNode(other)) second = other;
  else if (typeof other === 'string') second = await versionNodeOf(store, await store.registry.getModelVersion(name, other));
  else second = await pickOtherVersion(store, first, `Compare ${name} version ${version} with…`);
  if (!second) return undefined;
  if (second.version.name === name && second.version.version === version) throw new UserError(`Pick another version than ${name} version ${version} to compare with.`);
  return [first, second];
}

/** The names in a model folder, or undefined (with a note) when it cannot be found or listed. */
async function folderNames(store: OpenedStore, version: ModelVersion, notes: string[]): Promise<{ location: ArtifactLocation; names: Set<string> } | undefined> {
  const location = await findModelFolder(store, version);
  if (!location) {
    notes.push(`The files of ${version.name} version ${version.version} are not in its source run's artifacts or a logged model (source ${version.source ?? 'unknown'}), so its model files are not compared.`);
    return undefined;
  }
  try {
    const entries = await vscode.workspace.fs.readDirectory(artifactUri(location));
    return { location, names: new Set(entries.filter(([, type]) => type !== vscode.FileType.Directory).map(([entryName]) => entryName)) };
  } catch (error) {
    notes.push(`The model folder of ${version.name} version ${version.version} could not be listed: ${(error as Error).message}`);
    return undefined;
  }
}

function fileUri(location: ArtifactLocation, file: string): vscode.Uri {
  return artifactUri({ ...location, path: location.path ? `${location.path}/${file}` : file });
}

/** Opens one diff; a file whose name says nothing (MLmodel) is given its language on both sides first. */
async function openDiff(diff: VersionDiff): Promise<void> {
  const left = vscode.Uri.parse(diff.left);
  const right = vscode.Uri.parse(diff.right);
  const language = languageForArtifact(diff.file);
  if (language && (await vscode.languages.getLanguages()).includes(language)) {
    for (const uri of [left, right]) await vscode.languages.setTextDocumentLanguage(await vscode.workspace.openTextDocument(uri), language);
  }
  await vscode.commands.executeCommand('vscode.diff', left, right, diff.title, { preview: false });
}

async function compareRuns(store: OpenedStore, runIds: string[], notes: string[]): Promise<ComparePanelHandle | undefined> {
  try {
    const nodes = await runNodes(store, runIds);
    return await vscode.commands.executeCommand<ComparePanelHandle | undefined>('runlens.compareRuns', nodes[0], nodes);
  } catch (error) {
    notes.push(`The source runs could not be compared: ${(error as Error).message}`);
    return undefined;
  }
}

export async function compareModelVersions(session: StoreSession, node: ModelVersionNode | undefined, targets: readonly ModelVersionNode[], other: unknown): Promise<VersionComparison | undefined> {
  const store = await session.requireStore();
  const chosen = await chooseVersions(store, node, targets, other);
  if (!chosen) return undefined;
  const [leftNode, rightNode] = orderedPair(chosen[0], chosen[1]);
  const left = ref(leftNode.version);
  const right = ref(rightNode.version);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Comparing ${pairLabel(left, right)}`, cancellable: true }, async (_progress, token) => {
    const notes: string[] = [];
    const runsToCompare = sourceRunsToCompare(leftNode.version, rightNode.version);
    if (runsToCompare.note) notes.push(runsToCompare.note);
    const [leftFolder, rightFolder] = await Promise.all([folderNames(store, leftNode.version, notes), folderNames(store, rightNode.version, notes)]);
    if (token.isCancellationRequested) return undefined;

    const comparePanel = runsToCompare.runIds.length === 2 ? await compareRuns(store, runsToCompare.runIds, notes) : undefined;
    const summary: VersionDiff = {
      file: 'summary',
      title: diffTitle(left, right, 'versions and audit trail'),
      left: versionDocumentUri({ kind: 'summary', ...left }).toString(),
      right: versionDocumentUri({ kind: 'summary', ...right }).toString(),
    };
    await openDiff(summary);
    // One side without a folder would show the other's files as added: compare files only with both.
    const diffs: VersionDiff[] = leftFolder && rightFolder
      ? filesToCompare(leftFolder.names, rightFolder.names).map(({ file, left: onLeft, right: onRight }) => ({
        file,
        title: diffTitle(left, right, file),
        left: (onLeft ? fileUri(leftFolder.location, file) : versionDocumentUri({ kind: 'missing', ...left, file })).toString(),
        right: (onRight ? fileUri(rightFolder.location, file) : versionDocumentUri({ kind: 'missing', ...right, file })).toString(),
      }))
      : [];
    for (const diff of diffs) {
      if (token.isCancellationRequested) break;
      await openDiff(diff);
    }
    // The MLmodel diff (flavors, signature) is the one to read first.
    if (diffs.length > 0 && !token.isCancellationRequested) await openDiff(diffs[0]);
    if (notes.length > 0) void vscode.window.showInformationMessage(notes.join(' '));
    return { left, right, runs: runsToCompare.runIds, comparePanel, diffs, summary, notes };
  });
}
