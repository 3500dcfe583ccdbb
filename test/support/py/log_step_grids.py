"""Logs runs whose metrics sit on different step grids with the real mlflow, and prints what
mlflow's own get_metric_history answers for each, so tests derive "the value at step N" from it.

Usage: log_step_grids.py <folder> <last_step> [mlruns]. Into sqlite:///<folder>/mlflow.db (or with
"mlruns", mlflow's FileStore in <folder>/mlruns), experiment "step-grids":
  every-step  loss and accuracy at every step 0..last_step
  every-10    loss at 0, 10, 20, ... (step 50 logged twice: the later timestamp is the value)
  late-start  loss from 60% of last_step on, every 7 steps
Prints one JSON line: {"ids": {name: run_id}, "histories": {name: {key: [[step, timestamp, value]]}}}.
"""
import json
import os
import sys

import mlflow
from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

folder, last = sys.argv[1], int(sys.argv[2])
if sys.argv[3:] == ["mlruns"]:
    mlflow.set_tracking_uri(os.path.join(folder, "mlruns"))
else:
    mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
mlflow.set_experiment("step-grids")
client = MlflowClient()
BASE = 1_700_000_000_000
late = int(last * 0.6)
GRIDS = {
    "every-step": {"loss": [(s, round(2 - s / 1000, 3)) for s in range(0, last + 1)],
                   "accuracy": [(s, round(s / (2 * last), 4)) for s in range(0, last + 1)]},
    "every-10": {"loss": [(s, round(3 - s / 1000, 3)) for s in range(0, last + 1, 10)]},
    "late-start": {"loss": [(s, round(1 - s / 10000, 4)) for s in range(late, last + 1, 7)]},
}
ids = {}
histories = {}
for name, keys in GRIDS.items():
    with mlflow.start_run(run_name=name) as run:
        metrics = [Metric(key, value, BASE + step * 10, step) for key, points in keys.items() for step, value in points]
        if name == "every-10":
            # Step 50 again, later: MLflow takes the latest timestamp at one step.
            metrics.append(Metric("loss", 7.5, BASE + 999_999, 50))
        for i in range(0, len(metrics), 1000):
            client.log_batch(run.info.run_id, metrics=metrics[i:i + 1000])
        ids[name] = run.info.run_id
    histories[name] = {
        key: [[m.step, m.timestamp, m.value] for m in client.get_metric_history(ids[name], key)] for key in keys
    }
print(json.dumps({"ids": ids, "histories": histories}))
