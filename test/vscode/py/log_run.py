"""Logs one small run with the plain mlflow client into MLFLOW_TRACKING_URI and prints it as JSON.

Usage: MLFLOW_TRACKING_URI=http://127.0.0.1:PORT python log_run.py <experiment-name>
"""
import json
import sys

import mlflow

mlflow.set_experiment(sys.argv[1])
with mlflow.start_run(run_name="logged-through-server") as run:
    mlflow.log_param("alpha", "0.5")
    for step in range(3):
        mlflow.log_metric("loss", 1.0 / (step + 1), step=step)
    mlflow.set_tag("source", "log_run.py")

print(json.dumps({"runId": run.info.run_id, "experimentId": run.info.experiment_id, "trackingUri": mlflow.get_tracking_uri()}))
