"""Fills one experiment of a PostgreSQL-backed `mlflow server` with many finished runs, for
`npm run bench:remote`: bulk COPY into the tables MLflow's server created (runs, params, metrics,
latest_metrics, tags), seconds instead of the minutes logging them through the API would take.

Usage: python remote_fill_runs.py <postgresql-url> <experiment-id> <count>
Prints one JSON line: {"runs": n, "seconds": s}.
"""

import io
import json
import random
import sys
import time
import uuid

import psycopg2

url, experiment_id, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
started = time.perf_counter()
now = int(time.time() * 1000)
rng = random.Random(7)
tables = {name: io.StringIO() for name in ("runs", "params", "metrics", "latest_metrics", "tags")}


def row(table, *values):
    tables[table].write("\t".join(str(v) for v in values) + "\n")


for i in range(count):
    run_id = uuid.uuid4().hex
    name = f"bench-run-{i}"
    start = now - i * 1000
    row("runs", run_id, name, "UNKNOWN", "", "", "bench", "FINISHED", start, start + 500, "", "active",
        f"mlflow-artifacts:/{experiment_id}/{run_id}/artifacts", experiment_id)
    for key, value in (("accuracy", rng.random()), ("loss", rng.random() * 2), ("f1", rng.random())):
        row("metrics", key, value, now, run_id, 0, "false")
        row("latest_metrics", key, value, now, 0, "false", run_id)
    row("params", "optimizer", ("adam", "sgd", "rmsprop", "adagrad")[i % 4], run_id)
    row("params", "lr", (0.1, 0.01, 0.001)[i % 3], run_id)
    row("params", "batch_size", (32, 64, 128, 256)[i % 4], run_id)
    row("tags", "mlflow.runName", name, run_id)
    row("tags", "mlflow.user", "bench", run_id)
    row("tags", "team", "vision" if i % 2 else "nlp", run_id)

columns = {
    "runs": "run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time,"
    " source_version, lifecycle_stage, artifact_uri, experiment_id",
    "params": "key, value, run_uuid",
    "metrics": "key, value, timestamp, run_uuid, step, is_nan",
    "latest_metrics": "key, value, timestamp, step, is_nan, run_uuid",
    "tags": "key, value, run_uuid",
}
connection = psycopg2.connect(url)
with connection, connection.cursor() as cursor:
    for table, data in tables.items():  # runs first: the others reference it
        data.seek(0)
        cursor.copy_expert(f"COPY {table} ({columns[table]}) FROM STDIN", data)
    cursor.execute("ANALYZE")
connection.close()
print(json.dumps({"runs": count, "seconds": time.perf_counter() - started}))
