"""Prints everything the real mlflow client reads back from a store, as one line of JSON.

Usage: MLFLOW_TRACKING_URI=<uri> python dump_store.py [--no-artifacts]

The output is canonical so a TypeScript test can compare it with what RunLens reads from the
same store:
  * object keys are sorted; lists with no defined order (tags, params, aliases, artifacts,
    dataset inputs, model outputs, metric points) are sorted;
  * lists with an order the client defines (experiments, runs, logged models, registered
    models as returned by their search calls) keep the client's order;
  * model versions are sorted by (name, numeric version) because their search order is not
    part of the contract;
  * NaN, Infinity and -Infinity become the strings "NaN", "Infinity", "-Infinity"
    (JSON has no literals for them).

Top-level shape:
  {"experiments": [{..., "runs": [{"info", "data", "inputs", "outputs", "metric_history",
                                   "artifacts"}]}],
   "logged_models": [...], "registered_models": [...], "model_versions": [...]}
"""

import json
import math
import sys
import warnings

from mlflow import MlflowClient
from mlflow.entities import ViewType

# Page sizes within every store's limit; pages are followed until exhausted.
EXPERIMENT_PAGE = 1000
RUN_PAGE = 1000
LOGGED_MODEL_PAGE = 100
REGISTERED_MODEL_PAGE = 100
MODEL_VERSION_PAGE = 1000


def all_pages(search, **kwargs):
    """Collects every page of a paged client search, in the client's order."""
    items, token = [], None
    while True:
        page = search(page_token=token, **kwargs)
        items.extend(page)
        token = page.token
        if not token:
            return items


def finite_or_name(value):
    """JSON has no NaN/Infinity, so non-finite floats are spelled as strings."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
    return value


def encode(value):
    """Recursively applies finite_or_name to a JSON-ready structure."""
    if isinstance(value, dict):
        return {key: encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [encode(item) for item in value]
    return finite_or_name(value)


def sort_key(value):
    """A total order for mixed None/str/number values, so sorted() never fails."""
    return (value is None, str(type(value).__name__), value if value is not None else 0)


def key_values(mapping):
    """A str->str mapping (tags, params) as a list of {key, value} sorted by key."""
    return [{"key": key, "value": mapping[key]} for key in sorted(mapping or {})]


def dump_metric(metric, with_key=True):
    entry = {"value": metric.value, "timestamp": metric.timestamp, "step": metric.step}
    if with_key:
        entry["key"] = metric.key
    return entry


def metric_points_sorted(points):
    return sorted(points, key=lambda p: (p["step"], p["timestamp"], repr(p["value"])))


def dump_artifacts(list_fn, path=None):
    """Every file and directory below `path`, depth first, sorted by path."""
    entries = []
    for info in list_fn(path):
        entries.append({"path": info.path, "is_dir": info.is_dir, "file_size": info.file_size})
        if info.is_dir:
            entries.extend(dump_artifacts(list_fn, info.path))
    return sorted(entries, key=lambda e: e["path"])


def dump_dataset_input(dataset_input):
    dataset = dataset_input.dataset
    return {
        "name": dataset.name,
        "digest": dataset.digest,
        "source_type": dataset.source_type,
        "source": dataset.source,
        "schema": dataset.schema,
        "profile": dataset.profile,
        "tags": sorted(({"key": t.key, "value": t.value} for t in dataset_input.tags), key=lambda t: t["key"]),
    }


def dump_run(client, run, with_artifacts):
    info, data = run.info, run.data
    metrics = sorted((dump_metric(m) for m in data._metric_objs), key=lambda m: m["key"])
    history = {
        key: metric_points_sorted([dump_metric(m, with_key=False) for m in client.get_metric_history(info.run_id, key)])
        for key in sorted(data.metrics)
    }
    dataset_inputs = [dump_dataset_input(d) for d in run.inputs.dataset_inputs] if run.inputs else []
    model_inputs = [{"model_id": m.model_id} for m in run.inputs.model_inputs] if run.inputs else []
    model_outputs = [{"model_id": m.model_id, "step": m.step} for m in run.outputs.model_outputs] if run.outputs else []
    dumped = {
        "info": {
            "run_id": info.run_id,
            "run_name": info.run_name,
            "experiment_id": info.experiment_id,
            "user_id": info.user_id,
            "status": info.status,
            "start_time": info.start_time,
            "end_time": info.end_time,
            "artifact_uri": info.artifact_uri,
            "lifecycle_stage": info.lifecycle_stage,
        },
        "data": {"metrics": metrics, "params": key_values(data.params), "tags": key_values(data.tags)},
        "inputs": {
            "dataset_inputs": sorted(
                dataset_inputs, key=lambda d: (d["name"], d["digest"], json.dumps(d["tags"], sort_keys=True))
            ),
            "model_inputs": sorted(model_inputs, key=lambda m: m["model_id"]),
        },
        "outputs": {"model_outputs": sorted(model_outputs, key=lambda m: (m["model_id"], m["step"]))},
        "metric_history": history,
    }
    if with_artifacts:
        dumped["artifacts"] = dump_artifacts(lambda path: client.list_artifacts(info.run_id, path))
    return dumped


def dump_experiment(client, experiment, with_artifacts):
    runs = all_pages(
        client.search_runs,
        experiment_ids=[experiment.experiment_id],
        run_view_type=ViewType.ALL,
        max_results=RUN_PAGE,
    )
    return {
        "experiment_id": experiment.experiment_id,
        "name": experiment.name,
        "artifact_location": experiment.artifact_location,
        "lifecycle_stage": experiment.lifecycle_stage,
        "creation_time": experiment.creation_time,
        "last_update_time": experiment.last_update_time,
        "tags": key_values(experiment.tags),
        "runs": [dump_run(client, run, with_artifacts) for run in runs],
    }


def dump_logged_model(client, model, with_artifacts):
    metrics = [
        {
            **dump_metric(m),
            "model_id": m.model_id,
            "run_id": m.run_id,
            "dataset_name": m.dataset_name,
            "dataset_digest": m.dataset_digest,
        }
        for m in (model.metrics or [])
    ]
    dumped = {
        "model_id": model.model_id,
        "experiment_id": model.experiment_id,
        "name": model.name,
        "artifact_location": model.artifact_location,
        "creation_timestamp": model.creation_timestamp,
        "last_updated_timestamp": model.last_updated_timestamp,
        "model_type": model.model_type,
        "source_run_id": model.source_run_id,
        "status": str(model.status),
        "status_message": model.status_message,
        "tags": key_values(model.tags),
        "params": key_values(model.params),
        "metrics": sorted(metrics, key=lambda m: (m["key"], m["step"], m["timestamp"], sort_key(m["dataset_name"]))),
    }
    if with_artifacts:
        dumped["artifacts"] = dump_artifacts(lambda path: client.list_logged_model_artifacts(model.model_id, path))
    return dumped


def dump_model_version(version):
    return {
        "name": version.name,
        # The SQL store hands back ints, REST strings; the string is the wire form.
        "version": str(version.version),
        "creation_timestamp": version.creation_timestamp,
        "last_updated_timestamp": version.last_updated_timestamp,
        "user_id": version.user_id,
        "current_stage": version.current_stage,
        "description": version.description,
        "source": version.source,
        "run_id": version.run_id,
        "run_link": version.run_link,
        "status": version.status,
        "status_message": version.status_message,
        "tags": key_values(version.tags),
        "aliases": sorted(version.aliases or []),
        "model_id": version.model_id,
    }


def version_order(version):
    return (version["name"], int(version["version"]))


def dump_registered_model(model):
    return {
        "name": model.name,
        "creation_timestamp": model.creation_timestamp,
        "last_updated_timestamp": model.last_updated_timestamp,
        "description": model.description,
        "tags": key_values(model.tags),
        "aliases": [{"alias": alias, "version": str(model.aliases[alias])} for alias in sorted(model.aliases or {})],
        "latest_versions": sorted((dump_model_version(v) for v in model.latest_versions or []), key=version_order),
    }


def dump_store(with_artifacts=True):
    client = MlflowClient()
    experiments = all_pages(client.search_experiments, view_type=ViewType.ALL, max_results=EXPERIMENT_PAGE)
    experiment_ids = [e.experiment_id for e in experiments]
    logged_models = (
        all_pages(client.search_logged_models, experiment_ids=experiment_ids, max_results=LOGGED_MODEL_PAGE)
        if experiment_ids
        else []
    )
    registered_models = all_pages(client.search_registered_models, max_results=REGISTERED_MODEL_PAGE)
    model_versions = all_pages(client.search_model_versions, max_results=MODEL_VERSION_PAGE)
    return {
        "experiments": [dump_experiment(client, e, with_artifacts) for e in experiments],
        "logged_models": [dump_logged_model(client, m, with_artifacts) for m in logged_models],
        "registered_models": [dump_registered_model(m) for m in registered_models],
        "model_versions": sorted((dump_model_version(v) for v in model_versions), key=version_order),
    }


def main(argv):
    # Deprecation chatter would go to stderr anyway; stdout carries only the JSON line.
    warnings.filterwarnings("ignore")
    dump = dump_store(with_artifacts="--no-artifacts" not in argv)
    # allow_nan=False proves every non-finite value was spelled out by encode().
    sys.stdout.write(json.dumps(encode(dump), sort_keys=True, allow_nan=False, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
