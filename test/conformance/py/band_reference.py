"""Reference bands for the charts' aggregated curves, computed with pandas and numpy.

Reads a JSON case file: [{"runs": [{"steps": [...], "values": [...], "x": [...]}, ...],
"bins": null | {"lo": float, "width": float, "count": int}}, ...] and prints, per case, one row
per aligned step (or step bin): each run's last point there counts; mean, population std, min,
max, count of the values and mean x.
"""
import json
import sys

import numpy as np
import pandas as pd


def reference(case):
    frames = []
    for run_index, run in enumerate(case["runs"]):
        frames.append(pd.DataFrame({"run": run_index, "step": np.asarray(run["steps"], dtype=float),
                                    "value": np.asarray(run["values"], dtype=float), "x": np.asarray(run["x"], dtype=float)}))
    points = pd.concat(frames, ignore_index=True)
    bins = case["bins"]
    if bins is None:
        points["key"] = points["step"]
    else:
        index = np.clip(np.floor((points["step"] - bins["lo"]) / bins["width"]), 0, bins["count"] - 1)
        points["key"] = bins["lo"] + index * bins["width"]
    points = points[np.isfinite(points["value"])]
    last = points.groupby(["run", "key"], sort=False).tail(1)
    grouped = last.groupby("key").agg(mean=("value", "mean"), std=("value", lambda v: float(np.std(v, ddof=0))),
                                      min=("value", "min"), max=("value", "max"), count=("value", "size"), x=("x", "mean"))
    return [{"key": float(key), **{name: float(row[name]) for name in ("mean", "std", "min", "max", "x")}, "count": int(row["count"])}
            for key, row in grouped.sort_index().iterrows()]


with open(sys.argv[1]) as f:
    cases = json.load(f)
print(json.dumps([reference(case) for case in cases]))
