"""Prints, as JSON, one run as the real mlflow reads it: by id, or the newest run of an experiment.

Usage: python launched_run.py <tracking-uri> <run-id | experiment:NAME>
"""
import json
import sys

import mlflow

uri, which = sys.argv[1], sys.argv[2]
client = mlflow.MlflowClient(tracking_uri=uri)
if which.startswith("experiment:"):
    experiment = client.get_experiment_by_name(which.split(":", 1)[1])
    run = client.search_runs([experiment.experiment_id], max_results=1)[0]
else:
    run = client.get_run(which)


def artifact_paths(path=None):
    found = []
    for entry in client.list_artifacts(run.info.run_id, path):
        found.extend(artifact_paths(entry.path) if entry.is_dir else [entry.path])
    return found


print(json.dumps({
    "runId": run.info.run_id,
    "experimentId": run.info.experiment_id,
    "status": run.info.status,
    "endTime": run.info.end_time,
    "params": run.data.params,
    "metricKeys": sorted(run.data.metrics),
    "tags": run.data.tags,
    "artifacts": sorted(artifact_paths()),
    "runsInExperiment": len(client.search_runs([run.info.experiment_id], max_results=1000)),
}))
