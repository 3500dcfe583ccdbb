"""Drives a tracking server with the real mlflow client and reports what it read back.

Usage: MLFLOW_TRACKING_URI=http://127.0.0.1:<port> python server_client_checks.py
Prints one JSON line with the observations the TypeScript test asserts on.
"""

import json
import warnings

import mlflow
import numpy as np
from mlflow import MlflowClient
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

warnings.filterwarnings("ignore")
client = MlflowClient()
report = {}

mlflow.set_experiment("server-checks")
X, y = load_iris(return_X_y=True)
model = LogisticRegression(max_iter=300).fit(X, y)
expected = model.predict(X[:10]).tolist()

# A logged model, loaded back through the server's artifact proxy.
with mlflow.start_run(run_name="model-roundtrip") as run:
    mlflow.log_param("max_iter", 300)
    info = mlflow.sklearn.log_model(model, name="model", input_example=X[:2])
report["model_uri"] = info.model_uri
report["predict_by_model_id"] = mlflow.sklearn.load_model(info.model_uri).predict(X[:10]).tolist() == expected
report["predict_by_runs_uri"] = mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/model").predict(X[:10]).tolist() == expected

# Registry: register, stage, alias, tags, description; load by alias.
version = mlflow.register_model(info.model_uri, "server-model")
client.transition_model_version_stage("server-model", version.version, "Staging")
client.set_registered_model_alias("server-model", "champion", version.version)
client.set_model_version_tag("server-model", version.version, "validated", "true")
client.set_registered_model_tag("server-model", "team", "vision")
client.update_registered_model("server-model", description="served by RunLens")
report["predict_by_alias"] = mlflow.sklearn.load_model("models:/server-model@champion").predict(X[:10]).tolist() == expected
by_alias = client.get_model_version_by_alias("server-model", "champion")
registered = client.get_registered_model("server-model")
report["registry"] = {
    "version": str(by_alias.version),
    "stage": by_alias.current_stage,
    "version_tags": by_alias.tags,
    "model_tags": registered.tags,
    "description": registered.description,
    "aliases": {k: str(v) for k, v in registered.aliases.items()},
    "latest_staging": [str(v.version) for v in client.get_latest_versions("server-model", stages=["Staging"])],
    "download_uri": client.get_model_version_download_uri("server-model", version.version),
}

# Nested runs, a failing run, and paging through search_runs with max_results.
experiment_id = mlflow.set_experiment("server-paging").experiment_id
with mlflow.start_run(run_name="parent") as parent:
    for i in range(25):
        with mlflow.start_run(run_name=f"child-{i:02d}", nested=True):
            mlflow.log_metric("score", i / 10)
            mlflow.log_param("index", i)
try:
    with mlflow.start_run(run_name="raises"):
        raise RuntimeError("boom")
except RuntimeError:
    pass
pages, token = [], None
while True:
    page = client.search_runs([experiment_id], "metrics.score >= 0", max_results=10, order_by=["metrics.score DESC"], page_token=token)
    pages.append([r.data.metrics["score"] for r in page])
    token = page.token
    if not token:
        break
report["pages"] = pages
children = client.search_runs([experiment_id], f"tags.mlflow.parentRunId = '{parent.info.run_id}'")
report["children"] = len(children)
failed = client.search_runs([experiment_id], "attributes.run_name = 'raises'")
report["raises_status"] = failed[0].info.status if failed else None
report["filtered"] = sorted(r.data.params["index"] for r in client.search_runs([experiment_id], "params.index LIKE '2%'"))

# Artifacts through the proxy: a text file and a folder, listed and read back.
with mlflow.start_run(run_name="artifact-files") as art_run:
    mlflow.log_text("hello from runlens", "notes/hello.txt")
    mlflow.log_dict({"a": 1}, "config.json")
report["artifacts"] = sorted(f.path for f in client.list_artifacts(art_run.info.run_id))
report["artifact_text"] = mlflow.artifacts.load_text(f"runs:/{art_run.info.run_id}/notes/hello.txt")
report["np_ok"] = bool(np.isfinite(1.0))
print(json.dumps(report))
