"""Registers one model twice from two runs of a new experiment, the way users do it with mlflow:
version 1 from a run's MLmodel folder (no input example), version 2 from a logged model with an
input example. Prints the ids as JSON, for the Compare Model Versions suite."""
import json
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")
import mlflow  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

tracking_uri, experiment, model_name = sys.argv[1:4]
mlflow.set_tracking_uri(tracking_uri)
X, y = load_iris(return_X_y=True)
experiment_id = mlflow.set_experiment(experiment).experiment_id
with mlflow.start_run(run_name="compare-a") as first:
    mlflow.log_param("C", "1.0")
    saved = os.path.join(tempfile.mkdtemp(), "saved")
    mlflow.sklearn.save_model(LogisticRegression(max_iter=200).fit(X, y), saved)
    mlflow.log_artifacts(saved, artifact_path="model")
with mlflow.start_run(run_name="compare-b") as second:
    mlflow.log_param("C", "0.1")
    logged = mlflow.sklearn.log_model(LogisticRegression(C=0.1, max_iter=200).fit(X, y), name="clf", input_example=X[:2])
mlflow.register_model(f"runs:/{first.info.run_id}/model", model_name)
mlflow.register_model(logged.model_uri, model_name)
print(json.dumps({"experimentId": experiment_id, "runIds": [first.info.run_id, second.info.run_id], "loggedModelId": logged.model_id}))
