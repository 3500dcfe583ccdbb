"""Logs step images with the real mlflow and prints what it logged and the files it wrote.

Usage: log_step_images.py <folder>. Prints one JSON line: {"logged": [{key, step, timestamp}],
"paths": [artifact paths relative to the run's root]}.
"""
import json
import os
import sys

import mlflow
import numpy as np

folder = sys.argv[1]
mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
logged = []
with mlflow.start_run() as run:
    for key in ["loss surface", "val/predictions"]:
        for step in [0, 1, 10]:
            timestamp = 1_700_000_000_000 + step * 1000 + len(key)
            image = np.full((6, 6, 3), step * 20, dtype=np.uint8)
            mlflow.log_image(image, key=key, step=step, timestamp=timestamp)
            logged.append({"key": key, "step": step, "timestamp": timestamp})
    mlflow.log_image(np.zeros((4, 4, 3), dtype=np.uint8), "confusion_matrix.png")
    root = mlflow.get_artifact_uri().removeprefix("file://")
paths = []
for directory, _, files in os.walk(root):
    for name in files:
        paths.append(os.path.relpath(os.path.join(directory, name), root).replace(os.sep, "/"))
print(json.dumps({"logged": logged, "paths": sorted(paths)}))
