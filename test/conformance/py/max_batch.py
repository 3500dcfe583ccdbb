"""Logs the largest batches MLflow's limits allow (100 params of 6,000 characters, 100 tags of
8,000, 800 metrics, keys of 250) with the real mlflow client, once in ASCII and once with every
character one the client escapes (emoji: 12 bytes each), reads them back, then sends one batch
over each limit through mlflow's own HTTP helper.

Prints one JSON line: {"batches": [{"name", "bytes", "equal", "error"}], "over": [{"name", "status", "error_code"}]}.
"""

import json
import os

from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException
from mlflow.utils.rest_utils import MlflowHostCreds, http_request

uri = os.environ["MLFLOW_TRACKING_URI"]
client = MlflowClient(uri)
experiment_id = client.create_experiment("max-batch")


def key(prefix, i, wide):
    # 250 code points: MLflow's key limit, with the index at the end to keep keys distinct.
    return (("\U0001d400" if wide else prefix) * 246) + f"{i:04d}"


def full_batch(wide):
    char = "\U0001f600" if wide else "v"
    metrics = [Metric(key("m", i, wide), float(i) + 0.5, 1_700_000_000_000 + i, i) for i in range(800)]
    params = [Param(key("p", i, wide), (char if i % 2 else "\u0001") * 6000) for i in range(100)]
    tags = [RunTag(key("t", i, wide), char * 8000) for i in range(100)]
    return metrics, params, tags


def body_bytes(run_id, metrics, params, tags):
    # What requests sends: json.dumps with its default separators, non-ASCII escaped.
    payload = {
        "run_id": run_id,
        "metrics": [{"key": m.key, "value": m.value, "timestamp": m.timestamp, "step": m.step} for m in metrics],
        "params": [{"key": p.key, "value": p.value} for p in params],
        "tags": [{"key": t.key, "value": t.value} for t in tags],
    }
    return len(json.dumps(payload).encode("utf-8"))


batches = []
for name, wide in (("ascii", False), ("escaped", True)):
    run_id = client.create_run(experiment_id).info.run_id
    metrics, params, tags = full_batch(wide)
    entry = {"name": name, "bytes": body_bytes(run_id, metrics, params, tags)}
    try:
        client.log_batch(run_id, metrics=metrics, params=params, tags=tags)
        data = client.get_run(run_id).data
        history_ok = all(
            [(h.value, h.timestamp, h.step) for h in client.get_metric_history(run_id, m.key)] == [(m.value, m.timestamp, m.step)]
            for m in metrics[:5]
        )
        entry["equal"] = (
            data.params == {p.key: p.value for p in params}
            and {k: v for k, v in data.tags.items() if not k.startswith("mlflow.")} == {t.key: t.value for t in tags}
            and data.metrics == {m.key: m.value for m in metrics}
            and history_ok
        )
    except MlflowException as error:
        entry["error"] = f"{error.error_code}: {str(error)[:300]}"
    batches.append(entry)

run_id = client.create_run(experiment_id).info.run_id
creds = MlflowHostCreds(uri)
over = []
for name, counts in (("1001 metrics", (1001, 0, 0)), ("101 params", (0, 101, 0)), ("101 tags", (0, 0, 101)), ("1001 entities", (801, 100, 100))):
    body = {
        "run_id": run_id,
        "metrics": [{"key": f"m{i}", "value": 1.0, "timestamp": 1, "step": 0} for i in range(counts[0])],
        "params": [{"key": f"p{i}", "value": "v"} for i in range(counts[1])],
        "tags": [{"key": f"t{i}", "value": "v"} for i in range(counts[2])],
    }
    response = http_request(creds, "/api/2.0/mlflow/runs/log-batch", "POST", json=body, max_retries=0)
    try:
        code = response.json().get("error_code")
    except ValueError:
        code = None
    over.append({"name": name, "status": response.status_code, "error_code": code})

print(json.dumps({"batches": batches, "over": over}))
