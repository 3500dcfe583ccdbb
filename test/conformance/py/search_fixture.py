"""Builds a varied search fixture with the real mlflow and answers search cases on it.

Usage: python search_fixture.py <dir> <cases.json>
Writes <dir>/mlflow.db (sqlite:///), then prints one JSON line:
  {"run_ids": {alias: id}, "runs": [...], "experiments": [...], "registered_models": [...],
   "answers": {"runs": [...], "experiments": [...], "registered_models": [...], "model_versions": [...]}}
Each answer is {"ids": [...]} or {"error_code": "..."}. Entities are dumped in RunLens's camelCase
shapes; NaN metric values are written as the string "NaN" (JSON has no NaN).
Placeholders {alias} in run filters are replaced with that run's id.
"""

import json
import math
import os
import sys
import warnings

warnings.filterwarnings("ignore")

directory, cases_file = sys.argv[1], sys.argv[2]
os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{os.path.join(directory, 'mlflow.db')}"

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag, ViewType  # noqa: E402
from mlflow.entities.model_registry import RegisteredModelTag  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

client = MlflowClient()
exp_a = client.create_experiment("search-a", tags={"team": "nlp"})
exp_b = client.create_experiment("search-b", tags={"team": "vision", "area": "cv"})
exp_other = client.create_experiment("Other")
exp_gone = client.create_experiment("gone")

# alias: (experiment, name, start, status, end, params, metrics, tags)
RUNS = [
    ("r1", exp_a, "alpha-1", 1000, "FINISHED", 2000, {"lr": "0.1", "opt": "adam"}, {"acc": 0.9, "loss": 0.3}, {"team": "nlp"}),
    ("r2", exp_a, "alpha-2", 2000, "FAILED", 2500, {"lr": "0.01", "opt": "sgd"}, {"acc": 0.7, "loss": math.nan}, {"team": "vision"}),
    ("r3", exp_a, "Beta", 3000, "RUNNING", None, {"lr": "0.1", "opt": "Adam"}, {"loss": 0.5}, {"team": "NLP"}),
    ("r4", exp_a, "beta_2", 3000, "KILLED", 3500, {"lr": "0.001"}, {"acc": 0.7, "loss": 0.1}, {"my tag": "x"}),
    ("r5", exp_a, "gamma", 5000, "FINISHED", 5100, {"lr-rate": "3"}, {"acc": math.nan, "f1 score": 0.5}, {"team": "nlp"}),
    ("r6", exp_a, "deleted-run", 6000, "FINISHED", 6100, {"lr": "0.5"}, {"acc": 0.95}, {}),
    ("r7", exp_b, "delta", 7000, "FINISHED", 7200, {"lr": "0.1", "opt": "adam"}, {"acc": 0.8, "loss": 0.2}, {"team": "vision"}),
    ("r8", exp_b, "epsilon", 500, "SCHEDULED", None, {"opt": "rmsprop"}, {"acc": -1.5, "loss": 2.0}, {}),
    ("r9", exp_other, "zeta", 3000, "FINISHED", 3300, {"lr": "0.2"}, {"acc": 0.85}, {"team": "nlp"}),
]

run_ids = {}
for alias, experiment, name, start, status, end, params, metrics, tags in RUNS:
    run = client.create_run(experiment, start_time=start, run_name=name)
    run_id = run.info.run_id
    run_ids[alias] = run_id
    client.log_batch(
        run_id,
        metrics=[Metric(k, v, 10, 0) for k, v in metrics.items()],
        params=[Param(k, v) for k, v in params.items()],
        tags=[RunTag(k, v) for k, v in tags.items()],
    )
    if status != "RUNNING":
        client.set_terminated(run_id, status=status, end_time=end)
client.delete_run(run_ids["r6"])
client.log_inputs(run_ids["r7"], datasets=[DatasetInput(Dataset("train-ds", "abc123", "local", "/data/train"), tags=[InputTag("mlflow.data.context", "training")])])
client.log_inputs(run_ids["r1"], datasets=[DatasetInput(Dataset("eval-ds", "def456", "local", "/data/eval"), tags=[InputTag("mlflow.data.context", "eval")])])
client.delete_experiment(exp_gone)

client.create_registered_model("model-a", tags={"stage": "prod"})
client.create_registered_model("model-b", tags={"stage": "dev"})
client.create_registered_model("Model-C")
# The client refuses prompt tags on models, so the prompt is tagged through the store underneath.
client.create_registered_model("prompt-x")
client._get_registry_client().store.set_registered_model_tag("prompt-x", RegisteredModelTag("mlflow.prompt.is_prompt", "true"))
client.set_registered_model_tag("model-b", "owner", "ann")
for model, run_alias in (("model-a", "r1"), ("model-a", "r2"), ("model-b", "r7")):
    client.create_model_version(model, f"/models/{run_alias}", run_id=run_ids[run_alias], tags={"origin": run_alias})


def number(value):
    return "NaN" if isinstance(value, float) and math.isnan(value) else value


def dump_run(run):
    info = run.info
    return {
        "info": {
            "runId": info.run_id, "runName": info.run_name, "experimentId": info.experiment_id,
            "userId": info.user_id, "status": info.status, "startTime": info.start_time,
            "endTime": info.end_time, "artifactUri": info.artifact_uri, "lifecycleStage": info.lifecycle_stage,
        },
        "data": {
            "metrics": [{"key": k, "value": number(v), "timestamp": 10, "step": 0} for k, v in run.data.metrics.items()],
            "params": [{"key": k, "value": v} for k, v in run.data.params.items()],
            "tags": [{"key": k, "value": v} for k, v in run.data.tags.items()],
        },
        "inputs": {
            "datasetInputs": [
                {
                    "tags": [{"key": t.key, "value": t.value} for t in d.tags],
                    "dataset": {"name": d.dataset.name, "digest": d.dataset.digest, "sourceType": d.dataset.source_type, "source": d.dataset.source},
                }
                for d in (run.inputs.dataset_inputs if run.inputs else [])
            ],
            "modelInputs": [],
        },
        "outputs": {"modelOutputs": []},
    }


all_experiments = client.search_experiments(view_type=ViewType.ALL)
experiment_ids = [e.experiment_id for e in all_experiments]
runs = client.search_runs(experiment_ids, run_view_type=ViewType.ALL, max_results=1000)


def answer(call):
    try:
        return {"ids": call()}
    except MlflowException as error:
        return {"error_code": error.error_code}


def with_ids(text):
    for alias, run_id in run_ids.items():
        text = text.replace("{" + alias + "}", run_id)
    return text


cases = json.load(open(cases_file))
answers = {
    "runs": [
        answer(lambda c=c: [r.info.run_id for r in client.search_runs(
            experiment_ids if c.get("experiments") is None else c["experiments"],
            filter_string=with_ids(c.get("filter", "")),
            run_view_type=getattr(ViewType, c.get("view", "ACTIVE_ONLY")),
            max_results=1000,
            order_by=c.get("order_by"),
        )])
        for c in cases["runs"]
    ],
    "experiments": [
        answer(lambda c=c: [e.experiment_id for e in client.search_experiments(
            view_type=getattr(ViewType, c.get("view", "ACTIVE_ONLY")),
            filter_string=c.get("filter"),
            order_by=c.get("order_by"),
        )])
        for c in cases["experiments"]
    ],
    "registered_models": [
        answer(lambda c=c: [m.name for m in client.search_registered_models(filter_string=c.get("filter"), order_by=c.get("order_by"))])
        for c in cases["registered_models"]
    ],
    "model_versions": [
        answer(lambda c=c: [f"{v.name}/{v.version}" for v in client.search_model_versions(filter_string=with_ids(c.get("filter", "")), order_by=c.get("order_by"))])
        for c in cases["model_versions"]
    ],
}

print(json.dumps({
    "run_ids": run_ids,
    "runs": [dump_run(r) for r in runs],
    "experiments": [
        {"experimentId": e.experiment_id, "name": e.name, "artifactLocation": e.artifact_location, "lifecycleStage": e.lifecycle_stage,
         "creationTime": e.creation_time, "lastUpdateTime": e.last_update_time, "tags": [{"key": k, "value": v} for k, v in e.tags.items()]}
        for e in all_experiments
    ],
    "registered_models": [
        {"name": m.name, "creationTimestamp": m.creation_timestamp, "lastUpdatedTimestamp": m.last_updated_timestamp,
         "latestVersions": [], "tags": [{"key": k, "value": v} for k, v in m._tags.items()], "aliases": []}
        for m in client.search_registered_models(filter_string="tags.`mlflow.prompt.is_prompt` != 'false'") + client.search_registered_models()
    ],
    "answers": answers,
}))
