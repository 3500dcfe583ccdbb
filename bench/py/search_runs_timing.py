"""Times MLflow's own SQLAlchemy store answering one search_runs query on a given mlflow.db.

Usage: python search_runs_timing.py <db-file> <experiment-id> <filter> <order-by> <max-results> <repeats>
(an empty filter or order-by means none: MLflow's default order, newest first)

Run it as a fresh process: timings start after the imports.
  cold_construct_ms  SqlAlchemyStore(...) (engine, schema check)
  cold_first_ms      the store's first search_runs (empty caches, new connection)
  warm_ms            each of the <repeats> search_runs after it (same store, warm pool)
Prints one JSON line: {"import_ms", "cold_construct_ms", "cold_first_ms", "first_run_ids",
"warm_ms": [...], "p50_ms", "min_ms", "run_ids"}; p50_ms / min_ms / run_ids are the warm repeats'
(what older callers read), run_ids the last page.
"""

import time

start = time.perf_counter()

import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402

from mlflow.entities import ViewType  # noqa: E402
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore  # noqa: E402

import_ms = (time.perf_counter() - start) * 1000
db_file, experiment_id, filter_string, order_by, max_results, repeats = sys.argv[1:7]


def timed(call):
    begin = time.perf_counter()
    value = call()
    return (time.perf_counter() - begin) * 1000, value


construct_ms, store = timed(lambda: SqlAlchemyStore(f"sqlite:///{db_file}", "/tmp/unused-artifacts"))


def search():
    return store.search_runs(
        [experiment_id], filter_string, ViewType.ACTIVE_ONLY, int(max_results), [order_by] if order_by else None
    )


first_ms, first_page = timed(search)
timings = []
page = first_page
for _ in range(int(repeats)):
    elapsed, page = timed(search)
    timings.append(elapsed)
print(json.dumps({
    "import_ms": import_ms,
    "cold_construct_ms": construct_ms,
    "cold_first_ms": first_ms,
    "first_run_ids": [run.info.run_id for run in first_page],
    "warm_ms": timings,
    "p50_ms": statistics.median(timings) if timings else None,
    "min_ms": min(timings) if timings else None,
    "run_ids": [run.info.run_id for run in page],
}))
