"""Logs one run through a token-protected server with whatever credentials the environment gives
(MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD), then reads it back.

Prints one JSON line: {"ok": true, "param", "metric", "artifacts"} or {"ok": false, "status", "error"}.
"""

import json
import os
import sys
import tempfile

import mlflow
from mlflow.exceptions import MlflowException

try:
    mlflow.set_experiment("token-check")
    with mlflow.start_run() as run:
        mlflow.log_param("lr", "0.1")
        mlflow.log_metric("loss", 0.5)
        with tempfile.TemporaryDirectory() as folder:
            note = os.path.join(folder, "note.txt")
            with open(note, "w") as f:
                f.write("through the proxy")
            mlflow.log_artifact(note)
    client = mlflow.MlflowClient()
    data = client.get_run(run.info.run_id).data
    artifacts = [a.path for a in client.list_artifacts(run.info.run_id)]
    print(json.dumps({"ok": True, "param": data.params["lr"], "metric": data.metrics["loss"], "artifacts": artifacts}))
except MlflowException as error:
    print(json.dumps({"ok": False, "status": error.get_http_status_code(), "error": error.error_code}))
    sys.exit(0)
