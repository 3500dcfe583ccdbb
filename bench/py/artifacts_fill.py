"""Logs the artifacts of `npm run bench:artifacts` with MLflow's own client, so its S3
repository (boto3) writes them to the bucket exactly as a team's runs would.

Usage: python artifacts_fill.py <tracking-uri> <artifact-location> <small-count> <file-count> <file-bytes>
The S3 endpoint and keys come from the environment (MLFLOW_S3_ENDPOINT_URL, AWS_*).
Makes an experiment whose artifact_location is the given s3:// URI and one run with
  many/  <small-count> small text files
  files/ <file-count> files of <file-bytes> random bytes
Prints one JSON line: {"run_id": ..., "artifact_uri": ..., "seconds": s}.
"""

import json
import os
import sys
import tempfile
import time
import warnings

warnings.filterwarnings("ignore")

from mlflow import MlflowClient  # noqa: E402

tracking_uri, artifact_location = sys.argv[1], sys.argv[2]
small_count, file_count, file_bytes = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
started = time.perf_counter()
client = MlflowClient(tracking_uri)
experiment_id = client.create_experiment("bench-artifacts", artifact_location=artifact_location)
run = client.create_run(experiment_id)
with tempfile.TemporaryDirectory() as scratch:
    many = os.path.join(scratch, "many")
    files = os.path.join(scratch, "files")
    os.makedirs(many)
    os.makedirs(files)
    for i in range(small_count):
        with open(os.path.join(many, f"item-{i:05d}.txt"), "w") as out:
            out.write(f"artifact {i}\n")
    for i in range(file_count):
        with open(os.path.join(files, f"part-{i:04d}.bin"), "wb") as out:
            out.write(os.urandom(file_bytes))
    client.log_artifacts(run.info.run_id, many, "many")
    client.log_artifacts(run.info.run_id, files, "files")
client.set_terminated(run.info.run_id)
print(json.dumps({"run_id": run.info.run_id, "artifact_uri": run.info.artifact_uri, "seconds": time.perf_counter() - started}))
