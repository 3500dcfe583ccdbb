"""Times MLflow's own SQLAlchemy store answering one search_runs query on a given mlflow.db.

Usage: python search_runs_timing.py <db-file> <experiment-id> <filter> <order-by> <max-results> <repeats>
(an empty filter or order-by means none: MLflow's default order, newest first)
Prints one JSON line: {"p50_ms": ..., "min_ms": ..., "run_ids": [...first page...]}.
"""

import json
import statistics
import sys
import time

from mlflow.entities import ViewType
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

db_file, experiment_id, filter_string, order_by, max_results, repeats = sys.argv[1:7]
store = SqlAlchemyStore(f"sqlite:///{db_file}", "/tmp/unused-artifacts")


def search():
    return store.search_runs(
        [experiment_id], filter_string, ViewType.ACTIVE_ONLY, int(max_results), [order_by] if order_by else None
    )


search()  # warm up caches and the connection pool, as a long-running server would be
timings = []
for _ in range(int(repeats)):
    start = time.perf_counter()
    page = search()
    timings.append((time.perf_counter() - start) * 1000)
print(json.dumps({
    "p50_ms": statistics.median(timings),
    "min_ms": min(timings),
    "run_ids": [run.info.run_id for run in page],
}))
