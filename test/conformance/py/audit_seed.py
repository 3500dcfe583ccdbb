"""Logs one small sklearn model in a run, for the audit-trail tests to register.

Usage: MLFLOW_TRACKING_URI=<uri> python audit_seed.py
Prints one JSON line: {"run_id", "model_id", "user", "predictions"}; "user" is the run's
mlflow.user tag (from LOGNAME, as the fluent client takes it).
"""

import json
import warnings

import mlflow
from mlflow import MlflowClient
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore")
mlflow.set_experiment("audit-trail")
X, y = load_iris(return_X_y=True)
model = LogisticRegression(max_iter=300).fit(X, y)
with mlflow.start_run(run_name="audited-training") as run:
    info = mlflow.sklearn.log_model(model, name="model")
tags = MlflowClient().get_run(run.info.run_id).data.tags
print(json.dumps({
    "run_id": run.info.run_id,
    "model_id": info.model_id,
    "user": tags.get("mlflow.user"),
    "predictions": model.predict(X[:10]).tolist(),
}))
