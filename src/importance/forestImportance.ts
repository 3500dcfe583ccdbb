// Random-forest importance of feature columns, fitted with ml-random-forest. Two choices keep it
// fast and meaningful:
// - ml-cart tries every row as a split candidate and rescans the node for each (quadratic in the
//   rows at a node), so each forest is fitted on a random sample of runs (`sampleSize`), several
//   samples in turn, with a depth limit: 10k runs × 20 params fits in well under 2 s.
// - The library's featureImportance() also counts the split a depth-limited leaf computed but never
//   made, and weighs children's errors rather than the node's, so importance here is the usual mean
//   decrease in impurity (as scikit-learn's feature_importances_): each sample row is routed
//   through each fitted tree and every real split is credited with the drop in squared error it
//   makes, normalised per tree, averaged, and normalised to sum 1.
import { RandomForestRegression } from 'ml-random-forest';
import { seededRandom } from '../shared/seededRandom.ts';

export interface ForestSettings {
  /** How many random samples of the runs a forest is fitted on. */
  samples: number;
  treesPerSample: number;
  /** Runs per sample (all of them when there are fewer). */
  sampleSize: number;
  maxDepth: number;
  seed: number;
}

/** Tuned so 10k runs × 20 params takes well under 2 s (bench/insightImportance.bench.ts). */
export const TUNED_FOREST: ForestSettings = { samples: 16, treesPerSample: 1, sampleSize: 250, maxDepth: 6, seed: 15 };

interface TreeNode {
  splitColumn?: number;
  splitValue?: number;
  left?: TreeNode;
  right?: TreeNode;
}

interface FittedForest {
  estimators: { root: TreeNode }[];
  indexes: number[][];
}

/** `size` distinct row indices (a partial Fisher–Yates shuffle), or every row when there are fewer. */
function sampleRows(count: number, size: number, random: () => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  const take = Math.min(size, count);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (count - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, take);
}

function squaredError(y: readonly number[], rows: readonly number[]): number {
  let sum = 0;
  for (const r of rows) sum += y[r];
  const mean = sum / rows.length;
  let error = 0;
  for (const r of rows) error += (y[r] - mean) ** 2;
  return error;
}

/** Adds each split's drop in squared error (over the rows that reach it) to its column. */
function creditSplits(node: TreeNode, rows: readonly number[], x: readonly number[][], y: readonly number[], toColumn: readonly number[], credit: number[]): void {
  const { left, right, splitColumn, splitValue } = node;
  if (!left || !right || splitColumn === undefined || splitValue === undefined || rows.length < 2) return;
  const column = toColumn[splitColumn];
  const lesser: number[] = [];
  const greater: number[] = [];
  for (const r of rows) (x[r][column] < splitValue ? lesser : greater).push(r);
  if (lesser.length === 0 || greater.length === 0) return;
  credit[column] += squaredError(y, rows) - squaredError(y, lesser) - squaredError(y, greater);
  creditSplits(left, lesser, x, y, toColumn, credit);
  creditSplits(right, greater, x, y, toColumn, credit);
}

function normalised(values: number[]): number[] {
  const total = values.reduce((s, v) => s + Math.max(0, v), 0);
  return total > 0 ? values.map((v) => Math.max(0, v) / total) : values.map(() => 0);
}

/** Importance per column of `x` (summing to 1; all 0 when no split helps, e.g. a constant metric). */
export function forestImportance(x: readonly number[][], y: readonly number[], settings: ForestSettings = TUNED_FOREST): number[] {
  const columns = x[0]?.length ?? 0;
  const total = new Array<number>(columns).fill(0);
  if (x.length < 2 || columns === 0) return total;
  const random = seededRandom(settings.seed);
  for (let s = 0; s < settings.samples; s++) {
    const rows = sampleRows(x.length, settings.sampleSize, random);
    const forest = new RandomForestRegression({
      nEstimators: settings.treesPerSample,
      maxFeatures: 1.0,
      useSampleBagging: true,
      noOOB: true,
      seed: Math.floor(random() * 2 ** 31),
      treeOptions: { maxDepth: settings.maxDepth },
    });
    forest.train(rows.map((r) => x[r] as number[]), rows.map((r) => y[r]));
    const fitted = forest as unknown as FittedForest;
    fitted.estimators.forEach((tree, t) => {
      const credit = new Array<number>(columns).fill(0);
      creditSplits(tree.root, rows, x, y, fitted.indexes[t], credit);
      normalised(credit).forEach((v, c) => {
        total[c] += v;
      });
    });
  }
  return normalised(total);
}
