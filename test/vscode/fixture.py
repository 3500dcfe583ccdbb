"""Fills a workspace's mlflow.db through the real mlflow and prints, as JSON, what mlflow reads back.

The extension tests in real VS Code open this workspace and compare what RunLens shows with
these facts, so every expectation comes from mlflow itself, not from RunLens.
"""
import json
import os
import shutil
import sys
import tempfile
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import mlflow  # noqa: E402
from mlflow.entities import ViewType  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

warnings.filterwarnings("ignore")
folder = sys.argv[1]
os.chdir(folder)
mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
client = mlflow.MlflowClient()
START = 1768467600000  # 2026-01-15 09:00 UTC


def log_scores(index):
    for step in range(3):
        mlflow.log_metric("loss", 1 / (step + index + 1), step=step, timestamp=START + step * 1000)
    mlflow.log_metric("accuracy", 0.8 + index / 100, step=0, timestamp=START)


def write(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def log_files(model_name, index, staging):
    write(os.path.join(staging, "notes.txt"), f"{model_name}: trained on iris, seed {index}\n")
    write(os.path.join(staging, "metrics.json"), json.dumps({"accuracy": 0.8 + index / 100, "model": model_name}, indent=2) + "\n")
    mlflow.log_artifact(os.path.join(staging, "notes.txt"))
    mlflow.log_artifact(os.path.join(staging, "metrics.json"))


staging = tempfile.mkdtemp(prefix="runlens-fixture-staging-")
X, y = load_iris(return_X_y=True)

mlflow.set_experiment("iris-classifier")
client.set_experiment_tag(mlflow.get_experiment_by_name("iris-classifier").experiment_id, "team", "vision")
model_run_id = None
for index, model_name in enumerate(["logreg", "forest"]):
    with mlflow.start_run(run_name=f"{model_name}-run", tags={"model": model_name, "stage": "fixture"}) as run:
        mlflow.log_params({"model": model_name, "seed": str(index)})
        log_scores(index)
        log_files(model_name, index, os.path.join(staging, model_name))
        if model_name == "forest":
            model_run_id = run.info.run_id
            figure, axes = plt.subplots(figsize=(2, 2))
            axes.imshow([[5, 1], [0, 6]], cmap="Blues")
            png = os.path.join(staging, "confusion.png")
            figure.savefig(png)
            mlflow.log_artifact(png, artifact_path="plots")
            estimator = LogisticRegression(max_iter=200).fit(X, y)
            saved = os.path.join(staging, "saved-model")
            mlflow.sklearn.save_model(estimator, saved)
            mlflow.log_artifacts(saved, artifact_path="model")
            logged = mlflow.sklearn.log_model(estimator, name="iris-logged")

with mlflow.start_run(run_name="sweep") as parent:
    mlflow.log_param("search", "grid")
    for lr in ["0.1", "0.01"]:
        with mlflow.start_run(run_name=f"sweep-lr-{lr}", nested=True):
            mlflow.log_param("lr", lr)
            mlflow.log_metric("loss", float(lr), step=0)

mlflow.set_experiment("house-prices")
for index, model_name in enumerate(["ridge", "lasso", "gbm"]):
    with mlflow.start_run(run_name=f"{model_name}-run", tags={"model": model_name}):
        mlflow.log_params({"model": model_name, "seed": str(index)})
        log_scores(index)
with mlflow.start_run(run_name="abandoned-run") as abandoned:
    mlflow.log_param("model", "none")
client.delete_run(abandoned.info.run_id)

first = mlflow.register_model(f"runs:/{model_run_id}/model", "iris-model")
mlflow.register_model(logged.model_uri, "iris-model")
client.set_registered_model_alias("iris-model", "champion", first.version)
client.transition_model_version_stage("iris-model", first.version, "Production")
client.update_registered_model("iris-model", description="Classifies iris flowers.")

scratch = client.create_experiment("scratch-deleted")
client.delete_experiment(scratch)

experiments = {}
for experiment in client.search_experiments(view_type=ViewType.ACTIVE_ONLY):
    runs = client.search_runs([experiment.experiment_id], run_view_type=ViewType.ALL, max_results=1000)
    experiments[experiment.name] = {
        "experimentId": experiment.experiment_id,
        "runs": {
            r.info.run_name: {
                "runId": r.info.run_id,
                "status": r.info.status,
                "lifecycleStage": r.info.lifecycle_stage,
                "artifactUri": r.info.artifact_uri,
                "parentRunId": r.data.tags.get("mlflow.parentRunId"),
                "params": r.data.params,
                "metrics": r.data.metrics,
                "tags": {k: v for k, v in r.data.tags.items() if not k.startswith("mlflow.")},
                "systemTags": {k: v for k, v in r.data.tags.items() if k.startswith("mlflow.")},
            }
            for r in runs
        },
    }
models = []
for model in client.search_registered_models():
    versions = client.search_model_versions(f"name = '{model.name}'")
    models.append({
        "name": model.name,
        "description": model.description,
        "aliases": {alias: str(version) for alias, version in model.aliases.items()},
        "versions": sorted(
            ({"version": str(v.version), "stage": v.current_stage, "source": v.source, "runId": v.run_id, "modelId": getattr(v, "model_id", None)} for v in versions),
            key=lambda v: int(v["version"]),
        ),
    })
shutil.rmtree(staging, ignore_errors=True)
facts = {"experiments": experiments, "models": models, "modelRunId": model_run_id, "loggedModelId": logged.model_id}
# The runs mlflow's own search ranks first by accuracy across the active experiments (what "the best run" means).
active_ids = [e["experimentId"] for e in experiments.values()]
facts["bestByAccuracy"] = [r.info.run_id for r in client.search_runs(active_ids, order_by=["metrics.accuracy DESC"], max_results=5)]
print(json.dumps(facts))
