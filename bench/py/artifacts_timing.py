"""MLflowClient's artifact calls timed inside Python, for `npm run bench:artifacts`.

  python artifacts_timing.py <tracking-uri> <run-id> list <path> <repeats>
  python artifacts_timing.py <tracking-uri> <run-id> download <path> <repeats> <destination-base>
Prints one JSON line {"cold": s, "warm": [s, ...], "warmCpu": [s, ...], "count": n, "workers": w}:
"cold" is the first call of a new MlflowClient in this process (the artifact repository, boto3 and
its client made on the way), "warm" the calls after it, "warmCpu" this process's CPU time (all
threads) during each warm call. Downloads go to <destination-base>/<i>, fresh each.
Timings start after the imports and after one get_run, so the tracking store's own start-up
(SQLAlchemy engine, schema check) is not counted against the artifact calls.

BENCH_MLFLOW_WORKERS=n sets the download thread pool (ArtifactRepository.max_workers); mlflow
3.18 has no environment variable for it and uses min(2 x CPUs, 20).
"""

import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from mlflow import MlflowClient  # noqa: E402
from mlflow.store.artifact.artifact_repo import ArtifactRepository  # noqa: E402

tracking_uri, run_id, operation, artifact_path, repeats = sys.argv[1:6]
repeats = int(sys.argv[5])
if os.environ.get("BENCH_MLFLOW_WORKERS"):
    workers = int(os.environ["BENCH_MLFLOW_WORKERS"])
    ArtifactRepository.max_workers = property(lambda self: workers)

client = MlflowClient(tracking_uri)
client.get_run(run_id)


def once(index):
    if operation == "list":
        return len(client.list_artifacts(run_id, artifact_path))
    destination = os.path.join(sys.argv[6], str(index))
    os.makedirs(destination)
    local = client.download_artifacts(run_id, artifact_path, destination)
    return sum(len(names) for _, _, names in os.walk(local))


def timed(index):
    cpu = time.process_time()
    start = time.perf_counter()
    count = once(index)
    return time.perf_counter() - start, count, time.process_time() - cpu


cold, count, _ = timed(0)
warm = [timed(i + 1) for i in range(repeats)]
pool = client._tracking_client._get_artifact_repo(run_id).max_workers
print(json.dumps({"cold": cold, "warm": [w[0] for w in warm], "warmCpu": [w[2] for w in warm], "count": count, "workers": pool}))
