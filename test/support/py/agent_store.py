"""Writes the store the agent-tool tests ask questions of, with the real mlflow, and prints what
mlflow's own client answers to the same questions, so tests compare against mlflow, not our code.

Usage: agent_store.py <folder> [mlruns]. Into sqlite:///<folder>/mlflow.db (or mlflow's FileStore
in <folder>/mlruns), experiment "agent-sweep": six finished runs over lr x optimizer with
val_accuracy and loss histories (10 steps), one FAILED run, text/JSON/PNG artifacts on the best
run, and registered model "agent-model" with versions 1 and 2, version 1 in Staging and alias
"champion" on version 2 (in mlruns/ too: RunLens reads the file store's registry, read-only).
The best run also gets a 3,000-line log, a small binary file and a JSON with a secret-looking key.
Prints one JSON line:
  {"experimentId", "ids": {run name: id}, "bestByValAccuracy": [ids in search_runs order],
   "histories": {run name: {key: [values in step order]}}, "failed": id, "trackingUri",
   "historyStats": {run name: {key: {points, min, max, last, lastStep}}} from get_metric_history,
   "artifactSizes": {path: bytes} of the best run's files from list_artifacts,
   "spearman": {param: rho of the param against val_accuracy over the six runs} from scipy,
   "models": {name: {"aliases": {alias: version}, "versions": {version: {stage, runId, status, aliases}}}}}
"""
import io
import json
import os
import sys

import mlflow
from mlflow.tracking import MlflowClient

folder = sys.argv[1]
file_store = sys.argv[2:] == ["mlruns"]
uri = os.path.join(folder, "mlruns") if file_store else f"sqlite:///{os.path.join(folder, 'mlflow.db')}"
mlflow.set_tracking_uri(uri)
experiment_id = mlflow.set_experiment("agent-sweep").experiment_id
client = MlflowClient()

ids, histories = {}, {}
configs = [(lr, opt) for lr in ("0.1", "0.01", "0.001") for opt in ("adam", "sgd")]
for index, (lr, optimizer) in enumerate(configs):
    name = f"lr{lr}-{optimizer}"
    # A score that peaks at lr 0.01 with adam, so "the best run" is one run, not a tie.
    top = 0.95 - abs(float(lr) - 0.01) * 2 - (0.05 if optimizer == "sgd" else 0)
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_params({"lr": lr, "optimizer": optimizer, "epochs": "10", "api_token": "s3cr3t-value"})
        acc, loss = [], []
        for step in range(10):
            a = round(top * (step + 1) / 10, 4)
            l = round(1.5 - a + (0.05 if step == 7 else 0), 4)
            mlflow.log_metrics({"val_accuracy": a, "loss": l}, step=step)
            acc.append(a)
            loss.append(l)
        histories[name] = {"val_accuracy": acc, "loss": loss}
        ids[name] = run.info.run_id
        mlflow.set_tag("team", "vision")

with mlflow.start_run(run_name="crashed") as run:
    mlflow.log_param("lr", "1.0")
    failed = run.info.run_id
client.set_terminated(failed, status="FAILED")

best = [r.info.run_id for r in client.search_runs([experiment_id], order_by=["metrics.val_accuracy DESC"], max_results=10)]
best_id = best[0]
with mlflow.start_run(run_id=best_id):
    mlflow.log_text("first line\nsecond line\n", "notes/summary.txt")
    mlflow.log_dict({"classes": ["cat", "dog"], "threshold": 0.5}, "config.json")
    png = os.path.join(folder, "tiny.png")
    try:
        from PIL import Image
        Image.new("RGB", (8, 6), (200, 10, 10)).save(png)
        mlflow.log_artifact(png, "plots")
    finally:
        if os.path.exists(png):
            os.remove(png)
    mlflow.log_text("".join(f"epoch {i}: loss={1.0 / (i + 1):.6f}\n" for i in range(3000)), "logs/train.log")
    mlflow.log_dict({"db": {"password": "hunter2-secret", "host": "db.local"}}, "secrets.json")
    blob = os.path.join(folder, "weights.bin")
    with open(blob, "wb") as f:
        f.write(bytes(range(256)) * 8)
    mlflow.log_artifact(blob)
    os.remove(blob)

for run_id in best[:2]:
    with mlflow.start_run(run_id=run_id):
        mlflow.log_text("model stand-in", "model/MLmodel")
    client.create_registered_model("agent-model") if run_id == best[0] else None
    client.create_model_version("agent-model", f"runs:/{run_id}/model", run_id=run_id)
client.transition_model_version_stage("agent-model", "1", "Staging")
client.set_registered_model_alias("agent-model", "champion", "2")

history_stats = {}
for name, run_id in ids.items():
    history_stats[name] = {}
    for key in ("val_accuracy", "loss"):
        points = client.get_metric_history(run_id, key)
        latest = max(points, key=lambda m: (m.step, m.timestamp, m.value))
        values = [m.value for m in points]
        history_stats[name][key] = {"points": len(points), "min": min(values), "max": max(values), "last": latest.value, "lastStep": latest.step}


def artifact_sizes(run_id, folder=None):
    sizes = {}
    for entry in client.list_artifacts(run_id, folder):
        if entry.is_dir:
            sizes.update(artifact_sizes(run_id, entry.path))
        else:
            sizes[entry.path] = entry.file_size
    return sizes


from scipy.stats import spearmanr

finished = [name for name in ids]
accuracy = [client.get_run(ids[name]).data.metrics["val_accuracy"] for name in finished]
spearman = {"lr": float(spearmanr([float(client.get_run(ids[name]).data.params["lr"]) for name in finished], accuracy).statistic)}

models = {}
for model in client.search_registered_models():
    versions = {}
    for found in client.search_model_versions(f"name='{model.name}'"):
        # search_model_versions leaves aliases out; get_model_version has them.
        v = client.get_model_version(model.name, found.version)
        versions[str(v.version)] = {"stage": v.current_stage, "runId": v.run_id, "status": v.status, "aliases": sorted(v.aliases)}
    models[model.name] = {"aliases": {alias: str(version) for alias, version in model.aliases.items()}, "versions": versions}

print(json.dumps({
    "experimentId": experiment_id, "ids": ids, "bestByValAccuracy": best, "histories": histories, "failed": failed, "trackingUri": uri,
    "historyStats": history_stats, "artifactSizes": artifact_sizes(best_id), "spearman": spearman, "models": models,
}))
