"""Downloads artifacts of a run with the real mlflow client and prints {path: text} as JSON.

Usage: team_download.py RUN_ID PATH... (MLFLOW_TRACKING_URI and the bucket's variables in the env).
"""
import json
import sys
import tempfile
from pathlib import Path

import mlflow

run_id, paths = sys.argv[1], sys.argv[2:]
contents = {}
with tempfile.TemporaryDirectory() as folder:
    for artifact_path in paths:
        local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=artifact_path, dst_path=folder)
        contents[artifact_path] = Path(local).read_text(encoding="utf-8")
print(json.dumps(contents))
