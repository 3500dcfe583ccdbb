"""Two configs x three seeds of a loss curve through the real mlflow, and numpy's bands of them.

Usage: python log_seed_groups.py <folder> create   -> logs into <folder>/mlflow.db, prints run ids
                                                       and per config and step: mean, population
                                                       std, min, max and count (numpy)
       python log_seed_groups.py <folder> extend <run-id> <first-step> <last-step>
                                                    -> logs more steps to a running run, then ends it
"wide" runs sit near 1/(1 + step/10), "deep" runs about 1.5 higher; deep's third seed logs only
even steps (ragged), and wide's first seed is left RUNNING (live points arrive later).
"""
import json
import math
import os
import sys
import time

import numpy as np
from mlflow.entities import Metric, Param
from mlflow.tracking import MlflowClient

folder, mode = sys.argv[1], sys.argv[2]
client = MlflowClient(tracking_uri=f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
STEPS = 30


def loss(config, seed, step):
    base = 1 / (1 + step / 10) + (1.5 if config == "deep" else 0.0)
    return base + 0.12 * math.sin(1.7 * seed + step / 4) + 0.05 * seed


if mode == "extend":
    run_id, first, last = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    now = int(time.time() * 1000)
    client.log_batch(run_id, metrics=[Metric("loss", loss("wide", 0, s), now + s, s) for s in range(first, last + 1)])
    client.set_terminated(run_id)
    print(json.dumps({"values": {str(s): loss("wide", 0, s) for s in range(first, last + 1)}}))
    sys.exit(0)

experiment_id = client.create_experiment("seed-groups")
ids = {}
logged = {}
start = int(time.time() * 1000)
for config in ("wide", "deep"):
    for seed in range(3):
        run = client.create_run(experiment_id, run_name=f"{config}-seed{seed}", start_time=start)
        steps = [s for s in range(STEPS) if not (config == "deep" and seed == 2 and s % 2 == 1)]
        client.log_batch(run.info.run_id,
                         metrics=[Metric("loss", loss(config, seed, s), start + 100 * s, s) for s in steps],
                         params=[Param("config", config), Param("seed", str(seed))])
        if not (config == "wide" and seed == 0):
            client.set_terminated(run.info.run_id)
        ids[f"{config}-seed{seed}"] = run.info.run_id
        for s in steps:
            logged.setdefault(config, {}).setdefault(s, []).append(loss(config, seed, s))

bands = {}
for config, per_step in logged.items():
    bands[config] = {}
    for step, values in per_step.items():
        v = np.array(values)
        bands[config][str(step)] = {"mean": float(v.mean()), "std": float(v.std(ddof=0)), "min": float(v.min()), "max": float(v.max()), "count": int(v.size)}
print(json.dumps({"runIds": ids, "bands": bands}))
