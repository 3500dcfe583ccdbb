// One ingest client for the crash test: log-batch requests in a loop, printing each acknowledged batch.
// Usage: node ingestWorker.ts <server-url> <run-id> <worker-id> <batches>
const [url, runId, worker, batches] = process.argv.slice(2);

for (let batch = 0; batch < Number(batches); batch++) {
  const metrics = Array.from({ length: 100 }, (_, i) => ({ key: `w${worker}`, value: batch + i / 100, timestamp: batch, step: batch * 100 + i }));
  try {
    const response = await fetch(`${url}/api/2.0/mlflow/runs/log-batch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ run_id: runId, metrics }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200) break;
    await response.arrayBuffer();
    process.stdout.write(`ack ${batch}\n`);
  } catch {
    break; // the server is gone
  }
}
