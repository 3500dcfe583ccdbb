"""Logs one run through a tracking server whose artifact root is a bucket: the real mlflow client
writes the artifacts straight to the bucket, as a team's training scripts do.

Usage: python log_bucket_run.py <tracking-uri> <experiment-name>   (S3 settings in the environment)
Prints {"runId", "artifactUri"} as JSON.
"""
import json
import os
import sys
import tempfile

import mlflow

uri, experiment = sys.argv[1], sys.argv[2]
mlflow.set_tracking_uri(uri)
mlflow.set_experiment(experiment)
with mlflow.start_run(run_name="bucket-run") as run:
    mlflow.log_param("alpha", "0.5")
    mlflow.log_metric("loss", 0.25)
    mlflow.log_text("notes from the bucket\n", "notes.txt")
    with tempfile.TemporaryDirectory() as folder:
        os.makedirs(os.path.join(folder, "inner"))
        with open(os.path.join(folder, "inner", "a.txt"), "w") as handle:
            handle.write("a\n")
        mlflow.log_artifacts(folder, "folder")
print(json.dumps({"runId": run.info.run_id, "artifactUri": run.info.artifact_uri}))
