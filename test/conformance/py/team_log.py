"""MLflow's team setup from the client's side: the real mlflow client logs through a tracking
server whose artifact root is a bucket, so every artifact goes straight to the bucket. Then the
vendor SDK (not mlflow) reads back what is there.

Usage: python team_log.py      (MLFLOW_TRACKING_URI and the bucket's variables in the environment)

Prints one JSON line: the ids and URIs mlflow reported, and {relative key: {sha256, size}} of
every object under the run's and the logged model's artifact roots.
"""
import json
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "support", "py"))

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mlflow  # noqa: E402
from cloud_objects import snapshot  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

REGISTERED_NAME = "team-model"

mlflow.set_experiment("team-setup")
X, y = load_iris(return_X_y=True)
estimator = LogisticRegression(max_iter=200).fit(X, y)

folder = tempfile.mkdtemp()
os.makedirs(os.path.join(folder, "nested"))
with open(os.path.join(folder, "notes.txt"), "w") as f:
    f.write("written by log_artifacts\n")
with open(os.path.join(folder, "nested", "table.csv"), "w") as f:
    f.write("a,b\n1,2\n")

with mlflow.start_run() as run:
    mlflow.log_param("C", 1.0)
    mlflow.log_metric("accuracy", float(estimator.score(X, y)))
    model = mlflow.sklearn.log_model(estimator, name="model")
    figure, axes = plt.subplots(figsize=(3, 2))
    axes.plot([3, 2, 1.5, 1.2])
    mlflow.log_figure(figure, "plots/loss.png")
    mlflow.log_dict({"team": "setup", "classes": 3}, "metadata.json")
    mlflow.log_artifacts(folder, artifact_path="data")

version = mlflow.register_model(model.model_uri, REGISTERED_NAME)
client = mlflow.MlflowClient()
run_root = client.get_run(run.info.run_id).info.artifact_uri
model_root = client.get_logged_model(model.model_id).artifact_location

print(json.dumps({
    "runId": run.info.run_id,
    "experimentId": run.info.experiment_id,
    "runRoot": run_root,
    "modelId": model.model_id,
    "modelRoot": model_root,
    "registeredName": REGISTERED_NAME,
    "version": version.version,
    "versionSource": version.source,
    "downloadUri": client.get_model_version_download_uri(REGISTERED_NAME, version.version),
    "runObjects": snapshot(run_root),
    "modelObjects": snapshot(model_root),
}))
