"""MLflow's own Python client against a tracking server, for `npm run bench:remote`.

  python remote_search_runs.py serve <experiment-id> <page-size> 0
      prints {"ready": true}, then, per line read from stdin, pages MlflowClient.search_runs through
      every run of the experiment -> {"runs": n, "pages": p, "seconds": s}
      (so the caller can interleave these passes with its own on a shared, noisy machine)
  python remote_search_runs.py page <experiment-id> <page-size> <repeats>
      the first page only, after one warm-up call -> {"runs": n, "ms": [one per repeat]}
The server comes from MLFLOW_TRACKING_URI. Timings start after the imports.
"""

import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from mlflow import MlflowClient  # noqa: E402

mode, experiment_id, page_size, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
client = MlflowClient()


def all_runs():
    count, pages, token = 0, 0, None
    while True:
        page = client.search_runs([experiment_id], max_results=page_size, page_token=token)
        count += len(page)
        pages += 1
        token = page.token
        if not token:
            return count, pages


if mode == "serve":
    print(json.dumps({"ready": True}), flush=True)
    for _ in sys.stdin:
        start = time.perf_counter()
        count, pages = all_runs()
        print(json.dumps({"runs": count, "pages": pages, "seconds": time.perf_counter() - start}), flush=True)
elif mode == "page":
    client.search_runs([experiment_id], max_results=page_size)
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        page = client.search_runs([experiment_id], max_results=page_size)
        timings.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"runs": len(page), "ms": timings}))
else:
    sys.exit(f"unknown mode {mode}")
