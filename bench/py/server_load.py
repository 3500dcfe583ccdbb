"""Client workloads for `npm run bench:server`, run with the real mlflow client.

  python server_load.py batch  <experiment_id> <runs> <metrics-per-batch>   -> {"points": n, "start": t0, "end": t1}
  python server_load.py single <experiment_id> <calls>                      -> {"p50_ms", "p99_ms"}
  python server_load.py search <experiment_id> <filter> <order_by> <repeats> -> {"p50_ms", "count"}
The server comes from MLFLOW_TRACKING_URI.
"""

import json
import statistics
import sys
import time
import warnings

from mlflow import MlflowClient
from mlflow.entities import Metric

warnings.filterwarnings("ignore")
client = MlflowClient()
mode, experiment_id = sys.argv[1], sys.argv[2]

if mode == "batch":
    runs, per_batch = int(sys.argv[3]), int(sys.argv[4])
    start = time.time()  # wall clock, after imports: the spans of all processes are combined
    for r in range(runs):
        run = client.create_run(experiment_id)
        now = int(time.time() * 1000)
        metrics = [Metric(f"m{i % 10}", float(i), now, i) for i in range(per_batch)]
        client.log_batch(run.info.run_id, metrics=metrics)
        client.set_terminated(run.info.run_id)
    print(json.dumps({"points": runs * per_batch, "start": start, "end": time.time()}))
elif mode == "single":
    calls = int(sys.argv[3])
    run = client.create_run(experiment_id)
    timings = []
    for i in range(calls):
        start = time.perf_counter()
        client.log_metric(run.info.run_id, "latency", float(i), step=i)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(json.dumps({"p50_ms": statistics.median(timings), "p99_ms": timings[int(len(timings) * 0.99) - 1]}))
elif mode == "search":
    filter_string, order_by, repeats = sys.argv[3], sys.argv[4], int(sys.argv[5])
    client.search_runs([experiment_id], filter_string, max_results=100, order_by=[order_by])
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        page = client.search_runs([experiment_id], filter_string, max_results=100, order_by=[order_by])
        timings.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"p50_ms": statistics.median(timings), "count": len(page)}))
else:
    sys.exit(f"unknown mode {mode}")
