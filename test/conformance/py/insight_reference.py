"""Reference answers for RunLens's aggregation maths, computed with numpy and scipy.

Reads a JSON case file: {"bands": [[{"steps": [...], "values": [...]}, ...], ...],
"correlations": [{"x": [...], "y": [...]}, ...]} (null stands for NaN) and prints, as one JSON
line, each band per step (mean, population std, min, max, count) and each Spearman rho
(scipy's, over the pairs where both values are finite; null when undefined).
"""
import json
import math
import sys

import numpy as np
from scipy import stats


def as_float(value):
    return float("nan") if value is None else float(value)


def band(series):
    per_step = {}
    for run in series:
        last = {}
        for step, value in zip(run["steps"], run["values"]):
            last[step] = as_float(value)
        for step, value in last.items():
            if math.isfinite(value):
                per_step.setdefault(step, []).append(value)
    rows = []
    for step in sorted(per_step):
        values = np.array(per_step[step])
        rows.append({"step": step, "mean": float(values.mean()), "std": float(values.std(ddof=0)),
                     "min": float(values.min()), "max": float(values.max()), "count": int(values.size)})
    return rows


def rho(x, y):
    pairs = [(as_float(a), as_float(b)) for a, b in zip(x, y)]
    pairs = [(a, b) for a, b in pairs if math.isfinite(a) and math.isfinite(b)]
    if len(pairs) < 3:
        return None
    xs, ys = zip(*pairs)
    if len(set(xs)) == 1 or len(set(ys)) == 1:
        return None
    return float(stats.spearmanr(xs, ys).statistic)


with open(sys.argv[1]) as handle:
    cases = json.load(handle)
print(json.dumps({"bands": [band(s) for s in cases["bands"]], "correlations": [rho(c["x"], c["y"]) for c in cases["correlations"]]}))
