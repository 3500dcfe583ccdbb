// Writes a small but realistic demo into <workspace>/mlflow.db through RunLens's own SQLite store,
// for machines without a Python that has mlflow. Artifacts use `mlflow-artifacts:/` roots kept in
// <workspace>/mlartifacts/, as runs logged through `runlens server` do, so the folder can move.
//   node scripts/demo/writeDemoStore.ts <workspace>
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Metric, Param, RunStatus, Tag } from '../../src/shared/entities.ts';
import { openSqliteStore, type SqliteStores } from '../../src/store/sqlite/openSqliteStore.ts';
import { lineChartPng } from './tinyPng.ts';

const ARTIFACT_ROOT = 'mlflow-artifacts:/';
const USER = 'demo';
const EPOCHS = 30;

/** Deterministic noise, so every demo store has the same numbers. */
function noiseFrom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
}

const tags = (record: Record<string, string>): Tag[] => Object.entries(record).map(([key, value]) => ({ key, value }));
const params = (record: Record<string, string | number>): Param[] => Object.entries(record).map(([key, value]) => ({ key, value: String(value) }));

function artifactDir(workspace: string, artifactUri: string): string {
  const relative = artifactUri.replace(/^mlflow-artifacts:\/*/u, '');
  return path.join(workspace, 'mlartifacts', ...relative.split('/'));
}

function writeArtifact(workspace: string, artifactUri: string, file: string, content: string | Buffer): void {
  const target = path.join(artifactDir(workspace, artifactUri), file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

interface Curve {
  loss: number[];
  valLoss: number[];
  accuracy: number[];
}

/** Loss that decays at a rate set by the learning rate, plus noise; accuracy follows it. */
function trainingCurve(learningRate: number, seed: number, epochs: number): Curve {
  const noise = noiseFrom(seed);
  const curve: Curve = { loss: [], valLoss: [], accuracy: [] };
  for (let epoch = 0; epoch < epochs; epoch++) {
    const progress = 1 - Math.exp(-epoch * learningRate * 12);
    const loss = 1.1 - 0.95 * progress + 0.03 * noise();
    curve.loss.push(Number(loss.toFixed(4)));
    curve.valLoss.push(Number((loss + 0.05 + 0.04 * progress + 0.03 * noise()).toFixed(4)));
    curve.accuracy.push(Number(Math.min(0.99, 0.35 + 0.6 * progress + 0.02 * noise()).toFixed(4)));
  }
  return curve;
}

function curveMetrics(curve: Curve, startTime: number): Metric[] {
  return curve.loss.flatMap((loss, step) => {
    const timestamp = startTime + (step + 1) * 1500;
    return [
      { key: 'loss', value: loss, timestamp, step },
      { key: 'val_loss', value: curve.valLoss[step], timestamp, step },
      { key: 'accuracy', value: curve.accuracy[step], timestamp, step },
    ];
  });
}

async function finish(stores: SqliteStores, runId: string, status: RunStatus, endTime: number): Promise<void> {
  await stores.tracking.updateRun(runId, { status, endTime });
}

async function writeTrainingExperiment(stores: SqliteStores, workspace: string, now: number): Promise<{ bestRunId: string; secondRunId: string; artifactUris: Map<string, string> }> {
  const experimentId = await stores.tracking.createExperiment('demo-training', undefined, tags({
    'mlflow.note.content': 'Three learning rates for the same small network; the middle one wins.',
    project: 'runlens-demo',
  }));
  const artifactUris = new Map<string, string>();
  const runIds: string[] = [];
  const learningRates = [0.003, 0.01, 0.1];
  for (const [index, learningRate] of learningRates.entries()) {
    const startTime = now - (3 - index) * 15 * 60_000;
    const run = await stores.tracking.createRun({
      experimentId, userId: USER, startTime, runName: `lr-${learningRate}`,
      tags: tags({ 'mlflow.source.name': 'train.py', 'mlflow.source.type': 'LOCAL', 'mlflow.user': USER, dataset: 'iris', framework: 'numpy' }),
    });
    const { runId, artifactUri } = run.info;
    runIds.push(runId);
    artifactUris.set(runId, artifactUri);
    // The largest rate diverges: its run fails half-way, like a NaN loss would stop training.
    const diverges = learningRate >= 0.1;
    const epochs = diverges ? 12 : EPOCHS;
    const curve = trainingCurve(diverges ? 0.004 : learningRate, 7 + index, epochs);
    if (diverges) curve.loss[epochs - 1] = Number.NaN;
    await stores.tracking.logBatch(runId, {
      params: params({ learning_rate: learningRate, epochs: EPOCHS, optimizer: 'adam', batch_size: 32, hidden_units: 64 }),
      metrics: curveMetrics(curve, startTime),
      tags: tags({ 'mlflow.note.content': `Adam, learning rate ${learningRate}, ${EPOCHS} epochs.` }),
    });
    const final = { loss: curve.loss.at(-1), val_loss: curve.valLoss.at(-1), accuracy: curve.accuracy.at(-1), epochs_run: epochs };
    writeArtifact(workspace, artifactUri, 'metrics.json', `${JSON.stringify(final, null, 2)}\n`);
    writeArtifact(workspace, artifactUri, 'notes.txt', `learning rate ${learningRate}\n${diverges ? 'loss became NaN at the last epoch; stopped\n' : 'converged\n'}`);
    writeArtifact(workspace, artifactUri, 'plots/loss.png', lineChartPng([
      { values: curve.loss.filter(Number.isFinite), color: [31, 119, 180] },
      { values: curve.valLoss.filter(Number.isFinite), color: [255, 127, 14] },
    ]));
    if (!diverges) {
      writeArtifact(workspace, artifactUri, 'model/MLmodel', [
        `artifact_path: model`, `flavors:`, `  python_function:`, `    loader_module: demo_model`, `    python_version: 3.11.0`,
        `run_id: ${runId}`, `utc_time_created: '${new Date(startTime).toISOString().replace('T', ' ').replace('Z', '')}'`, '',
      ].join('\n'));
      writeArtifact(workspace, artifactUri, 'model/weights.json', `${JSON.stringify({ learning_rate: learningRate, layers: [4, 64, 3] })}\n`);
    }
    await finish(stores, runId, diverges ? 'FAILED' : 'FINISHED', startTime + epochs * 1500 + 2000);
  }
  return { bestRunId: runIds[1], secondRunId: runIds[0], artifactUris };
}

async function writeSweepExperiment(stores: SqliteStores, now: number): Promise<void> {
  const experimentId = await stores.tracking.createExperiment('demo-sweep', undefined, tags({ project: 'runlens-demo' }));
  const startTime = now - 40 * 60_000;
  const parent = await stores.tracking.createRun({
    experimentId, userId: USER, startTime, runName: 'sweep',
    tags: tags({ 'mlflow.source.name': 'sweep.py', 'mlflow.source.type': 'LOCAL', 'mlflow.user': USER }),
  });
  const noise = noiseFrom(99);
  let best = { score: -1, C: 0, maxIter: 0 };
  let childStart = startTime + 1000;
  for (const C of [0.1, 1, 10]) {
    for (const maxIter of [50, 200]) {
      const child = await stores.tracking.createRun({
        experimentId, userId: USER, startTime: childStart, runName: `C=${C} max_iter=${maxIter}`,
        tags: tags({ 'mlflow.parentRunId': parent.info.runId, 'mlflow.source.name': 'sweep.py', 'mlflow.source.type': 'LOCAL', 'mlflow.user': USER }),
      });
      const score = Number((0.82 + 0.05 * Math.log10(C * 10) + (maxIter > 100 ? 0.02 : 0) + 0.02 * noise()).toFixed(4));
      await stores.tracking.logBatch(child.info.runId, {
        params: params({ C, max_iter: maxIter, solver: 'lbfgs' }),
        metrics: [
          { key: 'val_accuracy', value: score, timestamp: childStart + 800, step: 0 },
          { key: 'fit_seconds', value: Number((0.1 + maxIter / 400 + 0.05 * noise()).toFixed(3)), timestamp: childStart + 800, step: 0 },
        ],
      });
      await finish(stores, child.info.runId, 'FINISHED', childStart + 1000);
      if (score > best.score) best = { score, C, maxIter };
      childStart += 1200;
    }
  }
  await stores.tracking.logBatch(parent.info.runId, {
    params: params({ grid: 'C x max_iter', points: 6 }),
    metrics: [{ key: 'best_val_accuracy', value: best.score, timestamp: childStart, step: 0 }],
    tags: tags({ best_C: String(best.C), best_max_iter: String(best.maxIter) }),
  });
  await finish(stores, parent.info.runId, 'FINISHED', childStart + 200);
}

async function writeRegistry(stores: SqliteStores, runs: { bestRunId: string; secondRunId: string; artifactUris: Map<string, string> }): Promise<void> {
  const name = 'demo-classifier';
  await stores.registry.createRegisteredModel(name, tags({ team: 'runlens-demo' }), 'Classifier trained in the demo-training experiment.');
  const register = (runId: string, description: string) => stores.registry.createModelVersion({
    name, source: `${runs.artifactUris.get(runId)}/model`, runId, description, tags: tags({ validated: 'true' }),
  });
  const first = await register(runs.secondRunId, 'Learning rate 0.003: first candidate.');
  await stores.registry.transitionModelVersionStage(name, first.version, 'Staging', false);
  const second = await register(runs.bestRunId, 'Learning rate 0.01: best validation loss.');
  await stores.registry.transitionModelVersionStage(name, first.version, 'Production', false);
  await stores.registry.transitionModelVersionStage(name, second.version, 'Production', true);
  await stores.registry.setRegisteredModelAlias(name, 'champion', second.version);
  await stores.registry.setRegisteredModelAlias(name, 'previous', first.version);
}

async function main(workspace: string | undefined): Promise<void> {
  if (!workspace) throw new Error('usage: node scripts/demo/writeDemoStore.ts <workspace>');
  const stores = openSqliteStore(path.join(path.resolve(workspace), 'mlflow.db'), { defaultArtifactRoot: ARTIFACT_ROOT });
  try {
    const now = Date.now();
    const runs = await writeTrainingExperiment(stores, path.resolve(workspace), now);
    await writeSweepExperiment(stores, now);
    await writeRegistry(stores, runs);
    const experiments = await stores.tracking.searchExperiments({ maxResults: 100 });
    console.log(`wrote ${experiments.items.map((e) => e.name).join(', ')} and the registered model demo-classifier`);
  } finally {
    stores.close();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
