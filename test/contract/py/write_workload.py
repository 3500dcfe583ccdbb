"""Writes the store-contract workload into an mlruns/ tree with MLflow's own FileStore.

Usage: MLFLOW_ALLOW_FILE_STORE=true MLFLOW_TRACKING_URI=file://<dir>/mlruns python write_workload.py <workload.json>
The workload is the JSON of test/contract/workload.ts; it takes the same steps as writeWorkload.ts,
calling MLflow's store API (not the fluent client, which would add its own tags).
"""

import json
import sys
import warnings

from mlflow import MlflowClient
from mlflow.entities import (
    Dataset,
    DatasetInput,
    InputTag,
    LoggedModelParameter,
    LoggedModelStatus,
    LoggedModelTag,
    Metric,
    Param,
    RunStatus,
    RunTag,
)
from mlflow.entities.model_registry import ModelVersionTag, RegisteredModelTag

warnings.filterwarnings("ignore")


def decode(value):
    """Turns the {"$float": "nan"|"inf"|"-inf"} markers back into floats."""
    if isinstance(value, dict):
        if set(value) == {"$float"}:
            return float(value["$float"])
        return {k: decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [decode(v) for v in value]
    return value


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = decode(json.load(handle))
    client = MlflowClient()
    tracking = client._tracking_client.store
    registry = client._get_registry_client().store

    experiment_ids = {}
    for experiment in spec["experiments"]:
        tags = [RunTag(t["key"], t["value"]) for t in experiment["tags"]]
        experiment_ids[experiment["name"]] = tracking.create_experiment(experiment["name"], None, tags)

    runs = {}
    for run in spec["runs"]:
        tags = [RunTag(t["key"], t["value"]) for t in run["tags"]]
        if run.get("parent"):
            tags.append(RunTag("mlflow.parentRunId", runs[run["parent"]].info.run_id))
        created = tracking.create_run(
            experiment_ids[run["experiment"]], run["userId"], run["startTime"], tags, run["runName"]
        )
        run_id = created.info.run_id
        runs[run["runName"]] = created
        params = [Param(p["key"], p["value"]) for p in run["params"]]
        metrics = [Metric(m["key"], m["value"], m["timestamp"], m["step"]) for m in run["metrics"]]
        if params or metrics:
            tracking.log_batch(run_id, metrics=metrics, params=params, tags=[])
        if run.get("datasets"):
            inputs = []
            for item in run["datasets"]:
                d = item["dataset"]
                dataset = Dataset(
                    d["name"], d["digest"], d["sourceType"], d["source"], d.get("schema"), d.get("profile")
                )
                inputs.append(DatasetInput(dataset, [InputTag(t["key"], t["value"]) for t in item["tags"]]))
            tracking.log_inputs(run_id, datasets=inputs)
        if run["status"] != "RUNNING":
            tracking.update_run_info(run_id, RunStatus.from_string(run["status"]), run.get("endTime"), run["runName"])
        if run.get("deleted"):
            tracking.delete_run(run_id)

    for model in spec["loggedModels"]:
        created = tracking.create_logged_model(
            experiment_id=experiment_ids[model["experiment"]],
            name=model["name"],
            source_run_id=runs[model["sourceRun"]].info.run_id,
            tags=[LoggedModelTag(t["key"], t["value"]) for t in model["tags"]],
            params=[LoggedModelParameter(p["key"], p["value"]) for p in model["params"]],
            model_type=model["modelType"],
        )
        tracking.finalize_logged_model(created.model_id, LoggedModelStatus.READY)

    reg = spec["registry"]
    for model in reg["models"]:
        tags = [RegisteredModelTag(t["key"], t["value"]) for t in model["tags"]]
        registry.create_registered_model(model["name"], tags, model.get("description"))
    for version in reg["versions"]:
        run = runs[version["sourceRun"]]
        registry.create_model_version(
            version["model"],
            f"{run.info.artifact_uri}/model",
            run_id=run.info.run_id,
            tags=[ModelVersionTag(t["key"], t["value"]) for t in version["tags"]],
            description=version.get("description"),
        )
    for t in reg["transitions"]:
        registry.transition_model_version_stage(t["model"], t["version"], t["stage"], t["archiveExisting"])
    for a in reg["aliases"]:
        registry.set_registered_model_alias(a["model"], a["alias"], a["version"])

    for experiment in spec["experiments"]:
        if experiment.get("deleted"):
            tracking.delete_experiment(experiment_ids[experiment["name"]])

    print(json.dumps({"experiments": experiment_ids, "runs": {k: r.info.run_id for k, r in runs.items()}}))


if __name__ == "__main__":
    main()
