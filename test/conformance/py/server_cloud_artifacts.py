"""Logs a file, a folder and a model with the real mlflow client, then reads them back.

Usage: MLFLOW_TRACKING_URI=http://127.0.0.1:<port> python server_cloud_artifacts.py <experiment> <file> <folder> <download dir>
Where the bytes go (the server's proxy, or straight to a bucket) is the server's choice: the
experiment's artifact location decides. Prints one JSON line with what the client saw.
"""

import hashlib
import json
import os
import sys
import warnings

import mlflow
from mlflow import MlflowClient
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore")
experiment_name, data_file, data_folder, download_dir = sys.argv[1:5]
client = MlflowClient()


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def hashes_under(root):
    found = {}
    for folder, _, files in os.walk(root):
        for name in files:
            full = os.path.join(folder, name)
            found[os.path.relpath(full, root).replace(os.sep, "/")] = sha256(full)
    return found


experiment_id = mlflow.set_experiment(experiment_name).experiment_id
X, y = load_iris(return_X_y=True)
model = LogisticRegression(max_iter=300).fit(X, y)
with mlflow.start_run() as run:
    mlflow.log_artifact(data_file)
    mlflow.log_artifacts(data_folder, artifact_path="folder")
    info = mlflow.sklearn.log_model(model, name="model", pip_requirements=["scikit-learn"])

run_id = run.info.run_id
listed_root = sorted((f.path, f.is_dir) for f in client.list_artifacts(run_id))
listed_folder = sorted((f.path, f.is_dir, f.file_size) for f in client.list_artifacts(run_id, "folder"))
run_download = client.download_artifacts(run_id, "", os.path.join(download_dir, "run"))
model_download = mlflow.artifacts.download_artifacts(info.model_uri, dst_path=os.path.join(download_dir, "model"))
loaded = mlflow.sklearn.load_model(info.model_uri)

print(json.dumps({
    "experiment_id": experiment_id,
    "artifact_location": client.get_experiment(experiment_id).artifact_location,
    "run_id": run_id,
    "artifact_uri": client.get_run(run_id).info.artifact_uri,
    "model_id": info.model_id,
    "model_artifact_location": client.get_logged_model(info.model_id).artifact_location,
    "listed_root": listed_root,
    "listed_folder": listed_folder,
    "run_files": hashes_under(run_download),
    "model_files": hashes_under(model_download),
    "predicts": loaded.predict(X[:5]).tolist() == model.predict(X[:5]).tolist(),
}))
