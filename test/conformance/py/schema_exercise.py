"""Works on an existing SQLite tracking database with the real mlflow and reports the results.

Usage: python schema_exercise.py <db_file>

Used to prove that mlflow accepts a database RunLens created: it must open it without creating
or migrating tables, and tracking, search, registry, logged models and traces must all work.
Prints one line of JSON with results free of ids and times, so two databases can be compared,
plus "db_log": what mlflow's database setup logged (empty when it found the schema complete).
"""

import json
import logging
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag, ViewType  # noqa: E402


class Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def kv(entries):
    return dict(sorted(entries.items()))


def main():
    uri = f"sqlite:///{os.path.abspath(sys.argv[1])}"
    db_log = Collect()
    db_logger = logging.getLogger("mlflow.store.db.utils")
    db_logger.setLevel(logging.DEBUG)
    db_logger.addHandler(db_log)
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = MlflowClient()
    out = {}

    default = client.get_experiment("0")
    out["default_experiment"] = {"name": default.name, "lifecycle_stage": default.lifecycle_stage}

    exp_id = client.create_experiment("schema-check", tags={"team": "runlens"})
    exp = client.get_experiment(exp_id)
    out["experiment"] = {"name": exp.name, "tags": kv(exp.tags), "lifecycle_stage": exp.lifecycle_stage}

    run = client.create_run(exp_id, run_name="first", tags={"stage": "dev"})
    run_id = run.info.run_id
    client.log_param(run_id, "lr", "0.01")
    for step, loss in enumerate([0.9, 0.5, 0.2]):
        client.log_metric(run_id, "loss", loss, step=step, timestamp=1000 + step)
    client.set_tag(run_id, "note", "hello")
    client.log_batch(
        run_id,
        metrics=[Metric("acc", 0.75, 2000, 0)],
        params=[Param("epochs", "3")],
        tags=[RunTag("batch", "yes")],
    )
    dataset = Dataset(name="train", digest="abc123", source_type="local", source='{"uri": "data.csv"}')
    client.log_inputs(run_id, [DatasetInput(dataset, tags=[InputTag("mlflow.data.context", "training")])])
    client.set_terminated(run_id, "FINISHED")

    other = client.create_run(exp_id, run_name="second")
    client.log_param(other.info.run_id, "lr", "0.1")
    client.log_metric(other.info.run_id, "loss", 0.7)
    client.delete_run(other.info.run_id)

    found = client.search_runs(
        [exp_id], filter_string="metrics.loss < 0.5 and params.lr = '0.01'", order_by=["metrics.loss ASC"]
    )
    out["search_runs"] = [
        {
            "run_name": r.info.run_name,
            "status": r.info.status,
            "metrics": kv(r.data.metrics),
            "params": kv(r.data.params),
            "tags": kv({k: v for k, v in r.data.tags.items() if not k.startswith("mlflow.")}),
            "datasets": [
                {"name": d.dataset.name, "digest": d.dataset.digest, "tags": {t.key: t.value for t in d.tags}}
                for d in r.inputs.dataset_inputs
            ],
        }
        for r in found
    ]
    out["deleted_runs"] = [r.info.run_name for r in client.search_runs([exp_id], run_view_type=ViewType.DELETED_ONLY)]
    out["loss_history"] = [(m.step, m.value) for m in client.get_metric_history(run_id, "loss")]

    client.create_registered_model("schema-model", tags={"owner": "runlens"}, description="checks the registry")
    version = client.create_model_version("schema-model", f"runs:/{run_id}/model", run_id=run_id)
    client.set_registered_model_alias("schema-model", "champion", version.version)
    client.set_model_version_tag("schema-model", version.version, "validated", "true")
    by_alias = client.get_model_version_by_alias("schema-model", "champion")
    registered = client.get_registered_model("schema-model")
    out["registry"] = {
        "version": by_alias.version,
        "run_matches": by_alias.run_id == run_id,
        "version_tags": kv(by_alias.tags),
        "model_tags": kv(registered.tags),
        "description": registered.description,
        "aliases": kv(registered.aliases),
    }

    logged = client.create_logged_model(exp_id, name="schema-logged", source_run_id=run_id, params={"alpha": "0.5"})
    client.set_logged_model_tags(logged.model_id, {"kind": "test"})
    client.log_metric(run_id, "val_loss", 0.3, step=1, model_id=logged.model_id)
    models = client.search_logged_models([exp_id])
    out["logged_models"] = [
        {"name": m.name, "params": kv(m.params), "tags": kv({k: v for k, v in m.tags.items() if not k.startswith("mlflow.")}),
         "metrics": sorted((mm.key, mm.value) for mm in (m.metrics or []))}
        for m in models
    ]

    mlflow.set_experiment(experiment_id=exp_id)
    with mlflow.start_span("root") as span:
        span.set_inputs({"q": "ping"})
        span.set_outputs({"a": "pong"})
        with mlflow.start_span("child"):
            pass
    mlflow.flush_trace_async_logging()
    traces = mlflow.search_traces(locations=[exp_id], return_type="list")
    out["traces"] = [
        {"state": str(t.info.state), "spans": sorted(s.name for s in t.data.spans)} for t in traces
    ]

    out["db_log"] = db_log.messages
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
