# Adds to the UI fixture store (test/vscode/fixture.py) the rows every menu entry needs a target for:
# a stale RUNNING run, a run tag and a model-version tag to delete, and a run RunLens launched
# (its command and git commit recorded) for Re-run and Show Code Diff.
# Usage: matrix_fixture.py <workspace folder> <git commit>
import json
import os
import sys

import mlflow
from mlflow.tracking import MlflowClient

folder, commit = sys.argv[1], sys.argv[2]
mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
client = MlflowClient()
experiment = client.get_experiment_by_name("iris-classifier")

stale = client.create_run(experiment.experiment_id, run_name="stale-run")

logreg = client.search_runs([experiment.experiment_id], "attributes.run_name = 'logreg-run'")[0]
client.set_tag(logreg.info.run_id, "scratch", "to be deleted")

client.set_model_version_tag("iris-model", "1", "validated", "yes")

launched = client.create_run(
    experiment.experiment_id,
    run_name="launched-run",
    tags={
        "runlens.command": "python train.py --lr 0.1",
        "mlflow.source.git.commit": commit,
        "mlflow.source.name": os.path.join(folder, "train.py"),
        "mlflow.source.type": "LOCAL",
    },
)
client.log_param(launched.info.run_id, "lr", "0.1")
client.set_terminated(launched.info.run_id, "FINISHED")

print(json.dumps({"staleRunId": stale.info.run_id, "launchedRunId": launched.info.run_id}))
