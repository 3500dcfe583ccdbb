// Spearman's rank correlation (issue 15, item 3: which parameters matter): Pearson's correlation
// of the ranks, ties sharing their average rank. Pure, so a worker and the tests share it.

/** 1-based ranks with ties given the mean of the ranks they span. */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i].index] = rank;
    start = end + 1;
  }
  return ranks;
}

function pearson(x: readonly number[], y: readonly number[]): number | undefined {
  const n = x.length;
  const meanX = x.reduce((s, v) => s + v, 0) / n;
  const meanY = y.reduce((s, v) => s + v, 0) / n;
  let cov = 0;
  let varX = 0;
  let varY = 0;
  for (let i = 0; i < n; i++) {
    cov += (x[i] - meanX) * (y[i] - meanY);
    varX += (x[i] - meanX) ** 2;
    varY += (y[i] - meanY) ** 2;
  }
  return varX === 0 || varY === 0 ? undefined : cov / Math.sqrt(varX * varY);
}

/**
 * Spearman's rho over the pairs where both values are finite; undefined with fewer than three
 * such pairs or when either side is constant (no ranking to correlate).
 */
export function spearman(x: readonly number[], y: readonly number[]): number | undefined {
  const pairs: [number, number][] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) pairs.push([x[i], y[i]]);
  }
  if (pairs.length < 3) return undefined;
  return pearson(averageRanks(pairs.map((p) => p[0])), averageRanks(pairs.map((p) => p[1])));
}
