"""Prints, as JSON, runs as the real mlflow reads them: {run_id: {...}} for each id given.

Usage: python read_run.py <sqlite-tracking-uri> <run-id> [<run-id> ...]

Besides what MlflowClient returns, "nameColumn" is the raw runs.name value, because mlflow keeps
the run name in both that column and the mlflow.runName tag.
"""
import json
import sqlite3
import sys

import mlflow

uri, run_ids = sys.argv[1], sys.argv[2:]
client = mlflow.MlflowClient(tracking_uri=uri)
database = sqlite3.connect(uri.removeprefix("sqlite:///"))

runs = {}
for run_id in run_ids:
    run = client.get_run(run_id)
    (name_column,) = database.execute("SELECT name FROM runs WHERE run_uuid = ?", (run_id,)).fetchone()
    runs[run_id] = {
        "runName": run.info.run_name,
        "nameColumn": name_column,
        "status": run.info.status,
        "endTime": run.info.end_time,
        "lifecycleStage": run.info.lifecycle_stage,
        "artifactUri": run.info.artifact_uri,
        "tags": run.data.tags,
    }
print(json.dumps(runs))
