"""Logs a run with a long loss history and one spike through the plain mlflow client, and prints it as JSON.

Usage: python log_long_history.py <tracking-uri> <steps> <spike-step>
The loss decays smoothly; at <spike-step> it is 1.5 higher, the only such point.
"""
import json
import math
import sys
import time

from mlflow.entities import Metric
from mlflow.tracking import MlflowClient

uri, steps, spike_step = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
client = MlflowClient(tracking_uri=uri)
experiment_id = client.create_experiment("long-history")
run = client.create_run(experiment_id, run_name="long-run")
start = int(time.time() * 1000)


def loss(step):
    return 0.2 + math.exp(-step / (steps / 5)) + 0.02 * math.sin(step * 0.7) + (1.5 if step == spike_step else 0.0)


# MLflow takes at most 1000 metrics per batch.
for first in range(0, steps, 1000):
    batch = [Metric("loss", loss(s), start + s, s) for s in range(first, min(steps, first + 1000))]
    client.log_batch(run.info.run_id, metrics=batch)
client.set_terminated(run.info.run_id)
print(json.dumps({"runId": run.info.run_id, "spikeValue": loss(spike_step), "baseValue": loss(spike_step) - 1.5}))
