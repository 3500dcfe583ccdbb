// RunLens's side of bench:store's search, the twin of bench/py/search_runs_timing.py: run as a
// fresh process, same arguments, same JSON line, timings after the imports.
//   node searchRunsTiming.ts <db-file> <experiment-id> <filter> <order-by> <max-results> <repeats>
// cold_construct_ms is openSqliteStore (read-only), cold_first_ms its first searchRuns (empty
// caches: answered by SQL), warm_ms each repeat after it (the second ask builds the in-memory
// columns, later ones read them).
import { openSqliteStore } from '../../src/store/sqlite/openSqliteStore.ts';

const [file, experimentId, filter, orderBy, maxResults, repeats] = process.argv.slice(2);
const query = { experimentIds: [experimentId], filter: filter || undefined, orderBy: orderBy ? [orderBy] : undefined, maxResults: Number(maxResults) };

let start = performance.now();
const store = openSqliteStore(file, { readonly: true });
const constructMs = performance.now() - start;
try {
  start = performance.now();
  const first = await store.tracking.searchRuns(query);
  const firstMs = performance.now() - start;
  const warmMs: number[] = [];
  let page = first;
  for (let i = 0; i < Number(repeats); i++) {
    start = performance.now();
    page = await store.tracking.searchRuns(query);
    warmMs.push(performance.now() - start);
  }
  const sorted = [...warmMs].sort((a, b) => a - b);
  console.log(JSON.stringify({
    cold_construct_ms: constructMs,
    cold_first_ms: firstMs,
    first_run_ids: first.items.map((r) => r.info.runId),
    warm_ms: warmMs,
    p50_ms: sorted[Math.floor(sorted.length / 2)] ?? null,
    min_ms: sorted[0] ?? null,
    run_ids: page.items.map((r) => r.info.runId),
  }));
} finally {
  store.close();
}
