"""A run that crashes: mlflow marks it FAILED.

    MLFLOW_TRACKING_URI=sqlite:///mlflow.db python examples/failing_run.py

This script is meant to exit with an error. When an exception escapes
``with mlflow.start_run()``, mlflow ends the run with status FAILED (a normal exit gives
FINISHED), and whatever was logged before the crash is kept. RunLens shows such runs as
failed.
"""

import os

import mlflow

if not os.environ.get("MLFLOW_EXPERIMENT_NAME") and not os.environ.get("MLFLOW_EXPERIMENT_ID"):
    mlflow.set_experiment("failing-run")

with mlflow.start_run(run_name="failing-run"):
    mlflow.set_tag("example", "failing_run")
    mlflow.log_param("learning_rate", 10.0)
    for step in range(3):
        mlflow.log_metric("loss", 1.0 * 10**step, step=step)  # diverging on purpose
    raise RuntimeError("Training diverged: loss exploded (this failure is intended)")
