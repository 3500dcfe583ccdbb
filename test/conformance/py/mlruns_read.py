"""Dumps what the real mlflow client reads from an mlruns/ tree, for the mlruns reader conformance test.

Usage: MLFLOW_ALLOW_FILE_STORE=true MLFLOW_TRACKING_URI=file://<dir>/mlruns python mlruns_read.py '<ids json>'
Prints one JSON line. Field names are snake_case versions of RunLens's entity fields; non-finite
floats are written as {"$float": "nan" | "inf" | "-inf"} because JSON has no literal for them.
"""

import json
import math
import sys
import warnings

from mlflow import MlflowClient
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException
from mlflow.tracking._tracking_service.utils import _get_store

warnings.filterwarnings("ignore")

VIEW_TYPES = {"ACTIVE_ONLY": ViewType.ACTIVE_ONLY, "DELETED_ONLY": ViewType.DELETED_ONLY, "ALL": ViewType.ALL}
LOGGED_MODEL_STATUS = {
    "UNSPECIFIED": "LOGGED_MODEL_STATUS_UNSPECIFIED",
    "PENDING": "LOGGED_MODEL_PENDING",
    "READY": "LOGGED_MODEL_READY",
    "FAILED": "LOGGED_MODEL_UPLOAD_FAILED",
}


def num(value):
    if isinstance(value, float) and not math.isfinite(value):
        return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    return value


def key_values(mapping):
    return [{"key": k, "value": v} for k, v in mapping.items()]


def metric(m, run_id=None):
    out = {"key": m.key, "value": num(m.value), "timestamp": m.timestamp, "step": m.step}
    if run_id is not None:
        out["run_id"] = run_id
    return out


def experiment(e):
    return {
        "experiment_id": e.experiment_id,
        "name": e.name,
        "artifact_location": e.artifact_location,
        "lifecycle_stage": e.lifecycle_stage,
        "creation_time": e.creation_time,
        "last_update_time": e.last_update_time,
        "tags": key_values(e.tags),
    }


def run(r):
    info = r.info
    return {
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
        "data": {
            "metrics": [metric(m) for m in r.data._metric_objs],
            "params": key_values(r.data.params),
            "tags": key_values(r.data.tags),
        },
        "inputs": {
            "dataset_inputs": [
                {
                    "tags": [{"key": t.key, "value": t.value} for t in d.tags],
                    "dataset": {
                        "name": d.dataset.name,
                        "digest": d.dataset.digest,
                        "source_type": d.dataset.source_type,
                        "source": d.dataset.source,
                        "schema": d.dataset.schema,
                        "profile": d.dataset.profile,
                    },
                }
                for d in r.inputs.dataset_inputs
            ],
            "model_inputs": [{"model_id": m.model_id} for m in r.inputs.model_inputs],
        },
        "outputs": {"model_outputs": [{"model_id": m.model_id, "step": m.step} for m in r.outputs.model_outputs]},
    }


def model_version(mv):
    return {
        "name": mv.name,
        "version": str(mv.version),
        "creation_timestamp": mv.creation_timestamp,
        "last_updated_timestamp": mv.last_updated_timestamp,
        "user_id": mv.user_id,
        "current_stage": mv.current_stage,
        "description": mv.description,
        "source": mv.source,
        "run_id": mv.run_id,
        "status": mv.status,
        "status_message": mv.status_message,
        "tags": key_values(mv.tags),
        "run_link": mv.run_link,
        "aliases": list(mv.aliases),
        "model_id": mv.model_id,
    }


def registered_model(rm):
    return {
        "name": rm.name,
        "creation_timestamp": rm.creation_timestamp,
        "last_updated_timestamp": rm.last_updated_timestamp,
        "description": rm.description,
        "latest_versions": [model_version(mv) for mv in rm.latest_versions],
        "tags": key_values(rm.tags),
        "aliases": [{"alias": a, "version": str(v)} for a, v in rm.aliases.items()],
    }


def logged_model(m):
    return {
        "model_id": m.model_id,
        "experiment_id": m.experiment_id,
        "name": m.name,
        "artifact_uri": m.artifact_location,
        "creation_timestamp_ms": m.creation_timestamp,
        "last_updated_timestamp_ms": m.last_updated_timestamp,
        "status": LOGGED_MODEL_STATUS[str(m.status)],
        "status_message": m.status_message,
        "model_type": m.model_type,
        "source_run_id": m.source_run_id,
        "tags": key_values(m.tags),
        "params": key_values(m.params),
        "metrics": [
            {**metric(x, x.run_id), "dataset_name": x.dataset_name, "dataset_digest": x.dataset_digest}
            for x in m.metrics or []
        ],
    }


def error_code(call):
    try:
        call()
    except MlflowException as e:
        return e.error_code
    return None


def all_pages(fetch):
    items, token = [], None
    while True:
        page = fetch(token)
        items.extend(page)
        token = page.token
        if not token:
            return items


def main():
    ids = json.loads(sys.argv[1])
    client = MlflowClient()
    store = _get_store()
    exp_ids = list(ids["experimentIds"].values())
    out = {}

    all_experiments = client.search_experiments(view_type=ViewType.ALL)
    out["experiments"] = [experiment(client.get_experiment(e.experiment_id)) for e in all_experiments]
    out["experimentsByName"] = {
        name: experiment(e) if (e := client.get_experiment_by_name(name)) else None
        for name in ["conf-exp-a", "1e3", "conf-exp-deleted", "Default", "missing"]
    }
    experiment_queries = [
        {},
        {"view_type": "ALL"},
        {"view_type": "DELETED_ONLY"},
        {"view_type": "ALL", "filter": "name LIKE 'conf-%'"},
        {"view_type": "ALL", "order_by": ["name ASC"]},
        {"filter": "tags.org = 'vision'"},
    ]
    out["experimentSearches"] = []
    for q in experiment_queries:
        found = client.search_experiments(
            view_type=VIEW_TYPES[q.get("view_type", "ACTIVE_ONLY")],
            filter_string=q.get("filter"),
            order_by=q.get("order_by"),
        )
        out["experimentSearches"].append({"query": q, "ids": [e.experiment_id for e in found]})
    paged = all_pages(
        lambda token: client.search_experiments(view_type=ViewType.ALL, max_results=2, page_token=token)
    )
    out["experimentsPaged"] = [e.experiment_id for e in paged]

    every_run = client.search_runs(exp_ids + ["0"], run_view_type=ViewType.ALL)
    out["runs"] = [run(client.get_run(r.info.run_id)) for r in every_run]
    run_queries = [
        {"experiment_ids": exp_ids},
        {"experiment_ids": exp_ids, "view_type": "ALL"},
        {"experiment_ids": exp_ids, "view_type": "DELETED_ONLY"},
        {"experiment_ids": [ids["experimentIds"]["a"]], "filter": "metrics.loss < 0.5"},
        {"experiment_ids": [ids["experimentIds"]["a"]], "filter": "params.lr = '0.01'"},
        {"experiment_ids": [ids["experimentIds"]["a"]], "filter": "tags.stage = 'dev'", "order_by": ["attributes.run_name ASC"]},
        {"experiment_ids": [ids["experimentIds"]["a"]], "filter": "attributes.status = 'FINISHED'"},
        {"experiment_ids": exp_ids, "order_by": ["metrics.loss DESC"]},
        {"experiment_ids": exp_ids, "order_by": ["params.lr ASC", "start_time ASC"]},
        {"experiment_ids": [ids["experimentIds"]["b"]], "order_by": ["metrics.score DESC", "tags.idx ASC"]},
        {"experiment_ids": [ids["experimentIds"]["b"]], "filter": "params.bucket = 'even'"},
        {"experiment_ids": [ids["experimentIds"]["a"]], "filter": "tags.`mlflow.parentRunId` = '%s'" % ids["runIds"]["parent"]},
        {"experiment_ids": [ids["experimentIds"]["a"]], "filter": "datasets.name = 'train-set'"},
        {"experiment_ids": [ids["experimentIds"]["a"]], "filter": "attributes.run_name LIKE 'child%'"},
    ]
    out["runSearches"] = []
    for q in run_queries:
        found = client.search_runs(
            q["experiment_ids"],
            filter_string=q.get("filter", ""),
            run_view_type=VIEW_TYPES[q.get("view_type", "ACTIVE_ONLY")],
            order_by=q.get("order_by"),
        )
        out["runSearches"].append({"query": q, "ids": [r.info.run_id for r in found]})
    out["runsPaged"] = [
        r.info.run_id
        for r in all_pages(lambda token: client.search_runs(exp_ids, max_results=3, page_token=token))
    ]

    out["metricHistories"] = []
    for r in out["runs"]:
        for m in r["data"]["metrics"]:
            history = client.get_metric_history(r["info"]["run_id"], m["key"])
            out["metricHistories"].append(
                {"run_id": r["info"]["run_id"], "key": m["key"], "points": [metric(p) for p in history]}
            )
    parent = ids["runIds"]["parent"]
    first = store.get_metric_history(parent, "loss", max_results=5)
    second = store.get_metric_history(parent, "loss", max_results=5, page_token=first.token)
    out["metricHistoryPages"] = [[metric(p) for p in first], [metric(p) for p in second], second.token is None]

    bulk_queries = [
        {"run_ids": [parent, ids["runIds"]["child1"], ids["runIds"]["child2"]], "key": "loss", "max_results": 7},
        {"run_ids": [ids["runIds"]["child1"]], "key": "loss", "max_results": 10, "start_step": 30, "end_step": 200},
        {"run_ids": [parent], "key": "negative_steps", "max_results": 2500},
        {"run_ids": [parent], "key": "tie", "max_results": 1},
        {"run_ids": [parent, ids["runIds"]["child1"]], "key": "train/acc", "max_results": 3},
    ]
    out["bulkIntervals"] = []
    for q in bulk_queries:
        points = store.get_metric_history_bulk_interval(
            q["run_ids"], q["key"], q["max_results"], q.get("start_step"), q.get("end_step")
        )
        out["bulkIntervals"].append({"query": q, "points": [metric(p, p.run_id) for p in points]})

    out["loggedModels"] = [logged_model(client.get_logged_model(i)) for i in (ids["loggedModelIds"]["sklearn"], ids["loggedModelIds"]["pending"])]
    out["loggedModelSearch"] = [m.model_id for m in client.search_logged_models(experiment_ids=exp_ids)]

    out["registeredModels"] = [registered_model(rm) for rm in client.search_registered_models()]
    out["registeredModelSearches"] = []
    for q in [{"filter": "name LIKE 'conf%'"}, {"filter": "tags.owner = 'ml'"}, {"order_by": ["name DESC"]}]:
        found = client.search_registered_models(filter_string=q.get("filter"), order_by=q.get("order_by"))
        out["registeredModelSearches"].append({"query": q, "names": [rm.name for rm in found]})
    out["latestVersions"] = {
        "all": [model_version(mv) for mv in client.get_latest_versions("conf-model")],
        "staging": [model_version(mv) for mv in client.get_latest_versions("conf-model", stages=["staging"])],
    }
    out["modelVersions"] = [model_version(client.get_model_version("conf-model", v)) for v in ("1", "2", "3")]
    out["modelVersions"].append(model_version(client.get_model_version("other-model", "1")))
    out["byAlias"] = {
        alias: model_version(client.get_model_version_by_alias("conf-model", alias))
        for alias in ("champion", "challenger", "latest")
    }
    out["versionSearches"] = []
    for q in [{}, {"filter": "name = 'conf-model'"}, {"filter": "run_id = '%s'" % parent}, {"filter": "tags.validated = 'true'"}]:
        found = client.search_model_versions(filter_string=q.get("filter"))
        out["versionSearches"].append({"query": q, "versions": [[mv.name, str(mv.version)] for mv in found]})
    out["downloadUris"] = {
        "conf-model/1": client.get_model_version_download_uri("conf-model", "1"),
        "other-model/1": client.get_model_version_download_uri("other-model", "1"),
    }
    out["errors"] = {
        "missingRun": error_code(lambda: client.get_run("0" * 32)),
        "missingExperiment": error_code(lambda: client.get_experiment("4242")),
        "deletedVersion": error_code(lambda: client.get_model_version("conf-model", "4")),
        "missingModel": error_code(lambda: client.get_registered_model("nope")),
        "missingAlias": error_code(lambda: client.get_model_version_by_alias("conf-model", "nope")),
        "deletedLoggedModel": error_code(lambda: client.get_logged_model(ids["loggedModelIds"]["deleted"])),
    }
    print(json.dumps(out, allow_nan=False))


if __name__ == "__main__":
    sys.exit(main())
