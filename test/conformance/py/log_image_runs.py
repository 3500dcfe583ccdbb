"""Two runs that log images the ways the image panel reads, with the real mlflow.

Usage: log_image_runs.py <folder>. Run "a" logs key "samples" at steps 0, 2, 4 (step 2 twice,
the second later) and key "attention/map" at step 1; run "b" logs "samples" at 0, 1, 4. Both
log plots/confusion.png with log_artifact, "a" also roc.jpg and notes.txt, and a model folder
holding an MLmodel file and a PNG. Prints one JSON line: {"runs": [{"name", "root",
"logged": [{key, step, timestamp}], "plain": [paths]}]}.
"""
import json
import os
import sys

import mlflow
import numpy as np
from PIL import Image

folder = sys.argv[1]
mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
mlflow.set_experiment("images")

PLAN = {
    "a": [("samples", 0), ("samples", 2), ("samples", 2), ("samples", 4), ("attention/map", 1)],
    "b": [("samples", 0), ("samples", 1), ("samples", 4)],
}
runs = []
for name, plan in PLAN.items():
    logged = []
    plain = ["plots/confusion.png"]
    with mlflow.start_run(run_name=name):
        for index, (key, step) in enumerate(plan):
            timestamp = 1_700_000_000_000 + index * 1000
            mlflow.log_image(np.full((5, 7, 3), index * 30, dtype=np.uint8), key=key, step=step, timestamp=timestamp)
            logged.append({"key": key, "step": step, "timestamp": timestamp})
        local = os.path.join(folder, f"{name}-plots")
        os.makedirs(local)
        Image.fromarray(np.eye(4, dtype=np.uint8) * 255).save(os.path.join(local, "confusion.png"))
        mlflow.log_artifacts(local, "plots")
        if name == "a":
            Image.fromarray(np.zeros((3, 3, 3), dtype=np.uint8)).save(os.path.join(folder, "roc.jpg"))
            mlflow.log_artifact(os.path.join(folder, "roc.jpg"))
            plain.append("roc.jpg")
            mlflow.log_text("not an image", "notes.txt")
            mlflow.log_text("flavors: {}", "model/MLmodel")
            mlflow.log_image(np.zeros((2, 2, 3), dtype=np.uint8), "model/inside.png")
        runs.append({"name": name, "root": mlflow.get_artifact_uri(), "logged": logged, "plain": plain})
print(json.dumps({"runs": runs}))
