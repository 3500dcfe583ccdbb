"""Logs a small learning-rate sweep through the real mlflow into <folder>/mlflow.db.

Four runs: lr 1e-4 .. 1e-1 (a log axis), three tied at accuracy 1.0, and val_loss where run
lr-1e-3 beats the lr-1e-4 baseline and lr-1e-2 does worse. Prints the run ids by name as JSON.
"""
import json
import os
import sys
import warnings

import mlflow

warnings.filterwarnings("ignore")
folder = sys.argv[1]
mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
mlflow.set_experiment("lr-sweep")
SWEEP = [
    ("lr-1e-4", "0.0001", "adam", 1.0, 0.3),
    ("lr-1e-3", "0.001", "adam", 1.0, 0.2),
    ("lr-1e-2", "0.01", "sgd", 1.0, 0.5),
    ("lr-1e-1", "0.1", "sgd", 0.5, 0.9),
]
ids = {}
for name, lr, optimizer, accuracy, val_loss in SWEEP:
    with mlflow.start_run(run_name=name) as run:
        mlflow.log_params({"lr": lr, "optimizer": optimizer, "epochs": "10"})
        mlflow.log_metrics({"accuracy": accuracy, "val_loss": val_loss})
        ids[name] = run.info.run_id
print(json.dumps(ids))
