"""Downloads artifacts of a run with the real mlflow client and prints their text as JSON.

Usage: python download_artifacts.py <tracking-uri> <run-id> <artifact-path> [...]   (store settings in the environment)
"""
import json
import sys
import tempfile

import mlflow

uri, run_id, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
mlflow.set_tracking_uri(uri)
contents = {}
with tempfile.TemporaryDirectory() as folder:
    for path in paths:
        local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=path, dst_path=folder)
        with open(local, encoding="utf-8") as handle:
            contents[path] = handle.read()
print(json.dumps(contents))
